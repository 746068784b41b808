"""The Phiếu application factory: configuration, extensions, blueprints, commands."""

import os
import secrets
from pathlib import Path

from flask import Flask
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from core import dates, db, fastpath, guards, i18n, urls
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
    app = Flask(__name__, instance_relative_config=True, instance_path=instance)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        DATABASE=str(Path(app.instance_path) / "phieu.db"),
        UPLOAD_DIR=str(Path(app.instance_path) / "uploads"),
        BABEL_DEFAULT_LOCALE="vi",
        BABEL_DEFAULT_TIMEZONE="Asia/Ho_Chi_Minh",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(app.root_path) / "translations"),
        # Photos are capped at 10 MB (issue #4); a little room for the form around them.
        MAX_CONTENT_LENGTH=11 * 1024 * 1024,
        # Citizen forms are small: anything bigger is refused before parsing. Above
        # werkzeug's 64 KiB read chunk, which it checks with what it holds back of a
        # file part: at exactly 64 KiB, most photos over 64 KiB were refused (413).
        MAX_FORM_MEMORY_SIZE=64 * 1024 + 2048,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=False,
        WTF_CSRF_TIME_LIMIT=3600,
        PASSWORD_HASH_METHOD="scrypt",
        # Submissions per client address per minute: a whole commune may share
        # one Wi-Fi address, so the default is generous (issue #2).
        RATE_LIMIT_SUBMISSIONS=120,
        # Ratings per minute one paired counter kiosk may store (issue #17): it is
        # not held to the per-address limit, and honest use is a few an hour.
        RATE_LIMIT_KIOSK=30,
        # Failed logins per address and per name before each further try waits.
        RATE_LIMIT_LOGINS=10,
        # Reverse proxies in front whose X-Forwarded-* headers are trusted (issue #12).
        PROXY_HOPS=0,
        PUBLIC_BASE_URL="http://127.0.0.1:5000",
        FORMS_DIR=str(Path(__file__).parent / "forms" / "definitions"),
        # Copies of the minutes stated in their closing line ("lập thành 02 bản").
        MINUTES_COPIES=2,
        # Rows an XLSX export may hold, title and column titles included: Excel's
        # sheet limit. Tests lower it rather than write a million rows (issue #18).
        XLSX_MAX_ROWS=1_048_576,
    )
    app.config.from_prefixed_env()
    if test_config:
        app.config.update(test_config)
    _load_secret_key(app)

    urls.init_app(app)  # before any route is added
    # Before CSRFProtect, whose own check would crash on malformed bodies.
    guards.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    i18n.init_app(app)
    dates.init_app(app)
    db.init_app(app)
    _register_parts(app)

    app.session_interface = fastpath.LeanSessionInterface()
    fastpath.compiled_templates_on_disk(app)

    app.wsgi_app = fastpath.with_security_headers(_behind_proxies(app), SECURITY_HEADERS)

    @app.context_processor
    def locale_context():
        return {"current_locale": current_language(), "locales": LOCALES}

    return app


def _behind_proxies(app: Flask):
    """The WSGI app, reading the client's address, scheme and host from trusted proxies.

    Without it, behind nginx every citizen shares the proxy's rate-limit bucket
    and the Origin check sees the proxy's host and scheme (issue #12). With no
    proxy, forwarded headers are anyone's to forge, so they are ignored.
    """
    hops = app.config["PROXY_HOPS"]
    if not isinstance(hops, int) or isinstance(hops, bool) or hops < 0:
        raise RuntimeError(f"PROXY_HOPS must be a whole number 0 or more, not {hops!r}.")
    if hops == 0:
        return app.wsgi_app
    return ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)


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
    import actions
    import admin
    import auth
    import forms
    import inspections
    import kiosk
    import minutes
    import results
    from admin import backup, demo
    from auth import staff
    from core import errors

    parts = (errors, auth, staff, admin, forms, results, inspections, minutes, kiosk, actions)
    for part in (*parts, demo, backup):
        part.init_app(app)
