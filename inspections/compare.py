"""Self-inspection against the level above's inspection: what differs, area by area."""

from __future__ import annotations

from dataclasses import dataclass

from core.db import get_db
from core.definitions import Label
from inspections.model import Inspection, ItemResult, load_inspection


def counterpart(inspection: Inspection) -> Inspection | None:
    """The latest inspection of the other kind for the same unit, year and checklist."""
    row = (
        get_db()
        .execute(
            "SELECT id FROM inspections WHERE unit_id = ? AND year = ? AND kind != ?"
            " AND checklist_slug = ? ORDER BY id DESC LIMIT 1",
            [inspection.unit.id, inspection.year, inspection.kind, inspection.checklist_slug],
        )
        .fetchone()
    )
    return load_inspection(row[0]) if row else None


@dataclass
class Difference:
    """An item whose result, figure or points differ between the two inspections."""

    area: str | Label  # the area's title in the page's language
    own: ItemResult
    external: ItemResult


def differences(own: Inspection, external: Inspection) -> list[Difference]:
    """Items where the self-inspection and the level above disagree."""
    found = []
    for area in own.areas:
        other_area = external.area(area.key)
        if other_area is None:
            continue
        others = {i.key: i for i in other_area.items}
        for item in area.items:
            theirs = others.get(item.key)
            if theirs is None:
                continue
            if (item.result, item.figure, item.points) != (
                theirs.result,
                theirs.figure,
                theirs.points,
            ):
                found.append(Difference(area.heading or area.title, item, theirs))
    return found
