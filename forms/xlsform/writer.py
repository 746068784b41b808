"""Writing a Phiếu form as an XLSForm workbook that pyxform converts and reader.py reads back.

What XLSForm has no column for (the English title, intro, receipt codes, the
summary question, satisfied answers, grades) goes to an extra sheet, `phieu`,
one YAML value per key; Kobo and ODK ignore a sheet they do not know.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

from core.definitions import Label
from core.xlsform import expressions, names
from forms.definition import FormDef, Question, form_from_data
from forms.plain import form_dict
from forms.types.choice import Rating

SURVEY = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "required_message",
    "relevant",
    "constraint",
    "constraint_message",
    "appearance",
]
# The columns written once per language.
TRANSLATED = {"label", "hint", "required_message", "constraint_message"}


def write_xlsform(form: FormDef | dict[str, Any], path: Path | str) -> None:
    """Write a form (loaded, or as its definition dict) as an .xlsx XLSForm."""
    if isinstance(form, dict):
        form = form_from_data(form, str(path))
    english = _has_english(form)
    languages = [names.VIETNAMESE] + ([names.ENGLISH] if english else [])
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(_headers(SURVEY, languages))
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *(f"label::{lang}" for lang in languages), "points"])
    written: set[str] = set()
    group: Question | None = None
    for question in form.questions:
        if group is not None and (
            question.type == "heading"
            or (group.show_if is not None and question.show_if != group.show_if)
        ):
            survey.append(["end group"])
            group = None
        survey.append(_row(question, form, languages, inside=group))
        if question.type == "heading":
            group = question
        if question.options:
            list_name = _list_name(question)
            if list_name not in written:
                written.add(list_name)
                for option in question.options:
                    points = option.points
                    choices.append(
                        [list_name, names.name(option.key), *_texts(option.label, languages)]
                        + ([points] if points is not None else [])
                    )
    if group is not None:
        survey.append(["end group"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([form.title.vi, names.name(form.slug), str(form.version), names.VIETNAMESE])
    extras = book.create_sheet(names.PHIEU_SHEET)
    extras.append(["key", "value"])
    plain = form_dict(form)
    if form.title.en:
        extras.append(["title", _yaml(plain["title"])])
    for key in ("intro", "receipt_code", "summary", "satisfied", "grades"):
        if key in plain:
            extras.append([key, _yaml(plain[key])])
    book.save(path)


def _row(question: Question, form: FormDef, languages: list[str], inside: Question | None) -> list:
    """The survey row of one question, in the columns of SURVEY."""
    kind = question.kind
    if question.type == "heading":
        type_ = "begin group"
    elif question.options:
        type_ = f"{'select_multiple' if kind.multiple else 'select_one'} {_list_name(question)}"
    elif question.type == "textarea":
        type_ = "text"
    else:
        type_ = question.type
    constraint = ""
    if question.min is not None or question.max is not None:
        constraint = expressions.write_bounds(question.min, question.max)
    elif question.max_length is not None and question.max_length != getattr(kind, "limit", None):
        constraint = f"string-length(.) <= {question.max_length}"
    relevant = ""
    if question.show_if is not None and (inside is None or inside.show_if != question.show_if):
        target = form.question(question.show_if.question)
        relevant = expressions.write_relevant(
            names.name(question.show_if.question),
            tuple(names.name(v) for v in question.show_if.values),
            bool(target and target.kind.multiple),
        )
    return [
        type_,
        names.name(question.key),
        *_texts(question.label, languages),
        *_texts(question.hint, languages),
        "yes" if question.required else "",
        *_texts(question.required_message, languages),
        relevant,
        constraint,
        *_texts(question.constraint_message, languages),
        "multiline" if question.type == "textarea" else "",
    ]


def _list_name(question: Question) -> str:
    """A rating's fixed scale is one shared list; other choices a list per question."""
    return question.type if isinstance(question.kind, Rating) else names.name(question.key)


def _headers(columns: list[str], languages: list[str]) -> list[str]:
    return [
        f"{c}::{lang}" if c in TRANSLATED else c
        for c in columns
        for lang in (languages if c in TRANSLATED else [None])
    ]


def _texts(label: Label | None, languages: list[str]) -> list[str]:
    """A label's cells, one per language column; empty cells for no label."""
    if label is None:
        return [""] * len(languages)
    return [label.vi] + ([label.en or ""] if len(languages) > 1 else [])


def _has_english(form: FormDef) -> bool:
    labels = [form.title, *(q.label for q in form.questions)]
    labels += [q.hint or q.label for q in form.questions]
    labels += [m for q in form.questions for m in (q.required_message, q.constraint_message) if m]
    labels += [o.label for q in form.questions for o in q.options]
    return any(label.en for label in labels)


def _yaml(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6).strip()
