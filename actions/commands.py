"""`list-actions [--unit U] [--status S]` and `actions-report INSPECTION_ID --format F -o FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from actions.model import STATUSES
from minutes.render import FORMATS

STATUS_CHOICES = (*STATUSES, "overdue")


def init_app(app: Flask) -> None:
    @app.cli.command("list-actions")
    @click.option("--unit", "unit_code", default=None, help="Chỉ đơn vị này và cấp dưới.")
    @click.option("--status", type=click.Choice(STATUS_CHOICES), default=None, help="Tình trạng.")
    def list_actions_command(unit_code: str | None, status: str | None) -> None:
        """Print one line per corrective action: ID, inspection, unit, item, status, due."""
        from actions.model import list_actions
        from core.units import get_unit_by_code

        unit = None
        if unit_code is not None:
            unit = get_unit_by_code(unit_code)
            if unit is None:
                raise click.ClickException(f"Không có đơn vị mã '{unit_code}'.")
        for row in list_actions(unit, status):
            click.echo(
                f"{row.id}\t{row.inspection_id}\t{row.unit_code}\t{row.item_key or '-'}"
                f"\t{row.status}\t{row.due}"
            )

    @app.cli.command("actions-report")
    @click.argument("inspection_id", type=int)
    @click.option("--format", "fmt", type=click.Choice(FORMATS), help="docx hoặc pdf.")
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
    def actions_report_command(inspection_id: int, fmt: str | None, output: Path) -> None:
        """Write 'Báo cáo kết quả khắc phục' of an inspection as .docx or .pdf."""
        from actions.documents import build_report
        from minutes.commands import write_document

        write_document(build_report, inspection_id, fmt, output)
        click.echo(f"Đã ghi báo cáo kết quả khắc phục vào {output}")
