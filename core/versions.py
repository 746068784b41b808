"""Definition versions stored once, so that old records keep the definition they used."""

from datetime import UTC, datetime
from typing import Protocol

import sqlite_utils

from core.definitions import DefinitionError

# Tables of the shape (slug, version, sha256, definition, loaded_at).
VERSION_TABLES = ("form_versions", "checklist_versions")


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
            f"the definition changed but version {definition.version} is already "
            "stored with other content; raise the version so old records keep the "
            "definition they used",
        )
