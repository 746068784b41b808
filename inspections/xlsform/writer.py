"""Writing a checklist as an XLSForm workbook that pyxform converts and reader.py reads back.

Areas are groups and items their rows (layout.py names the columns); the
English title, which the settings sheet has no cell for, goes to the `phieu`
sheet as forms' writer does; Kobo and ODK ignore what they do not know.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

from core.definitions import Label, Source
from core.xlsform import names
from core.xlsform.expressions import write_bounds
from inspections.checklist import Area, Checklist, Item, parse
from inspections.xlsform import layout


def write_checklist_xlsform(checklist: Checklist | dict[str, Any], path: Path | str) -> None:
    """Write a checklist (loaded, or as its definition dict) as an .xlsx XLSForm."""
    if isinstance(checklist, dict):
        checklist = parse(Source(str(path), checklist, {}))
    languages = [names.VIETNAMESE] + ([names.ENGLISH] if _has_english(checklist) else [])
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(_headers(layout.SURVEY, languages))
    lists: list[str] = []
    for area in checklist.areas:
        survey.append(_cells(_area_row(area), languages))
        for item in area.items:
            row = _item_row(item)
            survey.append(_cells(row, languages))
            list_name = row["type"].partition(" ")[2]
            if list_name and list_name not in lists:
                lists.append(list_name)
        survey.append(["end group"])
    choices = book.create_sheet("choices")
    choices.append(_headers(["list_name", "name", "label"], languages))
    for list_name in sorted(lists):
        results = layout.RESULTS_NA if list_name == layout.RESULT_LIST_NA else layout.RESULTS
        for result in results:
            vi, en = layout.RESULT_LABELS[result]
            choices.append([list_name, result, vi] + ([en] if len(languages) > 1 else []))
    settings = book.create_sheet("settings")
    settings.append(list(layout.SETTINGS))
    settings.append(
        [
            names.name(checklist.slug),
            checklist.title.vi,
            str(checklist.version),
            names.VIETNAMESE,
            _number(checklist.total_points),
        ]
    )
    if checklist.title.en:
        extras = book.create_sheet(names.PHIEU_SHEET)
        extras.append(["key", "value"])
        title = {"vi": checklist.title.vi, "en": checklist.title.en}
        extras.append(
            [
                "title",
                yaml.safe_dump(
                    title, allow_unicode=True, sort_keys=False, default_flow_style=True, width=10**6
                ).strip(),
            ]
        )
    book.save(path)


def _area_row(area: Area) -> dict[str, Any]:
    return {
        "type": "begin group",
        "name": names.name(area.key),
        "label": area.title,
        "hint": area.guidance,
        "points": _number(area.points),
    }


def _item_row(item: Item) -> dict[str, Any]:
    """The survey row of one item, by column; what is a default is left empty."""
    row: dict[str, Any] = {"name": names.name(item.key), "label": item.label, "kind": item.kind}
    row["hint"] = item.guidance
    if item.points:
        row["points"] = _number(item.points)
    if item.takes_result:
        row["type"] = (
            f"select_one {layout.RESULT_LIST_NA if item.na_allowed else layout.RESULT_LIST}"
        )
    elif item.kind == "figure":
        row["type"] = item.number
        # min 0 is the default, so the constraint gives what the file gave.
        row["constraint"] = write_bounds(item.min or None, item.max)
        row["unit"] = item.unit
    else:
        row["type"] = "calculate"
        row["calculation"] = layout.write_ratio(
            names.name(item.numerator or ""), names.name(item.denominator or "")
        )
        if item.target is not None:
            row["target"] = _number(item.target)
        if item.na_allowed:
            row["na_allowed"] = "yes"
    if item.evidence != (item.kind == "document"):
        row["evidence"] = "yes" if item.evidence else "no"
    if item.photo:
        row["photo"] = "yes"
    return row


def _headers(columns: list[str], languages: list[str]) -> list[str]:
    return [
        f"{c}::{lang}" if c in layout.TRANSLATED else c
        for c in columns
        for lang in (languages if c in layout.TRANSLATED else [None])
    ]


def _cells(row: dict[str, Any], languages: list[str]) -> list[Any]:
    """A row's cells in the survey's columns, a label's in one column per language."""
    cells: list[Any] = []
    for column in layout.SURVEY:
        value = row.get(column)
        if column in layout.TRANSLATED:
            label: Label | None = value
            texts = [label.vi, label.en or ""] if label is not None else ["", ""]
            cells += texts[: len(languages)]
        else:
            cells.append("" if value is None else value)
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _has_english(checklist: Checklist) -> bool:
    labels = [checklist.title]
    for area in checklist.areas:
        labels += [area.title, area.guidance]
        labels += [text for i in area.items for text in (i.label, i.guidance, i.unit)]
    return any(label.en for label in labels if label is not None)


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
