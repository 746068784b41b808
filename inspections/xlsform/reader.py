"""Reading an XLSForm workbook into the plain dict a checklist YAML file parses into.

pyxform reads the workbook, as for forms (forms/xlsform/), so the file is one
that Kobo and ODK open as a plain questionnaire. Each group is an area and
each row in it an item (docs/CHECKLISTS.md, "Checklists in XLSForm"); every
cell Phiếu cannot take is told at once, then the checklist loader's own
problems, each at its cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from pyxform import aliases
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json

from core.definitions import DefinitionError, Source
from core.xlsform import names
from core.xlsform.expressions import Unsupported, bounds
from core.xlsform.problems import (
    Report,
    bad_name,
    list_not_in_choices,
    no_vietnamese,
    not_a_language,
    not_a_number,
    not_yes_or_no,
    pyxform_refused,
    row_without_type,
    type_not_supported,
    unsupported_column,
)
from core.xlsform.sheets import column, extra_sheet, open_workbook
from inspections.checklist import RESULT_KINDS, parse
from inspections.xlsform import layout

# The survey column of each item key, where a loader problem is told.
ITEM_COLUMNS = {
    "key": "name",
    "kind": "kind",
    "label": "label",
    "guidance": "hint",
    "points": "points",
    "evidence": "evidence",
    "photo": "photo",
    "number": "type",
    "min": "constraint",
    "max": "constraint",
    "unit": "unit",
    "numerator": "calculation",
    "denominator": "calculation",
    "target": "target",
    "na_allowed": "na_allowed",
}
AREA_COLUMNS = {"key": "name", "title": "label", "points": "points", "guidance": "hint"}
# An area's row takes these; the others describe items.
AREA_TAKES = {"type", "name", "label", "hint", "points"}
# Where a loader problem with a top-level key is told: (sheet, column).
TOP_CELLS = {
    "slug": ("settings", "form_id"),
    "version": ("settings", "version"),
    "title": ("settings", "form_title"),
    "total_points": ("settings", "total_points"),
    "areas": ("settings", "total_points"),  # the areas' points do not add up to it
}


@dataclass
class Rows:
    """The survey row of each area and item read, by position, for the loader's problems."""

    areas: list[int] = field(default_factory=list)
    items: dict[tuple[int, int], int] = field(default_factory=dict)


def read_checklist_xlsform(path: Path | str) -> dict[str, Any]:
    """The checklist dict of a workbook; XLSFormError lists every problem at once."""
    path = Path(path)
    report, sheets = open_workbook(path)
    for sheet, header in (("survey", sheets.survey_header), ("choices", sheets.choices_header)):
        _check_headers(report, sheet, list(header[0]) if header else [])
    settings = dict((sheets.settings or [{}])[0])
    default = names.language(str(settings.get("default_language", ""))) or "vi"
    lists = _result_lists(report, list(sheets.choices or []))
    rows = Rows()
    areas = _Survey(report, lists, default, rows).read(list(sheets.survey or []))
    data = _top(report, settings, sheets.fallback_form_name)
    extras = extra_sheet(report, path, layout.EXTRA_KEYS)
    data.update(extras)
    data["areas"] = areas
    report.raise_any()
    _validate(report, data, rows, path, "title" in extras)
    try:
        workbook_to_json(
            workbook_dict=sheets, fallback_form_name=sheets.fallback_form_name, warnings=[]
        )
    except PyXFormError as error:
        # Told only when Phiếu's checks found nothing: they name the cell, pyxform
        # a row at most (a ratio of a missing figure is the loader's, at its cell).
        report.add("workbook", None, None, "pyxform", pyxform_refused(error))
        report.raise_any()
    return data


def _check_headers(report: Report, sheet: str, headers: list[str]) -> None:
    """Texts in Vietnamese and English only; a language only on a column of texts."""
    for header in headers:
        base, language = column(header)
        if language is None or header.startswith("$"):
            continue
        if base not in layout.TRANSLATED:
            text = _("cột này không ghi theo ngôn ngữ: hãy bỏ '::'")
            report.add(sheet, 1, header, header, text)
        elif names.language(language) is None:
            report.add(sheet, 1, header, "language", not_a_language(language))


