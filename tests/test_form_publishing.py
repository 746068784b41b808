"""Publishing a form from a file (issue #16): import-form, export-form, served by subtree."""

import shutil
from pathlib import Path

import pytest
import yaml

from app import create_app
from core import db
from core.definitions import DefinitionError
from forms.definition import DEFINITIONS_DIR
from tests.conftest import TEST_CONFIG
from tests.test_citizen_form import open_form, rows

EXAMPLE_XLSFORM = Path(__file__).resolve().parent.parent / "docs/examples/khao-sat-mot-cua.xlsx"

NEW_FORM = """\
slug: y_kien
version: 1
title: {vi: Phiếu ý kiến, en: Opinion form}
questions:
  - key: muc-do
    type: rating3
    required: true
    label: Ông/bà hài lòng không?
"""


def write(tmp_path, text, name="upload.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_an_imported_form_is_served_at_once_to_all_units(app, client, runner, tmp_path):
    assert client.get("/f/ngoc-ky/y-kien").status_code == 404  # kept per worker: then gone
    result = runner.invoke(args=["import-form", write(tmp_path, NEW_FORM)])
    assert result.exit_code == 0, result.output
    assert result.output == "y-kien\tversion 1\thai-duong\n"
    page = client.get("/f/ngoc-ky/y-kien")
    assert page.status_code == 200
    assert "Phiếu ý kiến" in page.get_data(as_text=True)
    assert client.get("/f/tan-ky/y-kien").status_code == 200
    fields = open_form(client, "/f/ngoc-ky/y-kien")
    posted = client.post("/f/ngoc-ky/y-kien", data={**fields, "muc-do": "hai-long"})
    assert posted.status_code == 303
    assert rows(app, "SELECT form_slug, form_version FROM responses") == [("y-kien", 1)]


def test_a_form_published_to_a_unit_is_not_seen_by_its_sibling(client, runner, tmp_path):
    result = runner.invoke(args=["import-form", write(tmp_path, NEW_FORM), "--unit", "ngoc-ky"])
    assert result.exit_code == 0, result.output
    assert client.get("/f/ngoc-ky/y-kien").status_code == 200
    assert client.get("/f/tan-ky/y-kien").status_code == 404


def test_another_worker_and_a_restart_see_the_published_form(app, runner, tmp_path):
    other = create_app({**TEST_CONFIG, "DATABASE": app.config["DATABASE"]})
    other_client = other.test_client()
    assert other_client.get("/f/ngoc-ky/y-kien").status_code == 404
    assert runner.invoke(args=["import-form", write(tmp_path, NEW_FORM)]).exit_code == 0
    assert other_client.get("/f/ngoc-ky/y-kien").status_code == 200
    restarted = create_app({**TEST_CONFIG, "DATABASE": app.config["DATABASE"]})
    assert restarted.test_client().get("/f/ngoc-ky/y-kien").status_code == 200


def test_a_changed_file_becomes_a_new_version_and_old_responses_keep_theirs(
    app, client, runner, tmp_path
):
    path = write(tmp_path, NEW_FORM)
    assert runner.invoke(args=["import-form", path]).exit_code == 0
    fields = open_form(client, "/f/ngoc-ky/y-kien")
    client.post("/f/ngoc-ky/y-kien", data={**fields, "muc-do": "hai-long"})
    # The same file again keeps its version; a changed one (still saying version 1) is 2.
    assert "version 1" in runner.invoke(args=["import-form", path]).output
    changed = write(tmp_path, NEW_FORM.replace("hài lòng không?", "hài lòng chứ?"))
    assert "y-kien\tversion 2\t" in runner.invoke(args=["import-form", changed]).output
    assert "hài lòng chứ?" in client.get("/f/ngoc-ky/y-kien").get_data(as_text=True)
    fields = open_form(client, "/f/ngoc-ky/y-kien")
    client.post("/f/ngoc-ky/y-kien", data={**fields, "muc-do": "khong-hai-long"})
    assert rows(app, "SELECT form_version FROM responses ORDER BY id") == [(1,), (2,)]
    stored = rows(app, "SELECT version, definition FROM form_versions WHERE slug = 'y-kien'")
    assert [v for v, _ in stored] == [1, 2]
    assert "hài lòng không?" in stored[0][1] and "hài lòng chứ?" in stored[1][1]


def test_a_published_version_replaces_the_file_for_its_subtree_only(client, runner, tmp_path):
    text = (DEFINITIONS_DIR / "hai-long.yaml").read_text(encoding="utf-8")
    changed = text.replace("Đánh giá mức độ hài lòng", "Đánh giá nhanh")
    assert changed != text
    result = runner.invoke(args=["import-form", write(tmp_path, changed), "--unit", "ngoc-ky"])
    assert result.exit_code == 0, result.output
    assert "hai-long\tversion 2\tngoc-ky" in result.output
    assert "Đánh giá nhanh" in client.get("/f/ngoc-ky/hai-long").get_data(as_text=True)
    assert "Đánh giá nhanh" not in client.get("/f/tan-ky/hai-long").get_data(as_text=True)


def test_slug_option_names_the_form(client, runner, tmp_path):
    result = runner.invoke(args=["import-form", write(tmp_path, NEW_FORM), "--slug", "gop_y"])
    assert result.output.startswith("gop-y\tversion 1\t"), result.output
    assert client.get("/f/ngoc-ky/gop-y").status_code == 200


def test_a_bad_file_lists_every_problem_and_publishes_nothing(app, runner, tmp_path):
    bad = NEW_FORM.replace("version: 1", "version: 0").replace("rating3", "rating4")
    result = runner.invoke(args=["import-form", write(tmp_path, bad)])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert lines[0].endswith("upload.yaml:2: version: phải từ 1 trở lên")
    assert "upload.yaml:6: questions[0].type: phải là một trong các giá trị" in lines[1]
    assert len(lines) == 2 and "Traceback" not in result.output
    assert rows(app, "SELECT count(*) FROM form_publications") == [(0,)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import-form", "/no/such.yaml"], "Không có tệp '/no/such.yaml'."),
        (["import-form", "FILE", "--unit", "khong-co"], "Không có đơn vị mã 'khong-co'."),
        (["export-form", "khong-co", "--format", "yaml", "-o", "OUT"], "Không có phiếu mã"),
        (["export-form", "hai-long", "--format", "pdf", "-o", "OUT"], "Invalid value"),
    ],
)
def test_bad_arguments_give_one_line(runner, tmp_path, args, message):
    args = [
        write(tmp_path, NEW_FORM) if a == "FILE" else str(tmp_path / "o.yaml") if a == "OUT" else a
        for a in args
    ]
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_broken_xlsx_is_a_clear_refusal(runner, tmp_path):
    path = tmp_path / "phieu.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    result = runner.invoke(args=["import-form", str(path)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "phieu.xlsx: workbook" in result.output


