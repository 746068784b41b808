"""CSV and XLSX exports: one row per response, one column per question.

The CSV goes through csv.writer, the XLSX through pandas. Both stream: rows come
from the database cursor, so a million responses never sit in memory at once.
Every text cell that a spreadsheet would read as a formula is neutralised
(OWASP 'CSV injection'): a leading ', which Excel and LibreOffice show as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import IO

import sqlite_utils
from flask_babel import gettext as _

from core import dates
from core.units import Unit, subtree
from forms.definition import FormDef
from forms.expand import expand_pending, expanded_up_to
from results.tallies import Filters, Tallies, channel_label

CHUNK = 20_000
CSV_ROWS = 2_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML 1.0 (and so XLSX) cannot hold; openpyxl refuses them.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
BOM = "\ufeff"
# Positions of the response's day and instant in header().
DAY, SUBMITTED = 1, 2


def neutralise(value):
    """A cell value a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def answered(form: FormDef) -> list:
    """The questions that take an answer, one column each (notes and headings have none)."""
    return [q for q in form.questions if q.kind.answered]


def header(form: FormDef) -> list[str]:
    """Column titles: the response's facts, then each question's Vietnamese label."""
    columns = [
        _("Mã phiếu"),
        _("Ngày"),
        _("Thời điểm gửi (UTC)"),
        _("Đơn vị"),
        _("Quầy"),
        _("Kênh"),
    ]
    if form.receipt_code != "none":
        columns.append(_("Mã hồ sơ"))
    for question in answered(form):
        # A label may repeat a fact's title ("Ngày") or another label: the key,
        # unique in the form, keeps each column apart for the reader and for pandas.
        label = str(question.label)
        columns.append(f"{label} ({question.key})" if label in columns else label)
    if form.grades:
        columns.append(_("Tổng điểm"))
    return columns


def where(
    form: FormDef, unit_ids: list[int], filters: Filters, alias: str = ""
) -> tuple[str, list]:
    """The responses the tallies count (withdrawn = 0 selects the partial indexes)."""
    a = f"{alias}." if alias else ""
    marks = ", ".join("?" * len(unit_ids))
    sql = (
        f"{a}form_slug = ? AND {a}unit_id IN ({marks}) AND {a}withdrawn = 0"
        f" AND {a}day BETWEEN ? AND ?"
    )
    params: list = [form.slug, *unit_ids, *filters.period.bounds]
    if filters.channel:
        sql += f" AND {a}channel = ?"
        params.append(filters.channel)
    if filters.counter_id:
        sql += f" AND {a}counter_id = ?"
        params.append(filters.counter_id)
    return sql, params


def rows(db: sqlite_utils.Database, form: FormDef, unit: Unit, filters: Filters) -> Iterator[list]:
    """One list per response, in the order of header(), straight from the cursor."""
    unit_ids = [u.id for u in subtree(unit)]
    sql, params = where(form, unit_ids, filters, alias="r")
    expand_pending(db)
    # A response stored while the export runs has no answer rows yet: left out.
    sql, params = f"{sql} AND r.id <= ?", [*params, expanded_up_to(db)]
    cursor = db.execute(
        "SELECT r.id, r.day, r.submitted_at, u.name, c.name, r.channel, r.receipt_code,"  # noqa: S608 - clause and placeholders from where()
        " a.question, a.value, a.number FROM responses r"
        " JOIN units u ON u.id = r.unit_id"
        " LEFT JOIN counters c ON c.id = r.counter_id"
        " LEFT JOIN answers a ON a.response_id = r.id"
        # (day, id) is the order of the responses index for one unit, and answers come
        # in rowid order from theirs: no sort of the whole export.
        f" WHERE {sql} ORDER BY r.day, r.id",
        params,
    )
    # Per question: its column, its type (which writes the cell) and its option labels,
    # resolved once: str(Label) asks Babel for the locale every time.
    columns = {
        q.key: (i, q.kind, {o.key: str(o.label) for o in q.options})
        for i, q in enumerate(answered(form))
    }
    receipt = form.receipt_code != "none"
    channels = {c: channel_label(c) for c in ("qr", "kiosk", "paper")}
    current = None
    values: list = []
    facts: list = []
    points = 0.0
    for rid, day, at, unit_name, counter, channel, code, key, value, number in cursor:
        if rid != current:
            if current is not None:
                yield _finish(facts, values, points, form)
            current = rid
            facts = [rid, day, at, unit_name, counter or "", channels[channel]]
            if receipt:
                facts.append(code or "")
            values = [None] * len(columns)
            points = 0.0
        found = columns.get(key)
        if found is None:
            continue
        i, kind, labels = found
        values[i] = kind.cell(values[i], value, number, labels)
        if kind.choice and number is not None:
            points += number  # an option's points
    if current is not None:
        yield _finish(facts, values, points, form)


def _finish(facts: list, values: list, points: float, form: FormDef) -> list:
    row = facts + values
    if form.grades:
        row.append(points)
    return row


