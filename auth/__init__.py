"""Staff accounts: login, roles and the unit subtree each account may see."""

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from auth.users import User, load_user

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def _load(user_id: str) -> User | None:
    return load_user(int(user_id)) if user_id.isdigit() else None


def init_app(app: Flask) -> None:
    """Register the login manager, the views and the create-user command."""
    from auth import commands, views
    from core import fastpath

    login_manager.init_app(app)
    fastpath.remember_cookie_only_with_cookies(app, login_manager)
    app.register_blueprint(views.bp)
    commands.init_app(app)
