"""Where each part of a checklist sits in an XLSForm workbook: what reader and writer share."""

from __future__ import annotations

import re

# The result an inspector ticks, as choices: the names a result list must have.
PASS, FAIL, NOT_APPLICABLE = "dat", "khong_dat", "khong_ap_dung"
RESULTS = (PASS, FAIL)
RESULTS_NA = (PASS, FAIL, NOT_APPLICABLE)
# The lists the writer writes: without and with "không áp dụng" (kad).
RESULT_LIST, RESULT_LIST_NA = "ket_qua", "ket_qua_kad"
# Their labels in Kobo and ODK; Phiếu's tablet shows its own buttons.
RESULT_LABELS = {
    PASS: ("Đạt", "Pass"),
    FAIL: ("Không đạt", "Fail"),
    NOT_APPLICABLE: ("Không áp dụng", "Not applicable"),
}

# The survey's columns, in the writer's order; pyxform carries the extra ones through.
SURVEY = [
    "type",
    "name",
    "label",
    "hint",
    "kind",
    "points",
    "unit",
    "constraint",
    "calculation",
    "target",
    "na_allowed",
    "evidence",
    "photo",
]
# The columns written once per language.
TRANSLATED = {"label", "hint", "unit"}
CHOICES = {"list_name", "name", "label"}
# settings columns read; pyxform's own others (style, instance_name...) are left alone.
SETTINGS = ("form_id", "form_title", "version", "default_language", "total_points")
# The keys the `phieu` sheet may give a checklist: the title with its English.
EXTRA_KEYS = ("title",)

# The kinds each row type can be, the first when the `kind` column is empty.
KINDS_OF_TYPE = {
    "select one": ("check", "document"),
    "integer": ("figure",),
    "decimal": ("figure",),
    "calculate": ("ratio",),
}

_NAME = r"\$\{\s*(\w+)\s*\}"
RATIO = re.compile(rf"\(?\s*{_NAME}\s+div\s+{_NAME}\s*\)?\s*\*\s*100")


def ratio(expression: str) -> tuple[str, str] | None:
    """(numerator, denominator) names of `${a} div ${b} * 100`; None for anything else."""
    match = RATIO.fullmatch(expression.strip())
    return (match.group(1), match.group(2)) if match else None


def write_ratio(numerator: str, denominator: str) -> str:
    """The calculation of a ratio as a percentage, as ratio() reads it back."""
    return f"${{{numerator}}} div ${{{denominator}}} * 100"
