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
# Flask-Login's default 'basic' protection marks a session not fresh when the client's
# address or browser changes, and nothing here asks for a fresh login. Its one effect was
# harm: it wrote `_fresh` into every anonymous session once, so a request sent before
# login and answered after it (the login page's icon, on a slow line) set the pre-login
# cookie again and signed the user out (seen in CI). Sessions end at logout and password
# changes through the session version instead (auth/users.py).
login_manager.session_protection = None


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
