"""Number questions: integer and decimal, within optional bounds."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import gettext as _

from core.definitions import Checker
from forms.types.base import (
    AnswerError,
    ConstraintError,
    QuestionType,
    Row,
    one_value,
    register,
)

if TYPE_CHECKING:
    from forms.definition import Question


class Number(QuestionType):
    """A number typed in a short box with a numeric keypad, stored with its value."""

    template = "forms/types/number.html"
    keys = frozenset({"min", "max"})
    # What the text must look like, and the keypad a phone shows for it.
    pattern: ClassVar[re.Pattern[str]]
    inputmode: ClassVar[str]

    def define(self, c: Checker, data: dict[str, Any], f: str) -> dict[str, Any]:
        """Inclusive bounds, written as the type's own numbers."""
        low = self.bound(c, data["min"], f"{f}.min") if "min" in data else None
        high = self.bound(c, data["max"], f"{f}.max") if "max" in data else None
        if low is not None and high is not None and low > high:
            raise c.error(f"{f}.max", _("max (%(high)s) nhỏ hơn min (%(low)s)", high=high, low=low))
        return {"min": low, "max": high}

    def bound(self, c: Checker, value: Any, f: str) -> float:
        raise NotImplementedError

    def parse(self, question: Question, values: Sequence[str]) -> int | float | None:
        """A number of the type's pattern within the question's bounds."""
        value = one_value(values).replace(" ", "")
        if not value:
            return None
        if not self.pattern.fullmatch(value):
            raise AnswerError(self.malformed())
        number = self.convert(value)
        check_bounds(question, number)
        return number

    def malformed(self) -> str:
        """The message for text that is not a number of this type."""
        raise NotImplementedError

    def convert(self, value: str) -> int | float:
        raise NotImplementedError

    def rows(self, question: Question, answer: Any) -> list[Row]:
        """The number as text and as a number, so that SQL can add it up."""
        return [(question.key, str(answer), float(answer))]


@register
class Integer(Number):
    """A whole number such as 12."""

    name = "integer"
    pattern = re.compile(r"[+-]?\d{1,15}")
    inputmode = "numeric"

    def bound(self, c: Checker, value: Any, f: str) -> int:
        return c.integer(value, f)

    def malformed(self) -> str:
        return _("Nhập một số nguyên, ví dụ 12.")

    def convert(self, value: str) -> int:
        return int(value)

    def cell(self, shown: Any, value: str, number: float | None, labels: dict[str, str]) -> Any:
        return int(number) if number is not None else value


@register
class Decimal(Number):
    """A decimal number with a comma (Vietnamese) or a point.

    Thousands separators are not accepted because '1.500' would be ambiguous.
    """

    name = "decimal"
    pattern = re.compile(r"[+-]?\d{1,15}(?:[.,]\d{1,10})?")
    # 1.500 is one and a half in English and fifteen hundred in Vietnamese
    # (docs/FORMS.md): a separator after one to three digits, not led by 0,
    # followed by exactly three is refused rather than guessed.
    ambiguous = re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")
    inputmode = "decimal"

    def parse(self, question: Question, values: Sequence[str]) -> int | float | None:
        """A decimal number, refusing what could be a thousands separator."""
        if self.ambiguous.fullmatch(one_value(values).replace(" ", "")):
            raise AnswerError(
                _(
                    "Không rõ đây là số thập phân hay số có dấu phân cách hàng nghìn: viết"
                    " 1500 (không có dấu) hoặc 1,5."
                )
            )
        return super().parse(question, values)

    def bound(self, c: Checker, value: Any, f: str) -> float:
        return c.number(value, f)

    def malformed(self) -> str:
        return _("Nhập một số, ví dụ 2,5.")

    def convert(self, value: str) -> float:
        return float(value.replace(",", "."))

    def cell(self, shown: Any, value: str, number: float | None, labels: dict[str, str]) -> Any:
        return number if number is not None else value


def check_bounds(question: Question, number: float) -> None:
    """Raise AnswerError for a number outside the question's min and max."""
    low, high = question.min, question.max
    if low is not None and high is not None and not low <= number <= high:
        raise ConstraintError(
            _("Nhập một số từ %(low)s đến %(high)s.", low=_fmt(low), high=_fmt(high))
        )
    if low is not None and number < low:
        raise ConstraintError(_("Nhập một số không nhỏ hơn %(low)s.", low=_fmt(low)))
    if high is not None and number > high:
        raise ConstraintError(_("Nhập một số không lớn hơn %(high)s.", high=_fmt(high)))


def _fmt(number: float) -> str:
    """A bound as Vietnamese writes it: 2,5 rather than 2.5, 10 rather than 10.0."""
    return f"{number:g}".replace(".", ",")
