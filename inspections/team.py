"""Who may be chosen for an inspection team: the conducting unit's own inspectors."""

from __future__ import annotations

from auth.users import USER_COLUMNS, User
from core.db import get_db, rows_by_name
from core.units import Unit


def eligible_members(unit: Unit) -> list[User]:
    """Active accounts with the inspector role in the unit, by name (issue #14, item 9).

    Only the conducting unit's own: a team is never made of another unit's staff, and a
    posted id outside this list is refused (the form shows names, submits ids).
    """
    rows = rows_by_name(
        get_db(),
        f"SELECT {USER_COLUMNS} FROM users"  # noqa: S608 - columns are constants
        " WHERE unit_id = ? AND role = 'inspector' AND active = 1 ORDER BY full_name, id",
        [unit.id],
    )
    return [User(**row) for row in rows]
