"""Problems found in a workbook, each named by sheet, cell and feature: survey!C7 (relevant)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _
from openpyxl.utils import get_column_letter

from core.definitions import DefinitionError


@dataclass(frozen=True)
class Problem:
    """One thing in a workbook that Phiếu cannot take."""

    sheet: str
    row: int | None
    column: str | None
    feature: str
    text: str

    @property
    def place(self) -> str:
        """Where it is and what: 'survey!C7 (relevant)'."""
        if self.row is None:
            where = self.sheet
        elif self.column is None:
            where = f"{self.sheet}!{self.row}:{self.row}"  # the whole row, as Excel writes it
        else:
            where = f"{self.sheet}!{self.column}{self.row}"
        return f"{where} ({self.feature})"

    def __str__(self) -> str:
        return f"{self.place}: {self.text}"


# What forms' and checklists' workbooks are refused for alike, worded once.


def not_a_language(language: str) -> str:
    return _("'%(language)s' không phải tiếng Việt (vi) hay tiếng Anh (en)", language=language)


def not_a_number(value: object) -> str:
    return _("'%(value)s' không phải là số", value=value)


def not_yes_or_no(value: object) -> str:
    return _("'%(value)s' không phải là yes hoặc no", value=value)


def bad_name(name: str) -> str:
    return _(
        "'%(name)s' chỉ được gồm chữ cái không dấu, chữ số và '_' (tối đa 64 ký tự)", name=name
    )


def list_not_in_choices(list_name: str) -> str:
    return _("danh sách '%(list)s' không có trong trang tính choices", list=list_name)


def type_not_supported(raw_type: str) -> str:
    return _("chưa hỗ trợ kiểu '%(type)s'", type=raw_type)


def unsupported_column() -> str:
    return _("chưa hỗ trợ cột này")


def row_without_type() -> str:
    return _("hàng này không có kiểu (type)")


def no_vietnamese() -> str:
    return _("chưa có nội dung tiếng Việt")


def pyxform_refused(error: Exception) -> str:
    """pyxform's own reason, in English as it words it, after a line in the page's language."""
    return _("pyxform không đọc được bảng tính: %(error)s", error=error)


class XLSFormError(Exception):
    """A workbook refused; `problems` lists every reason, str() one line each."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def lines(self) -> list[str]:
        """One line per problem, as the command line prints them."""
        return [str(p) for p in self.problems]

    def definition_error(self, name: str) -> DefinitionError:
        """The problems as the loader's error for the file `name`, one line each.

        A cell has no line: 'name.xlsx: survey!C7 (relevant): ...'.
        """
        return DefinitionError.listing(
            [DefinitionError(name, 0, p.place, p.text) for p in self.problems]
        )


@dataclass
class Report:
    """Gathers problems while a workbook is read, so that all are told at once."""

    # sheet -> header -> column letter, from the workbook's first rows.
    letters: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, sheet: str, row: int | None, header: str | None, feature: str, text: str):
        column = self.letter(sheet, header) if header else None
        self.problems.append(Problem(sheet, row, column, feature, text))

    def letter(self, sheet: str, header: str) -> str | None:
        """The column of a header, or of the first one of that name in any language."""
        letters = self.letters.get(sheet, {})
        if header in letters:
            return letters[header]
        base = header.lower()
        return next((v for h, v in letters.items() if h.partition("::")[0].lower() == base), None)

    def raise_any(self) -> None:
        if self.problems:
            raise XLSFormError(self.problems)


def header_letters(path: Path) -> dict[str, dict[str, str]]:
    """Each sheet's column letters by header, read as pyxform reads headers.

    pyxform's rows drop the column positions, and a blank header column would
    shift a letter counted from them, so the letters come from the file itself.
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - not a workbook: pyxform says why, in one problem
        return {}
    try:
        letters = {}
        for sheet in book.worksheets:
            first = next(sheet.iter_rows(max_row=1, values_only=True), ())
            letters[sheet.title.lower()] = {
                " ".join(str(v).split()): get_column_letter(i)
                for i, v in enumerate(first, start=1)
                if v is not None and str(v).strip()
            }
        return letters
    finally:
        book.close()
