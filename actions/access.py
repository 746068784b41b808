"""Who acts on a corrective action: decided by the account's relationship to the inspection.

The inspected unit (or the unit the action is assigned to) reports progress; the conducting
unit verifies or sends back, as it alone concludes the inspection (inspections/access.py).
A unit above either side reads; a sibling sees nothing (issue #15).
"""

from __future__ import annotations

from typing import Any

from core.db import get_db

# Roles of the conducting unit that verify (unit staff of the one-stop shop do not).
DIRECTING_ROLES = ("inspector", "secretary")


def may_see(user: Any, action: Any) -> bool:
    """The responsible, inspected or conducting unit, or a unit above one of them."""
    return (
        user.can_see(action.unit)
        or user.can_see(action.inspected_unit)
        or user.can_see(action.conducting_unit)
    )


def may_report(user: Any, action: Any) -> bool:
    """An account of the responsible unit or of the inspected unit itself, while not closed."""
    return not action.is_closed and user.unit_id in (action.unit.id, action.inspected_unit.id)


def may_direct(user: Any, inspection_id: int, conducting_unit: Any) -> bool:
    """Whether a user speaks for the conducting unit: adds, verifies, sends back.

    Its inspectors and secretaries, its admins and those of the units above it, and
    an account linked to the inspection's team.
    """
    if user.role == "admin" and user.can_see(conducting_unit):
        return True
    if user.unit_id == conducting_unit.id and user.has_role(*DIRECTING_ROLES):
        return True
    row = (
        get_db()
        .execute(
            "SELECT 1 FROM inspection_members WHERE inspection_id = ? AND side = 'team'"
            " AND user_id = ?",
            [inspection_id, user.id],
        )
        .fetchone()
    )
    return row is not None


def may_review(user: Any, action: Any) -> bool:
    """The conducting unit verifies or sends back an action reported fixed."""
    return action.status == "fixed" and may_direct(
        user, action.inspection_id, action.conducting_unit
    )
