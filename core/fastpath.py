"""The fast path: every override of Flask, Werkzeug or Flask-Login made for speed, in one place.

Each entry says what it saves (docs/PERFORMANCE.md has the measured table) and how
to undo it; tests/test_fastpath.py fails if the framework behaviour it relies on
changes. Nothing else in the code overrides the framework.
"""

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager


class Phieu(Flask):
    """Flask, asking once per function whether it is a coroutine.

    Saves: Flask asks inspect.iscoroutinefunction of every hook and view on every
    request. Relies on: the answer never changing for a function.
    Undo: use Flask itself in app.create_app.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sync_functions: dict = {}

    def ensure_sync(self, func):
        ready = self._sync_functions.get(func)
        if ready is None:
            ready = self._sync_functions[func] = super().ensure_sync(func)
        return ready


def with_security_headers(wsgi_app, headers: tuple[tuple[str, str], ...]):
    """Wrap a WSGI app so every response, error pages and static files too, carries `headers`.

    Saves: adding them through each Response's Headers, whose per-value checks
    cost a citizen's submission more than the plain list at start_response.
    Relies on: WSGI only. Undo: an after_request hook that updates response.headers.
    """

    def app(environ, start_response):
        def start(status, response_headers, exc_info=None):
            response_headers.extend(headers)
            return start_response(status, response_headers, exc_info)

        return wsgi_app(environ, start)

    return app


class LeanSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, made cheap for the citizen, who has none.

    Saves: Flask builds the signing serializer on every request, for opening and
    again for saving; a request without cookies skips the cookie parse, and an
    empty session that nothing modified skips the settings Flask reads before
    doing nothing. Relies on: the serializer depending only on the secret key and
    its fallbacks. Undo: delete the `app.session_interface` line in create_app.
    """

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = getattr(self, "_cached", None)
        if cached is None or cached[0] != keys:
            cached = self._cached = (keys, super().get_signing_serializer(app))
        return cached[1]

    def open_session(self, app: Flask, request: Request):
        if "HTTP_COOKIE" not in request.environ:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session, response: Response) -> None:
        if not session and not session.modified:
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


def remember_cookie_only_with_cookies(app: Flask, login_manager: LoginManager) -> None:
    """Run Flask-Login's remember-me cookie upkeep only for requests that carry cookies.

    Saves: the hook reads the session of every response, which marks a citizen's
    cookieless answer 'Vary: Cookie' and costs its submission time. Without a
    cookie there is no remember-me cookie to refresh or clear. Relies on: the hook
    being `login_manager._update_remember_cookie` in the app's after_request list.
    Undo: delete the call in auth.init_app.
    """
    from flask import request

    def upkeep(response: Response) -> Response:
        if "HTTP_COOKIE" not in request._get_current_object().environ:
            return response
        return login_manager._update_remember_cookie(response)

    hooks = app.after_request_funcs.setdefault(None, [])
    hooks[hooks.index(login_manager._update_remember_cookie)] = upkeep
