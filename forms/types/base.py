"""The QuestionType base class and the registry every type adds itself to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import gettext as _

from core.definitions import Checker

if TYPE_CHECKING:
    from forms.definition import Question

# An answer as the store takes it: option keys for choices (a list for multiple
# choice), text, a number, or an ISO date.
Answer = str | int | float | list[str]

# An answer row as the store keeps it: (question key, value as text, number or None).
Row = tuple[str, str, float | None]


class AnswerError(ValueError):
    """A posted value a question cannot take; the message is shown beside the field."""


class ConstraintError(AnswerError):
    """A well-formed answer outside the question's bounds or length: its constraint_message."""


# Type name -> the one instance of its class, in the order definitions list them.
QUESTION_TYPES: dict[str, QuestionType] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Class decorator: make a type available to definitions under its `name`."""
    QUESTION_TYPES[cls.name] = cls()
    return cls


class QuestionType:
    """One kind of question: its definition keys, answers, rows, export cell, counts, markup.

    The registry holds one instance per class, so that the citizen form's hot
    path calls plain methods (no bound classmethod built per question).
    """

    # The `type` a definition names; never rename one: stored definitions use it.
    name: ClassVar[str]
    # The input partial, under templates/; it sees the names _question.html sets.
    template: ClassVar[str]
    # The results block of a counted type (templates/results/types/), None: not counted.
    results_template: ClassVar[str | None] = None
    # The question keys only some types take, that this one takes (options, min, ...).
    keys: ClassVar[frozenset[str]] = frozenset()
    # Answers are option keys: the tallies count them per option, show_if may name it.
    choice: ClassVar[bool] = False
    # One response may give several answers, so answers alone do not count responses.
    multiple: ClassVar[bool] = False
    # Takes an answer; False for display-only types (note, heading): no input, no column.
    answered: ClassVar[bool] = True

    def define(self, c: Checker, data: dict[str, Any], f: str) -> dict[str, Any]:
        """The Question fields its own keys give (options, bounds, length), checked."""
        return {}

    def refuse(self, key: str) -> str:
        """Why a definition may not give this type one of the keys other types take."""
        if key == "options":
            return _("câu hỏi kiểu '%(type)s' không có lựa chọn (options)", type=self.name)
        takers = ", ".join(name for name, kind in QUESTION_TYPES.items() if key in kind.keys)
        if key in ("min", "max"):
            return _("giới hạn (min, max) chỉ dùng cho câu hỏi kiểu %(types)s", types=takers)
        return _("chỉ dùng cho câu hỏi kiểu %(types)s", types=takers)

    def parse(self, question: Question, values: Sequence[str]) -> Answer | None:
        """The answer in the values posted under the question's name, None when none.

        Raises AnswerError with the message to show beside the field.
        """
        raise NotImplementedError

    def rows(self, question: Question, answer: Answer) -> list[Row]:
        """The answer rows a parsed answer is stored as."""
        return [(question.key, str(answer), None)]

    def cell(self, shown: Any, value: str, number: float | None, labels: dict[str, str]) -> Any:
        """The export cell once one more answer row is read; `shown` is the cell so far."""
        return value

    def field_id(self, question: Question) -> str:
        """The id the error summary links to."""
        return f"q-{question.key}"

    def missing(self, question: Question) -> str:
        """What to say when the question is required and left empty."""
        return _("Hãy trả lời câu hỏi: %(label)s", label=question.label)


def one_value(values: Sequence[str]) -> str:
    """The single value a one-answer question takes ('' when none)."""
    given = [v for v in values if v.strip()]
    if len(given) > 1:
        raise AnswerError(_("Chỉ chọn hoặc nhập một câu trả lời."))
    return given[0].strip() if given else ""
