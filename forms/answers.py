"""Parsing and validating posted answers, one handler per question type (CTFd's registry)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

from forms.definition import FormDef, Question
from forms.store import Answer


class AnswerError(ValueError):
    """A posted value a question cannot take; the message is shown beside the field."""


# A handler turns the values posted under a question's name into an answer,
# None when nothing was given, or raises AnswerError with a Vietnamese message.
Handler = Callable[[Question, Sequence[str]], Answer | None]
HANDLERS: dict[str, Handler] = {}


def handles(*types: str) -> Callable[[Handler], Handler]:
    """Register a handler for question types: the one place to add a type."""

    def register(handler: Handler) -> Handler:
        for qtype in types:
            HANDLERS[qtype] = handler
        return handler

    return register


def _one(values: Sequence[str]) -> str:
    """The single value a one-answer question takes ('' when none)."""
    given = [v for v in values if v.strip()]
    if len(given) > 1:
        raise AnswerError(_("Chỉ chọn hoặc nhập một câu trả lời."))
    return given[0].strip() if given else ""


@handles("single", "rating3", "rating5")
def parse_single(question: Question, values: Sequence[str]) -> str | None:
    """One option key out of the question's options."""
    value = _one(values)
    if not value:
        return None
    if question.option(value) is None:
        raise AnswerError(_("Lựa chọn không có trong danh sách."))
    return value


@handles("multiple")
def parse_multiple(question: Question, values: Sequence[str]) -> list[str] | None:
    """Any number of distinct option keys, kept in the definition's order."""
    chosen = {v.strip() for v in values if v.strip()}
    if not chosen:
        return None
    if any(question.option(v) is None for v in chosen):
        raise AnswerError(_("Lựa chọn không có trong danh sách."))
    return [o.key for o in question.options if o.key in chosen]


# Control characters (Unicode category Cc) and stray surrogates (Cs) never
# belong in an answer; line breaks are checked by the caller, tabs are harmless.
# One regex search rather than a category look-up per character.
FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _clean_text(value: str) -> str:
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if FORBIDDEN_CHARACTER.search(text):
        raise AnswerError(_("Câu trả lời chứa ký tự không hợp lệ."))
    # NFC: Vietnamese typed on different keyboards compares and counts alike.
    return unicodedata.normalize("NFC", text).strip()


@handles("text", "textarea")
def parse_text(question: Question, values: Sequence[str]) -> str | None:
    """Text within the question's length limit; one line for 'text'."""
    text = _clean_text(_one(values))
    if not text:
        return None
    if question.type == "text" and "\n" in text:
        raise AnswerError(_("Chỉ nhập một dòng."))
    limit = question.max_length or 0
    if len(text) > limit:
        raise AnswerError(
            _(
                "Tối đa %(limit)d ký tự (bạn đã nhập %(count)d ký tự).",
                limit=limit,
                count=len(text),
            )
        )
    return text


def _check_bounds(question: Question, number: float) -> None:
    low, high = question.min, question.max
    if low is not None and high is not None and not low <= number <= high:
        raise AnswerError(_("Nhập một số từ %(low)s đến %(high)s.", low=_fmt(low), high=_fmt(high)))
    if low is not None and number < low:
        raise AnswerError(_("Nhập một số không nhỏ hơn %(low)s.", low=_fmt(low)))
    if high is not None and number > high:
        raise AnswerError(_("Nhập một số không lớn hơn %(high)s.", high=_fmt(high)))


def _fmt(number: float) -> str:
    """A bound as Vietnamese writes it: 2,5 rather than 2.5, 10 rather than 10.0."""
    return f"{number:g}".replace(".", ",")


INTEGER = re.compile(r"[+-]?\d{1,15}")
# A decimal with a comma (Vietnamese) or a point; thousands separators are not
# accepted because '1.500' would be ambiguous.
DECIMAL = re.compile(r"[+-]?\d{1,15}(?:[.,]\d{1,10})?")


@handles("integer")
def parse_integer(question: Question, values: Sequence[str]) -> int | None:
    """A whole number within the question's bounds."""
    value = _one(values).replace(" ", "")
    if not value:
        return None
    if not INTEGER.fullmatch(value):
        raise AnswerError(_("Nhập một số nguyên, ví dụ 12."))
    number = int(value)
    _check_bounds(question, number)
    return number


@handles("decimal")
def parse_decimal(question: Question, values: Sequence[str]) -> float | None:
    """A decimal number (comma or point) within the question's bounds."""
    value = _one(values).replace(" ", "")
    if not value:
        return None
    if not DECIMAL.fullmatch(value):
        raise AnswerError(_("Nhập một số, ví dụ 2,5."))
    number = float(value.replace(",", "."))
    _check_bounds(question, number)
    return number


@handles("date")
def parse_date(question: Question, values: Sequence[str]) -> str | None:
    """A date as 2025-07-01 (the date picker) or 01/07/2025 (typed by hand)."""
    value = _one(values)
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
        if not date(1900, 1, 1) <= day <= date(2100, 12, 31):
            break
        return day.isoformat()
    raise AnswerError(_("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/07/2025."))


def is_shown(question: Question, answers: Mapping[str, Answer]) -> bool:
    """Whether a question applies, given the (already filtered) earlier answers."""
    if question.show_if is None:
        return True
    answer = answers.get(question.show_if.question)
    chosen = answer if isinstance(answer, list) else [answer]
    return any(value in question.show_if.values for value in chosen)


@dataclass
class Parsed:
    """The outcome of reading a posted form: answers to keep, and errors by question."""

    answers: dict[str, Answer] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def parse_answers(form: FormDef, posted: Mapping[str, Sequence[str]]) -> Parsed:
    """Validate every shown question; answers to hidden questions are dropped unread.

    Questions are read in order, so a question hidden because its own
    condition's question is hidden is dropped too.
    """
    result = Parsed()
    for question in form.questions:
        if not is_shown(question, result.answers):
            continue
        try:
            answer = HANDLERS[question.type](question, posted.get(question.key, ()))
        except AnswerError as error:
            result.errors[question.key] = str(error)
            continue
        if answer is None:
            if question.required:
                result.errors[question.key] = missing_message(question)
            continue
        result.answers[question.key] = answer
    return result


def missing_message(question: Question) -> str:
    """What to say when a required question is left empty."""
    if question.is_choice:
        return _("Hãy chọn một câu trả lời cho câu hỏi: %(label)s", label=question.label)
    return _("Hãy trả lời câu hỏi: %(label)s", label=question.label)
