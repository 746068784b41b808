"""Closing and reopening a form for one unit: a closed form's public URL answers 410."""

from core import audit
from core.db import get_db, write_transaction
from core.units import Unit


def closed_slugs(unit: Unit) -> set[str]:
    """The forms a unit has closed."""
    rows = get_db().execute("SELECT form_slug FROM form_closures WHERE unit_id = ?", [unit.id])
    return {row[0] for row in rows}


def close_form(unit: Unit, slug: str, user_id: int | None) -> bool:
    """Close a form for a unit; False when it was already closed."""
    db = get_db()
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO form_closures (unit_id, form_slug, closed_at, closed_by)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [unit.id, slug, audit.now_utc(), user_id],
        )
        if cursor.rowcount:
            audit.record(db, user_id, "close", "form", slug, unit_id=unit.id)
    return bool(cursor.rowcount)


def reopen_form(unit: Unit, slug: str, user_id: int | None) -> bool:
    """Reopen a closed form; False when it was open."""
    db = get_db()
    with write_transaction(db):
        cursor = db.execute(
            "DELETE FROM form_closures WHERE unit_id = ? AND form_slug = ?", [unit.id, slug]
        )
        if cursor.rowcount:
            audit.record(db, user_id, "reopen", "form", slug, unit_id=unit.id)
    return bool(cursor.rowcount)
