"""Who may see, fill, conclude and reopen an inspection.

An inspection belongs to the unit that conducts it (its owner unit; for a
self-inspection the unit itself). The conducting unit's team and inspectors,
and admins of that unit or of a unit above it, act on it; the inspected unit
and the units above it read it (issue #12: the inspected commune's admin must
not rewrite the district's verdict).
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from auth.access import require_role
from inspections.model import Inspection, load_inspection

# Roles that see inspections of their subtree; staff of the one-stop shop do not.
VIEW_ROLES = ("inspector", "secretary")


def visible_inspection(inspection_id: int) -> Inspection:
    """The inspection if the signed-in user may see it: 404 if missing, 403 if not theirs.

    The role is checked before the inspection is loaded: a refusal reads nothing.
    """
    require_role(*VIEW_ROLES)
    inspection = load_inspection(inspection_id)
    if inspection is None:
        abort(404)
    if not current_user.can_see(inspection.unit):
        abort(403)
    return inspection


def conducting_unit(inspection: Inspection):
    """The unit whose team carries out the inspection."""
    return inspection.owner_unit or inspection.unit


def is_member(inspection: Inspection, *roles: str) -> bool:
    """Whether the user is linked to a team member (of one of the roles, if given)."""
    return any(
        m.user_id == current_user.id and (not roles or m.role in roles) for m in inspection.team
    )


def is_conducting_admin(inspection: Inspection) -> bool:
    """An admin of the conducting unit or of a unit above it (not of the inspected unit)."""
    return current_user.role == "admin" and current_user.can_see(conducting_unit(inspection))


def can_fill(inspection: Inspection) -> bool:
    """The team, the conducting unit's inspectors and its admins (or above) tick items.

    A district inspector sees a commune's self-inspection but does not tick it.
    """
    if is_member(inspection) or is_conducting_admin(inspection):
        return True
    return (
        current_user.role == "inspector" and current_user.unit_id == conducting_unit(inspection).id
    )


def can_conclude(inspection: Inspection) -> bool:
    """The team head (linked account) or a conducting admin writes the conclusion and finalises."""
    return is_member(inspection, "head") or is_conducting_admin(inspection)


def can_reopen(inspection: Inspection) -> bool:
    """Reopening a final inspection is an act of the conducting unit's admins (or above)."""
    return is_conducting_admin(inspection)
