"""An inspection read as plain dataclasses: the one model the pages and the minutes share.

Field names here are an interface (the minutes of issue #5 build on them): keep them stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from core import units
from core.db import get_db, rows_by_name
from core.definitions import Label
from inspections.checklist import Checklist, Item, from_json

KINDS = ("self", "external")
STATUSES = ("draft", "final")
RESULTS = ("pass", "fail", "na")
# Why an item's stored figures cannot be scored (the entry checks refuse these; a race of
# two inspectors, or data stored before the checks, can still leave them): issue #15.
PROBLEMS = ("negative", "above_denominator")
ROLES = ("head", "member", "secretary")
# How the minutes address a person ('' when not recorded: "Ông/bà").
HONORIFICS = {"ong": "Ông", "ba": "Bà"}


@dataclass
class Member:
    """A team member or a participant of the inspected unit."""

    name: str
    title: str
    role: str  # head | member | secretary (team); participant (unit)
    user_id: int | None = None
    honorific: str = ""  # a key of HONORIFICS, or '' when not recorded

    @property
    def address(self) -> str:
        """How the minutes address the person: 'Ông', 'Bà', or 'Ông/bà' when not recorded."""
        return HONORIFICS.get(self.honorific, "Ông/bà")


@dataclass
class ItemResult:
    """One checklist item with what the inspectors recorded."""

    key: str
    label: str
    kind: str  # document | check | figure | ratio
    result: str | None  # pass | fail | na | None (ratios: computed from the target)
    figure: float | None
    ratio: float | None  # percentage, computed for ratio items
    evidence: str
    note: str
    points: float | None
    max_points: float
    # Paths of the stored photo files (JPEG), for embedding in documents.
    photos: list[str] = field(default_factory=list)
    version: int = 0
    updated_by: str | None = None
    updated_at: str | None = None
    entered_points: float | None = None
    unit: str | None = None
    target: float | None = None
    photo_hashes: list[str] = field(default_factory=list)
    na_allowed: bool = False
    # The label in the page's language (label is Vietnamese, for the minutes).
    text: Label | None = None
    # A ratio whose denominator is 0: "không phát sinh" (not applicable where allowed).
    not_arising: bool = False
    # One of PROBLEMS when the figures are impossible; the item then scores nothing.
    problem: str | None = None

    @property
    def reduced(self) -> bool:
        """Met, but with fewer points than the item's maximum."""
        return (
            self.result == "pass"
            and self.points is not None
            and bool(self.max_points)
            and self.points < self.max_points
        )

    @property
    def answered(self) -> bool:
        """Whether an entered item has its value (ratios count when computable)."""
        if self.kind == "figure":
            return self.figure is not None
        if self.kind == "ratio":
            return self.ratio is not None
        return self.result is not None


@dataclass
class AreaResult:
    """One area of the checklist with its tallies and score."""

    key: str
    title: str
    max_points: float
    points: float
    passed: int
    failed: int
    not_applicable: int
    unanswered: int
    items: list[ItemResult]
    # The title in the page's language (title is Vietnamese, for the minutes).
    heading: Label | None = None

    @property
    def entered_total(self) -> int:
        """Items an inspector fills in this area (ratios are computed)."""
        return sum(1 for i in self.items if i.kind != "ratio")

    @property
    def entered_done(self) -> int:
        return self.entered_total - self.unanswered


@dataclass
class Inspection:
    """An inspection with its team, its results per area and its conclusion."""

    id: int
    unit: units.Unit
    kind: str  # self | external
    year: int
    period_start: str  # ISO date: the period whose satisfaction results the minutes show
    period_end: str
    title: str
    legal_basis: str
    date: str  # ISO date of the inspection
    place: str
    started_at: str  # 'HH:MM' local time the inspection started, or ''
    status: str  # draft | final
    conclusion: str
    recommendations: str
    team: list[Member]
    participants: list[Member]
    areas: list[AreaResult]
    finalised_at: str | None
    finalised_by: str | None
    owner_unit: units.Unit | None = None
    checklist_slug: str = ""
    checklist_version: int = 0
    created_by: int | None = None

    @property
    def points(self) -> float:
        return sum(a.points for a in self.areas)

    @property
    def max_points(self) -> float:
        return sum(a.max_points for a in self.areas)

    @property
    def entered_total(self) -> int:
        return sum(a.entered_total for a in self.areas)

    @property
    def entered_done(self) -> int:
        return sum(a.entered_done for a in self.areas)

    @property
    def is_final(self) -> bool:
        return self.status == "final"

    @property
    def head(self) -> Member | None:
        return next((m for m in self.team if m.role == "head"), None)

    @property
    def secretary(self) -> Member | None:
        return next((m for m in self.team if m.role == "secretary"), None)

    def area(self, key: str) -> AreaResult | None:
        return next((a for a in self.areas if a.key == key), None)

    def item(self, key: str) -> ItemResult | None:
        return next((i for a in self.areas for i in a.items if i.key == key), None)

    @property
    def problems(self) -> list[ItemResult]:
        """Items whose figures are impossible: they must be corrected before finalising."""
        return [i for a in self.areas for i in a.items if i.problem]


