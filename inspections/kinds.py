"""Which kind an inspection takes from its two units, and which pairs are impossible.

A unit inspects itself (tự kiểm tra) or a unit below it (kiểm tra của cấp trên); a
commune never inspects its district or a sibling (issue #14, item 9).
"""

from __future__ import annotations

from flask_babel import gettext as _

from core.units import Unit


def default_kind(conducting: Unit, inspected: Unit) -> str | None:
    """'self' for a unit inspecting itself, 'external' for one below it, None if neither."""
    if conducting.id == inspected.id:
        return "self"
    if conducting.contains(inspected):
        return "external"
    return None


def kind_problem(kind: str, conducting: Unit, inspected: Unit) -> str | None:
    """Why the conducting unit cannot run this kind of inspection of that unit, or None."""
    expected = default_kind(conducting, inspected)
    if expected is None:
        return _(
            "%(unit)s không thuộc %(own)s: chỉ kiểm tra được chính đơn vị mình"
            " hoặc đơn vị cấp dưới.",
            unit=inspected.name,
            own=conducting.name,
        )
    if kind == expected:
        return None
    if expected == "self":
        return _(
            "%(unit)s là đơn vị của bạn: chọn “Tự kiểm tra”; kiểm tra của cấp trên"
            " do đơn vị cấp trên thực hiện.",
            unit=inspected.name,
        )
    return _(
        "%(unit)s là đơn vị cấp dưới: chọn “Kiểm tra của cấp trên”; tự kiểm tra"
        " do chính %(unit)s tạo.",
        unit=inspected.name,
    )
