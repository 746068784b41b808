"""Reading an XLSForm workbook into the plain dict a Phiếu definition file parses into.

pyxform, ODK's reference reader, reads the workbook, so that a file means here
what it means in Kobo and ODK Collect: its rows are checked first (checks.py),
then the survey it builds is mapped onto Phiếu's questions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pyxform import aliases
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json

from core.definitions import DefinitionError
from core.xlsform import names
from core.xlsform.problems import Report, no_vietnamese, pyxform_refused
from core.xlsform.sheets import extra_sheet, open_workbook
from forms.definition import form_from_data
from forms.types.choice import Rating3, Rating5
from forms.xlsform import checks

# The Phiếu keys the extra sheet may give, that XLSForm has no place for.
EXTRA_KEYS = ("title", "intro", "receipt_code", "summary", "satisfied", "grades")
# Where a loader error on a question's key is in the survey sheet.
FIELD_COLUMNS = {
    "key": "name",
    "type": "type",
    "label": "label",
    "hint": "hint",
    "required": "required",
    "show_if": "relevant",
    "min": "constraint",
    "max": "constraint",
    "max_length": "constraint",
    "options": "type",
}


def read_xlsform(path: Path | str) -> dict[str, Any]:
    """The definition dict of a workbook; XLSFormError lists every problem at once."""
    path = Path(path)
    report, sheets = open_workbook(path)
    for sheet, header in (("survey", sheets.survey_header), ("choices", sheets.choices_header)):
        checks.check_languages(report, sheet, list(header[0]) if header else [])
    lists = checks.choice_lists(report, list(sheets.choices or []))
    plans = checks.check_survey(report, list(sheets.survey or []), lists)
    extras = extra_sheet(report, path, EXTRA_KEYS)
    survey = None
    try:
        survey = workbook_to_json(
            workbook_dict=sheets, fallback_form_name=sheets.fallback_form_name, warnings=[]
        )
    except PyXFormError as error:
        # Told only when the checks found nothing: they name, at its cell, each problem
        # pyxform would stop at first, and pyxform names a row at most.
        if not report.problems:
            report.add("workbook", None, None, "pyxform", pyxform_refused(error))
    report.raise_any()
    rows: list[int] = []
    data = _definition(report, survey, plans, extras, rows)
    report.raise_any()
    _validate(report, data, rows, path)
    return data


def _definition(
    report: Report, survey: dict, plans: checks.Plans, extras: dict, rows: list[int]
) -> dict[str, Any]:
    """The definition dict; `rows` gets each question's survey row, in order."""
    version = str(survey.get("version", "")).strip()
    data: dict[str, Any] = {
        "slug": names.key(survey["id_string"]),
        # Kobo's version strings are not Phiếu versions: they start at 1.
        "version": int(version) if version.isdigit() and int(version) > 0 else 1,
        "title": survey.get("title") or survey["id_string"],
    }
    questions: list[dict[str, Any]] = []
    _walk(report, survey.get("children", []), plans, questions, rows)
    data.update({k: extras[k] for k in ("title", "intro") if k in extras})
    data["questions"] = questions
    data.update({k: v for k, v in extras.items() if k not in ("title", "intro")})
    return data


def _walk(
    report: Report, children: list[dict], plans: checks.Plans, out: list[dict], rows: list[int]
) -> None:
    """Questions of a survey level, groups flattened into a heading and their rows."""
    for element in children:
        name = element.get("name", "")
        plan = plans.by_name.get(name)
        if name in plans.ignored or plan is None:
            continue  # metadata, and the meta group pyxform adds
        question = _question(report, element, plan)
        if question is not None:
            out.append(question)
            rows.append(plan.row)
        if plan.kind == "group":
            _walk(report, element.get("children", []), plans, out, rows)


def _question(report: Report, element: dict, plan: checks.Plan) -> dict[str, Any] | None:
    """One Phiếu question of a survey element (a group: its heading, if it has a label)."""
    label = _label(report, element.get("label"), plan.row, "label")
    if plan.kind == "group" and label is None:
        return None
    question: dict[str, Any] = {"key": names.key(element["name"]), "type": _type(plan)}
    question["label"] = label if label is not None else element["name"]
    hint = _label(report, element.get("hint"), plan.row, "hint")
    if hint is not None:
        question["hint"] = hint
    bind = element.get("bind", {})
    if aliases.yes_no.get(str(bind.get("required", "no")).strip()):
        question["required"] = True
    for key, column in (
        ("jr:requiredMsg", "required_message"),
        ("jr:constraintMsg", "constraint_message"),
    ):
        message = _label(report, bind.get(key), plan.row, column)
        if message is not None:
            question[column] = message
    if plan.list_name is not None:
        options = [_option(report, c, plan) for c in element.get("choices", [])]
        rating = _rating(options)
        if rating:
            question["type"] = rating
        else:
            question["options"] = options
    for bound in ("min", "max"):
        value = getattr(plan, bound)
        if value is not None:
            question[bound] = int(value) if float(value).is_integer() else value
    if plan.max_length is not None:
        question["max_length"] = plan.max_length
    if plan.show_if is not None:
        target, values = plan.show_if
        question["show_if"] = {"question": names.key(target), "in": [names.key(v) for v in values]}
    return question


def _type(plan: checks.Plan) -> str:
    return {
        "select one": "single",
        "select all that apply": "multiple",
        "group": "heading",
        "text": "textarea" if plan.multiline else "text",
    }.get(plan.kind, plan.kind)


def _option(report: Report, choice: dict, plan: checks.Plan) -> dict[str, Any]:
    option: dict[str, Any] = {"key": names.key(choice["name"])}
    option["label"] = _label(report, choice.get("label"), plan.row, "label") or choice["name"]
    if "points" in choice:
        points = float(choice["points"])
        option["points"] = int(points) if points.is_integer() else points
    return option


def _rating(options: list[dict]) -> str | None:
    """rating3 or rating5 when the options are exactly that fixed scale, as the writer writes it."""
    for kind in (Rating3, Rating5):
        levels = [
            {"key": o.key, "label": {"vi": o.label.vi, "en": o.label.en}} for o in kind.levels
        ]
        if options == levels:
            return kind.name
    return None


def _label(report: Report, value: Any, row: int, column: str) -> str | dict | None:
    """A Phiếu label of pyxform's label: a text, or texts by language."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    texts = {names.language(language): text for language, text in value.items()}
    if "vi" not in texts:
        report.add("survey", row, column, column, no_vietnamese())
        return None
    return {"vi": texts["vi"], "en": texts["en"]} if texts.get("en") else texts["vi"]


def _validate(report: Report, data: dict, rows: list[int], path: Path) -> None:
    """Load the dict as a definition file is loaded; a refusal is told at its row."""
    try:
        form_from_data(data, path.name)
    except DefinitionError as error:
        found = re.match(r"questions\[(\d+)\]\.?(\w*)", error.field)
        if found and int(found.group(1)) < len(rows):
            column = FIELD_COLUMNS.get(found.group(2), "name")
            report.add("survey", rows[int(found.group(1))], column, column, error.problem)
        else:
            sheet = names.PHIEU_SHEET if error.field.split(".")[0] in EXTRA_KEYS else "settings"
            report.add(sheet, None, None, error.field, error.problem)
        report.raise_any()
