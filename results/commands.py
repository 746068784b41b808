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

    @app.cli.command("rebuild-tallies")
    def rebuild_tallies() -> None:
        """Recount the roll-up tables (tallies_daily, tallies_monthly) from the raw rows.

        After rows were edited by hand with sqlite3, or to check them: the counts kept
        with every write must come out the same.
        """
        _rebuild()


def _rebuild() -> None:
    """Recount both roll-up grains from the raw rows in one write transaction."""
    import time

    from core.db import write_transaction
    from forms import rollups
    from forms.expand import expand_pending

    db = get_db()
    began = time.perf_counter()
    expand_pending(db)
    with write_transaction(db):
        rows = rollups.rebuild(db)
    click.echo(f"{rows} daily tally rows rebuilt in {time.perf_counter() - began:.1f} s")


def _export(unit_code, form_slug, fmt, output, start, end, channel) -> None:
    """Check the arguments, then write the file."""
    from flask import current_app

    from results import export_csv, export_xlsx, tallies

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
            export_csv.write_csv(out, db, form, unit, filters)
    else:
        limit = current_app.config["XLSX_MAX_ROWS"]
        try:
            # Checked before the file is opened, so a refusal leaves no file behind.
            export_xlsx.check_fits(db, form, unit, filters, limit)
            with path.open("wb") as out:
                counted = tallies.count_form(db, form, unit, filters)
                export_xlsx.write_xlsx(out, db, form, unit, counted, limit)
        except export_xlsx.TooManyRows as refused:
            path.unlink(missing_ok=True)
            raise click.ClickException(
                f"{refused.message()} (--format csv -o {path.with_suffix('.csv').name})"
            ) from None
    click.echo(f"Đã xuất {path}")
