"""Date questions: a calendar day from the date picker or typed by hand."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import gettext as _

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
            return day.isoformat()
        raise AnswerError(_("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/07/2025."))
