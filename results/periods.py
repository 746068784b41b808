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
# What the results page offers (issue #14, item 3); the other kinds stay readable
# for links made before, the burst pages and results by officer.
CHOICES = {
    "year": _l("Cả năm"),
    "quarter": _l("Một quý"),
    "month": _l("Một tháng"),
    "range": _l("Từ ngày đến ngày"),
}
ROMAN = ("I", "II", "III", "IV")
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
# Longer periods are broken down by month, shorter ones by day.
DAILY_UP_TO = timedelta(days=62)


class PeriodError(ValueError):
    """A period parameter that cannot be understood; the message is for the user."""

    def __init__(self, message: str, field: str = "period"):
        super().__init__(message)
        self.field = field  # the query parameter (and form box) in error


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
        """The period in words with its days, as the page and the exports title it."""
        s, e = self.start, self.end
        if self.kind == "all" or s is None or e is None:
            return _("Toàn bộ thời gian")
        if self.kind == "day":
            return _("Ngày %(day)s", day=_vn(s))
        if self.kind == "month":
            named = _("Tháng %(month)d năm %(year)d", month=s.month, year=s.year)
        elif self.kind == "quarter":
            named = _("Quý %(q)s năm %(year)d", q=ROMAN[(s.month - 1) // 3], year=s.year)
        elif self.kind == "year":
            named = _("Năm %(year)d", year=s.year)
        else:
            return _("Từ %(start)s đến %(end)s", start=_vn(s), end=_vn(e))
        return f"{named} ({_vn(s)} – {_vn(e)})"

    @property
    def slug(self) -> str:
        """The period in an ASCII file name: 2022, 2022-q4, 2022-11, 2022-10-01-den-2022-12-31."""
        s, e = self.start, self.end
        if self.kind == "all" or s is None or e is None:
            return "toan-bo"
        if self.kind == "year":
            return f"{s.year}"
        if self.kind == "quarter":
            return f"{s.year}-q{(s.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{s.year}-{s.month:02d}"
        if self.kind == "day":
            return s.isoformat()
        return f"{s.isoformat()}-den-{e.isoformat()}"

    def query(self) -> dict[str, str]:
        """The query parameters that select this period again (for links and exports)."""
        s, e = self.start, self.end
        if self.kind == "all" or s is None or e is None:
            return {"period": "all"}
        if self.kind == "range":
            return {"period": "range", "from": s.isoformat(), "to": e.isoformat()}
        if self.kind == "year":
            return {"period": "year", "year": str(s.year)}
        if self.kind == "quarter":
            return {"period": "quarter", "year": str(s.year), "quarter": str((s.month + 2) // 3)}
        if self.kind == "month":
            return {"period": "month", "year": str(s.year), "month": str(s.month)}
        return {"period": self.kind, "date": s.isoformat()}


def _vn(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def parse_day(text: str, name: str, field: str = "date") -> date:
    """A dd/mm/yyyy or YYYY-MM-DD day within the years the service can hold."""
    day = dates.parse_day(text if isinstance(text, str) else None)
    if day is None:
        raise PeriodError(
            _("%(name)s phải là ngày dạng ngày/tháng/năm, ví dụ 15/11/2026.", name=name), field
        )
    if not EARLIEST <= day <= LATEST:
        raise PeriodError(_("%(name)s phải trong khoảng 2000 đến 2100.", name=name), field)
    return day


def _number(args, name: str, low: int, high: int, message: str) -> int | None:
    """A whole number parameter within bounds; None when absent, PeriodError when wrong."""
    text = (args.get(name) or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise PeriodError(message, name)
    return int(text)


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


def parse_period(args, today: date | None = None, default: str = "all") -> Period:
    """The period the query parameters ask for; PeriodError with a Vietnamese reason if bad.

    Year, quarter and month come as year=2022&quarter=4 (the results page's boxes) or,
    from older links, as any day within them (date=2022-11-15); neither means today's.
    """
    kind = (args.get("period") or default).strip()
    if kind not in KINDS:
        raise PeriodError(_("Chọn một kỳ báo cáo trong danh sách."), "period")
    if kind == "all":
        return Period("all")
    if kind == "range":
        start = parse_day(args.get("from", ""), _("Ngày bắt đầu"), "from")
        end = parse_day(args.get("to", ""), _("Ngày kết thúc"), "to")
        if end < start:
            raise PeriodError(
                _(
                    "Ngày kết thúc phải cùng ngày hoặc sau ngày bắt đầu (%(start)s).",
                    start=_vn(start),
                ),
                "to",
            )
        return Period("range", start, end)
    text = (args.get("date") or "").strip()
    if kind == "month" and len(text) == 7:
        text += "-01"  # <input type=month> sends YYYY-MM
    anchor = parse_day(text, _("Ngày")) if text else (today or dates.today())
    if kind in ("year", "quarter", "month"):
        year = _number(args, "year", EARLIEST.year, LATEST.year, _("Năm phải từ 2000 đến 2100."))
        quarter = _number(args, "quarter", 1, 4, _("Chọn quý I, II, III hoặc IV."))
        month = _number(args, "month", 1, 12, _("Chọn tháng từ 1 đến 12."))
        if kind == "quarter" and quarter:
            anchor = date(anchor.year, 3 * quarter - 2, 1)
        if kind == "month" and month:
            anchor = date(anchor.year, month, 1)
        if year:
            anchor = date(year, anchor.month, 1)
    return containing(kind, anchor)
