"""Login and logout pages."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from auth import sessions
from auth.throttle import LoginAttempt
from auth.users import authenticate

bp = Blueprint("auth", __name__, url_prefix="/staff")


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(
        _l("Tên đăng nhập"),
        validators=[DataRequired(_l("Nhập tên đăng nhập.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Mật khẩu"),
        validators=[DataRequired(_l("Nhập mật khẩu.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign a staff member in; failures slow down their address and name (auth/throttle.py)."""
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        attempt = LoginAttempt(current_app._get_current_object(), request, form.username.data)
        wait = attempt.wait()
        if wait:
            flash(
                _(
                    "Đăng nhập sai nhiều lần. Vui lòng đợi %(seconds)s giây rồi thử lại.",
                    seconds=wait,
                ),
                "error",
            )
            page = current_app.make_response((render_template("auth/login.html", form=form), 429))
            page.headers["Retry-After"] = str(wait)
            return page
        user = authenticate(form.username.data, form.password.data)
        if user:
            sessions.start(user)
            response = redirect(_safe_next(request.args.get("next")))
            attempt.succeeded(response)
            return response
        attempt.failed()
        flash(_("Tên đăng nhập hoặc mật khẩu không đúng."), "error")
        status = 400
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out here and everywhere else (a POST, so a link elsewhere cannot log anyone out)."""
    sessions.end_everywhere()
    flash(_("Bạn đã đăng xuất."), "info")
    response = redirect(url_for("auth.login"))
    # The tablet keeps inspection pages for offline use (static/inspect-worker.js):
    # a shared tablet must not show them to whoever picks it up next.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


def _safe_next(target: str | None) -> str:
    """Only follow a 'next' that stays on this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("staff.home")