def chunks(db: sqlite_utils.Database, form: FormDef, unit: Unit, filters: Filters) -> Iterator:
    """pandas DataFrames of at most CHUNK responses, cells already neutralised."""
    import pandas as pd

    columns = header(form)
    batch: list = []
    sent = False
    for row in rows(db, form, unit, filters):
        batch.append(row)
        if len(batch) >= CHUNK:
            yield _frame(pd, batch, columns)
            batch, sent = [], True
    if batch or not sent:
        yield _frame(pd, batch, columns)


def _frame(pd, batch: list, columns: list[str]):
    """A chunk as a DataFrame whose text cells cannot start a formula."""
    frame = pd.DataFrame(batch, columns=columns)
    for position in range(frame.shape[1]):
        frame.isetitem(position, neutralise_series(frame.iloc[:, position]))
    return frame


def neutralise_series(series):
    """neutralise() over a whole column at once (vectorised: 1M cells in milliseconds)."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series):
        return series
    text = series.astype("string")
    risky = text.str.startswith(FORMULA_START).fillna(False).astype(bool)
    if not risky.any():
        return series
    return series.where(~risky, "'" + text)


def csv_parts(db: sqlite_utils.Database, form: FormDef, unit: Unit, filters: Filters):
    """The CSV as text pieces: a BOM first so Excel reads UTF-8, then rows as they come.

    Straight from the cursor through csv.writer, without pandas: the province
    export ran at a seventh of a plain dump (issue #18). Pieces of CSV_ROWS rows
    keep the response streaming without a write per row.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralise(title) for title in header(form)])
    for n, row in enumerate(rows(db, form, unit, filters), 1):
        writer.writerow(
            ["'" + v if v.__class__ is str and v.startswith(FORMULA_START) else v for v in row]
        )
        if n % CSV_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_csv(out: IO[str], db, form: FormDef, unit: Unit, filters: Filters) -> None:
    """Write the whole CSV to a text file opened with newline=''."""
    for part in csv_parts(db, form, unit, filters):
        out.write(part)


def tally_frame(report: Tallies):
    """The second sheet: counts and percentages per question and option, then breakdowns."""
    import pandas as pd

    records = []
    for tally in report.questions:
        for _key, label, count, percent in tally.rows:
            records.append([str(tally.question.label), label, count, round(percent, 2)])
    for title, tab in (
        (_("Theo quầy"), report.by_counter),
        (_("Theo kỳ"), report.by_period),
        (_("Theo kênh"), report.by_channel),
    ):
        if tab is None:
            continue
        for name, values in tab.rows:
            for column, count in zip(tab.columns, values, strict=True):
                records.append([f"{title}: {name}", column, count, None])
    for label, mean in report.indicators:
        records.append([label, _("Điểm trung bình"), None, round(mean, 4)])
    for label, index in report.factors:
        records.append([label, _("Chỉ số hài lòng (%)"), None, round(index, 2)])
    for grade, bounds, count, percent in report.grades:
        records.append([f"{_('Xếp loại')}: {grade}", bounds, count, round(percent, 2)])
    frame = pd.DataFrame(
        records, columns=[_("Câu hỏi"), _("Lựa chọn"), _("Số phiếu"), _("Tỷ lệ (%)")]
    )
    for column in (_("Câu hỏi"), _("Lựa chọn")):
        frame[column] = neutralise_series(frame[column])
    return frame


def write_xlsx(out: IO[bytes], db, form: FormDef, unit: Unit, report: Tallies) -> None:
    """Write the XLSX: responses streamed into a write-only sheet, then the tallies."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Phiếu"))
    columns = header(form)
    # Real Excel dates, and the instant in Vietnam's time rather than UTC (issue #14).
    columns[SUBMITTED] = _("Thời điểm gửi (giờ Việt Nam)")
    sheet.append(columns)
    for frame in chunks(db, form, unit, report.filters):
        for row in frame.itertuples(index=False, name=None):
            cells = [_cell(v) for v in row]
            for position, convert, shown in (
                (DAY, dates.parse_day, "dd/mm/yyyy"),
                (SUBMITTED, _local_naive, "dd/mm/yyyy hh:mm"),
            ):
                value = convert(cells[position]) if isinstance(cells[position], str) else None
                if value is not None:
                    cell = WriteOnlyCell(sheet, value)
                    cell.number_format = shown
                    cells[position] = cell
            sheet.append(cells)
    totals = book.create_sheet(_("Tổng hợp"))
    frame = tally_frame(report)
    totals.append(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        totals.append([_cell(v) for v in row])
    book.save(out)


def _local_naive(value: str):
    """A stored UTC instant as Vietnam's wall-clock time (Excel holds no zone)."""
    moment = dates.local(value)
    return moment.replace(tzinfo=None) if moment else None


def _cell(value):
    """A value openpyxl stores as data: NaN as empty, strings without XML-illegal bytes."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    if isinstance(value, str):
        return ILLEGAL_XML.sub("", value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
