"""Reporting periods: day, week, month, quarter, year or a date range, from query parameters."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core import dates

KINDS = {
    "all": _l("Toàn bộ thời gian"),
    "day": _l("Ngày"),
    "week": _l("Tuần"),
    "month": _l("Tháng"),
    "quarter": _l("Quý"),
    "year": _l("Năm"),
    "range": _l("Khoảng thời gian"),
}
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
# Longer periods are broken down by month, shorter ones by day.
DAILY_UP_TO = timedelta(days=62)


class PeriodError(ValueError):
    """A period parameter that cannot be understood; the message is for the user."""


@dataclass(frozen=True)
class Period:
    """An inclusive span of local days; start and end are None for all time."""

    kind: str
    start: date | None = None
    end: date | None = None

    @property
    def bounds(self) -> tuple[str, str]:
        """ISO day strings for 'day BETWEEN ? AND ?' (all time spans every stored day)."""
        return (self.start or EARLIEST).isoformat(), (self.end or LATEST).isoformat()

    @property
    def bucket(self) -> str:
        """How the page breaks the period down: 'day' or 'month'."""
        if self.start and self.end and self.end - self.start <= DAILY_UP_TO:
            return "day"
        return "month"

    @property
    def label(self) -> str:
        """The period in words, as the page and the exports title it."""
        s, e = self.start, self.end
        if self.kind == "all" or s is None or e is None:
            return _("Toàn bộ thời gian")
        if self.kind == "day":
            return _("Ngày %(day)s", day=_vn(s))
        if self.kind == "month":
            return _("Tháng %(month)d/%(year)d", month=s.month, year=s.year)
        if self.kind == "quarter":
            return _("Quý %(q)d/%(year)d", q=(s.month - 1) // 3 + 1, year=s.year)
        if self.kind == "year":
            return _("Năm %(year)d", year=s.year)
        return _("Từ %(start)s đến %(end)s", start=_vn(s), end=_vn(e))

    def query(self) -> dict[str, str]:
        """The query parameters that select this period again (for links and exports)."""
        if self.kind == "all" or self.start is None or self.end is None:
            return {}
        if self.kind == "range":
            return {"period": "range", "from": self.start.isoformat(), "to": self.end.isoformat()}
        return {"period": self.kind, "date": self.start.isoformat()}


def _vn(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def parse_day(text: str, name: str) -> date:
    """A dd/mm/yyyy or YYYY-MM-DD day within the years the service can hold."""
    day = dates.parse_day(text if isinstance(text, str) else None)
    if day is None:
        raise PeriodError(
            _("%(name)s phải là ngày dạng ngày/tháng/năm, ví dụ 15/11/2026.", name=name)
        )
    if not EARLIEST <= day <= LATEST:
        raise PeriodError(_("%(name)s phải trong khoảng 2000 đến 2100.", name=name))
    return day


def containing(kind: str, anchor: date) -> Period:
    """The day, week (Monday first), month, quarter or year that contains anchor."""
    if kind == "day":
        return Period(kind, anchor, anchor)
    if kind == "week":
        start = anchor - timedelta(days=anchor.weekday())
        return Period(kind, start, start + timedelta(days=6))
    if kind == "month":
        last = monthrange(anchor.year, anchor.month)[1]
        return Period(kind, anchor.replace(day=1), anchor.replace(day=last))
    if kind == "quarter":
        first = 3 * ((anchor.month - 1) // 3) + 1
        last = first + 2
        return Period(
            kind,
            date(anchor.year, first, 1),
            date(anchor.year, last, monthrange(anchor.year, last)[1]),
        )
    if kind == "year":
        return Period(kind, date(anchor.year, 1, 1), date(anchor.year, 12, 31))
    raise PeriodError(_("Loại kỳ báo cáo không hợp lệ."))


def parse_period(args, today: date | None = None) -> Period:
    """The period the query parameters ask for; PeriodError with a Vietnamese reason if bad."""
    kind = (args.get("period") or "all").strip()
    if kind not in KINDS:
        raise PeriodError(_("Loại kỳ báo cáo không hợp lệ."))
    if kind == "all":
        return Period("all")
    if kind == "range":
        start = parse_day(args.get("from", ""), _("Ngày bắt đầu"))
        end = parse_day(args.get("to", ""), _("Ngày kết thúc"))
        if end < start:
            raise PeriodError(_("Ngày kết thúc phải sau ngày bắt đầu."))
        return Period("range", start, end)
    text = args.get("date") or ""
    if kind in ("month",) and len(text.strip()) == 7:
        text = text.strip() + "-01"  # <input type=month> sends YYYY-MM
    anchor = parse_day(text, _("Ngày")) if text else (today or dates.today())
    return containing(kind, anchor)
