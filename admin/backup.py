"""`flask backup FILE`: a consistent copy of the live database, taken while it serves."""

import os
import sqlite3
from pathlib import Path

import click
from flask import Flask


class BackupError(Exception):
    """The copy could not be made; the message says why, in Vietnamese."""


def backup_database(source: str, target: str) -> int:
    """Copy `source` to `target` with SQLite's online backup API; returns the responses copied.

    The copy is one read transaction on the source: under WAL, submissions keep
    committing meanwhile and the copy holds exactly what was committed when it
    began. It is written beside the target and renamed only once it passes the
    integrity check, so a failed run never leaves a half-written backup.
    """
    target_path = Path(target)
    if target_path.exists():
        raise BackupError(f"Tệp {target} đã có; hãy chọn tên khác để không ghi đè bản sao cũ.")
    if not target_path.parent.is_dir():
        raise BackupError(f"Thư mục {target_path.parent} không tồn tại.")
    if not Path(source).is_file():
        raise BackupError(f"Không tìm thấy cơ sở dữ liệu {source}.")
    partial = target_path.with_name(target_path.name + ".partial")
    partial.unlink(missing_ok=True)
    live = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        live.backup(copy)  # every page in one step: one consistent snapshot
        # A single self-contained file: no -wal beside it to forget when copying.
        copy.execute("PRAGMA journal_mode = DELETE")
        status = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            raise BackupError(f"Bản sao không toàn vẹn: {status}")
        responses = copy.execute("SELECT count(*) FROM responses").fetchone()[0]
    except sqlite3.Error as error:
        raise BackupError(f"Không sao lưu được: {error}") from error
    finally:
        copy.close()
        live.close()
    if target_path.exists():
        partial.unlink()
        raise BackupError(f"Tệp {target} vừa được tạo bởi tiến trình khác.")
    os.replace(partial, target_path)
    return responses


def init_app(app: Flask) -> None:
    """Register the backup command."""

    @app.cli.command("backup")
    @click.argument("file", type=click.Path(dir_okay=False))
    def backup_command(file: str) -> None:
        """Copy the database to FILE while the service keeps running."""
        try:
            responses = backup_database(app.config["DATABASE"], file)
        except BackupError as error:
            raise click.ClickException(str(error)) from None
        size = Path(file).stat().st_size / 1024 / 1024
        click.echo(f"Đã sao lưu vào {file}: {responses} phiếu, {size:.1f} MB.")
