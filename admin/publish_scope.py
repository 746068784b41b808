"""Where an admin publishes forms and checklists: the URL's unit and the units chosen below it."""

from flask import g, request
from flask_babel import gettext as _
from flask_login import current_user

from auth.access import visible_unit
from core import units
from core.errors import fail
from core.units import Unit

# Units whose admins publish: a commune's admin uses what the district or province publishes.
PUBLISHING_LEVELS = ("tinh", "huyen")


def pull_unit(endpoint: str | None, values: dict) -> None:
    """The URL's unit for its province or district admins (or those above); others refused."""
    g.unit = visible_unit(values.pop("code"), "admin")
    if current_user.unit.level not in PUBLISHING_LEVELS:
        fail(
            403,
            _("Chỉ quản trị cấp tỉnh hoặc cấp huyện được đăng mẫu phiếu và danh mục kiểm tra."),
        )


def add_unit_code(endpoint: str, values: dict) -> None:
    """Link to the same unit's pages."""
    if "unit" in g:
        values.setdefault("code", g.unit.code)


def chosen_units(refusal: str) -> list[Unit]:
    """The units ticked in the form, each once; a 403 with `refusal` for one outside the subtree."""
    chosen = []
    for code in dict.fromkeys(request.form.getlist("unit")):
        unit = units.get_unit_by_code(code)
        # Only into the admin's own subtree (an attacker's sibling or parent code is refused).
        if unit is None or not g.unit.contains(unit) or not current_user.can_see(unit):
            fail(403, refusal)
        chosen.append(unit)
    return chosen


def ticked() -> list[str]:
    """The unit codes to show ticked: those sent, else the admin's unit (the whole subtree)."""
    return request.form.getlist("unit") or [g.unit.code]
