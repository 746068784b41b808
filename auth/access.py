"""Access rules: a login, a role, and the unit in the URL.

A view states its rule with `role_required`. A blueprint whose URLs carry a unit
(or an inspection) checks the rule in its `url_value_preprocessor` instead, with
`require_role`, because the preprocessor runs before any view decorator and must
refuse before it loads anything (README: "How a staff page finds its unit").
"""

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app
from flask_login import current_user

from core.units import Unit, get_unit_by_code


def require_login() -> None:
    """Send a visitor to the login page."""
    if not current_user.is_authenticated:
        # What login_required answers; raised, since a preprocessor's return value is ignored.
        abort(current_app.login_manager.unauthorized())


def require_role(*roles: str) -> None:
    """Send a visitor to the login page; refuse (403) a user holding none of the roles."""
    require_login()
    if not current_user.has_role(*roles):
        abort(403)


def role_required(*roles: str) -> Callable:
    """Allow logged-in users holding one of the roles (admins always); else 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            require_role(*roles)
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


def visible_unit(code: str, *roles: str) -> Unit:
    """The unit of a URL, for a user with one of the roles: refused before it is loaded."""
    require_role(*roles)
    return check_unit(get_unit_by_code(code))
