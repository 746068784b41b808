"""The export-responses command: the same file the download button gives."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask_babel import force_locale

from core.db import get_db
from core.units import get_unit_by_code
from forms.registry import get_form
from results.periods import Period, PeriodError, parse_day
from results.tallies import Filters


def init_app(app: Flask) -> None:
    @app.cli.command("export-responses")
    @click.option("--unit", "unit_code", required=True, help="Mã đơn vị, ví dụ ngoc-ky.")
    @click.option("--form", "form_slug", required=True, help="Mã phiếu, ví dụ hai-long.")
    @click.option("--format", "fmt", required=True, help="csv hoặc xlsx.")
    @click.option("-o", "--output", required=True, help="Tệp kết quả.")
    @click.option("--from", "start", default=None, help="Từ ngày (YYYY-MM-DD).")
    @click.option("--to", "end", default=None, help="Đến ngày (YYYY-MM-DD).")
    @click.option("--channel", default=None, help="qr, kiosk hoặc paper.")
    def export_responses(unit_code, form_slug, fmt, output, start, end, channel) -> None:
        """Export a unit's responses to one form as CSV (UTF-8 with BOM) or XLSX."""
        # No request here to pick a language from: the files are in Vietnamese.
        with force_locale("vi"):
            _export(unit_code, form_slug, fmt, output, start, end, channel)


def _export(unit_code, form_slug, fmt, output, start, end, channel) -> None:
    """Check the arguments, then write the file."""
    from results import export, tallies

    unit = get_unit_by_code(unit_code)
    if unit is None:
        raise click.ClickException(f"Không có đơn vị mã '{unit_code}'.")
    form = get_form(form_slug, unit)
    if form is None:
        raise click.ClickException(f"Không có phiếu mã '{form_slug}'.")
    if fmt not in ("csv", "xlsx"):
        raise click.ClickException("Định dạng phải là csv hoặc xlsx.")
    if channel not in (None, "qr", "kiosk", "paper"):
        raise click.ClickException("Kênh phải là qr, kiosk hoặc paper.")
    path = Path(output)
    if path.suffix.lower() != f".{fmt}":
        raise click.ClickException(f"Tên tệp phải có đuôi .{fmt}.")
    if not path.parent.is_dir():
        raise click.ClickException(f"Không có thư mục '{path.parent}'.")
    try:
        first = parse_day(start, "--from") if start else None
        last = parse_day(end, "--to") if end else None
    except PeriodError as error:
        raise click.ClickException(str(error)) from None
    if first and last and last < first:
        raise click.ClickException("--to phải sau --from.")
    period = Period("range", first, last) if (first or last) else Period("all")
    filters = Filters(period, channel)
    db = get_db()
    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as out:
            export.write_csv(out, db, form, unit, filters)
    else:
        with path.open("wb") as out:
            export.write_xlsx(out, db, form, unit, tallies.count_form(db, form, unit, filters))
    click.echo(f"Đã xuất {path}")
