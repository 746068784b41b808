"""WTForms for paper slips and withdrawal; every message in Vietnamese."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from core import dates
from core.errors import fail
from core.units import Counter
from forms.definition import FormDef
from results.paper import MAX_SLIPS
from results.periods import EARLIEST, PeriodError, parse_day

KEY = re.compile(r"^[A-Za-z0-9_-]{16,40}$")
SLIP_ID = re.compile(r"^slip-[A-Za-z0-9_-]{16}$")


def collected_on(field) -> date:
    """The day a paper slip was collected: not in the future, not before EARLIEST."""
    try:
        day = parse_day(field.data or "", str(_l("Ngày thu phiếu")))
    except PeriodError as error:
        raise ValidationError(str(error)) from None
    if day > dates.today():
        raise ValidationError(_l("Ngày thu phiếu không được sau hôm nay."))
    if day < EARLIEST:
        raise ValidationError(_l("Ngày thu phiếu không hợp lệ."))
    field.data = day.isoformat()
    return day


def counter_choices(counters: list[Counter]) -> list[SelectChoice]:
    """The counter select: none, or one of the unit's counters."""
    return [SelectChoice("", _l("Không ghi quầy"))] + [
        SelectChoice(c.code, c.name) for c in counters
    ]


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
    )
    counter = SelectField(_l("Quầy"), validate_choice=True)
    note = TextAreaField(
        _l("Ghi chú (không bắt buộc)"),
        validators=[Optional(), Length(max=500, message=_l("Ghi chú tối đa 500 ký tự."))],
    )

    def validate_day(self, field) -> None:
        self.day_value = collected_on(field)

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
    form.counter.choices = counter_choices(counters)
    if not form.is_submitted():
        # A fresh key per rendered form: a retried POST carries the same one.
        form.key.data = secrets.token_urlsafe(16)
        form.day.data = dates.today().isoformat()
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


class BurstWithdrawForm(FlaskForm):
    """Why a burst of QR responses is withdrawn (kept in the audit log)."""

    reason = TextAreaField(
        _l("Lý do rút đợt phiếu tăng đột biến"),
        validators=[
            DataRequired(_l("Nhập lý do rút đợt phiếu tăng đột biến.")),
            Length(min=5, max=500, message=_l("Lý do từ 5 đến 500 ký tự.")),
        ],
    )


class SlipForm(FlaskForm):
    """One paper slip's own details; its answers are read by forms.answers.parse_answers."""

    submission_id = HiddenField(
        validators=[
            DataRequired(_l("Phiếu thiếu mã lần nhập. Vui lòng tải lại trang rồi nhập lại.")),
            Regexp(
                SLIP_ID.pattern, message=_l("Mã lần nhập không hợp lệ. Vui lòng tải lại trang.")
            ),
        ]
    )
    slip_day = StringField(
        _l("Ngày ghi trên phiếu"),
        validators=[DataRequired(_l("Nhập ngày ghi trên phiếu."))],
    )
    # Checked below, so an unknown counter gets a Vietnamese message.
    slip_counter = SelectField(_l("Quầy"), default="", validate_choice=False)

    def validate_slip_day(self, field) -> None:
        self.day_value = collected_on(field)

    def validate_slip_counter(self, field) -> None:
        if (field.data or "") not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Chọn một quầy của đơn vị này, hoặc không ghi quầy."))


@dataclass(frozen=True)
class Stack:
    """A pile of slips typed in one after another: its counter, day and slips so far."""

    counter: str = ""
    day: str = ""
    entered: int = 0

    def query(self, entered: int) -> dict[str, str | int]:
        """The next blank slip's query string: the same counter and day, the new count."""
        return {"counter": self.counter or None, "day": self.day or None, "entered": entered}


def stack_from(args, counters: list[Counter]) -> Stack:
    """The stack named by the query string (?counter=&day=&entered=), checked."""
    counter = args.get("counter", "")
    if counter and counter not in {c.code for c in counters}:
        fail(400, str(_l("Quầy trong địa chỉ không thuộc đơn vị này.")))
    day = args.get("day", "")
    if day:
        try:
            parsed = parse_day(day, str(_l("Ngày thu phiếu")))
        except PeriodError as error:
            fail(400, str(error))
        if not EARLIEST <= parsed <= dates.today():
            fail(400, str(_l("Ngày thu phiếu không hợp lệ.")))
        day = parsed.isoformat()
    entered = args.get("entered", "0")
    if not (entered.isdigit() and len(entered) <= 6):
        fail(400, str(_l("Số phiếu đã nhập trong địa chỉ không hợp lệ.")))
    return Stack(counter, day, int(entered))


def slip_form(counters: list[Counter], stack: Stack = Stack()) -> SlipForm:
    """The slip details form, with a fresh server-made submission id on each rendered page."""
    form = SlipForm()
    form.slip_counter.choices = counter_choices(counters)
    if not form.is_submitted():
        # A retried POST carries the same id, so the slip is stored once.
        form.submission_id.data = "slip-" + secrets.token_urlsafe(12)
        # The next slip of a stack keeps the counter and day of the one before.
        form.slip_day.data = stack.day or dates.today().isoformat()
        form.slip_counter.data = stack.counter
    return form
