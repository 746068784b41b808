"""Reading a posted form: each shown question's type parses its values (forms/types/)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from forms.definition import FormDef, Question
from forms.types import QUESTION_TYPES, Answer, AnswerError, ConstraintError


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
        kind = QUESTION_TYPES[question.type]
        try:
            answer = kind.parse(question, posted.get(question.key, ()))
        except ConstraintError as error:
            # The definition's own wording, if it gives one (XLSForm's constraint_message).
            result.errors[question.key] = str(question.constraint_message or error)
            continue
        except AnswerError as error:
            result.errors[question.key] = str(error)
            continue
        if answer is None:
            if question.required:
                message = question.required_message
                result.errors[question.key] = str(message) if message else kind.missing(question)
            continue
        result.answers[question.key] = answer
    return result
