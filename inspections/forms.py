"""WTForms for creating an inspection, concluding it and reopening it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from auth.users import User, find_user
from core.dates import VietnameseDateField

TEAM_ROWS = 7
PARTICIPANT_ROWS = 5


class MemberForm(Form):
    """One row of the team table (a plain Form: the outer form carries the CSRF token)."""

    name = StringField(_l("Họ và tên"), validators=[Optional(), Length(max=100)])
    title = StringField(_l("Chức vụ"), validators=[Optional(), Length(max=200)])
    role = SelectField(
        _l("Vai trò"),
        choices=[
            SelectChoice("member", _l("Thành viên")),
            SelectChoice("head", _l("Trưởng đoàn")),
            SelectChoice("secretary", _l("Thư ký")),
        ],
        default="member",
    )
    username = StringField(
        _l("Tài khoản (nếu có)"),
        validators=[Optional(), Length(max=64)],
        render_kw={"autocapitalize": "none"},
    )


def member_account(username: str, viewer: User) -> int | None:
    """The id of a team member's account, when it lies in the viewer's subtree.

    An account of a unit the viewer cannot see is answered as one that does not
    exist, so the team form reveals no usernames (issue #12).
    """
    found = find_user(username)
    if found is None or not viewer.can_see(found[0].unit):
        return None
    return found[0].id


class ParticipantForm(Form):
    """One participant of the inspected unit."""

    name = StringField(_l("Họ và tên"), validators=[Optional(), Length(max=100)])
    title = StringField(_l("Chức vụ"), validators=[Optional(), Length(max=200)])


class InspectionForm(FlaskForm):
    """Everything the minutes' header needs, asked once when the inspection starts."""

    unit = SelectField(_l("Đơn vị được kiểm tra"), coerce=str)
    kind = SelectField(
        _l("Hình thức"),
        choices=[
            SelectChoice("self", _l("Tự kiểm tra")),
            SelectChoice("external", _l("Kiểm tra của cấp trên")),
        ],
    )
    checklist = SelectField(_l("Bảng kiểm tra"), coerce=str)
    year = IntegerField(
        _l("Năm"),
        validators=[
            DataRequired(_l("Nhập năm kiểm tra.")),
            NumberRange(2000, 2100, _l("Năm phải từ 2000 đến 2100.")),
        ],
        render_kw={"inputmode": "numeric"},
    )
    period_start = VietnameseDateField(
        _l("Kỳ đánh giá từ ngày"), validators=[DataRequired(_l("Nhập ngày bắt đầu kỳ."))]
    )
    period_end = VietnameseDateField(
        _l("Đến ngày"), validators=[DataRequired(_l("Nhập ngày kết thúc kỳ."))]
    )
    title = StringField(
        _l("Tiêu đề (để trống để tự tạo)"), validators=[Optional(), Length(max=300)]
    )
    legal_basis = TextAreaField(
        _l("Căn cứ"),
        validators=[DataRequired(_l("Nhập căn cứ kiểm tra.")), Length(max=2000)],
    )
    date = VietnameseDateField(
        _l("Ngày kiểm tra"), validators=[DataRequired(_l("Nhập ngày kiểm tra."))]
    )
    started_at = StringField(
        _l("Giờ bắt đầu"),
        validators=[
            Optional(),
            Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=_l("Giờ theo dạng 08:00.")),
        ],
        render_kw={"type": "time"},
    )
    place = StringField(
        _l("Địa điểm"), validators=[DataRequired(_l("Nhập địa điểm.")), Length(max=300)]
    )
    team = FieldList(FormField(MemberForm), min_entries=TEAM_ROWS, max_entries=TEAM_ROWS)
    participants = FieldList(
        FormField(ParticipantForm), min_entries=PARTICIPANT_ROWS, max_entries=PARTICIPANT_ROWS
    )


class ConclusionForm(FlaskForm):
    """The team head's conclusion and recommendations."""

    conclusion = TextAreaField(_l("Kết luận"), validators=[Length(max=10000)])
    recommendations = TextAreaField(_l("Kiến nghị"), validators=[Length(max=10000)])


class ReopenForm(FlaskForm):
    """An admin's reason for reopening a final inspection."""

    reason = TextAreaField(
        _l("Lý do mở lại"),
        validators=[DataRequired(_l("Nhập lý do mở lại.")), Length(min=5, max=1000)],
    )


class ButtonForm(FlaskForm):
    """A button-only POST: only the CSRF token (ihatemoney's habit)."""
