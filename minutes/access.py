"""Who may download an inspection's minutes: admins, secretaries, the team's head and secretary."""

from __future__ import annotations

from typing import Any

# Team roles whose holder may download even with the plain 'inspector' account role.
TEAM_ROLES = ("head", "secretary")


def may_download(user: Any, inspection: Any) -> bool:
    """Whether a signed-in user may download the minutes of an inspection they can see."""
    if not user.is_authenticated or not user.can_see(inspection.unit):
        return False
    if user.role in ("admin", "secretary"):
        return True
    return any(
        member.user_id == user.id and member.role in TEAM_ROLES for member in inspection.team
    )
