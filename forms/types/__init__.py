"""Question types: one class per type, registered by name (CTFd's CHALLENGE_CLASSES).

A `Question`'s `type` names its class here; `QUESTION_TYPES[question.type]` (or
`question.kind`) says how that question is defined, parsed, stored, exported,
counted and shown. Imports nothing from the rest of `forms/`: the definition
loader, the store and the results import this package, not the other way round.
"""

# isort: off
# Each family registers its types on import, in the order errors and docs list them.
from forms.types import choice, text, number, date, display  # noqa: F401

# isort: on
from forms.types.base import (
    QUESTION_TYPES,
    Answer,
    AnswerError,
    ConstraintError,
    QuestionType,
    Row,
)

__all__ = ["QUESTION_TYPES", "Answer", "AnswerError", "ConstraintError", "QuestionType", "Row"]
