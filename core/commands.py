"""The kernel's commands: create or upgrade the database, print its schema."""

import click
from flask import Flask

from core.db import dump_schema, init_db
from core.definitions import DefinitionError


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
