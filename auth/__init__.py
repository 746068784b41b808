"""Staff accounts: login, roles and the unit subtree each account may see.

It imports only the kernel (core).
"""

from flask import Flask
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
    from core import fastpath

    login_manager.init_app(app)
    fastpath.remember_cookie_only_with_cookies(app, login_manager)
    app.register_blueprint(views.bp)
    app.register_blueprint(password.bp)
    sessions.init_app(app)
    commands.init_app(app)
