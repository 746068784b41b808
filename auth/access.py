"""Access rules as decorators: a login, a role, and the unit in the URL."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from core.units import Unit


def role_required(*roles: str) -> Callable:
    """Allow logged-in users holding one of the roles (admins always); else 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def check_unit(unit: Unit | None) -> Unit:
    """404 for a missing unit, 403 for one outside the user's subtree."""
    if unit is None:
        abort(404)
    if not current_user.can_see(unit):
        abort(403)
    return unit
