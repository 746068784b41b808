"""Staff accounts: login, roles and the unit subtree each account may see."""

from flask import Flask, Response, request
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from auth.users import User, load_session_user

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def _load(token: str) -> User | None:
    # The token carries the session version: a logout or a password change
    # elsewhere has raised it and this session ends (issue #12).
    return load_session_user(token)


def init_app(app: Flask) -> None:
    """Register the login manager, the views and the create-user command."""
    from auth import commands, password, sessions, views

    login_manager.init_app(app)
    # Flask-Login's after-request hook reads the session of every response, which
    # marks it 'Vary: Cookie' and costs a citizen's cookieless submission 3 % of
    # its time. Without a cookie there is no session and no remember-me cookie to
    # refresh or clear, so the hook is only run for requests that carry cookies.
    hooks = app.after_request_funcs.setdefault(None, [])
    hooks[hooks.index(login_manager._update_remember_cookie)] = _remember_cookie
    app.register_blueprint(views.bp)
    app.register_blueprint(password.bp)
    sessions.init_app(app)
    commands.init_app(app)


def _remember_cookie(response: Response) -> Response:
    """Flask-Login's remember-me cookie upkeep, for requests that carry cookies."""
    if "HTTP_COOKIE" not in request._get_current_object().environ:
        return response
    return login_manager._update_remember_cookie(response)
