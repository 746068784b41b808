"""Text questions: one line (text) and several lines (textarea), within a length limit."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import gettext as _

from core.definitions import Checker
from forms.types.base import AnswerError, ConstraintError, QuestionType, one_value, register

if TYPE_CHECKING:
    from forms.definition import Question

# Control characters (Unicode category Cc, TAB among them), stray surrogates (Cs),
# the Unicode line and paragraph separators and the bidi embedding, override and
# isolate controls never belong in an answer (docs/FORMS.md): a bidi control can
# make an exported cell read backwards. Line breaks are checked by the type.
# One regex search rather than a category look-up per character.
FORBIDDEN_CHARACTER = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


@register
class Text(QuestionType):
    """One line of text, as a text box."""

    name = "text"
    template = "forms/types/text.html"
    keys = frozenset({"max_length"})
    # The default and the highest max_length a definition may give.
    limit: ClassVar[int] = 200
    multiline: ClassVar[bool] = False

    def define(self, c: Checker, data: dict[str, Any], f: str) -> dict[str, Any]:
        limit = self.limit
        return {"max_length": c.integer(data.get("max_length", limit), f"{f}.max_length", 1, limit)}

    def parse(self, question: Question, values: Sequence[str]) -> str | None:
        """Text within the question's length limit; one line unless multiline."""
        text = clean(one_value(values))
        if not text:
            return None
        if not self.multiline and "\n" in text:
            raise AnswerError(_("Chỉ nhập một dòng."))
        limit = question.max_length or 0
        if len(text) > limit:
            raise ConstraintError(
                _(
                    "Tối đa %(limit)d ký tự (bạn đã nhập %(count)d ký tự).",
                    limit=limit,
                    count=len(text),
                )
            )
        return text


@register
class Textarea(Text):
    """Several lines of text, as a multi-line box; line breaks are kept."""

    name = "textarea"
    limit = 2000
    multiline = True


def clean(value: str) -> str:
    """Posted text with one kind of line break, composed (NFC) and trimmed."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if FORBIDDEN_CHARACTER.search(text):
        raise AnswerError(_("Câu trả lời chứa ký tự không hợp lệ."))
    # NFC: Vietnamese typed on different keyboards compares and counts alike.
    return unicodedata.normalize("NFC", text).strip()
