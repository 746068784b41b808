"""The first pass over a workbook's rows: every cell Phiếu cannot take, with its address.

It works on pyxform's rows (before pyxform builds the survey), so that problems
pyxform would stop at, such as a select naming a missing list, are told
together with all the others. What it learns per question (row, show-if,
bounds, length) the second pass (reader.py) puts into the definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from pyxform import aliases

from core.xlsform import expressions, names
from core.xlsform.expressions import Unsupported
from core.xlsform.problems import (
    Report,
    bad_name,
    list_not_in_choices,
    not_a_language,
    not_a_number,
    not_yes_or_no,
    row_without_type,
    type_not_supported,
    unsupported_column,
)
from core.xlsform.sheets import column

QUESTION_TYPES = {"integer", "decimal", "text", "date", "note"}
# Survey columns read (translations allowed on the first ones); '$' columns are Kobo's ids.
TRANSLATED = {"label", "hint", "required_message", "constraint_message"}
SURVEY_COLUMNS = TRANSLATED | {"type", "name", "required", "relevant", "constraint", "appearance"}
CHOICE_COLUMNS = {"list_name", "name", "label", "points"}


@dataclass
class Plan:
    """What the first pass learnt about one survey row that asks or shows something."""

    row: int
    kind: str  # select one, select all that apply, integer, ..., note, group
    list_name: str | None = None
    show_if: tuple[str, tuple[str, ...]] | None = None
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    multiline: bool = False


@dataclass
class Plans:
    """The plans by XLSForm name, and the names of rows to leave out (metadata)."""

    by_name: dict[str, Plan] = field(default_factory=dict)
    ignored: set[str] = field(default_factory=set)


def check_languages(report: Report, sheet: str, headers: list[str]) -> None:
    """Labels in Vietnamese and English only: Phiếu shows no other language."""
    for header in headers:
        base, language = column(header)
        if language and base in TRANSLATED and names.language(language) is None:
            report.add(sheet, 1, header, "language", not_a_language(language))


def choice_lists(report: Report, rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The choice names of each list, checking the choices sheet's columns and names."""
    lists: dict[str, list[str]] = {}
    for i, row in enumerate(rows):
        n = i + 2
        for header in row:
            base, _language = column(header)
            if base not in CHOICE_COLUMNS and not header.startswith("$"):
                report.add("choices", n, header, header, unsupported_column())
        if "points" in row:
            try:
                float(row["points"])
            except ValueError:
                report.add("choices", n, "points", "points", not_a_number(row["points"]))
        list_name, choice = row.get("list_name"), row.get("name")
        if list_name and choice:
            if not names.SLUG.fullmatch(names.key(choice)):
                report.add("choices", n, "name", "name", bad_name(choice))
            lists.setdefault(list_name, []).append(choice)
    return lists


def check_survey(report: Report, rows: list[dict[str, Any]], lists: dict[str, list[str]]) -> Plans:
    """Every survey row checked; the plan of each question, note and group."""
    plans = Plans()
    groups: list[tuple[str, tuple[str, ...]] | None] = []  # the show-if of each open group
    for i, row in enumerate(rows):
        n = i + 2
        raw_type = " ".join(str(row.get("type", "")).split())
        if not raw_type:
            if row:
                report.add("survey", n, "type", "type", row_without_type())
            continue
        kind = raw_type.lower()
        name = row.get("name", "")
        if kind in names.METADATA or (kind == "calculate" and name in names.KOBO_VERSION):
            plans.ignored.add(name)
            continue
        if raw_type.lower() in ("end group", "end_group"):
            if groups:
                groups.pop()
            continue
        plan = _plan(report, n, row, raw_type, lists)
        if plan is None:
            continue
        inherited = next((g for g in reversed(groups) if g), None)
        plan.show_if = _show_if(report, n, row, plans, inherited, lists)
        _constraint(report, n, row, plan)
        _columns(report, n, row, plan)
        _required(report, n, row, plan)
        if not names.SLUG.fullmatch(names.key(name)):
            report.add("survey", n, "name", "name", bad_name(name))
        if plan.kind == "group":
            groups.append(plan.show_if)
        plans.by_name[name] = plan
    return plans


