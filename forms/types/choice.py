"""Choice questions: single, multiple, and the fixed rating scales rating3 and rating5."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import gettext as _

from core.definitions import Checker, Label
from forms.types.base import AnswerError, QuestionType, Row, one_value, register

if TYPE_CHECKING:
    from forms.definition import Question


@dataclass(frozen=True)
class Option:
    """One answer a choice question offers."""

    key: str
    label: Label
    points: float | None = None


class Choice(QuestionType):
    """Answers chosen among the question's options, stored as option keys."""

    template = "forms/types/choice.html"
    results_template = "results/types/choice.html"
    choice = True
    # The input each option is shown as.
    input_type: ClassVar[str] = "radio"

    def parse(self, question: Question, values: Sequence[str]) -> str | None:
        """One option key out of the question's options."""
        value = one_value(values)
        if not value:
            return None
        if question.option(value) is None:
            raise AnswerError(_("Lựa chọn không có trong danh sách."))
        return value

    def rows(self, question: Question, answer: Any) -> list[Row]:
        """One row per chosen option, with the option's points."""
        option = question.option(str(answer))
        return [(question.key, str(answer), option.points if option else None)]

    def cell(self, shown: Any, value: str, number: float | None, labels: dict[str, str]) -> Any:
        """The chosen options' labels, joined by '; '."""
        label = labels.get(value, value)
        return label if shown is None else f"{shown}; {label}"

    def field_id(self, question: Question) -> str:
        """The first option's input: a fieldset cannot take the focus."""
        return f"q-{question.key}-{question.options[0].key}"

    def missing(self, question: Question) -> str:
        return _("Hãy chọn một câu trả lời cho câu hỏi: %(label)s", label=question.label)


@register
class Single(Choice):
    """One of the options the definition lists, as radio buttons."""

    name = "single"
    keys = frozenset({"options"})

    def define(self, c: Checker, data: dict[str, Any], f: str) -> dict[str, Any]:
        return {"options": options(c, c.require(data, f, "options"), f"{f}.options")}


@register
class Multiple(Single):
    """Any number of the options, as checkboxes; stored one row per option."""

    name = "multiple"
    input_type = "checkbox"
    multiple = True

    def parse(self, question: Question, values: Sequence[str]) -> list[str] | None:
        """Any number of distinct option keys, kept in the definition's order."""
        chosen = {v.strip() for v in values if v.strip()}
        if not chosen:
            return None
        if any(question.option(v) is None for v in chosen):
            raise AnswerError(_("Lựa chọn không có trong danh sách."))
        return [o.key for o in question.options if o.key in chosen]

    def missing(self, question: Question) -> str:
        return _("Hãy chọn ít nhất một câu trả lời cho câu hỏi: %(label)s", label=question.label)

    def rows(self, question: Question, answer: Any) -> list[Row]:
        rows: list[Row] = []
        for value in answer if isinstance(answer, list) else [answer]:
            option = question.option(str(value))
            rows.append((question.key, str(value), option.points if option else None))
        return rows


class Rating(Choice):
    """A satisfaction scale whose levels are fixed, so that every unit counts alike."""

    levels: ClassVar[tuple[Option, ...]]

    def define(self, c: Checker, data: dict[str, Any], f: str) -> dict[str, Any]:
        # Fixed levels join the form's texts: in Vietnamese if the form's own are.
        return {"options": tuple(Option(o.key, c.bind(o.label), o.points) for o in self.levels)}

    def refuse(self, key: str) -> str:
        if key == "options":
            return _("các mức đánh giá là cố định; hãy dùng kiểu 'single' thay thế")
        return super().refuse(key)


@register
class Rating3(Rating):
    """The official three levels."""

    name = "rating3"
    levels = (
        Option("rat-hai-long", Label("Rất hài lòng", "Very satisfied")),
        Option("hai-long", Label("Hài lòng", "Satisfied")),
        Option("khong-hai-long", Label("Không hài lòng", "Not satisfied")),
    )


@register
class Rating5(Rating):
    """The five levels some portals and SIPAS use."""

    name = "rating5"
    levels = (
        Option("rat-hai-long", Label("Rất hài lòng", "Very satisfied")),
        Option("hai-long", Label("Hài lòng", "Satisfied")),
        Option("binh-thuong", Label("Bình thường", "Neutral")),
        Option("khong-hai-long", Label("Không hài lòng", "Not satisfied")),
        Option("rat-khong-hai-long", Label("Rất không hài lòng", "Very dissatisfied")),
    )


def options(c: Checker, raw: Any, f: str) -> tuple[Option, ...]:
    """The options a definition lists: unique keys, optional points."""
    result: list[Option] = []
    for i, item in enumerate(c.items(raw, f)):
        of = f"{f}[{i}]"
        data = c.mapping(item, of, {"key", "label", "points"})
        key = c.slug(c.require(data, of, "key"), f"{of}.key")
        if any(o.key == key for o in result):
            raise c.error(f"{of}.key", _("'%(key)s' đã được dùng cho một lựa chọn trước", key=key))
        points = c.number(data["points"], f"{of}.points") if "points" in data else None
        result.append(
            Option(key, c.label(c.require(data, of, "label"), f"{of}.label", 300), points)
        )
    return tuple(result)
