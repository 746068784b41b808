"""WTForms for creating an inspection, concluding it and reopening it."""

from __future__ import annotations

import re

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

from core.dates import VietnameseDateField

# Rows shown at first; "Thêm" adds one at a time, up to MAX_ROWS (issue #14, item 9:
# two rows and a button rather than twelve empty rows).
FIRST_ROWS = 2
MAX_ROWS = 20
# Times as a browser without a time picker lets people type them: 8:30, 08.30, 8h30.
TIME_TYPED = r"^\s*([01]?\d|2[0-3])\s*[:.hHgG]\s*([0-5]\d)\s*$"


def honorific_field() -> SelectField:
    """Ông or Bà, as the minutes address the person (checked in inspections.creation)."""
    return SelectField(
        _l("Ông/Bà"),
        choices=[
            SelectChoice("", _l("Chọn")),
            SelectChoice("ong", _l("Ông")),
            SelectChoice("ba", _l("Bà")),
        ],
        validate_choice=False,
    )


class MemberForm(Form):
    """One row of the team (a plain Form: the outer form carries the CSRF token)."""

    # The conducting unit's inspectors, set by the view: names shown, account ids sent.
    member = SelectField(_l("Cán bộ"), coerce=str, validate_choice=False)
    role = SelectField(
        _l("Vai trò trong đoàn"),
        choices=[
            SelectChoice("member", _l("Thành viên")),
            SelectChoice("head", _l("Trưởng đoàn")),
            SelectChoice("secretary", _l("Thư ký")),
        ],
        default="member",
        validate_choice=False,
    )
    honorific = honorific_field()


class ParticipantForm(Form):
    """One participant of the inspected unit."""

    name = StringField(_l("Họ và tên"), validators=[Optional(), Length(max=100)])
    title = StringField(_l("Chức vụ"), validators=[Optional(), Length(max=200)])
    honorific = honorific_field()


def typed_time(text: str | None) -> str | None:
    """'HH:MM' from a start time as picked or typed ('8h30' -> '08:30'); None if not a time."""
    match = re.match(TIME_TYPED, text or "")
    if match is None:
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


class InspectionForm(FlaskForm):
    """Everything the minutes' header needs, asked once when the inspection starts."""

    # Choices are checked in inspections.creation, with messages in Vietnamese.
    unit = SelectField(_l("Đơn vị được kiểm tra"), coerce=str, validate_choice=False)
    kind = SelectField(
        _l("Hình thức"),
        choices=[
            SelectChoice("", _l("Theo đơn vị được kiểm tra")),
            SelectChoice("self", _l("Tự kiểm tra")),
            SelectChoice("external", _l("Kiểm tra của cấp trên")),
        ],
        validate_choice=False,
    )
    checklist = SelectField(_l("Bảng kiểm tra"), coerce=str, validate_choice=False)
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
            Regexp(TIME_TYPED, message=_l("Giờ theo dạng 08:00.")),
        ],
        render_kw={"type": "time"},
    )
    place = StringField(
        _l("Địa điểm"), validators=[DataRequired(_l("Nhập địa điểm.")), Length(max=300)]
    )
    team = FieldList(FormField(MemberForm), min_entries=FIRST_ROWS, max_entries=MAX_ROWS)
    participants = FieldList(
        FormField(ParticipantForm), min_entries=FIRST_ROWS, max_entries=MAX_ROWS
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
