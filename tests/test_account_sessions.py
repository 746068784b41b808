"""Sessions end at logout and at any password change; login renews the session; no-store (#12)."""

import re

from tests.conftest import PASSWORD

NEW_PASSWORD = "a much longer new password"


def _token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _sign_in(client, username: str, password: str = PASSWORD):
    """Sign in through the real login form (CSRF on); returns the POST's answer."""
    token = _token(client.get("/staff/login").get_data(as_text=True))
    return client.post(
        "/staff/login", data={"csrf_token": token, "username": username, "password": password}
    )


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _with_cookie(app, value: str):
    """A fresh client (another device, or a thief) holding a captured session cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def _signed_in(client) -> bool:
    return client.get("/staff/").status_code == 200


def _logout(client) -> None:
    token = _token(client.get("/staff/").get_data(as_text=True))
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 302


def test_a_cookie_captured_before_logout_is_refused_after_it(app, make_user):
    make_user("nguoi-dung", "secretary")
    client = app.test_client()
    assert _sign_in(client, "nguoi-dung").status_code == 302
    captured = _cookie(client)
    assert _signed_in(_with_cookie(app, captured))
    _logout(client)
    replayed = _with_cookie(app, captured).get("/staff/")
    assert replayed.status_code == 302
    assert "/staff/login" in replayed.headers["Location"]


def test_a_cookie_captured_before_an_admin_reset_is_refused_after_it(app, make_user):
    target = make_user("bi-mat", "staff")
    make_user("quan-tri", "admin", "tu-ky")
    victim = app.test_client()
    assert _sign_in(victim, "bi-mat").status_code == 302
    captured = _cookie(victim)
    admin = app.test_client()
    assert _sign_in(admin, "quan-tri").status_code == 302
    page = admin.get("/staff/admin/units/ngoc-ky").get_data(as_text=True)
    token = _token(page)
    reset = admin.post(f"/staff/admin/users/{target.id}/password", data={"csrf_token": token})
    assert reset.status_code == 200
    assert not _signed_in(victim)
    assert not _signed_in(_with_cookie(app, captured))
    assert _signed_in(admin)


def test_a_locked_account_is_signed_out_everywhere(app, make_user):
    target = make_user("se-khoa", "staff")
    make_user("quan-tri", "admin", "tu-ky")
    victim = app.test_client()
    assert _sign_in(victim, "se-khoa").status_code == 302
    admin = app.test_client()
    assert _sign_in(admin, "quan-tri").status_code == 302
    page = admin.get("/staff/admin/units/ngoc-ky").get_data(as_text=True)
    locked = admin.post(f"/staff/admin/users/{target.id}/toggle", data={"csrf_token": _token(page)})
    assert locked.status_code == 302
    assert not _signed_in(victim)


def _change_password(client, current: str, new: str, confirm: str | None = None):
    token = _token(client.get("/staff/password").get_data(as_text=True))
    return client.post(
        "/staff/password",
        data={
            "csrf_token": token,
            "current_password": current,
            "new_password": new,
            "confirm_password": new if confirm is None else confirm,
        },
    )


def test_changing_ones_own_password_ends_the_other_sessions_only(app, make_user):
    make_user("hai-may", "inspector")
    office, phone = app.test_client(), app.test_client()
    assert _sign_in(office, "hai-may").status_code == 302
    assert _sign_in(phone, "hai-may").status_code == 302
    answer = _change_password(office, PASSWORD, NEW_PASSWORD)
    assert answer.status_code == 302
    assert _signed_in(office)
    assert not _signed_in(phone)
    _logout(office)
    assert _sign_in(app.test_client(), "hai-may", PASSWORD).status_code == 400
    assert _sign_in(app.test_client(), "hai-may", NEW_PASSWORD).status_code == 302


def test_the_password_page_refuses_a_wrong_current_password_or_a_weak_new_one(app, make_user):
    make_user("can-than", "staff")
    client = app.test_client()
    assert _sign_in(client, "can-than").status_code == 302
    for current, new, confirm in (
        ("wrong password!", NEW_PASSWORD, NEW_PASSWORD),
        (PASSWORD, "short", "short"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x"),
    ):
        answer = _change_password(client, current, new, confirm)
        assert answer.status_code == 400
        assert "error-summary" in answer.get_data(as_text=True)
    assert _signed_in(client)
    _logout(client)
    assert _sign_in(app.test_client(), "can-than", PASSWORD).status_code == 302


def test_the_password_page_is_linked_from_every_staff_page_and_needs_csrf(app, make_user):
    make_user("tim-thay", "staff")
    client = app.test_client()
    assert _sign_in(client, "tim-thay").status_code == 302
    assert 'href="/staff/password"' in client.get("/staff/").get_data(as_text=True)
    forged = client.post(
        "/staff/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert forged.status_code == 400
    _logout(client)
    assert _sign_in(app.test_client(), "tim-thay", PASSWORD).status_code == 302


def test_the_password_page_speaks_english_too(app, make_user):
    make_user("song-ngu", "staff")
    client = app.test_client()
    assert _sign_in(client, "song-ngu").status_code == 302
    html = client.get("/staff/password?lang=en").get_data(as_text=True)
    assert "Change my password" in html and "Current password" in html


def test_login_renews_the_session_and_its_csrf_token(app, make_user):
    make_user("phien-moi", "staff")
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    before_token, before_cookie = _token(page), _cookie(client)
    answer = client.post(
        "/staff/login",
        data={"csrf_token": before_token, "username": "phien-moi", "password": PASSWORD},
    )
    assert answer.status_code == 302
    assert _cookie(client) != before_cookie
    after_token = _token(client.get("/staff/").get_data(as_text=True))
    assert after_token != before_token
    # A token planted before login (session fixation, a pre-login page) no longer works.
    refused = client.post("/staff/logout", data={"csrf_token": before_token})
    assert refused.status_code == 400
    assert _signed_in(client)
    # Nor does the pre-login cookie carry the signed-in session.
    assert not _signed_in(_with_cookie(app, before_cookie))


def test_staff_pages_results_exports_and_shown_passwords_are_not_stored(app, make_user):
    make_user("quan-tri", "admin", "tu-ky")
    target = make_user("moi-tao", "staff")
    client = app.test_client()
    assert client.get("/staff/login").headers["Cache-Control"] == "no-store"
    assert _sign_in(client, "quan-tri").status_code == 302
    page = client.get("/staff/admin/units/ngoc-ky")
    assert page.headers["Cache-Control"] == "no-store"
    token = _token(page.get_data(as_text=True))
    created = client.post(
        "/staff/admin/units/ngoc-ky/users",
        data={"csrf_token": token, "full_name": "Mới", "username": "moi-nua", "role": "staff"},
    )
    assert created.status_code == 201
    assert created.headers["Cache-Control"] == "no-store"
    reset = client.post(f"/staff/admin/users/{target.id}/password", data={"csrf_token": token})
    assert reset.status_code == 200 and reset.headers["Cache-Control"] == "no-store"
    for path in (
        "/staff/",
        "/staff/password",
        "/staff/results/ngoc-ky/hai-long",
        "/staff/results/ngoc-ky/hai-long/export.csv",
        "/staff/inspections/",
    ):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert "no-store" in answer.headers["Cache-Control"], path
    # The citizen form keeps its own policy: kept for Back, never shared.
    citizen = app.test_client().get("/f/ngoc-ky/hai-long")
    assert citizen.headers["Cache-Control"] == "private, no-cache"


def test_logout_clears_the_pages_a_shared_tablet_kept_offline(app, make_user):
    make_user("doan-kt", "inspector")
    client = app.test_client()
    assert _sign_in(client, "doan-kt").status_code == 302
    token = _token(client.get("/staff/").get_data(as_text=True))
    response = client.post("/staff/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache"'


def test_an_answer_to_a_request_sent_before_login_keeps_the_signed_in_cookie(app, make_user):
    """A request of the login page still on the line at login (its icon, on a slow network)
    answers without a cookie, so the browser keeps the signed-in one (seen in CI: the next
    page went back to the login form)."""
    make_user("kiemtra", "inspector")
    client = app.test_client()
    client.get("/staff/login")
    before_login = _cookie(client)
    assert _sign_in(client, "kiemtra").status_code == 302
    late = _with_cookie(app, before_login)
    for path in ("/favicon.ico", "/staff/login", "/f/ngoc-ky/hai-long"):
        answer = late.get(path)
        assert not any(c.startswith("session=") for c in answer.headers.getlist("Set-Cookie")), path
    assert _signed_in(client)
