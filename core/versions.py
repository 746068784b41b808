"""Definition versions stored once, so that old records keep the definition they used."""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import sqlite_utils
from flask_babel import gettext as _

from core.definitions import DefinitionError
from core.units import Unit

# Tables of the shape (slug, version, sha256, definition, loaded_at).
VERSION_TABLES = ("form_versions", "checklist_versions")
# Tables of the shape (id, slug, version, unit_id, published_by, published_at).
PUBLICATION_TABLES = ("form_publications", "checklist_publications")


class Versioned(Protocol):
    """A loaded form or checklist definition."""

    slug: str
    version: int
    sha256: str
    definition_json: str
    source: str


def record_version(db: sqlite_utils.Database, table: str, definition: Versioned) -> None:
    """Store a definition's version once; an edited file must carry a new version."""
    if table not in VERSION_TABLES:
        raise ValueError(f"not a version table: {table}")
    row = db.execute(
        f"SELECT sha256 FROM {table} WHERE slug = ? AND version = ?",  # noqa: S608 - table checked against VERSION_TABLES
        [definition.slug, definition.version],
    ).fetchone()
    if row is None:
        db.execute(
            f"INSERT OR IGNORE INTO {table} (slug, version, sha256, definition, loaded_at)"  # noqa: S608 - table checked against VERSION_TABLES
            " VALUES (?, ?, ?, ?, ?)",
            [
                definition.slug,
                definition.version,
                definition.sha256,
                definition.definition_json,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ],
        )
    elif row[0] != definition.sha256:
        raise DefinitionError(
            definition.source,
            1,
            "version",
            _(
                "nội dung đã thay đổi nhưng phiên bản %(version)s đã được lưu với nội dung"
                " khác; hãy tăng số phiên bản để các bản ghi cũ giữ nguyên mẫu đã dùng",
                version=definition.version,
            ),
        )


def refuse_unrecorded_edits(database: str | None, table: str, definitions: dict) -> None:
    """Refuse to start when a file differs from the stored copy of its version (issue #16).

    Otherwise the app would serve the edited file under the old version number
    until someone ran init-db. Read-only, and skipped before init-db made the table.
    """
    if table not in VERSION_TABLES:
        raise ValueError(f"not a version table: {table}")
    if not database or not Path(database).exists():
        return
    try:
        connection = sqlite3.connect(f"file:{Path(database).resolve()}?mode=ro", uri=True)
    except sqlite3.Error:
        return
    try:
        stored = {
            (slug, version): sha256
            for slug, version, sha256 in connection.execute(
                f"SELECT slug, version, sha256 FROM {table}"  # noqa: S608 - table checked against VERSION_TABLES
            )
        }
    except sqlite3.Error:
        return  # no such table yet: init-db records them
    finally:
        connection.close()
    for definition in definitions.values():
        sha256 = stored.get((definition.slug, definition.version))
        if sha256 is not None and sha256 != definition.sha256:
            raise DefinitionError(
                definition.source,
                1,
                "version",
                _(
                    "tệp đã thay đổi nhưng phiên bản %(version)s đã được lưu với nội dung"
                    " khác; hãy tăng số phiên bản (rồi chạy init-db) để không câu trả lời"
                    " nào bị lưu dưới số phiên bản cũ",
                    version=definition.version,
                ),
            )


def publications(
    db: sqlite_utils.Database, table: str, units: list[Unit] | None = None
) -> list[dict]:
    """Publications, newest first, with their unit and who published: all, or to these units."""
    if table not in PUBLICATION_TABLES:
        raise ValueError(f"not a publication table: {table}")
    columns = (
        "p.id, p.slug, p.version, p.published_at, u.code AS unit_code,"
        " u.name AS unit_name, s.username AS published_by"
    )
    sql = (
        f"SELECT {columns} FROM {table} p JOIN units u ON u.id = p.unit_id"  # noqa: S608 - table checked against PUBLICATION_TABLES
        " LEFT JOIN users s ON s.id = p.published_by"
    )
    params: list = []
    if units is not None:
        sql += f" WHERE p.unit_id IN ({', '.join('?' * len(units)) or 'NULL'})"
        params = [u.id for u in units]
    cursor = db.execute(sql + " ORDER BY p.id DESC", params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
