"""The audit log: who did what to which record, and when."""

import json
from datetime import UTC, datetime

from flask_login import current_user

from core.db import get_db


def now_utc() -> str:
    """The current instant as ISO 8601 UTC text, as every table stores it."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def record(
    action: str,
    entity: str,
    entity_id: object = None,
    detail: dict | None = None,
    unit_id: int | None = None,
) -> None:
    """Append one entry, by the logged-in user when there is one."""
    user_id = current_user.id if current_user and current_user.is_authenticated else None
    get_db().execute(
        "INSERT INTO audit_log (at, user_id, unit_id, action, entity, entity_id, detail)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            now_utc(),
            user_id,
            unit_id,
            action,
            entity,
            None if entity_id is None else str(entity_id),
            json.dumps(detail or {}, ensure_ascii=False),
        ],
    )
