"""Publishing a checklist from a file (issue #16): import-, export-checklist, by subtree."""

import shutil

import pytest
import yaml

from app import create_app
from core.definitions import DefinitionError
from inspections.checklist import CHECKLISTS_DIR
from tests.conftest import TEST_CONFIG
from tests.test_citizen_form import rows

SMALL = """\
slug: tu_kiem_tra
version: 1
title: Danh mục tự kiểm tra
total_points: 2
areas:
  - key: a
    title: Chỉ đạo, điều hành
    points: 2
    items:
      - {key: ke-hoach, kind: document, label: Ban hành kế hoạch CCHC năm, points: 2}
"""


def write(tmp_path, text, name="danh-muc.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def new_page_choices(client) -> str:
    return client.get("/staff/inspections/new").get_data(as_text=True)


def test_an_imported_checklist_is_offered_to_its_subtree_only(app, login, runner, tmp_path):
    result = runner.invoke(args=["import-checklist", write(tmp_path, SMALL), "--unit", "ngoc-ky"])
    assert result.exit_code == 0, result.output
    assert result.output == "tu-kiem-tra\tversion 1\tngoc-ky\n"
    assert 'value="tu-kiem-tra"' in new_page_choices(login("inspector", "ngoc-ky"))
    assert 'value="tu-kiem-tra"' not in new_page_choices(login("inspector", "tan-ky"))
    # The file's checklist stays offered to everyone.
    assert 'value="cchc-cong-vu"' in new_page_choices(login("inspector", "tan-ky"))


def test_a_changed_checklist_is_a_new_version_and_the_same_one_is_not(runner, tmp_path, app):
    path = write(tmp_path, SMALL)
    assert "version 1" in runner.invoke(args=["import-checklist", path]).output
    assert "version 1" in runner.invoke(args=["import-checklist", path]).output
    changed = write(tmp_path, SMALL.replace("năm", "hằng năm"))
    assert "tu-kiem-tra\tversion 2\t" in runner.invoke(args=["import-checklist", changed]).output
    assert rows(app, "SELECT version FROM checklist_versions WHERE slug = 'tu-kiem-tra'") == [
        (1,),
        (2,),
    ]


def test_a_bad_checklist_lists_every_problem_and_publishes_nothing(app, runner, tmp_path):
    bad = SMALL.replace("kind: document", "kind: guess").replace(
        "total_points: 2", "total_points: 0"
    )
    result = runner.invoke(args=["import-checklist", write(tmp_path, bad)])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert lines[0].endswith("danh-muc.yaml:4: total_points: phải lớn hơn 0")
    assert "danh-muc.yaml:10: areas[0].items[0].kind: phải là một trong các giá trị" in lines[1]
    assert "Traceback" not in result.output
    assert rows(app, "SELECT count(*) FROM checklist_publications") == [(0,)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import-checklist", "/no/such.yaml"], "Không có tệp '/no/such.yaml'."),
        (["import-checklist", "FILE", "--unit", "khong-co"], "Không có đơn vị mã 'khong-co'."),
        (["import-checklist", "XLSX"], "d.xlsx: workbook (pyxform): "),
        (["import-checklist", "TXT"], "phải là tệp Phiếu YAML (.yaml) hoặc XLSForm (.xlsx)"),
        (["export-checklist", "khong-co", "--format", "yaml", "-o", "OUT"], "Không có danh mục"),
        (["export-checklist", "cchc-cong-vu", "--format", "xlsx", "-o", "/no/x.xlsx"], "Không có"),
    ],
)
def test_bad_arguments_give_one_line(runner, tmp_path, args, message):
    (tmp_path / "d.xlsx").write_bytes(b"PK\x03\x04")
    names = {"FILE": write(tmp_path, SMALL), "OUT": str(tmp_path / "o.yaml")}
    names["XLSX"] = str(tmp_path / "d.xlsx")
    names["TXT"] = write(tmp_path, SMALL, "danh-muc.txt")
    result = runner.invoke(args=[names.get(a, a) for a in args])
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output


def test_export_writes_the_file_or_the_published_version(runner, tmp_path):
    out = tmp_path / "out.yaml"
    args = ["export-checklist", "cchc-cong-vu", "--format", "yaml", "-o", str(out)]
    assert runner.invoke(args=args).exit_code == 0
    shipped = (CHECKLISTS_DIR / "cchc-cong-vu.yaml").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == shipped
    runner.invoke(args=["import-checklist", write(tmp_path, SMALL)])
    args = ["export-checklist", "tu-kiem-tra", "--format", "yaml", "-o", str(out)]
    assert runner.invoke(args=args).exit_code == 0
    exported = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert exported["slug"] == "tu-kiem-tra" and exported["areas"][0]["items"][0]["points"] == 2
    assert "version 1" in runner.invoke(args=["import-checklist", str(out)]).output


def test_checklists_dir_sets_the_folder_and_an_unrecorded_edit_stops_start_up(app, tmp_path):
    folder = tmp_path / "checklists"
    shutil.copytree(CHECKLISTS_DIR, folder)
    (folder / "tu-kiem-tra.yaml").write_text(SMALL.replace("tu_kiem_tra", "tu-kiem-tra"))
    config = {**TEST_CONFIG, "DATABASE": app.config["DATABASE"], "CHECKLISTS_DIR": str(folder)}
    assert "tu-kiem-tra" in create_app(config).extensions["phieu_checklists"]
    edited = folder / "cchc-cong-vu.yaml"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("  vi: ", "  vi: Sửa ", 1), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        create_app(config)
    assert str(caught.value).startswith(f"{edited}:1: version: tệp đã thay đổi")
