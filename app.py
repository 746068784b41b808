"""The Phiếu application factory: configuration, extensions, blueprints, commands."""

import os
import secrets
from pathlib import Path

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from core import db, guards, i18n
from core.i18n import LOCALES, current_language, select_locale

SECURITY_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; "
        "script-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)
csrf = CSRFProtect()
babel = Babel()


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; tests pass their configuration in rather than patching."""
    instance = (test_config or {}).get("INSTANCE_PATH")
    app = Phieu(__name__, instance_relative_config=True, instance_path=instance)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        DATABASE=str(Path(app.instance_path) / "phieu.db"),
        UPLOAD_DIR=str(Path(app.instance_path) / "uploads"),
        BABEL_DEFAULT_LOCALE="vi",
        BABEL_DEFAULT_TIMEZONE="Asia/Ho_Chi_Minh",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(app.root_path) / "translations"),
        # Photos are capped at 10 MB (issue #4); a little room for the form around them.
        MAX_CONTENT_LENGTH=11 * 1024 * 1024,
        # Citizen forms are small: anything bigger is refused before parsing.
        MAX_FORM_MEMORY_SIZE=64 * 1024,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=False,
        WTF_CSRF_TIME_LIMIT=3600,
        PASSWORD_HASH_METHOD="scrypt",
        # Submissions per client address per minute: a whole commune may share
        # one Wi-Fi address, so the default is generous (issue #2).
        RATE_LIMIT_SUBMISSIONS=120,
        RATE_LIMIT_LOGINS=10,
        PUBLIC_BASE_URL="http://127.0.0.1:5000",
    )
    app.config.from_prefixed_env()
    if test_config:
        app.config.update(test_config)
    _load_secret_key(app)

    # Before CSRFProtect, whose own check would crash on malformed bodies.
    guards.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    i18n.init_app(app)
    db.init_app(app)
    _register_parts(app)

    app.session_interface = LeanSessionInterface()

    app.wsgi_app = with_security_headers(app.wsgi_app)

    @app.context_processor
    def locale_context():
        return {"current_locale": current_language(), "locales": LOCALES}

    return app


class Phieu(Flask):
    """Flask, asking once per function whether it is a coroutine."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sync_functions: dict = {}

    def ensure_sync(self, func):
        # Flask asks inspect.iscoroutinefunction of every hook and view on every
        # request: 1.3 % of a citizen's submission (valgrind). The answer never
        # changes for a function, so it is kept.
        ready = self._sync_functions.get(func)
        if ready is None:
            ready = self._sync_functions[func] = super().ensure_sync(func)
        return ready


def with_security_headers(wsgi_app):
    """Wrap a WSGI app so every response carries SECURITY_HEADERS (issue #6).

    Added to the plain header list at start_response rather than through each
    Response's Headers, whose per-value checks cost 2 % of a citizen's
    submission (valgrind); error pages and static files get them the same way.
    """

    def app(environ, start_response):
        def start(status, headers, exc_info=None):
            headers.extend(SECURITY_HEADERS)
            return start_response(status, headers, exc_info)

        return wsgi_app(environ, start)

    return app


class LeanSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, made cheap for the citizen, who has none.

    Flask builds the signing serializer on every request, for opening and again
    for saving: a tenth of the cost of the citizen form page (docs/PERFORMANCE.md).
    A request without cookies skips the cookie parse, and an empty session that
    nothing modified skips the seven settings Flask reads before doing nothing.
    """

    def get_signing_serializer(self, app: Flask):
        key = app.secret_key
        cached = getattr(self, "_cached", None)
        if cached is None or cached[0] != key:
            cached = self._cached = (key, super().get_signing_serializer(app))
        return cached[1]

    def open_session(self, app: Flask, request):
        if "HTTP_COOKIE" not in request.environ:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session, response) -> None:
        if not session and not session.modified:
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


def _load_secret_key(app: Flask) -> None:
    """Use FLASK_SECRET_KEY, else a key generated once into the instance folder."""
    if app.config.get("SECRET_KEY"):
        if app.config["SECRET_KEY"] in ("dev", "change-me", "secret"):
            raise RuntimeError("Refusing to start with a well-known SECRET_KEY.")
        return
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    app.config["SECRET_KEY"] = key_file.read_text().strip()


def _register_parts(app: Flask) -> None:
    """Blueprints and their commands; heavy libraries load inside their views."""
    import admin
    import auth
    import forms
    import inspections
    import minutes
    import results
    from admin import backup, demo
    from auth import staff
    from core import errors

    for part in (errors, auth, staff, admin, forms, results, inspections, minutes, demo, backup):
        part.init_app(app)
