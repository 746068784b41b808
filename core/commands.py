"""The kernel's commands: create or upgrade the database, print its schema; shared options."""

from pathlib import Path

import click
from flask import Flask

from core.db import dump_schema, get_db, init_db
from core.definitions import DefinitionError
from core.units import Unit, get_unit_by_code, roots


def units_named(codes: tuple[str, ...]) -> list[Unit]:
    """The units of --unit options (all when none); a one-line reason for an unknown one."""
    if not codes:
        units = roots()
        if not units:
            raise click.ClickException("Chưa có đơn vị nào: chạy seed-demo hoặc tạo đơn vị trước.")
        return units
    units = []
    for code in codes:
        unit = get_unit_by_code(code)
        if unit is None:
            raise click.ClickException(f"Không có đơn vị mã '{code}'.")
        units.append(unit)
    return units


def publish_file(file: str, slug: str | None, unit_codes: tuple[str, ...], read, prepare, publish):
    """import-form and import-checklist: read, check and publish a file; print what became of it.

    read(path, name) parses the file, prepare(source, slug) validates it into (definition,
    data), publish(db, data, units) stores and publishes the version it returns.
    """
    path = Path(file)
    if not path.is_file():
        raise click.ClickException(f"Không có tệp '{file}'.")
    units = units_named(unit_codes)
    try:
        _, data = prepare(read(path, file), slug)
    except DefinitionError as error:
        raise click.ClickException(str(error)) from None
    published = publish(get_db(), data, units)
    where = ", ".join(u.code for u in units)
    click.echo(f"{published.slug}\tversion {published.version}\t{where}")


def init_app(app: Flask) -> None:
    """Register init-db and schema."""

    @app.cli.command("init-db")
    def init_db_command() -> None:
        """Create or upgrade the database schema and check every definition."""
        try:
            init_db(app.config["DATABASE"])
        except DefinitionError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Cơ sở dữ liệu sẵn sàng: {app.config['DATABASE']}")

    @app.cli.command("schema")
    def schema_command() -> None:
        """Print the schema a fresh init-db makes (docs/schema.sql is this output)."""
        click.echo(dump_schema(app.config["DATABASE"]), nl=False)
