"""Date questions: a calendar day from the date picker or typed by hand."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _

from core.definitions import Checker
from forms.types.base import AnswerError, QuestionType, one_value, register

if TYPE_CHECKING:
    from forms.definition import Question

# Days outside these are typing mistakes, not administrative dates.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


@register
class Date(QuestionType):
    """A day, stored as an ISO date (2025-07-01)."""

    name = "date"
    template = "forms/types/date.html"
    keys = frozenset({"min", "max"})

    def define(self, c: Checker, data: dict[str, Any], f: str) -> dict[str, Any]:
        """Inclusive bounds, written as ISO dates (2025-07-01); kept as ISO text."""
        low = _bound(c, data["min"], f"{f}.min") if "min" in data else None
        high = _bound(c, data["max"], f"{f}.max") if "max" in data else None
        if low is not None and high is not None and low > high:
            raise c.error(f"{f}.max", _("max (%(high)s) sớm hơn min (%(low)s)", high=high, low=low))
        return {"min": low, "max": high}

    def parse(self, question: Question, values: Sequence[str]) -> str | None:
        """A date as 2025-07-01 (the date picker) or 01/07/2025 (typed by hand)."""
        value = one_value(values)
        if not value:
            return None
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                day = datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar day
            except ValueError:
                continue
            if not EARLIEST <= day <= LATEST:
                break
            _check_bounds(question, day)
            return day.isoformat()
        raise AnswerError(_("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/07/2025."))


def _bound(c: Checker, value: Any, f: str) -> str:
    """A date bound as ISO text: YAML reads 2025-07-01 as a date, a quoted one as text."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise c.error(f, _("phải là một ngày viết dạng 2025-07-01")) from None
    if not isinstance(value, date):
        raise c.error(f, _("phải là một ngày viết dạng 2025-07-01"))
    if not EARLIEST <= value <= LATEST:
        raise c.error(
            f, _("phải từ %(low)s đến %(high)s", low=EARLIEST.isoformat(), high=LATEST.isoformat())
        )
    return value.isoformat()


def _check_bounds(question: Question, day: date) -> None:
    """Raise AnswerError for a day outside the question's min and max."""
    low, high = question.min, question.max
    shown = {"low": _vietnamese(low), "high": _vietnamese(high)}
    if low is not None and high is not None and not low <= day.isoformat() <= high:
        raise AnswerError(_("Nhập một ngày từ %(low)s đến %(high)s.", **shown))
    if low is not None and day.isoformat() < low:
        raise AnswerError(_("Nhập một ngày không trước %(low)s.", **shown))
    if high is not None and day.isoformat() > high:
        raise AnswerError(_("Nhập một ngày không sau %(high)s.", **shown))


def _vietnamese(iso: Any) -> str:
    """An ISO date as Vietnamese writes it: 01/07/2025."""
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""