_CHECKLIST_CACHE: dict[str, Checklist] = {}


def checklist_version(slug: str, version: int) -> Checklist | None:
    """The checklist an inspection was made with, as stored when it was created."""
    row = rows_by_name(
        get_db(),
        "SELECT sha256, definition FROM checklist_versions WHERE slug = ? AND version = ?",
        [slug, version],
    ).fetchone()
    if row is None:
        return None
    sha256 = row["sha256"]
    if sha256 not in _CHECKLIST_CACHE:
        _CHECKLIST_CACHE[sha256] = from_json(row["definition"], f"{slug}@{version}")
    return _CHECKLIST_CACHE[sha256]


def photo_path(sha256: str) -> Path:
    """Where a stored photo lives under the upload folder."""
    return Path(current_app.config["UPLOAD_DIR"]) / "inspections" / sha256[:2] / f"{sha256}.jpg"


# Named as the Inspection fields they fill; the two unit ids become units.
INSPECTION_COLUMNS = (
    "i.id, i.unit_id, i.kind, i.year, i.period_start, i.period_end, i.title, i.legal_basis,"
    " i.date, i.place, i.started_at, i.status, i.conclusion, i.recommendations,"
    " i.finalised_at, u.full_name AS finalised_by, i.owner_unit_id, i.checklist_slug,"
    " i.checklist_version, i.created_by"
)


def load_inspection(inspection_id: int) -> Inspection | None:
    """An inspection with its team and every area's results, or None."""
    db = get_db()
    row = rows_by_name(
        db,
        f"SELECT {INSPECTION_COLUMNS} FROM inspections i"  # noqa: S608 - columns are constants
        " LEFT JOIN users u ON u.id = i.finalised_by WHERE i.id = ?",
        [inspection_id],
    ).fetchone()
    if row is None:
        return None
    checklist = checklist_version(row["checklist_slug"], row["checklist_version"])
    if checklist is None:
        return None
    members = rows_by_name(
        db,
        "SELECT side, name, title, role, user_id, honorific FROM inspection_members"
        " WHERE inspection_id = ? ORDER BY side, position, id",
        [inspection_id],
    ).fetchall()
    fields = dict(row)
    unit_id, owner_unit_id = fields.pop("unit_id"), fields.pop("owner_unit_id")
    return Inspection(
        **fields,
        unit=units.get_unit(unit_id),
        owner_unit=units.get_unit(owner_unit_id),
        team=[_member(m) for m in members if m["side"] == "team"],
        participants=[_member(m) for m in members if m["side"] == "unit"],
        areas=area_results(inspection_id, checklist),
    )


def _member(row) -> Member:
    """A member from an inspection_members row."""
    return Member(
        name=row["name"],
        title=row["title"],
        role=row["role"],
        user_id=row["user_id"],
        honorific=row["honorific"],
    )


def area_results(inspection_id: int, checklist: Checklist) -> list[AreaResult]:
    """Every area's items, tallies and points for an inspection."""
    db = get_db()
    stored = {
        r["item_key"]: r
        for r in rows_by_name(
            db,
            "SELECT it.item_key, it.result, it.figure, it.evidence, it.note, it.points,"
            " it.version, u.full_name AS updated_by, it.updated_at FROM inspection_items it"
            " LEFT JOIN users u ON u.id = it.updated_by WHERE it.inspection_id = ?",
            [inspection_id],
        )
    }
    photos: dict[str, list[str]] = {}
    for key, sha in db.execute(
        "SELECT item_key, sha256 FROM inspection_photos WHERE inspection_id = ? ORDER BY id",
        [inspection_id],
    ).fetchall():
        photos.setdefault(key, []).append(sha)
    return areas_of(checklist, stored, photos)


def blank_areas(checklist: Checklist) -> list[AreaResult]:
    """Every area's items with nothing recorded: a checklist as a new inspection shows it."""
    return areas_of(checklist, {}, {})


