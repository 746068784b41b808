"""The assumptions of core/fastpath.py: each test fails when the framework behaviour changes."""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from auth import login_manager
from core import fastpath

FORM = "/f/ngoc-ky/hai-long?counter=tu-phap"


def test_flask_asks_ensure_sync_on_every_request_and_its_answer_is_stable(app, client):
    asked = []
    original = fastpath.Phieu.ensure_sync

    def counting(self, func):
        asked.append(func)
        return original(self, func)

    fastpath.Phieu.ensure_sync = counting
    try:
        client.get("/healthz")
        client.get("/healthz")
    finally:
        fastpath.Phieu.ensure_sync = original
    assert asked, "Flask no longer asks ensure_sync per request: drop Phieu"

    def view():
        return "ok"

    assert Flask("plain").ensure_sync(view) is view
    assert app.ensure_sync(view) is app.ensure_sync(view) is view


def test_the_lean_session_reads_and_writes_flask_s_own_cookies(app):
    app.config["SECRET_KEY_FALLBACKS"] = ["an-older-key-" + "k" * 20]
    lean, plain = fastpath.LeanSessionInterface(), SecureCookieSessionInterface()
    current = plain.get_signing_serializer(app).dumps({"a": 1})
    assert lean.get_signing_serializer(app).loads(current) == {"a": 1}
    older = Flask("older")
    older.secret_key = app.config["SECRET_KEY_FALLBACKS"][0]
    signed_before = plain.get_signing_serializer(older).dumps({"b": 2})
    assert lean.get_signing_serializer(app).loads(signed_before) == {"b": 2}
    app.secret_key = "a-rotated-key-" + "k" * 20
    assert lean.get_signing_serializer(app).loads(
        plain.get_signing_serializer(app).dumps({"c": 3})
    ) == {"c": 3}


def test_a_cookieless_citizen_gets_no_cookie(client):
    response = client.get(FORM)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_flask_login_s_remember_hook_is_the_one_replaced(app):
    hooks = app.after_request_funcs[None]
    assert login_manager._update_remember_cookie not in hooks
    assert any(getattr(h, "__name__", "") == "upkeep" for h in hooks)


def test_security_headers_reach_error_pages_and_static_files(client):
    for url in ("/no-such-page", "/static/style.css", FORM):
        assert client.get(url).headers["X-Frame-Options"] == "DENY", url
