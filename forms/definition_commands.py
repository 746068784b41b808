"""`import-form` and `export-form`: publish a YAML or XLSForm file, write the current version."""

from __future__ import annotations

import json
from pathlib import Path

import click
import yaml
from flask import Flask

from core.commands import publish_file
from core.db import get_db
from forms.publishing import prepare_form, publish_form, read_definition
from forms.registry import file_forms, forms_dir, get_form


def init_app(app: Flask) -> None:
    """Register import-form and export-form."""

    @app.cli.command("import-form")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--slug", default=None, help="Mã phiếu (mặc định: slug hoặc form_id của tệp).")
    @click.option("--unit", "unit_codes", multiple=True, help="Đơn vị nhận (mặc định: tất cả).")
    def import_form_command(file: str, slug: str | None, unit_codes: tuple[str, ...]) -> None:
        """Check a Phiếu YAML or XLSForm file and publish it as a new version to units."""
        publish_file(file, slug, unit_codes, read_definition, prepare_form, publish_form)

    @app.cli.command("export-form")
    @click.argument("slug")
    @click.option("--format", "fmt", type=click.Choice(["yaml", "xlsx"]), required=True)
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
    def export_form_command(slug: str, fmt: str, output: str) -> None:
        """Write the current version of a form as Phiếu YAML or XLSForm."""
        form = get_form(slug)
        if form is None:
            raise click.ClickException(f"Không có phiếu mã '{slug}'.")
        path = Path(output)
        if not path.parent.is_dir():
            raise click.ClickException(f"Không có thư mục '{path.parent}'.")
        if fmt == "xlsx":
            write_xlsx(form, path)
        else:
            path.write_text(yaml_of(slug, form), encoding="utf-8")
        click.echo(f"{path}\t{form.slug}\tversion {form.version}")


def yaml_of(slug: str, form) -> str:
    """The YAML of a form's current version: its file as written, or the published data."""
    if file_forms().get(slug) is form:
        return (forms_dir() / f"{slug}.yaml").read_text(encoding="utf-8")
    row = (
        get_db()
        .execute(
            "SELECT source FROM form_versions WHERE slug = ? AND version = ?", [slug, form.version]
        )
        .fetchone()
    )
    data = json.loads(row[0])
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_xlsx(form, path: Path) -> None:
    """An XLSForm of the form, which pyxform converts and Phiếu reads back the same."""
    from forms import xlsform  # pyxform and openpyxl load only for this command

    xlsform.write_xlsform(form, path)