def areas_of(checklist: Checklist, stored: dict, photos: dict[str, list[str]]) -> list[AreaResult]:
    """Every area's items, tallies and points from the stored rows (by item key) and photos."""
    figures = {key: r["figure"] for key, r in stored.items()}
    areas = []
    for area in checklist.areas:
        items = [_item_result(item, stored.get(item.key), figures, photos) for item in area.items]
        areas.append(
            AreaResult(
                key=area.key,
                title=area.title.vi,
                heading=area.title,
                max_points=area.points,
                points=sum(i.points or 0 for i in items),
                passed=sum(1 for i in items if i.result == "pass"),
                failed=sum(1 for i in items if i.result == "fail"),
                not_applicable=sum(1 for i in items if i.result == "na"),
                unanswered=sum(1 for i in items if i.kind != "ratio" and not i.answered),
                items=items,
            )
        )
    return areas


def ratio_of(item: Item, figures: dict[str, float | None]) -> float | None:
    """A ratio item's percentage, when both figures are known and the base is not 0."""
    top, bottom = figures.get(item.numerator), figures.get(item.denominator)
    if top is None or not bottom:
        return None
    return round(top * 100 / bottom, 2)


# What an item not yet entered holds.
EMPTY_ITEM = {
    "result": None,
    "figure": None,
    "evidence": "",
    "note": "",
    "points": None,
    "version": 0,
    "updated_by": None,
    "updated_at": None,
}


def judge_ratio(item: Item, figures: dict) -> tuple[float | None, str | None, bool, str | None]:
    """(ratio, result, not arising, problem) of a ratio item from the stored figures.

    Counts below 0 or a part above its whole are impossible: no result, no points. A zero
    denominator means nothing arose: not applicable where the checklist allows it, else not
    met (listed among the failures rather than scored 0 in silence).
    """
    top, bottom = figures.get(item.numerator), figures.get(item.denominator)
    if (top is not None and top < 0) or (bottom is not None and bottom < 0):
        return None, None, False, "negative"
    if top is not None and bottom is not None and top > bottom:
        return ratio_of(item, figures), None, False, "above_denominator"
    if bottom == 0:
        result = "na" if item.na_allowed else ("fail" if item.target is not None else None)
        return None, result, True, None
    ratio = ratio_of(item, figures)
    result = None
    if item.target is not None and ratio is not None:
        result = "pass" if ratio >= item.target else "fail"
    return ratio, result, False, None


def _item_result(item: Item, row, figures: dict, photos: dict[str, list[str]]) -> ItemResult:
    """Combine an item's definition with its stored row (by name) and compute its score."""
    stored = row or EMPTY_ITEM
    result, entered, figure = stored["result"], stored["points"], stored["figure"]
    ratio, not_arising, problem = None, False, None
    if item.kind == "ratio":
        ratio, result, not_arising, problem = judge_ratio(item, figures)
    elif item.kind == "figure" and figure is not None and figure < 0:
        problem = "negative"
    points = None if problem else score(item, result, entered)
    hashes = photos.get(item.key, [])
    return ItemResult(
        key=item.key,
        label=item.label.vi,
        text=item.label,
        kind=item.kind,
        result=result,
        figure=stored["figure"],
        ratio=ratio,
        evidence=stored["evidence"],
        note=stored["note"],
        points=points,
        max_points=item.points,
        photos=[str(photo_path(sha)) for sha in hashes],
        version=stored["version"],
        updated_by=stored["updated_by"],
        updated_at=stored["updated_at"],
        entered_points=entered,
        unit=item.unit.vi if item.unit else None,
        target=item.target,
        photo_hashes=hashes,
        na_allowed=item.na_allowed,
        not_arising=not_arising,
        problem=problem,
    )


def score(item: Item, result: str | None, entered: float | None) -> float | None:
    """Points an item earns: the team's own figure, else full for pass, 0 for fail.

    Not applicable earns the full points only where the checklist allows it (the usual
    rule "không phát sinh thì được điểm tối đa"); elsewhere it earns nothing (issue #15).
    """
    if not item.points:
        return None
    if entered is not None:
        return entered
    if result == "pass" or (result == "na" and item.na_allowed):
        return item.points
    if result in ("fail", "na"):
        return 0.0
    return None


@dataclass
class InspectionRow:
    """A line of the inspection list."""

    id: int
    unit_code: str
    unit_name: str
    kind: str
    year: int
    status: str
    title: str
    date: str


def list_inspections(unit: units.Unit | None = None) -> list[InspectionRow]:
    """Inspections of a unit's subtree (all when no unit), newest first."""
    sql = (
        "SELECT i.id, u.code AS unit_code, u.name AS unit_name, i.kind, i.year, i.status,"
        " i.title, i.date FROM inspections i JOIN units u ON u.id = i.unit_id"
    )
    params: list = []
    if unit is not None:
        sql += " WHERE u.path LIKE ?"
        params.append(unit.path + "%")
    rows = rows_by_name(get_db(), sql + " ORDER BY i.year DESC, i.id DESC", params)
    return [InspectionRow(**r) for r in rows]
