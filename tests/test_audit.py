"""The audit log: each staff act names its actor, and is stored with its change or not at all."""

import sqlite3
from datetime import date

import pytest

from core.db import get_db
from core.units import get_counter, get_unit_by_code
from forms.closures import close_form
from forms.registry import get_form
from results.paper import enter_batch, slips_from_counts
from tests.inspection_helpers import make_inspection, tick_every_item


def _audit(app, action: str, entity: str) -> list[tuple]:
    """(user_id, entity_id) of each audit row of an act."""
    with app.app_context():
        return (
            get_db()
            .execute(
                "SELECT user_id, entity_id FROM audit_log WHERE action = ? AND entity = ?"
                " ORDER BY id",
                [action, entity],
            )
            .fetchall()
        )


def _count(app, sql: str) -> int:
    with app.app_context():
        return get_db().execute(sql).fetchone()[0]


def _refuse_audit_rows(app) -> None:
    """Make every audit write fail, as a full disk or a broken constraint would."""
    with app.app_context():
        get_db().execute(
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log"
            " BEGIN SELECT RAISE(ABORT, 'audit refused'); END"
        )


@pytest.fixture
def admin(app, login, make_user):
    app.config["WTF_CSRF_ENABLED"] = False
    client = login("admin", "hai-duong", "quantri")
    return client, app.extensions["phieu_test_users"]["quantri"]


def test_creating_a_counter_names_the_admin(app, admin):
    client, admin_id = admin
    response = client.post(
        "/staff/admin/units/ngoc-ky/counters", data={"name": "Quầy 7", "code": "quay-7"}
    )
    assert response.status_code == 302
    counter_id = _count(app, "SELECT id FROM counters WHERE code = 'quay-7'")
    assert _audit(app, "create", "counter") == [(admin_id, str(counter_id))]


def test_resetting_a_password_names_the_admin(app, admin, make_user):
    client, admin_id = admin
    clerk = make_user("motcua", "staff", "ngoc-ky")
    assert client.post(f"/staff/admin/users/{clerk.id}/password").status_code == 200
    assert _audit(app, "reset-password", "user") == [(admin_id, str(clerk.id))]


def test_withdrawing_a_paper_batch_names_the_secretary(app, login, make_user):
    clerk = make_user("motcua", "staff", "ngoc-ky")
    with app.app_context():
        unit, form = get_unit_by_code("ngoc-ky"), get_form("hai-long")
        batch_id = enter_batch(
            get_db(),
            form,
            unit,
            get_counter(unit, "tu-phap"),
            date(2022, 9, 1),
            slips_from_counts(form, {"hai-long": 2}),
            user_id=clerk.id,
            key="ma-lo-0001",
        )
    app.config["WTF_CSRF_ENABLED"] = False
    secretary = login("secretary", "ngoc-ky", "thuky")
    response = secretary.post(
        f"/staff/results/ngoc-ky/hai-long/paper/{batch_id}/withdraw",
        data={"reason": "Nhập nhầm ngày thu phiếu"},
    )
    assert response.status_code == 302
    secretary_id = app.extensions["phieu_test_users"]["thuky"]
    assert _audit(app, "enter", "paper_batch") == [(clerk.id, str(batch_id))]
    assert _audit(app, "withdraw", "paper_batch") == [(secretary_id, str(batch_id))]


def test_finalising_an_inspection_names_the_head(app, login, make_user):
    head = make_user("truongdoan", "inspector", "ngoc-ky")
    with app.app_context():
        inspection_id = make_inspection(head_id=head.id)
    with app.test_request_context():
        tick_every_item(inspection_id, head.id)
    app.config["WTF_CSRF_ENABLED"] = False
    client = login("inspector", "ngoc-ky", "truongdoan")
    assert client.post(f"/staff/inspections/{inspection_id}/finalise").status_code == 302
    assert _audit(app, "finalise", "inspection") == [(head.id, str(inspection_id))]


def test_closing_a_form_names_the_staff_member(app, login):
    app.config["WTF_CSRF_ENABLED"] = False
    staff = login("staff", "ngoc-ky", "motcua")
    assert staff.post("/staff/units/ngoc-ky/forms/hai-long/close").status_code == 302
    assert staff.post("/staff/units/ngoc-ky/forms/hai-long/reopen").status_code == 302
    staff_id = app.extensions["phieu_test_users"]["motcua"]
    assert _audit(app, "close", "form") == [(staff_id, "hai-long")]
    assert _audit(app, "reopen", "form") == [(staff_id, "hai-long")]


def test_a_change_whose_audit_row_fails_leaves_nothing(app, make_user):
    clerk = make_user("motcua", "staff", "ngoc-ky")
    _refuse_audit_rows(app)
    with app.app_context():
        with pytest.raises(sqlite3.IntegrityError, match="audit refused"):
            close_form(get_unit_by_code("ngoc-ky"), "hai-long", clerk.id)
        assert not get_db().conn.in_transaction
    assert _count(app, "SELECT count(*) FROM form_closures") == 0


def test_an_admin_act_whose_audit_row_fails_leaves_nothing(app, admin):
    client, _admin_id = admin
    _refuse_audit_rows(app)
    # The refusal surfaces as the form's error; what matters is that no counter stays.
    client.post("/staff/admin/units/ngoc-ky/counters", data={"name": "Quầy 7", "code": "quay-7"})
    client.post(
        "/staff/admin/units/ngoc-ky/users",
        data={"full_name": "Lê Thị Mai", "username": "mai", "role": "staff"},
    )
    assert _count(app, "SELECT count(*) FROM counters WHERE code = 'quay-7'") == 0
    assert _count(app, "SELECT count(*) FROM users WHERE username = 'mai'") == 0
