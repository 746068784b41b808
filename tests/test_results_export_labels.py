"""A question labelled like one of the export's own columns ("Ngày") still exports."""

import csv
import io
import shutil

import pytest
import yaml
from openpyxl import load_workbook

from app import create_app
from core import db
from forms.registry import get_forms
from forms.store import register_versions
from tests.conftest import TEST_CONFIG

SLUG = "trung-nhan"
DEFINITION = {
    "slug": SLUG,
    "version": 1,
    "title": "Nhãn trùng cột",
    "questions": [
        {"key": "ngay-hen", "type": "text", "label": "Ngày"},
        {"key": "kenh-biet", "type": "text", "label": "Kênh"},
    ],
}


@pytest.fixture
def app(tmp_path, template_db):
    folder = tmp_path / "definitions"
    folder.mkdir()
    (folder / f"{SLUG}.yaml").write_text(yaml.safe_dump(DEFINITION, allow_unicode=True), "utf-8")
    path = tmp_path / "phieu.db"
    shutil.copyfile(template_db, path)
    app = create_app(
        {**TEST_CONFIG, "DATABASE": str(path), "FORMS_DIR": str(folder), "WTF_CSRF_ENABLED": False}
    )
    with app.app_context():
        register_versions(db.get_db(), get_forms())
    yield app
    db.close_all()


def test_a_label_that_repeats_a_column_title_exports_apart(app, client, login):
    sent = client.post(
        f"/f/ngoc-ky/{SLUG}/gui",
        data={"submission_id": "nhan-trung-0123456789", "ngay-hen": "thứ hai", "kenh-biet": "=1+1"},
    )
    assert sent.status_code == 303
    admin = login("admin", "hai-duong")
    export = admin.get(f"/staff/results/ngoc-ky/{SLUG}/export.csv")
    assert export.status_code == 200
    [row] = list(csv.DictReader(io.StringIO(export.data.decode("utf-8-sig"), newline="")))
    assert row["Ngày (ngay-hen)"] == "thứ hai"
    assert row["Kênh (kenh-biet)"] == "'=1+1"
    workbook = admin.get(f"/staff/results/ngoc-ky/{SLUG}/export.xlsx")
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.data)).worksheets[0]
    titles = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert "Ngày" in titles and "Ngày (ngay-hen)" in titles
