"""What an inspection lacks before it is finalised: what refuses it, and what only warns."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from inspections.model import Inspection


@dataclass(frozen=True)
class Readiness:
    """Items still to tick or correct (they refuse finalising), and gaps that only warn."""

    blockers: list[tuple[str, str]]  # (label, link to the item)
    warnings: list[tuple[str, str]]  # (label, link where it is filled in)

    @property
    def blocked(self) -> bool:
        return bool(self.blockers)


def readiness(inspection: Inspection) -> Readiness:
    """Unticked items (not marked not applicable) and impossible figures block; the rest warns.

    An unticked item would print as "chưa đánh giá" in signed minutes (issue #14, item 5).
    """
    blockers = []
    for number, area in enumerate(inspection.areas, 1):
        link = url_for("inspections.area", inspection_id=inspection.id, area_key=area.key)
        for item in area.items:
            if item.problem:
                blockers.append(
                    (
                        _("%(area)d. Số liệu không hợp lệ: %(item)s", area=number, item=item.label),
                        f"{link}#item-{item.key}",
                    )
                )
            elif item.kind != "ratio" and not item.answered:
                blockers.append(
                    (
                        _("%(area)d. Chưa đánh giá: %(item)s", area=number, item=item.label),
                        f"{link}#item-{item.key}",
                    )
                )
    overview = url_for("inspections.show", inspection_id=inspection.id)
    warnings = []
    if not inspection.conclusion.strip():
        warnings.append((_("Chưa có kết luận"), f"{overview}#conclusion"))
    if not inspection.recommendations.strip():
        warnings.append((_("Chưa có kiến nghị"), f"{overview}#recommendations"))
    if inspection.secretary is None:
        warnings.append((_("Đoàn chưa có thư ký: biên bản sẽ để trống chữ ký thư ký"), ""))
    return Readiness(blockers, warnings)
