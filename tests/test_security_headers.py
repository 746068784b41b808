"""Security headers on every kind of page, and the session cookie's flags."""

import re

import pytest

from app import create_app

PAGES = (
    "/f/ngoc-ky/hai-long?counter=tu-phap",
    "/staff/login",
    "/healthz",
    "/khong-co-trang-nay",
    "/static/style.css",
)


def _check_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    # No inline script, no eval, and nothing but our own origin may run code.
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_carries_the_security_headers(client, path):
    _check_headers(client.get(path))


def test_staff_pages_and_errors_carry_them_too(login):
    staff = login("secretary")
    for path in ("/staff/", "/staff/results/ngoc-ky/hai-long", "/staff/results/tan-ky/hai-long"):
        _check_headers(staff.get(path))


def test_pages_have_no_inline_script_or_style(client, login):
    """The CSP would block them: check the HTML does not rely on any."""
    pages = [client.get(p) for p in ("/f/ngoc-ky/hai-long", "/staff/login")]
    pages += [login("admin").get(p) for p in ("/staff/", "/staff/results/ngoc-ky/hai-long")]
    for response in pages:
        html = response.get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), response.request.path
        assert " style=" not in html and "<style" not in html
        assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def _session_cookie(app) -> str:
    client = app.test_client()
    # The login form's CSRF token lives in the session (the citizen form sets none).
    response = client.get("/staff/login")
    cookies = response.headers.getlist("Set-Cookie")
    session = [c for c in cookies if c.startswith(app.config["SESSION_COOKIE_NAME"] + "=")]
    assert session, cookies
    return session[0]


def test_session_cookie_is_httponly_and_samesite(app):
    cookie = _session_cookie(app)
    assert "HttpOnly" in cookie
    assert re.search(r"SameSite=(Lax|Strict)", cookie)
    assert "Secure" not in cookie  # plain HTTP in development and tests


def test_session_cookie_is_secure_behind_https(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_SESSION_COOKIE_SECURE", "true")
    app = create_app({"TESTING": True, "SECRET_KEY": "s" * 40, "DATABASE": str(tmp_path / "x.db")})
    from core import db
    from tests import factories

    db.init_db(str(tmp_path / "x.db"))
    with app.app_context():
        factories.make_units()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert "Secure" in _session_cookie(app)
    db.close_all()
