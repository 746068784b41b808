"""Confirmation before what is hard to undo (issue #14, item 5): what user and attacker see.

Finalising an inspection, closing a form, closing a counter and resetting a password
each have a GET page saying what will happen; only the POST with its CSRF token acts.
"""

import re

import pytest

from core.db import get_db
from tests.inspection_helpers import make_inspection, tick_every_item

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token_of(page) -> str:
    return TOKEN.search(page.get_data(as_text=True))[1]


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def inspection(app, make_user):
    """A draft self-inspection of Ngọc Kỳ headed by 'truongdoan', with nothing ticked."""
    head = make_user("truongdoan", "inspector", "ngoc-ky")
    with app.app_context():
        return make_inspection(head_id=head.id)


def status_of(app, inspection_id: int) -> str:
    with app.app_context():
        return (
            get_db()
            .execute("SELECT status FROM inspections WHERE id = ?", [inspection_id])
            .fetchone()[0]
        )


def test_finalise_lists_what_is_missing_and_refuses_unticked_items(app, login, inspection):
    head = login("inspector", "ngoc-ky", "truongdoan")
    page = head.get(f"/staff/inspections/{inspection}/finalise")
    assert page.status_code == 200
    html = text(page)
    assert "Chưa kết thúc được" in html
    with app.app_context():
        from inspections.model import load_inspection

        total = load_inspection(inspection).entered_total
    assert f"Còn {total} mục chưa đánh giá" in html
    # Grouped by area: the first unticked item of each links to its place on the tablet page.
    assert f"/staff/inspections/{inspection}/areas/chi-dao-dieu-hanh#item-ke-hoach-cchc" in html
    assert "Chưa có kết luận" in html and "Đoàn chưa có thư ký" in html
    assert 'type="submit"' not in html.split("</main>")[0].split('id="main"')[1]
    # A POST with a valid token is refused all the same, with the same list.
    refused = head.post(
        f"/staff/inspections/{inspection}/finalise", data={"csrf_token": token_of(page)}
    )
    assert refused.status_code == 422
    assert "mục chưa đánh giá" in text(refused)
    assert status_of(app, inspection) == "draft"


def test_finalise_counts_not_applicable_as_ticked_then_confirms(app, login, inspection):
    with app.test_request_context():
        from inspections import store

        # 'ke-hoach-de-an' may be marked not applicable; the rest are met.
        store.save_item(inspection, "ke-hoach-de-an", 0, {"result": "na"}, None)
        tick_every_item(inspection)
    head = login("inspector", "ngoc-ky", "truongdoan")
    page = head.get(f"/staff/inspections/{inspection}/finalise")
    html = text(page)
    assert page.status_code == 200
    assert "Chưa kết thúc được" not in html
    assert "Kết quả bị khóa" in html and "Kết thúc cuộc kiểm tra" in html
    # The overview links to this page; it does not finalise from a button any more.
    overview = text(head.get(f"/staff/inspections/{inspection}"))
    assert f'href="/staff/inspections/{inspection}/finalise"' in overview
    assert f'action="/staff/inspections/{inspection}/finalise"' not in overview
    # Without the page's token nothing happens.
    assert head.post(f"/staff/inspections/{inspection}/finalise").status_code == 400
    assert status_of(app, inspection) == "draft"
    done = head.post(
        f"/staff/inspections/{inspection}/finalise",
        data={"csrf_token": token_of(page)},
        follow_redirects=True,
    )
    assert done.status_code == 200
    assert "Đã kết thúc cuộc kiểm tra" in text(done)
    assert status_of(app, inspection) == "final"
    assert head.get(f"/staff/inspections/{inspection}/finalise").status_code == 409


@pytest.mark.parametrize(
    ("role", "unit", "wanted"),
    [
        ("admin", "tan-ky", 403),  # the neighbouring commune's admin
        ("inspector", "tan-ky", 403),
        ("inspector", "ngoc-ky", 403),  # a colleague, not the team head
        ("staff", "ngoc-ky", 403),
    ],
)
def test_others_cannot_open_or_use_the_finalise_page(app, login, inspection, role, unit, wanted):
    with app.test_request_context():
        tick_every_item(inspection)
    client = login(role, unit)
    assert client.get(f"/staff/inspections/{inspection}/finalise").status_code == wanted
    app.config["WTF_CSRF_ENABLED"] = False
    assert client.post(f"/staff/inspections/{inspection}/finalise").status_code == wanted
    assert status_of(app, inspection) == "draft"
    assert login("admin", "hai-duong").get("/staff/inspections/99999/finalise").status_code == 404


