"""Display-only questions: a note (text) and a heading, as XLSForm's note and group label."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _

from core.definitions import Checker
from forms.types.base import QuestionType, Row, register

if TYPE_CHECKING:
    from forms.definition import Question


@register
class Note(QuestionType):
    """Text shown between the questions; nothing is asked, posted values are ignored."""

    name = "note"
    template = "forms/types/note.html"
    answered = False

    def define(self, c: Checker, data: dict[str, Any], f: str) -> dict[str, Any]:
        if data.get("required"):
            raise c.error(f"{f}.required", _("'%(type)s' không nhận câu trả lời", type=self.name))
        return {}

    def parse(self, question: Question, values: Sequence[str]) -> None:
        # A note takes no answer: whatever a crafted post sends under its key is dropped.
        return None

    def rows(self, question: Question, answer: Any) -> list[Row]:
        return []


@register
class Heading(Note):
    """A section heading: an XLSForm group's label, the group flattened."""

    name = "heading"
    template = "forms/types/heading.html"
