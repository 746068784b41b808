"""The CSV export: UTF-8 with a BOM for Excel, streamed as the rows come from the cursor."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO

import sqlite_utils

from core.units import Unit
from forms.definition import FormDef
from results.export import header, neutralise, rows
from results.tallies import Filters

# Rows per piece sent: one write per row would cost more than the rows themselves.
CSV_ROWS = 2_000
BOM = "\ufeff"


def csv_parts(
    db: sqlite_utils.Database, form: FormDef, unit: Unit, filters: Filters
) -> Iterator[str]:
    """The CSV as text pieces: a BOM first so Excel reads UTF-8, then rows as they come.

    Straight from the cursor through csv.writer (issue #18); every text cell
    people typed or named goes through neutralise(), so a leading = + - @ TAB
    or CR gets the ' that spreadsheets show as text (docs/SECURITY.md).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralise(title) for title in header(form)])
    batch = []
    for row in rows(db, form, unit, filters, neutralised=True):
        batch.append(row)
        if len(batch) == CSV_ROWS:
            writer.writerows(batch)
            batch.clear()
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(batch)
    yield buffer.getvalue()


def write_csv(out: IO[str], db, form: FormDef, unit: Unit, filters: Filters) -> None:
    """Write the whole CSV to a text file opened with newline=''."""
    for part in csv_parts(db, form, unit, filters):
        out.write(part)
