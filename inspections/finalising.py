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
    missing: int = 0  # items unticked or with impossible figures

    @property
    def blocked(self) -> bool:
        return bool(self.blockers)


def readiness(inspection: Inspection) -> Readiness:
    """Unticked items (not marked not applicable) and impossible figures (issue #15) block.

    An unticked item would print as "chưa đánh giá" in signed minutes (issue #14, item 5).
    """
    blockers = []
    missing = 0
    for number, area in enumerate(inspection.areas, 1):
        link = url_for("inspections.area", inspection_id=inspection.id, area_key=area.key)
        # Impossible figures one by one (they are few); unticked items per area, linked to
        # the first of them, so a barely started inspection is a list of ten, not eighty.
        for item in area.items:
            if item.problem:
                missing += 1
                blockers.append(
                    (
                        _("%(area)d. Số liệu không hợp lệ: %(item)s", area=number, item=item.label),
                        f"{link}#item-{item.key}",
                    )
                )
        unticked = [i for i in area.items if i.kind != "ratio" and not i.answered]
        missing += len(unticked)
        if unticked:
            blockers.append(
                (
                    _(
                        "%(area)d. %(title)s: còn %(n)d mục chưa đánh giá",
                        area=number,
                        title=area.title,
                        n=len(unticked),
                    ),
                    f"{link}#item-{unticked[0].key}",
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
    return Readiness(blockers, warnings, missing)
