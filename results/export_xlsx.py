"""The XLSX export: a titled, filterable sheet of responses, then the tallies.

XlsxWriter in constant-memory mode writes each row to disk as it comes: on the
same 200,000 responses it ran in about half the time openpyxl's write-only mode
took (docs/PERFORMANCE.md). A sheet holds at most 1,048,576 rows, so a bigger
export is refused before anything is written, pointing to the CSV.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import IO

import sqlite_utils
from flask_babel import gettext as _

from core import dates
from core.units import Unit, subtree
from forms.definition import FormDef
from results import export
from results.tallies import Filters, Tallies, channel_label, counter_names

# Excel's own limit of rows in a sheet.
EXCEL_ROWS = 1_048_576
# The title row and the column titles above the responses.
TOP_ROWS = 2
DAY_FORMAT, TIME_FORMAT = "dd/mm/yyyy", "dd/mm/yyyy hh:mm"


class TooManyRows(Exception):
    """The responses do not fit in one sheet; the CSV holds them."""

    def __init__(self, responses: int, limit: int):
        super().__init__(responses, limit)
        self.responses = responses
        self.limit = limit

    def message(self) -> str:
        """What to tell the person who asked for the file."""
        return _(
            "Có %(n)s phiếu, vượt quá %(limit)s phiếu một trang tính Excel chứa được."
            " Hãy tải tệp CSV (mở được bằng Excel) hoặc chọn kỳ ngắn hơn.",
            n=f"{self.responses:,}".replace(",", "."),
            limit=f"{self.limit - TOP_ROWS:,}".replace(",", "."),
        )


def check_fits(
    db: sqlite_utils.Database, form: FormDef, unit: Unit, filters: Filters, limit: int
) -> None:
    """Raise TooManyRows when the responses, title and column titles exceed `limit` rows."""
    limit = min(limit, EXCEL_ROWS)  # a setting above Excel's limit cannot raise it
    responses = export.count(db, form, unit, filters)
    if responses + TOP_ROWS > limit:
        raise TooManyRows(responses, limit)


def title(form: FormDef, unit: Unit, filters: Filters, counter: str | None) -> str:
    """The sheet's first line: what was exported, under which filters, and when."""
    return " — ".join(
        [
            str(form.title),
            _("Đơn vị: %(unit)s", unit=unit.name),
            _("Kỳ: %(period)s", period=filters.period.label),
            _("Kênh: %(channel)s", channel=_channel(filters.channel)),
            _("Quầy: %(counter)s", counter=counter or _("Tất cả")),
            _("Xuất lúc %(at)s", at=dates.local_now().strftime("%d/%m/%Y %H:%M")),
        ]
    )


def _channel(channel: str | None) -> str:
    return channel_label(channel) if channel else _("Tất cả")


def write_xlsx(
    out: IO[bytes],
    db: sqlite_utils.Database,
    form: FormDef,
    unit: Unit,
    report: Tallies,
    limit: int = EXCEL_ROWS,
) -> None:
    """Write the XLSX, or raise TooManyRows before writing anything."""
    import xlsxwriter

    filters = report.filters
    limit = min(limit, EXCEL_ROWS)
    check_fits(db, form, unit, filters, limit)
    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            # Text stays text: nothing typed by a citizen becomes a formula or a link.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    styles = {
        "title": book.add_format({"bold": True, "font_size": 12}),
        "head": book.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
        "day": book.add_format({"num_format": DAY_FORMAT}),
        "time": book.add_format({"num_format": TIME_FORMAT}),
        # Shown and edited as typed, never run as a formula (issue #16).
        "text": book.add_format({"quote_prefix": True}),
    }
    sheet = book.add_worksheet(_("Phiếu"))
    columns = export.header(form)
    # Real Excel dates, and the instant in Vietnam's time rather than UTC (issue #14).
    columns[export.SUBMITTED] = _("Thời điểm gửi (giờ Việt Nam)")
    counter = None
    if filters.counter_id:
        counter = counter_names(db, [u.id for u in subtree(unit)]).get(filters.counter_id)
    _widths(sheet, form, columns)
    write_text(sheet, 0, 0, title(form, unit, filters, counter), styles, styles["title"])
    for c, name in enumerate(columns):
        write_text(sheet, 1, 0 + c, name, styles, styles["head"])
    r = TOP_ROWS - 1
    for row in export.rows(db, form, unit, filters):
        r += 1
        if r >= limit:  # responses stored since the count: stop rather than cut silently
            raise TooManyRows(r - TOP_ROWS + 1, limit)
        _write_row(sheet, r, row, styles)
    sheet.freeze_panes(TOP_ROWS, 1)
    sheet.autofilter(TOP_ROWS - 1, 0, max(r, TOP_ROWS - 1), len(columns) - 1)
    _tallies(book, report, styles)
    book.close()


def _write_row(sheet, r: int, row: list, styles: dict) -> None:
    """One response: its day and instant as Excel dates, then numbers and text."""
    for c, value in enumerate(row):
        if value is None or value == "":
            continue
        if c == export.DAY:
            sheet.write_datetime(r, c, date.fromisoformat(value), styles["day"])
        elif c == export.SUBMITTED and (moment := _local_naive(value)) is not None:
            sheet.write_datetime(r, c, moment, styles["time"])
        elif value.__class__ is str:
            write_text(sheet, r, c, value, styles)
        else:
            sheet.write_number(r, c, value)


def write_text(sheet, r: int, c: int, value: str, styles: dict, style=None) -> None:
    """A text cell; one that looks like a formula gets the quote prefix, not a '."""
    if export.risky(value):
        style = styles["text"]
    sheet.write_string(r, c, value, style)


def _local_naive(value: str) -> datetime | None:
    """A stored UTC instant as Vietnam's wall-clock time (Excel holds no zone)."""
    moment = dates.local(value)
    return moment.replace(tzinfo=None) if moment else None


def _widths(sheet, form: FormDef, columns: list[str]) -> None:
    """Widths a person can read without dragging: facts narrow, answers wider."""
    facts = len(export.facts(form))
    asked = export.answered(form)
    fixed = {0: 10, export.DAY: 12, export.SUBMITTED: 17, 3: 24, 4: 20, 5: 16}
    for c, name in enumerate(columns):
        if c in fixed:
            width = fixed[c]
        elif c < facts:
            width = 14
        else:
            question = asked[c - facts] if c - facts < len(asked) else None
            wide = question is not None and question.kind.name in ("text", "textarea")
            width = 40 if wide else min(max(len(name) * 0.6, 14), 30)
        sheet.set_column(c, c, width)


def _tallies(book, report: Tallies, styles: dict) -> None:
    """The second sheet: the figures of the results page."""
    sheet = book.add_worksheet(_("Tổng hợp"))
    frame = export.tally_frame(report)
    sheet.set_column(0, 0, 50)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 3, 12)
    for c, name in enumerate(frame.columns):
        write_text(sheet, 0, c, name, styles, styles["head"])
    for r, row in enumerate(frame.itertuples(index=False, name=None), 1):
        for c, value in enumerate(row):
            if value is None or value != value:  # NaN from pandas
                continue
            if isinstance(value, str):
                write_text(sheet, r, c, value, styles)
            else:
                sheet.write_number(r, c, value.item() if hasattr(value, "item") else value)
    sheet.freeze_panes(1, 0)
