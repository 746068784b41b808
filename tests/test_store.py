"""Storing responses: one row per submission id, answers whole, versions recorded."""

import pytest

from core.db import get_db
from core.definitions import DefinitionError
from core.units import get_counter, get_unit_by_code
from forms.expand import expand_pending
from forms.registry import get_form
from forms.store import DuplicateReceipt, register_versions, store_response


def test_same_submission_is_stored_once(app):
    with app.app_context():
        form, unit = get_form("hai-long"), get_unit_by_code("ngoc-ky")
        answers = {"muc-do": "khong-hai-long", "chua-hai-long": ["thai-do", "khac"]}
        first = store_response(
            get_db(), form, unit, answers, submission_id="s1", counter=get_counter(unit, "tu-phap")
        )
        again = store_response(get_db(), form, unit, answers, submission_id="s1")
        assert first.created and not again.created
        assert first.response_id == again.response_id
        expand_pending(get_db())
        rows = (
            get_db()
            .execute("SELECT question, value, counter_id IS NOT NULL FROM answers ORDER BY id")
            .fetchall()
        )
    assert rows == [
        ("muc-do", "khong-hai-long", 1),
        ("chua-hai-long", "thai-do", 1),
        ("chua-hai-long", "khac", 1),
    ]


def test_points_are_stored_as_numbers(app):
    with app.app_context():
        form, unit = get_form("danh-gia-tthc"), get_unit_by_code("ngoc-ky")
        answers = {q.key: "2" for q in form.questions if q.options}
        store_response(get_db(), form, unit, answers, submission_id="s2", receipt_code="H1")
        expand_pending(get_db())
        total = get_db().execute("SELECT sum(number) FROM answers").fetchone()[0]
        assert total == 18
        with pytest.raises(DuplicateReceipt):
            store_response(get_db(), form, unit, answers, submission_id="s3", receipt_code="H1")
        assert get_db().execute("SELECT count(*) FROM responses").fetchone()[0] == 1


def test_edited_definition_needs_a_new_version(app):
    from dataclasses import replace

    with app.app_context():
        form = get_form("hai-long")
        edited = replace(form, sha256="different")
        with pytest.raises(DefinitionError, match="hãy tăng số phiên bản"):
            register_versions(get_db(), {"hai-long": edited})
        register_versions(get_db(), {"hai-long": replace(edited, version=2)})
        versions = (
            get_db()
            .execute("SELECT version FROM form_versions WHERE slug = 'hai-long' ORDER BY version")
            .fetchall()
        )
    assert versions == [(1,), (2,)]
