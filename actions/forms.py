"""WTForms of corrective actions: adding one, reporting on it, reviewing it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from actions.store import NOTE_MAX, PERSON_MAX, WHAT_MAX
from core.dates import VietnameseDateField


class ActionForm(FlaskForm):
    """An action added by the team from the conclusion."""

    item = SelectField(_l("Nội dung kiểm tra liên quan"), coerce=str, validators=[Optional()])
    what = TextAreaField(
        _l("Việc cần làm"),
        validators=[DataRequired(_l("Nhập việc cần làm.")), Length(max=WHAT_MAX)],
    )
    unit = SelectField(_l("Đơn vị thực hiện"), coerce=str)
    person = StringField(
        _l("Người chịu trách nhiệm"), validators=[Optional(), Length(max=PERSON_MAX)]
    )
    # Typed day first; a bad day is explained in Vietnamese, not WTForms' English.
    due = VietnameseDateField(
        _l("Thời hạn (ngày/tháng/năm)"),
        validators=[DataRequired(_l("Nhập thời hạn theo dạng ngày/tháng/năm, ví dụ 31/12/2022."))],
    )


class ReportForm(FlaskForm):
    """The inspected unit's report: in progress, or fixed with a note and photo evidence."""

    status = RadioField(
        _l("Tình trạng"),
        choices=[
            SelectChoice("in_progress", _l("Đang thực hiện")),
            SelectChoice("fixed", _l("Đã khắc phục")),
        ],
        validators=[InputRequired(_l("Chọn tình trạng."))],
    )
    note = TextAreaField(_l("Kết quả, minh chứng"), validators=[Length(max=NOTE_MAX)])


class ReviewForm(FlaskForm):
    """The conducting unit's decision on a reported fix."""

    decision = RadioField(
        _l("Quyết định"),
        choices=[
            SelectChoice("verify", _l("Xác nhận đã khắc phục")),
            SelectChoice("return", _l("Trả lại để khắc phục tiếp")),
        ],
        validators=[InputRequired(_l("Chọn xác nhận hoặc trả lại."))],
    )
    note = TextAreaField(_l("Nhận xét"), validators=[Length(max=NOTE_MAX)])
