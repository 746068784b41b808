"""Each response exports with the version it answered and that version's wording (issue #16).

Optional integer answers export as whole numbers (42, not 42.0), decimals as they are.
"""

import csv
import io
import shutil

import pytest
import yaml
from openpyxl import load_workbook

from app import create_app
from core import db
from core.units import get_unit_by_code
from forms.definition import load_form
from forms.registry import get_forms
from forms.store import register_versions, store_response
from tests.conftest import TEST_CONFIG

# Version 1 of a form, then version 2 with other wording for the same option.
SLUG = "phien-ban"


def definition(version: int, label: str) -> dict:
    return {
        "slug": SLUG,
        "version": version,
        "title": "Phiếu có phiên bản",
        "questions": [
            {
                "key": "muc-do",
                "type": "single",
                "label": "Mức độ",
                "options": [{"key": "tot", "label": label}, {"key": "kem", "label": "Kém"}],
            },
            {"key": "so-lan", "type": "integer", "label": "Số lần đến"},
            {"key": "cho", "type": "decimal", "label": "Giờ chờ"},
        ],
    }


@pytest.fixture
def app(tmp_path, template_db):
    old, new = tmp_path / "v1", tmp_path / "definitions"
    for folder, version, label in ((old, 1, "Tốt"), (new, 2, "Rất tốt")):
        folder.mkdir()
        text = yaml.safe_dump(definition(version, label), allow_unicode=True)
        (folder / f"{SLUG}.yaml").write_text(text, "utf-8")
    path = tmp_path / "phieu.db"
    shutil.copyfile(template_db, path)
    app = create_app({**TEST_CONFIG, "DATABASE": str(path), "FORMS_DIR": str(new)})
    with app.app_context():
        first = load_form(old / f"{SLUG}.yaml")
        register_versions(db.get_db(), {SLUG: first})
        register_versions(db.get_db(), get_forms())
        unit = get_unit_by_code("ngoc-ky")
        for n, (form, answers) in enumerate(
            [
                (first, {"muc-do": "tot", "so-lan": 42, "cho": 2.5}),
                (get_forms()[SLUG], {"muc-do": "tot", "so-lan": 3}),
            ]
        ):
            store_response(db.get_db(), form, unit, answers, submission_id=f"pb-{n}")
    yield app
    db.close_all()


def test_each_response_shows_its_version_and_its_words_and_integers_stay_whole(app, login):
    admin = login("admin", "hai-duong")
    text = admin.get(f"/staff/results/ngoc-ky/{SLUG}/export.csv").data.decode("utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    shown = [(r["Phiên bản phiếu"], r["Mức độ"], r["Số lần đến"], r["Giờ chờ"]) for r in records]
    assert shown == [("1", "Tốt", "42", "2.5"), ("2", "Rất tốt", "3", "")]
    data = admin.get(f"/staff/results/ngoc-ky/{SLUG}/export.xlsx").data
    sheet = load_workbook(io.BytesIO(data))["Phiếu"]
    header = [c.value for c in sheet[2]]
    rows = list(sheet.iter_rows(min_row=3))
    version, level, times, hours = (
        header.index(t) for t in ("Phiên bản phiếu", "Mức độ", "Số lần đến", "Giờ chờ")
    )
    assert [(r[version].value, r[level].value) for r in rows] == [(1, "Tốt"), (2, "Rất tốt")]
    first = rows[0]
    assert first[times].data_type == "n" and first[times].value == 42
    assert isinstance(first[times].value, int)  # Excel shows 42, not 42.0
    assert first[hours].value == 2.5
    assert rows[1][hours].value is None
