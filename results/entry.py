"""WTForms for paper slips and withdrawal; every message in Vietnamese."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from forms.definition import FormDef
from forms.store import VIETNAM
from results.paper import MAX_SLIPS
from results.periods import EARLIEST, PeriodError, parse_day
from units import Counter

KEY = re.compile(r"^[A-Za-z0-9_-]{16,40}$")


def _count_field(label: str) -> StringField:
    return StringField(
        label,
        default="0",
        validators=[
            Optional(),
            Regexp(r"^\s*\d{1,5}\s*$", message=_l("Nhập số phiếu là số nguyên từ 0 trở lên.")),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


class BatchForm(FlaskForm):
    """A batch of paper slips: the day, the counter and how many slips per level."""

    key = HiddenField(validators=[DataRequired(), Regexp(KEY.pattern)])
    day = StringField(
        _l("Ngày thu phiếu"),
        validators=[DataRequired(_l("Nhập ngày thu phiếu."))],
        render_kw={"type": "date"},
    )
    counter = SelectField(_l("Quầy"), validate_choice=True)
    note = TextAreaField(
        _l("Ghi chú (không bắt buộc)"),
        validators=[Optional(), Length(max=500, message=_l("Ghi chú tối đa 500 ký tự."))],
    )

    def validate_day(self, field) -> None:
        try:
            day = parse_day(field.data or "", str(_l("Ngày thu phiếu")))
        except PeriodError as error:
            raise ValidationError(str(error)) from None
        if day > datetime.now(VIETNAM).date():
            raise ValidationError(_l("Ngày thu phiếu không được sau hôm nay."))
        if day < EARLIEST:
            raise ValidationError(_l("Ngày thu phiếu không hợp lệ."))
        self.day_value = day

    @property
    def level_fields(self):
        return [f for f in self if f.name.startswith("level_")]

    def counts(self) -> dict[str, int]:
        """Slips per level key, from the level fields."""
        return {
            f.name.removeprefix("level_"): int((f.data or "0").strip() or 0)
            for f in self.level_fields
        }

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        total = sum(self.counts().values())
        if total == 0:
            first = self.level_fields[0]
            first.errors = [*first.errors, _l("Nhập số phiếu cho ít nhất một mức.")]
            return False
        if total > MAX_SLIPS:
            first = self.level_fields[0]
            first.errors = [
                *first.errors,
                _l("Một đợt nhập tối đa %(n)d phiếu; hãy chia thành nhiều đợt.", n=MAX_SLIPS),
            ]
            return False
        return True


def batch_form(form_def: FormDef, counters: list[Counter]) -> BatchForm:
    """The batch form for a form definition: one count field per summary level."""

    class Form(BatchForm):
        pass

    summary = form_def.question(form_def.summary)
    for option in summary.options:
        setattr(Form, f"level_{option.key}", _count_field(str(option.label)))
    form = Form()
    form.counter.choices = [SelectChoice("", _l("Không ghi quầy"))] + [
        SelectChoice(c.code, c.name) for c in counters
    ]
    if not form.is_submitted():
        # A fresh key per rendered form: a retried POST carries the same one.
        form.key.data = secrets.token_urlsafe(16)
        form.day.data = datetime.now(VIETNAM).date().isoformat()
    return form


class WithdrawForm(FlaskForm):
    """Why a batch is withdrawn (kept in the audit log)."""

    reason = TextAreaField(
        _l("Lý do rút đợt phiếu"),
        validators=[
            DataRequired(_l("Nhập lý do rút đợt phiếu.")),
            Length(min=5, max=500, message=_l("Lý do từ 5 đến 500 ký tự.")),
        ],
    )