def test_the_docs_xlsform_is_imported_served_and_exported_back(app, client, runner, tmp_path):
    """A Kobo-style workbook through the command line, to the citizen's page, and back out."""
    result = runner.invoke(args=["import-form", str(EXAMPLE_XLSFORM)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("khao-sat-mot-cua\tversion 1\t")
    page = client.get("/f/ngoc-ky/khao-sat-mot-cua").get_data(as_text=True)
    assert "Khảo sát Bộ phận một cửa" in page and 'id="q-muc-do-hai-long"' in page
    out = tmp_path / "lai.xlsx"
    result = runner.invoke(
        args=["export-form", "khao-sat-mot-cua", "--format", "xlsx", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    # The export read back is the same version, not a new one.
    assert "khao-sat-mot-cua\tversion 1\t" in runner.invoke(args=["import-form", str(out)]).output


def test_an_xlsform_with_unsupported_features_is_refused_naming_each(runner, tmp_path):
    from tests.test_xlsform import workbook

    path = workbook(
        tmp_path / "phieu.xlsx",
        [
            ["type", "name", "label"],
            ["begin repeat", "lap", "Lặp"],
            ["calculate", "tong", ""],
            ["end repeat", "", ""],
        ],
    )
    result = runner.invoke(args=["import-form", str(path)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "survey!A2 (begin repeat)" in result.output
    assert "survey!A3 (calculate)" in result.output


def test_export_writes_the_file_or_the_published_version(runner, tmp_path):
    out = tmp_path / "hai-long.yaml"
    result = runner.invoke(args=["export-form", "hai-long", "--format", "yaml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (DEFINITIONS_DIR / "hai-long.yaml").read_text(
        encoding="utf-8"
    )
    assert runner.invoke(args=["import-form", write(tmp_path, NEW_FORM)]).exit_code == 0
    out = tmp_path / "y-kien.yaml"
    runner.invoke(args=["export-form", "y-kien", "--format", "yaml", "-o", str(out)])
    exported = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert exported["slug"] == "y-kien" and exported["version"] == 1
    assert exported["title"] == {"vi": "Phiếu ý kiến", "en": "Opinion form"}
    # Imported again, the export is the same version, not a new one.
    assert "version 1" in runner.invoke(args=["import-form", str(out)]).output


def _edited_folder(tmp_path):
    folder = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS_DIR, folder)
    edited = folder / "sipas.yaml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("Tiếp cận dịch vụ", "Tiếp cận"),
        encoding="utf-8",
    )
    return folder


def test_a_file_edited_without_a_new_version_stops_start_up_naming_it(app, tmp_path):
    folder = _edited_folder(tmp_path)
    with pytest.raises(DefinitionError) as caught:
        create_app({**TEST_CONFIG, "DATABASE": app.config["DATABASE"], "FORMS_DIR": str(folder)})
    assert str(caught.value).startswith(f"{folder / 'sipas.yaml'}:1: version: tệp đã thay đổi")


def test_an_edited_file_on_a_fresh_database_starts(tmp_path):
    folder = _edited_folder(tmp_path)
    fresh = create_app(
        {**TEST_CONFIG, "DATABASE": str(tmp_path / "new.db"), "FORMS_DIR": str(folder)}
    )
    assert "sipas" in fresh.extensions["phieu_forms"]
    db.close_all()


def test_versions_stored_with_the_old_digest_get_the_path_free_one(tmp_path):
    """Migration 009: a digest that covered the file's path becomes the loader's."""
    import json
    from dataclasses import asdict

    import sqlite_utils

    from forms.definition import load_forms
    from forms.migrations import form_sha256_without_path

    form = load_forms()["hai-long"]
    # What init-db stored before: the whole definition, its path included.
    old = json.dumps(asdict(form) | {"sha256": "", "definition_json": ""}, ensure_ascii=False,
                     sort_keys=True, default=str)  # fmt: skip
    assert '"source": "forms/definitions/hai-long.yaml"' in old
    database = sqlite_utils.Database(tmp_path / "old.db")
    database.execute("CREATE TABLE form_versions (slug, version, sha256, definition)")
    database.execute("INSERT INTO form_versions VALUES ('hai-long', 1, 'old', ?)", [old])
    form_sha256_without_path(database)
    assert database.execute("SELECT sha256 FROM form_versions").fetchone()[0] == form.sha256


def test_qr_posters_and_results_follow_the_subtree(login, runner, tmp_path):
    result = runner.invoke(args=["import-form", write(tmp_path, NEW_FORM), "--unit", "ngoc-ky"])
    assert result.exit_code == 0, result.output
    png = str(tmp_path / "qr.png")
    assert (
        runner.invoke(args=["qr", "--unit", "ngoc-ky", "--form", "y-kien", "-o", png]).exit_code
        == 0
    )
    refused = runner.invoke(args=["qr", "--unit", "tan-ky", "--form", "y-kien", "-o", png])
    assert refused.exit_code != 0 and "Không có phiếu mã 'y-kien'." in refused.output
    district = login("staff", "tu-ky")
    assert district.get("/staff/units/ngoc-ky/forms/y-kien/poster").status_code == 200
    assert district.get("/staff/units/tan-ky/forms/y-kien/poster").status_code == 404
    assert "y-kien" in district.get("/staff/units/ngoc-ky/forms/").get_data(as_text=True)
    assert "y-kien" not in district.get("/staff/units/tan-ky/forms/").get_data(as_text=True)
    assert district.get("/staff/results/ngoc-ky/y-kien").status_code == 200
    assert district.get("/staff/results/tan-ky/y-kien").status_code == 404
