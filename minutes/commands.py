"""`flask --app app minutes INSPECTION_ID --format docx|pdf -o FILE`."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click
from flask import Flask

from minutes.render import FORMATS


def write_document(build, inspection_id: int, fmt: str | None, output: Path):
    """Build an inspection's document and write it as .docx or .pdf; a one-line reason if not.

    The format comes from --format or the file's suffix. Returns what build made.
    """
    from minutes.render import render

    fmt = fmt or output.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise click.UsageError("Cần --format docx hoặc pdf (hoặc tệp .docx/.pdf).")
    if not output.parent.is_dir():
        raise click.ClickException(f"Thư mục không tồn tại: {output.parent}")
    document = build(inspection_id)
    if document is None:
        raise click.ClickException(f"Không có cuộc kiểm tra số {inspection_id}.")
    write_atomically(output, render(document, fmt))
    return document


def init_app(app: Flask) -> None:
    @app.cli.command("minutes")
    @click.argument("inspection_id", type=int)
    @click.option("--format", "fmt", type=click.Choice(FORMATS), help="docx hoặc pdf.")
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
    def minutes_command(inspection_id: int, fmt: str | None, output: Path) -> None:
        """Write an inspection's minutes (biên bản) as .docx or .pdf."""
        from minutes.model import build_minutes

        minutes = write_document(build_minutes, inspection_id, fmt, output)
        state = "dự thảo" if minutes.draft else "chính thức"
        click.echo(f"Đã ghi biên bản ({state}) vào {output}")


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, then a rename."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".minutes-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the file from colleagues
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
