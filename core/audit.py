"""The audit log: who did what to which record, and when."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def now_utc() -> str:
    """The current instant as ISO 8601 UTC text, as every table stores it."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def record(
    db: sqlite_utils.Database,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: object = None,
    detail: dict | None = None,
    unit_id: int | None = None,
) -> None:
    """Append one entry by a staff member (None: a command-line act).

    Call it inside the write_transaction of the change it records, so both are
    stored or neither is.
    """
    db.execute(
        "INSERT INTO audit_log (at, user_id, unit_id, action, entity, entity_id, detail)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            now_utc(),
            actor_id,
            unit_id,
            action,
            entity,
            None if entity_id is None else str(entity_id),
            json.dumps(detail or {}, ensure_ascii=False),
        ],
    )
