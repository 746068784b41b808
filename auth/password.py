"""The "change my password" page of every staff account."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from auth import sessions
from auth.users import load_user, password_matches, set_password

bp = Blueprint("account", __name__, url_prefix="/staff")

# The same floor as `flask create-user --password`.
MIN_LENGTH = 10


class PasswordForm(FlaskForm):
    """The current password, and the new one twice."""

    current_password = PasswordField(
        _l("Mật khẩu hiện tại"),
        validators=[DataRequired(_l("Nhập mật khẩu hiện tại.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("Mật khẩu mới"),
        validators=[
            DataRequired(_l("Nhập mật khẩu mới.")),
            Length(
                min=MIN_LENGTH,
                max=200,
                message=_l("Mật khẩu mới cần từ %(min)d đến %(max)d ký tự."),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[
            DataRequired(_l("Nhập lại mật khẩu mới.")),
            EqualTo("new_password", _l("Hai lần nhập mật khẩu mới không khớp.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's own password; every other session of the account ends."""
    form = PasswordForm()
    if form.validate_on_submit():
        if password_matches(current_user.id, form.current_password.data):
            set_password(current_user.id, form.new_password.data)
            # This session signs in again on the new version; the others are refused.
            sessions.start(load_user(current_user.id))
            flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc."), "success")
            return redirect(url_for("staff.home"))
        form.current_password.errors.append(_("Mật khẩu hiện tại không đúng."))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/password.html", form=form, min_length=MIN_LENGTH), status
