"""What forms' and checklists' workbooks share: column headers and the extra `phieu` sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from flask_babel import gettext as _

from core.xlsform import names
from core.xlsform.problems import Problem, Report, XLSFormError, header_letters, pyxform_refused

# What the column names of pyxform's aliases mean (relevance is relevant...).
SURVEY_ALIASES = {
    "relevance": "relevant",
    "caption": "label",
    "constraining_message": "constraint_message",
    "requiredmsg": "required_message",
}


def open_workbook(path: Path) -> tuple[Report, Any]:
    """An empty report that knows the workbook's column letters, and pyxform's sheets."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2json_backends import get_xlsform

    report = Report(letters=header_letters(path))
    try:
        return report, get_xlsform(str(path))
    except PyXFormError as error:
        problem = Problem("workbook", None, None, "pyxform", pyxform_refused(error))
        raise XLSFormError([problem]) from error


def column(header: str) -> tuple[str, str | None]:
    """('label', 'English (en)') for 'label::English (en)'; aliases resolved."""
    base, _sep, language = header.partition("::")
    base = base.strip().lower()
    return SURVEY_ALIASES.get(base, base), (language.strip() or None)


def extra_sheet(report: Report, path: Path, keys: tuple[str, ...]) -> dict[str, Any]:
    """The Phiếu-only keys of the extra sheet (key | value in YAML), if the workbook has one.

    Forms and checklists each take keys of their own (forms/xlsform/, inspections/xlsform/).
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = next((s for s in book.worksheets if s.title.lower() == names.PHIEU_SHEET), None)
        if sheet is None:
            return {}
        found: dict[str, Any] = {}
        for n, (key, value, *_rest) in enumerate(
            sheet.iter_rows(min_row=2, max_col=2, values_only=True), start=2
        ):
            if key is None:
                continue
            if key not in keys:
                text = _("trang tính này không nhận khóa này")
                report.add(names.PHIEU_SHEET, n, "key", str(key), text)
                continue
            try:
                found[key] = yaml.safe_load(str(value)) if value is not None else None
            except yaml.YAMLError:
                report.add(
                    names.PHIEU_SHEET, n, "value", key, _("không phải là giá trị YAML hợp lệ")
                )
        return found
    finally:
        book.close()
