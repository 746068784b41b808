"""A loaded form as the plain dict its YAML file parses into (for export and comparison)."""

from __future__ import annotations

from typing import Any

from core.definitions import Label
from forms.definition import FormDef, Question


def label(value: Label) -> str | dict[str, str]:
    """A label as a definition writes it: the text, or {vi, en} when there is English."""
    return {"vi": value.vi, "en": value.en} if value.en else value.vi


def number(value: float) -> int | float:
    """2.0 as 2, as a definition author writes it."""
    return int(value) if float(value).is_integer() else value


def question_dict(question: Question) -> dict[str, Any]:
    """One question, with only the keys its type takes and defaults left out."""
    kind = question.kind
    data: dict[str, Any] = {"key": question.key, "type": question.type}
    data["label"] = label(question.label)
    if question.hint:
        data["hint"] = label(question.hint)
    if question.required:
        data["required"] = True
    if "options" in kind.keys:
        data["options"] = [
            {"key": o.key, "label": label(o.label)}
            | ({"points": number(o.points)} if o.points is not None else {})
            for o in question.options
        ]
    for bound in ("min", "max"):
        if bound in kind.keys and getattr(question, bound) is not None:
            data[bound] = number(getattr(question, bound))
    if "max_length" in kind.keys and question.max_length != getattr(kind, "limit", None):
        data["max_length"] = question.max_length
    for message in ("required_message", "constraint_message"):
        if getattr(question, message):
            data[message] = label(getattr(question, message))
    if question.show_if:
        condition = question.show_if
        data["show_if"] = {"question": condition.question, "in": list(condition.values)}
    return data


def form_dict(form: FormDef) -> dict[str, Any]:
    """The whole form, keys in the order docs/FORMS.md lists them."""
    data: dict[str, Any] = {"slug": form.slug, "version": form.version, "title": label(form.title)}
    if form.intro:
        data["intro"] = label(form.intro)
    data["questions"] = [question_dict(q) for q in form.questions]
    if form.receipt_code != "none":
        data["receipt_code"] = form.receipt_code
    if form.summary:
        data["summary"] = form.summary
    if form.satisfied:
        data["satisfied"] = list(form.satisfied)
    if form.grades:
        data["grades"] = [
            {"key": g.key, "label": label(g.label)}
            | ({"above": number(g.above)} if g.above is not None else {})
            | ({"up_to": number(g.up_to)} if g.up_to is not None else {})
            for g in form.grades
        ]
    return data
