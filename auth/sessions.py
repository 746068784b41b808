"""Staff sessions: renewed at login, ended everywhere at logout, never kept by caches."""

from flask import Flask, Response, request, session
from flask_login import current_user, login_user, logout_user

from auth.users import User, end_sessions

# What a visitor chose before signing in and keeps after: only the language.
KEPT_ACROSS_LOGIN = ("lang",)


def start(user: User) -> None:
    """Sign a user in on a fresh session: nothing planted before login survives it.

    Clearing drops the pre-login CSRF token too, so Flask-WTF makes a new one.
    """
    kept = {key: session[key] for key in KEPT_ACROSS_LOGIN if key in session}
    session.clear()
    session.update(kept)
    login_user(user)


def end_everywhere() -> None:
    """Sign the current user out here and on every other device."""
    if current_user.is_authenticated:
        end_sessions(current_user.id)
    logout_user()
    kept = {key: session[key] for key in KEPT_ACROSS_LOGIN if key in session}
    session.clear()
    session.update(kept)


def _no_store(response: Response) -> Response:
    """Staff pages (passwords shown once, results, exports) stay out of every cache.

    Keyed on the path, not on current_user, so the citizen's path loads no user
    and keeps its own Cache-Control. A view that chose a policy keeps it.
    """
    if request.path.startswith("/staff/") and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Register the hook that keeps staff pages out of caches."""
    app.after_request(_no_store)
