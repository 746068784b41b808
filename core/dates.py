"""Dates and times the Vietnamese way, in one place (issue #14, item 2).

Every staff page shows a day as dd/mm/yyyy and a time as HH:MM in Asia/Ho_Chi_Minh,
in both languages; every date box accepts 15/11/2026 as typed on a phone as well as
the picker's 2026-11-15; "today" is the Vietnamese day. Tests freeze the clock by
monkeypatching `now`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from flask import Flask
from flask_babel import gettext as _
from wtforms import DateField
from wtforms.validators import StopValidation

# Vietnam keeps no daylight saving time: a fixed offset needs no tz database.
VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
# 15/11/2026, 5/1/2026, 15-11-2026, 15.11.2026 (day first, as Vietnamese write it).
DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def now() -> datetime:
    """The current instant, aware, in UTC (the one clock tests replace)."""
    return datetime.now(UTC)


def local_now() -> datetime:
    """The current instant in Vietnam's local time."""
    return now().astimezone(VIETNAM)


def today() -> date:
    """Today's date in Vietnam (at 06:00 there it is still yesterday in UTC)."""
    return local_now().date()


def parse_day(text: str | None) -> date | None:
    """A day typed as dd/mm/yyyy or sent by a date picker as yyyy-mm-dd; None if neither."""
    text = (text or "").strip()
    if not text:
        return None
    found = DAY_FIRST.match(text)
    try:
        if found:
            day, month, year = (int(part) for part in found.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        return None


def _as_datetime(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def format_day(value) -> str:
    """A date, datetime or ISO string as dd/mm/yyyy; '' for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    moment = _as_datetime(value)
    if moment is None:
        return str(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(VIETNAM)
    return moment.strftime("%d/%m/%Y")


def local(value) -> datetime | None:
    """A stored instant (naive values are UTC) in Vietnam's local time."""
    if value is None or value == "":
        return None
    moment = _as_datetime(value)
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM)


def format_time(value) -> str:
    """A stored instant as HH:MM local time; '' for none."""
    moment = local(value)
    return moment.strftime("%H:%M") if moment else ("" if not value else str(value))


def format_instant(value) -> str:
    """A stored instant as 'dd/mm/yyyy HH:MM' local time; '' for none."""
    moment = local(value)
    return moment.strftime("%d/%m/%Y %H:%M") if moment else ("" if not value else str(value))


class VietnameseDateField(DateField):
    """A DateField that takes dd/mm/yyyy as typed on a phone as well as the picker's ISO."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = " ".join(valuelist).strip()
        if not text:
            self.data = None
            self.raw_data = [""]
            return
        self.data = parse_day(text)
        if self.data is None:
            raise ValueError(_("Nhập ngày dạng ngày/tháng/năm, ví dụ 15/11/2026."))

    def pre_validate(self, form):
        # Stop here, or DataRequired would replace "not a date" with "enter a date".
        if self.process_errors:
            raise StopValidation(str(self.process_errors[0]))

    def _value(self):
        # Shown back as typed in Vietnam, whichever form it was sent in.
        if self.data is not None:
            return self.data.strftime("%d/%m/%Y")
        return self.raw_data[0] if self.raw_data else ""


def typed_day(text: str | None) -> str:
    """What a date box shows again: a day as dd/mm/yyyy, anything unreadable as typed."""
    day = parse_day(text if isinstance(text, str) else None)
    return day.strftime("%d/%m/%Y") if day else (text or "")


def init_app(app: Flask) -> None:
    """The template filters every page uses for days and times."""
    app.jinja_env.filters.update(
        vn_date=format_day,
        vn_time=format_time,
        vn_datetime=format_instant,
        typed_day=typed_day,
    )
