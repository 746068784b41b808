"""WTForms for the admin pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from auth.users import ROLES

CODE_RULE = Regexp(
    r"^[a-z0-9]+(-[a-z0-9]+)*$", message=_l("Chỉ dùng chữ thường không dấu, số và '-'.")
)
LEVELS = [
    SelectChoice("tinh", _l("Tỉnh")),
    SelectChoice("huyen", _l("Huyện")),
    SelectChoice("xa", _l("Xã, phường, đặc khu")),
]
ROLE_LABELS = {
    "admin": _l("Quản trị"),
    "secretary": _l("Thư ký"),
    "inspector": _l("Thành viên đoàn kiểm tra"),
    "staff": _l("Cán bộ một cửa"),
}


class UnitForm(FlaskForm):
    """A new unit below the current one."""

    name = StringField(_l("Tên đơn vị"), [DataRequired(_l("Nhập tên đơn vị.")), Length(max=120)])
    code = StringField(
        _l("Mã đơn vị (dùng trong địa chỉ QR)"),
        [DataRequired(_l("Nhập mã đơn vị.")), Length(max=40), CODE_RULE],
    )
    level = SelectField(_l("Cấp"), choices=LEVELS)


class CounterForm(FlaskForm):
    """A new counter of the unit's one-stop shop."""

    name = StringField(_l("Tên quầy"), [DataRequired(_l("Nhập tên quầy.")), Length(max=120)])
    code = StringField(
        _l("Mã quầy (dùng trong địa chỉ QR)"),
        [DataRequired(_l("Nhập mã quầy.")), Length(max=40), CODE_RULE],
    )


class UserForm(FlaskForm):
    """A new staff account of the unit."""

    full_name = StringField(_l("Họ và tên"), [DataRequired(_l("Nhập họ và tên.")), Length(max=120)])
    title = StringField(_l("Chức vụ"), [Length(max=120)])
    username = StringField(
        _l("Tên đăng nhập"),
        [
            DataRequired(_l("Nhập tên đăng nhập.")),
            Length(max=40),
            Regexp(r"^[a-z0-9._-]+$", message=_l("Chỉ dùng chữ thường không dấu, số, '.', '-'.")),
        ],
    )
    role = SelectField(_l("Vai trò"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES])


class ButtonForm(FlaskForm):
    """A button-only POST: just the CSRF token (ihatemoney's habit)."""