def _result_lists(report: Report, rows: list[dict[str, Any]]) -> dict[str, bool | None]:
    """Each list of the choices sheet: whether it allows not applicable; None if not results."""
    lists: dict[str, list[str]] = {}
    for i, row in enumerate(rows):
        n = i + 2
        for header in row:
            if column(header)[0] not in layout.CHOICES and not header.startswith("$"):
                report.add("choices", n, header, header, unsupported_column())
        if row.get("list_name") and row.get("name"):
            lists.setdefault(row["list_name"], []).append(row["name"])
    # In any order: a list of results is told by its choices, not by its name.
    results = {tuple(sorted(layout.RESULTS)): False, tuple(sorted(layout.RESULTS_NA)): True}
    return {name: results.get(tuple(sorted(choices))) for name, choices in lists.items()}


class _Survey:
    """The survey sheet read row by row: groups as areas, their rows as items."""

    def __init__(self, report: Report, lists: dict[str, bool | None], default: str, rows: Rows):
        self.report, self.lists, self.default, self.rows = report, lists, default, rows

    def read(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The areas of the survey's rows, each with its items."""
        areas: list[dict[str, Any]] = []
        area: dict[str, Any] | None = None
        for i, row in enumerate(rows):
            n = i + 2
            raw_type = " ".join(str(row.get("type", "")).split())
            lowered = raw_type.lower()
            name = str(row.get("name", "")).strip()
            if not raw_type:
                if any(not h.startswith("$") for h in row):
                    self.report.add("survey", n, "type", "type", row_without_type())
                continue
            if lowered in names.METADATA or (lowered == "calculate" and name in names.KOBO_VERSION):
                continue  # what Kobo and ODK record by themselves
            if lowered in ("begin group", "begin_group"):
                if area is not None:
                    text = _("chưa hỗ trợ nhóm lồng trong nhóm: một lĩnh vực chỉ chứa các tiêu chí")
                    self.report.add("survey", n, "type", raw_type, text)
                    continue
                area = self._area(n, row, name)
                areas.append(area)
                self.rows.areas.append(n)
            elif lowered in ("end group", "end_group"):
                if area is None:
                    text = _("không có nhóm nào để kết thúc")
                    self.report.add("survey", n, "type", raw_type, text)
                area = None
            elif area is None:
                text = _("tiêu chí nằm ngoài nhóm: hãy đặt nó giữa begin group và end group")
                self.report.add("survey", n, "type", raw_type, text)
            else:
                item = self._item(n, row, name, raw_type)
                if item is not None:
                    self.rows.items[(len(areas) - 1, len(area["items"]))] = n
                    area["items"].append(item)
        if not any("na_allowed" in item for a in areas for item in a["items"]):
            # A checklist naming na_allowed on no item is read as one written before the key
            # existed (N/A allowed on every ticked item): this one says it allows none.
            for item in (item for a in areas for item in a["items"]):
                if item["kind"] in RESULT_KINDS:
                    item["na_allowed"] = False
        return areas

    def _area(self, n: int, row: dict[str, Any], name: str) -> dict[str, Any]:
        """An area of a begin group row; its items follow."""
        for header, value in row.items():
            base = column(header)[0]
            if base == "appearance" and value == "field-list":
                continue  # Kobo's one page per group: the tablet shows an area as one anyway
            if base not in AREA_TAKES and not header.startswith("$"):
                text = _("nhóm (lĩnh vực) chỉ nhận các cột type, name, label, hint và points")
                self.report.add("survey", n, header, header, text)
        area: dict[str, Any] = {"key": self._key(n, name)}
        area["title"] = self._text(n, row, "label") or name
        if "points" in row:
            area["points"] = self._number(n, row, "points")
        guidance = self._text(n, row, "hint")
        if guidance is not None:
            area["guidance"] = guidance
        area["items"] = []
        return area

    def _item(self, n: int, row: dict[str, Any], name: str, raw_type: str) -> dict | None:
        """One item of a supported row type; None, with the problem told, for the others."""
        type_ = self._type(n, raw_type)
        if type_ is None:
            return None
        kinds = layout.KINDS_OF_TYPE[type_]
        kind = str(row.get("kind", "")).strip().lower() or kinds[0]
        if kind not in kinds:
            text = _wrong_kind(raw_type, kinds, kind)
            self.report.add("survey", n, "kind", "kind", text)
        item: dict[str, Any] = {"key": self._key(n, name), "kind": kind}
        if "points" in row:
            item["points"] = self._number(n, row, "points")
        item["label"] = self._text(n, row, "label") or name
        for key, base in (("guidance", "hint"), ("unit", "unit")):
            text = self._text(n, row, base)
            if text is not None:
                item[key] = text
        for key in ("evidence", "photo"):
            if key in row:
                item[key] = self._yes_no(n, row, key)
        self._columns(n, row, type_)
        if type_ == "select one":
            if self.lists[raw_type.rpartition(" ")[2]]:
                item["na_allowed"] = True  # its list offers khong_ap_dung
        elif type_ == "calculate":
            self._ratio(n, row, item)
        else:
            if type_ == "decimal":
                item["number"] = "decimal"
            self._bounds(n, row, item)
            if "na_allowed" in row:  # refused by the loader, at its cell
                item["na_allowed"] = self._yes_no(n, row, "na_allowed")
        if "target" in row and type_ != "calculate":
            item["target"] = self._number(n, row, "target")  # refused by the loader
        return item

    def _type(self, n: int, raw_type: str) -> str | None:
        """'select one' (of a result list), 'integer', 'decimal' or 'calculate'."""
        lowered = raw_type.lower()
        if lowered in ("integer", "decimal", "calculate"):
            return lowered
        head, _space, list_name = raw_type.rpartition(" ")
        if aliases.select.get(head.lower()) == "select one" and "from" not in head.lower():
            if list_name not in self.lists:
                self.report.add("survey", n, "type", "choices", list_not_in_choices(list_name))
            elif self.lists[list_name] is None:
                text = _(
                    "danh sách '%(list)s' không phải danh sách kết quả: các lựa chọn phải là"
                    " %(results)s (thêm %(na)s để cho phép không áp dụng)",
                    list=list_name,
                    results=", ".join(layout.RESULTS),
                    na=layout.NOT_APPLICABLE,
                )
                self.report.add("survey", n, "type", "choices", text)
            else:
                return "select one"
            return None
        self.report.add("survey", n, "type", raw_type, type_not_supported(raw_type))
        return None

    def _columns(self, n: int, row: dict[str, Any], type_: str) -> None:
        """Only the mapped columns; constraint, calculation, na_allowed where they apply."""
        for header in row:
            base = column(header)[0]
            if header.startswith("$"):
                continue
            if base not in layout.SURVEY:
                self.report.add("survey", n, header, header, unsupported_column())
            elif base == "constraint" and type_ not in ("integer", "decimal"):
                text = _("chỉ tiêu chí số liệu (integer hoặc decimal) mới có constraint")
                self.report.add("survey", n, header, "constraint", text)
            elif base == "calculation" and type_ != "calculate":
                text = _("chỉ tiêu chí tỷ lệ (calculate) mới có calculation")
                self.report.add("survey", n, header, "calculation", text)
            elif base == "na_allowed" and type_ == "select one":
                text = _(
                    "với tiêu chí check hoặc document, danh sách lựa chọn quyết định việc này:"
                    " select_one %(list)s cho phép không áp dụng",
                    list=layout.RESULT_LIST_NA,
                )
                self.report.add("survey", n, header, "na_allowed", text)

    def _ratio(self, n: int, row: dict[str, Any], item: dict[str, Any]) -> None:
        parts = layout.ratio(str(row.get("calculation", "")))
        if parts is None:
            text = _("tỷ lệ phải được tính theo công thức ${numerator} div ${denominator} * 100")
            self.report.add("survey", n, "calculation", "calculation", text)
        else:
            item["numerator"], item["denominator"] = (names.key(p) for p in parts)
        if "target" in row:
            item["target"] = self._number(n, row, "target")
        if "na_allowed" in row:
            item["na_allowed"] = self._yes_no(n, row, "na_allowed")

    def _bounds(self, n: int, row: dict[str, Any], item: dict[str, Any]) -> None:
        header = next((h for h in row if column(h)[0] == "constraint"), None)
        if header is None:
            return
        try:
            low, high = bounds(str(row[header]))
        except Unsupported as error:
            self.report.add("survey", n, header, "constraint", str(error))
            return
        for key, value in (("min", low), ("max", high)):
            if value is not None:
                item[key] = _whole(value)

    def _key(self, n: int, name: str) -> str:
        if not names.SLUG.fullmatch(names.key(name)):
            self.report.add("survey", n, "name", "name", bad_name(name))
        return names.key(name)

    def _text(self, n: int, row: dict[str, Any], base: str) -> str | dict | None:
        """A label of the row's columns `base`, `base::Vietnamese (vi)`, `base::English (en)`."""
        texts = {}
        for header, value in row.items():
            found, language = column(header)
            if found == base and not header.startswith("$") and str(value).strip():
                code = names.language(language) if language else self.default
                if code is not None:
                    texts[code] = str(value).strip()
        if not texts:
            return None
        if "vi" not in texts:
            self.report.add("survey", n, base, base, no_vietnamese())
            return None
        return {"vi": texts["vi"], "en": texts["en"]} if texts.get("en") else texts["vi"]

    def _number(self, n: int, row: dict[str, Any], key: str) -> float | int | None:
        return _number(self.report, "survey", n, key, row[key])

    def _yes_no(self, n: int, row: dict[str, Any], key: str) -> bool | None:
        value = aliases.yes_no.get(str(row[key]).strip())
        if value is None:
            self.report.add("survey", n, key, key, not_yes_or_no(row[key]))
        return value


def _top(report: Report, settings: dict[str, Any], fallback: str | None) -> dict[str, Any]:
    """slug, version, title and total_points of the settings sheet."""
    form_id = str(settings.get("form_id") or fallback or "")
    version = str(settings.get("version", "")).strip()
    data: dict[str, Any] = {
        "slug": names.key(form_id),
        # Kobo's version strings are not Phiếu versions: they start at 1.
        "version": int(version) if version.isdigit() and int(version) > 0 else 1,
        "title": str(settings.get("form_title") or form_id),
    }
    if settings.get("total_points") not in (None, ""):
        data["total_points"] = _number(
            report, "settings", 2, "total_points", settings["total_points"]
        )
    return data


def _number(report: Report, sheet: str, n: int, key: str, value: Any) -> float | int | None:
    try:
        return _whole(float(str(value).strip()))
    except ValueError:
        report.add(sheet, n, key, key, not_a_number(value))
        return None


def _wrong_kind(raw_type: str, kinds: tuple[str, ...], kind: str) -> str:
    """A row whose `kind` column names a kind its type cannot be."""
    if len(kinds) == 1:
        return _(
            "hàng '%(type)s' là tiêu chí kiểu %(first)s, không phải '%(kind)s'",
            type=raw_type,
            first=kinds[0],
            kind=kind,
        )
    return _(
        "hàng '%(type)s' là tiêu chí kiểu %(first)s hoặc %(second)s, không phải '%(kind)s'",
        type=raw_type,
        first=kinds[0],
        second=kinds[1],
        kind=kind,
    )


def _whole(value: float) -> float | int:
    """2 for 2.0, as YAML writes it: an exported checklist reads back the same."""
    return int(value) if float(value).is_integer() else value


def _validate(report: Report, data: dict, rows: Rows, path: Path, extra_title: bool) -> None:
    """Load the dict as a checklist file is loaded; each refusal is told at its cell."""
    try:
        parse(Source(path.name, data, {}))
    except DefinitionError as error:
        for problem in error.problems:
            _place(report, problem, rows, extra_title)
        report.raise_any()


def _place(report: Report, problem: DefinitionError, rows: Rows, extra_title: bool) -> None:
    found = re.match(r"areas\[(\d+)\](?:\.items\[(\d+)\])?\.?(\w*)", problem.field)
    if found and int(found.group(1)) < len(rows.areas):
        area, item, key = int(found.group(1)), found.group(2), found.group(3)
        if item is None:
            n, header = rows.areas[area], AREA_COLUMNS.get(key, "type")
        else:
            n = rows.items.get((area, int(item)), rows.areas[area])
            header = ITEM_COLUMNS.get(key, "type")
        if report.letter("survey", header) is None:
            header = "type"
        report.add("survey", n, header, header, problem.problem)
        return
    top = problem.field.split(".")[0]
    if top == "areas" and not rows.areas:
        text = _("không có nhóm nào: danh mục kiểm tra cần có các lĩnh vực (nhóm)")
        report.add("survey", None, None, "begin group", text)
    elif top == "title" and extra_title:
        report.add(names.PHIEU_SHEET, None, None, problem.field, problem.problem)
    elif top in TOP_CELLS:
        sheet, header = TOP_CELLS[top]
        report.add(sheet, 2, header, header, problem.problem)
    else:
        report.add("survey", None, None, problem.field, problem.problem)
