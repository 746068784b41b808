"""Who may see, fill, conclude and reopen an inspection."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from inspections.model import Inspection, load_inspection

# Roles that see inspections of their subtree; staff of the one-stop shop do not.
VIEW_ROLES = ("inspector", "secretary")


def visible_inspection(inspection_id: int) -> Inspection:
    """The inspection if the signed-in user may see it: 404 if missing, 403 if not theirs."""
    if not current_user.is_authenticated:
        abort(401)
    inspection = load_inspection(inspection_id)
    if inspection is None:
        abort(404)
    if not current_user.has_role(*VIEW_ROLES) or not current_user.can_see(inspection.unit):
        abort(403)
    return inspection


def is_member(inspection: Inspection, *roles: str) -> bool:
    """Whether the user is linked to a team member (of one of the roles, if given)."""
    return any(
        m.user_id == current_user.id and (not roles or m.role in roles) for m in inspection.team
    )


def can_fill(inspection: Inspection) -> bool:
    """Inspectors of the inspecting unit itself, linked team members and admins tick items.

    A district inspector sees a commune's self-inspection but does not tick it.
    """
    if current_user.role == "admin":
        return True
    if is_member(inspection):
        return True
    owner = inspection.owner_unit or inspection.unit
    return current_user.role == "inspector" and current_user.unit_id == owner.id


def can_conclude(inspection: Inspection) -> bool:
    """The team head (linked account) or an admin writes the conclusion and finalises."""
    return current_user.role == "admin" or is_member(inspection, "head")


def can_reopen() -> bool:
    """Reopening a final inspection is an admin act."""
    return current_user.role == "admin"