FORM = "/staff/units/ngoc-ky/forms/hai-long"


def test_closing_a_form_is_confirmed_first(app, client, login):
    staff = login("staff")
    page = staff.get(f"{FORM}/close")
    assert page.status_code == 200
    assert "Mọi mã QR đã in" in text(page)
    assert f'href="{FORM}/close"' in text(staff.get(f"{FORM.rsplit('/', 1)[0]}/"))
    # Opening the page closed nothing: citizens still rate.
    assert client.get("/f/ngoc-ky/hai-long").status_code == 200
    done = staff.post(f"{FORM}/close", data={"csrf_token": token_of(page)}, follow_redirects=True)
    assert "Đã đóng phiếu" in text(done)
    assert client.get("/f/ngoc-ky/hai-long").status_code == 410


def test_another_unit_cannot_open_the_close_form_page(login):
    assert login("admin", "tan-ky").get(f"{FORM}/close").status_code == 403
    assert login("inspector", "ngoc-ky").get(f"{FORM}/close").status_code == 403


def counter(app, code: str = "tu-phap") -> tuple[int, int]:
    with app.app_context():
        return tuple(
            get_db().execute("SELECT id, active FROM counters WHERE code = ?", [code]).fetchone()
        )


def test_closing_a_counter_is_confirmed_first(app, login):
    admin = login("admin", "hai-duong")
    counter_id, _ = counter(app)
    page = admin.get(f"/staff/admin/counters/{counter_id}/close")
    assert page.status_code == 200
    assert "Đóng quầy" in text(page) and "không gửi được đánh giá" in text(page)
    listing = text(admin.get("/staff/admin/units/ngoc-ky"))
    assert f'href="/staff/admin/counters/{counter_id}/close"' in listing
    # The old one-click toggle on an open counter leads to the confirmation, closing nothing.
    toggled = admin.post(
        f"/staff/admin/counters/{counter_id}/toggle", data={"csrf_token": token_of(page)}
    )
    assert toggled.status_code == 302
    assert toggled.headers["Location"].endswith(f"/counters/{counter_id}/close")
    assert counter(app) == (counter_id, 1)
    done = admin.post(
        f"/staff/admin/counters/{counter_id}/close",
        data={"csrf_token": token_of(page)},
        follow_redirects=True,
    )
    assert "Đã đóng quầy" in text(done)
    assert counter(app) == (counter_id, 0)
    # Reopening is easy to undo: one button.
    admin.post(f"/staff/admin/counters/{counter_id}/toggle", data={"csrf_token": token_of(page)})
    assert counter(app) == (counter_id, 1)


def test_another_units_admin_cannot_close_a_counter(app, login):
    counter_id, _ = counter(app)
    other = login("admin", "tan-ky")
    assert other.get(f"/staff/admin/counters/{counter_id}/close").status_code == 403
    assert login("secretary").get(f"/staff/admin/counters/{counter_id}/close").status_code == 403
    app.config["WTF_CSRF_ENABLED"] = False
    assert other.post(f"/staff/admin/counters/{counter_id}/close").status_code == 403
    assert counter(app) == (counter_id, 1)
    assert login("admin", "hai-duong").get("/staff/admin/counters/99999/close").status_code == 404


def password_hash(app, user_id: int) -> str:
    with app.app_context():
        return (
            get_db()
            .execute("SELECT password_hash FROM users WHERE id = ?", [user_id])
            .fetchone()[0]
        )


def test_resetting_a_password_is_confirmed_first(app, login, make_user):
    clerk = make_user("canbo", "staff", "ngoc-ky")
    before = password_hash(app, clerk.id)
    admin = login("admin", "hai-duong")
    page = admin.get(f"/staff/admin/users/{clerk.id}/password")
    assert page.status_code == 200
    assert "đăng xuất trên mọi thiết bị" in text(page)
    assert password_hash(app, clerk.id) == before
    done = admin.post(
        f"/staff/admin/users/{clerk.id}/password", data={"csrf_token": token_of(page)}
    )
    assert done.status_code == 200
    assert "chỉ hiện một lần" in text(done)
    assert password_hash(app, clerk.id) != before


def test_another_units_admin_cannot_open_the_reset_page(app, login, make_user):
    clerk = make_user("canbo", "staff", "ngoc-ky")
    assert (
        login("admin", "tan-ky").get(f"/staff/admin/users/{clerk.id}/password").status_code == 403
    )
    assert login("secretary").get(f"/staff/admin/users/{clerk.id}/password").status_code == 403
    assert login("admin", "hai-duong").get("/staff/admin/users/99999/password").status_code == 404
