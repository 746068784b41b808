"""`import-checklist`, `export-checklist`: publish a YAML or XLSForm checklist, write one out."""

from __future__ import annotations

from pathlib import Path

import click
import yaml
from flask import Flask

from core.commands import publish_file
from core.db import get_db
from inspections.publishing import (
    prepare_checklist,
    publish_checklist,
    read_checklist_file,
    stored_definition,
)
from inspections.registry import checklists_dir, file_checklists, get_checklists


def init_app(app: Flask) -> None:
    """Register import-checklist and export-checklist."""

    @app.cli.command("import-checklist")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--slug", default=None, help="Mã danh mục (mặc định: slug của tệp).")
    @click.option("--unit", "unit_codes", multiple=True, help="Đơn vị nhận (mặc định: tất cả).")
    def import_checklist_command(file: str, slug: str | None, unit_codes: tuple[str, ...]) -> None:
        """Check a Phiếu YAML or XLSForm checklist and publish it as a new version to units."""
        publish_file(
            file, slug, unit_codes, read_checklist_file, prepare_checklist, publish_checklist
        )

    @app.cli.command("export-checklist")
    @click.argument("slug")
    @click.option("--format", "fmt", type=click.Choice(["yaml", "xlsx"]), required=True)
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
    def export_checklist_command(slug: str, fmt: str, output: str) -> None:
        """Write the current version of a checklist as Phiếu YAML or XLSForm."""
        checklist = get_checklists().get(slug)
        if checklist is None:
            raise click.ClickException(f"Không có danh mục kiểm tra mã '{slug}'.")
        path = Path(output)
        if not path.parent.is_dir():
            raise click.ClickException(f"Không có thư mục '{path.parent}'.")
        if fmt == "xlsx":
            # pyxform and openpyxl load only for this command.
            from inspections.xlsform import write_checklist_xlsform

            write_checklist_xlsform(checklist, path)
        elif file_checklists().get(slug) is checklist:
            text = (checklists_dir() / f"{slug}.yaml").read_text(encoding="utf-8")
            path.write_text(text, encoding="utf-8")
        else:
            data = stored_definition(get_db(), slug, checklist.version)
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
            path.write_text(text, encoding="utf-8")
        click.echo(f"{path}\t{checklist.slug}\tversion {checklist.version}")
