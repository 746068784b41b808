"""The results page says which version's wording older counted answers replied to (issue #16)."""

import shutil

import yaml

from app import create_app
from auth.users import create_user
from core import db
from core.units import get_unit_by_code
from forms.registry import get_forms
from forms.store import register_versions, store_response
from results.periods import Period
from results.report import build_report
from results.tallies import Filters
from tests.conftest import TEST_CONFIG, _login

SLUG = "doi-cau"


def definition(version: int, label: str, age_label: str = "Tuổi") -> dict:
    return {
        "slug": SLUG,
        "version": version,
        "title": "Phiếu đổi câu hỏi",
        "questions": [
            {
                "key": "muc-do",
                "type": "rating3",
                "label": label,
                "required": True,
            },
            {"key": "tuoi", "type": "integer", "label": age_label, "min": 0, "max": 120},
        ],
        "summary": "muc-do",
    }


def app_with(tmp_path, path, form: dict):
    folder = tmp_path / f"v{form['version']}"
    folder.mkdir()
    (folder / f"{SLUG}.yaml").write_text(yaml.safe_dump(form, allow_unicode=True), "utf-8")
    app = create_app({**TEST_CONFIG, "DATABASE": str(path), "FORMS_DIR": str(folder)})
    with app.app_context():
        register_versions(db.get_db(), get_forms())
    return app


def test_old_wording_is_named_where_it_differs(tmp_path, template_db):
    path = tmp_path / "phieu.db"
    shutil.copyfile(template_db, path)
    first = app_with(tmp_path, path, definition(1, "Ông/bà có hài lòng không?"))
    with first.app_context():
        unit = get_unit_by_code("ngoc-ky")
        store_response(
            db.get_db(), get_forms()[SLUG], unit, {"muc-do": "hai-long", "tuoi": 40},
            submission_id="old",
        )  # fmt: skip
    db.close_all()
    second = app_with(tmp_path, path, definition(2, "Ông/bà hài lòng thế nào hôm nay?"))
    with second.test_request_context():
        form, unit = get_forms()[SLUG], get_unit_by_code("ngoc-ky")
        store_response(
            db.get_db(), form, unit, {"muc-do": "rat-hai-long", "tuoi": 50}, submission_id="new"
        )
        report = build_report(db.get_db(), form, unit, Filters(Period("all")))
        (level,) = [t for t in report.questions if t.question.key == "muc-do"]
        assert report.responses == 2 and level.answered == 2
        assert [(n.version, str(n.label)) for n in level.versions] == [
            (1, "Ông/bà có hài lòng không?")
        ]
        # The age question kept its wording: nothing to say about version 1.
        assert report.numbers[0].count == 2 and report.numbers[0].versions == []
    with second.app_context():
        admin = create_user(
            "admin2", "mat-khau-dai-1", "Admin", "admin", get_unit_by_code("hai-duong")
        )
    second.extensions["phieu_test_users"] = {"admin2": admin.id}
    client = _login(second, "admin2")
    page = client.get(f"/staff/results/ngoc-ky/{SLUG}").get_data(as_text=True)
    assert "phiên bản 1" in page and "Ông/bà có hài lòng không?" in page
    db.close_all()