def _plan(
    report: Report, n: int, row: dict[str, Any], raw_type: str, lists: dict[str, list[str]]
) -> Plan | None:
    """The plan of a supported row type; None, with the problem told, for the others."""
    lowered = raw_type.lower()
    if lowered in ("begin group", "begin_group"):
        return Plan(n, "group")
    # 'select_one L', 'select one L', 'select all that apply L'...: the list is the last word.
    head, _space, list_name = raw_type.rpartition(" ")
    kind = aliases.select.get(head.lower())
    if kind in ("select one", "select all that apply"):
        if list_name not in lists:
            report.add("survey", n, "type", "choices", list_not_in_choices(list_name))
            return None
        return Plan(n, kind, list_name=list_name)
    if lowered in QUESTION_TYPES:
        return Plan(n, lowered)
    report.add("survey", n, "type", raw_type, type_not_supported(raw_type))
    return None


def _show_if(
    report: Report,
    n: int,
    row: dict[str, Any],
    plans: Plans,
    inherited: tuple[str, tuple[str, ...]] | None,
    lists: dict[str, list[str]],
) -> tuple[str, tuple[str, ...]] | None:
    """The row's relevant as a show-if on an earlier select; a group's passes to its rows."""
    header = next((h for h in row if column(h)[0] == "relevant"), None)
    if header is None:
        return inherited
    try:
        terms = expressions.relevant(row[header])
    except Unsupported as error:
        report.add("survey", n, header, "relevant", str(error))
        return None
    target_name = terms[0][0]
    target = plans.by_name.get(target_name)
    if target is None or target.list_name is None:
        text = _("'%(name)s' không phải là câu hỏi chọn (select) đứng trước", name=target_name)
        report.add("survey", n, header, "relevant", text)
        return None
    if target.kind == "select all that apply" and any(how == "=" for _n, how, _v in terms):
        hint = _("với select_multiple, hãy viết selected(${%(name)s}, ...)", name=target_name)
        report.add("survey", n, header, "relevant", hint)
        return None
    values = tuple(value for _n, _how, value in terms)
    unknown = [v for v in values if v not in lists[target.list_name]]
    if unknown:
        text = _(
            "'%(value)s' không phải là lựa chọn của '%(name)s'", value=unknown[0], name=target_name
        )
        report.add("survey", n, header, "relevant", text)
        return None
    if inherited is not None:
        text = _("nhóm chứa hàng này đã có relevant: không ghi thêm relevant ở hàng trong nhóm")
        report.add("survey", n, header, "relevant", text)
        return None
    return target_name, values


def _constraint(report: Report, n: int, row: dict[str, Any], plan: Plan) -> None:
    """Bounds of a number, the length limit of a text; nothing else."""
    header = next((h for h in row if column(h)[0] == "constraint"), None)
    if header is None:
        return
    try:
        if plan.kind in ("integer", "decimal"):
            plan.min, plan.max = expressions.bounds(row[header])
            if plan.kind == "integer" and not all(
                b is None or float(b).is_integer() for b in (plan.min, plan.max)
            ):
                raise Unsupported(_("giới hạn của câu hỏi integer phải là số nguyên"))
        elif plan.kind == "text":
            plan.max_length = expressions.max_length(row[header])
        else:
            raise Unsupported(_("chưa hỗ trợ constraint cho '%(kind)s'", kind=plan.kind))
    except Unsupported as error:
        report.add("survey", n, header, "constraint", str(error))


def _columns(report: Report, n: int, row: dict[str, Any], plan: Plan) -> None:
    """Only the supported columns hold values; appearance only as multiline text."""
    for header, value in row.items():
        base, _language = column(header)
        if header.startswith("$"):
            continue
        if base not in SURVEY_COLUMNS:
            report.add("survey", n, header, header, unsupported_column())
        elif base == "appearance":
            if plan.kind == "text" and value == "multiline":
                plan.multiline = True
            elif not (plan.kind == "group" and value == "field-list"):
                text = _("chưa hỗ trợ appearance '%(value)s'", value=value)
                report.add("survey", n, header, "appearance", text)


def _required(report: Report, n: int, row: dict[str, Any], plan: Plan) -> None:
    """required is yes or no; a note or group asks nothing."""
    header = next((h for h in row if column(h)[0] == "required"), None)
    if header is None:
        return
    value = aliases.yes_no.get(str(row[header]).strip())
    if value is None:
        report.add("survey", n, header, "required", not_yes_or_no(row[header]))
    elif value and plan.kind in ("note", "group"):
        text = _("'%(kind)s' không thể là câu hỏi bắt buộc", kind=plan.kind)
        report.add("survey", n, header, "required", text)
