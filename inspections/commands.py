"""The list-inspections command (DESIGN.md: ID<TAB>unit-code<TAB>kind<TAB>year<TAB>status)."""

import click
from flask import Flask

from core.units import get_unit_by_code
from inspections.model import list_inspections


def init_app(app: Flask) -> None:
    @app.cli.command("list-inspections")
    @click.option("--unit", "unit_code", default=None, help="Chỉ đơn vị này và cấp dưới.")
    def list_inspections_command(unit_code: str | None) -> None:
        """Print one line per inspection: ID, unit code, kind, year, status (tab-separated)."""
        unit = None
        if unit_code is not None:
            unit = get_unit_by_code(unit_code)
            if unit is None:
                raise click.ClickException(f"Không có đơn vị mã '{unit_code}'.")
        for row in sorted(list_inspections(unit), key=lambda r: r.id):
            click.echo(f"{row.id}\t{row.unit_code}\t{row.kind}\t{row.year}\t{row.status}")
