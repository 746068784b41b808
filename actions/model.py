"""Corrective actions read as plain dataclasses, with the inspection facts their access needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core import units
from core.db import get_db, rows_by_name

STATUSES = ("open", "in_progress", "fixed", "returned", "verified")
# Statuses in which the responsible unit still has work to do (and can be overdue).
WORKING = ("open", "in_progress", "returned")
# Every status but the closed one.
NOT_CLOSED = ("open", "in_progress", "fixed", "returned")


@dataclass
class Action:
    """One corrective action and the inspection it comes from."""

    id: int
    inspection_id: int
    item_key: str | None
    source: str  # finding | conclusion
    finding: str
    what: str
    unit: units.Unit  # responsible unit
    person: str
    due: str  # ISO date
    status: str
    report_note: str
    review_note: str
    created_at: str
    updated_at: str
    fixed_at: str | None
    closed_at: str | None
    inspected_unit: units.Unit
    conducting_unit: units.Unit
    inspection_title: str
    inspection_year: int
    inspection_status: str
    photo_hashes: list[str] = field(default_factory=list)
    item_label: str = ""

    @property
    def is_closed(self) -> bool:
        return self.status == "verified"

    def overdue(self, today: date | None = None) -> bool:
        """Past its due date while the responsible unit still has work to do."""
        return self.status in WORKING and self.due < (today or date.today()).isoformat()


COLUMNS = (
    "a.id, a.inspection_id, a.item_key, a.source, a.finding, a.what, a.unit_id, a.person,"
    " a.due, a.status, a.report_note, a.review_note, a.created_at, a.updated_at, a.fixed_at,"
    " a.closed_at, i.unit_id AS inspected_unit_id, i.owner_unit_id, i.title AS inspection_title,"
    " i.year AS inspection_year, i.status AS inspection_status"
)
# Read as they are named in the dataclass; the units are looked up.
_PLAIN = (
    "id",
    "inspection_id",
    "item_key",
    "source",
    "finding",
    "what",
    "person",
    "due",
    "status",
    "report_note",
    "review_note",
    "created_at",
    "updated_at",
    "fixed_at",
    "closed_at",
    "inspection_title",
    "inspection_year",
    "inspection_status",
)
FROM = " FROM actions a JOIN inspections i ON i.id = a.inspection_id"


def _action(row, photos: list[str]) -> Action:
    unit_cache: dict[int, units.Unit | None] = {}

    def unit(unit_id: int) -> units.Unit:
        if unit_id not in unit_cache:
            unit_cache[unit_id] = units.get_unit(unit_id)
        found = unit_cache[unit_id]
        assert found is not None  # foreign keys guarantee it
        return found

    return Action(
        **{name: row[name] for name in _PLAIN},
        unit=unit(row["unit_id"]),
        inspected_unit=unit(row["inspected_unit_id"]),
        conducting_unit=unit(row["owner_unit_id"] or row["inspected_unit_id"]),
        photo_hashes=photos,
    )


def _photos(action_ids: list[int]) -> dict[int, list[str]]:
    if not action_ids:
        return {}
    marks = ", ".join("?" * len(action_ids))
    found: dict[int, list[str]] = {}
    for action_id, sha in get_db().execute(
        f"SELECT action_id, sha256 FROM action_photos WHERE action_id IN ({marks}) ORDER BY id",  # noqa: S608 - placeholders only
        action_ids,
    ):
        found.setdefault(action_id, []).append(sha)
    return found


def _load(where: str, params: list, order: str = " ORDER BY a.due, a.id") -> list[Action]:
    sql = f"SELECT {COLUMNS}{FROM} WHERE {where}{order}"  # noqa: S608 - clauses are constants
    rows = rows_by_name(get_db(), sql, params).fetchall()
    photos = _photos([r["id"] for r in rows])
    return [_action(r, photos.get(r["id"], [])) for r in rows]


def load_action(action_id: int) -> Action | None:
    """One action, or None."""
    found = _load("a.id = ?", [action_id])
    return found[0] if found else None


def actions_of(inspection_id: int) -> list[Action]:
    """An inspection's actions in the order they were made (items first, as the checklist)."""
    return _load("a.inspection_id = ?", [inspection_id], " ORDER BY a.id")


def actions_for_units(unit: units.Unit, statuses: tuple[str, ...] = NOT_CLOSED) -> list[Action]:
    """Actions a unit's subtree is responsible for, was inspected on, or conducted."""
    marks = ", ".join("?" * len(statuses))
    prefix = unit.path + "%"
    return _load(
        f"a.status IN ({marks}) AND (a.unit_id IN (SELECT id FROM units WHERE path LIKE ?)"  # noqa: S608 - placeholders only
        " OR i.unit_id IN (SELECT id FROM units WHERE path LIKE ?)"
        " OR i.owner_unit_id IN (SELECT id FROM units WHERE path LIKE ?))",
        [*statuses, prefix, prefix, prefix],
    )


@dataclass
class ActionRow:
    """A line of `flask list-actions`."""

    id: int
    inspection_id: int
    unit_code: str
    item_key: str | None
    status: str
    due: str


def list_actions(unit: units.Unit | None = None, status: str | None = None) -> list[ActionRow]:
    """Actions whose responsible unit lies in a unit's subtree (all when none), by id.

    status is one of STATUSES, or 'overdue' (past due while work remains).
    """
    sql = (
        "SELECT a.id, a.inspection_id, u.code, a.item_key, a.status, a.due"
        " FROM actions a JOIN units u ON u.id = a.unit_id WHERE 1 = 1"
    )
    params: list = []
    if unit is not None:
        sql += " AND u.path LIKE ?"
        params.append(unit.path + "%")
    if status == "overdue":
        sql += f" AND a.status IN ({', '.join('?' * len(WORKING))}) AND a.due < ?"
        params += [*WORKING, date.today().isoformat()]
    elif status is not None:
        sql += " AND a.status = ?"
        params.append(status)
    return [ActionRow(*r) for r in get_db().execute(sql + " ORDER BY a.id", params).fetchall()]


def previous_actions(inspection_id: int, unit_id: int, on: str) -> dict[str, list[Action]]:
    """Actions of the same unit's latest earlier inspection that has any, by item key."""
    row = (
        get_db()
        .execute(
            "SELECT i.id FROM inspections i WHERE i.unit_id = ? AND i.id != ?"
            " AND (i.date < ? OR (i.date = ? AND i.id < ?))"
            " AND EXISTS (SELECT 1 FROM actions a WHERE a.inspection_id = i.id)"
            " ORDER BY i.date DESC, i.id DESC LIMIT 1",
            [unit_id, inspection_id, on, on, inspection_id],
        )
        .fetchone()
    )
    if row is None:
        return {}
    found: dict[str, list[Action]] = {}
    for action in actions_of(row[0]):
        if action.item_key:
            found.setdefault(action.item_key, []).append(action)
    return found
