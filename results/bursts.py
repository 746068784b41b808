"""Bursts of QR responses far above a counter's normal rate: flagged, and withdrawn with a reason.

Ballot stuffing from many addresses cannot be refused on an anonymous form (issue #12,
item 8), so it is made visible and reversible. The rule, as the results page words it:
a counter's 10-minute window (09:00-09:10, 09:10-09:20, ...) is a burst when it got more
than max(20, 5 x normal) QR responses, normal being the median count of that counter's
windows with any QR response in the 30 days before the window's day. Adjacent burst
windows make one burst. The counts per window come from results/tallies.py (qr_windows,
or a report's windows), kept up to date in each worker, so flagging costs no scan per page.
A period longer than three months is checked over its last BURST_DAYS days with responses.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import median

import sqlite_utils

from core import audit
from core.db import rows_by_name, write_transaction
from core.units import Unit
from forms import rollups
from forms.definition import FormDef
from forms.expand import expand_pending
from forms.store import VIETNAM

WINDOW_SECONDS = 600
FLOOR = 20  # a burst has more than this many responses in one window, whatever the normal
TIMES = 5  # ... and more than this many times the counter's normal window
BASELINE_DAYS = 30
# A period longer than three months is checked over the last BURST_DAYS days with
# responses (a worker's first report over a million responses would otherwise spend a
# second on windows nobody acts on); a shorter one over all its days.
BURST_DAYS = 60
WINDOWS_A_DAY = 86_400 // WINDOW_SECONDS


@dataclass(frozen=True)
class Burst:
    """Consecutive 10-minute windows of one counter above the rule's threshold."""

    unit: Unit
    counter_id: int | None
    counter_name: str | None
    first: int  # window number since the epoch (UTC)
    last: int
    responses: int
    normal: float  # median QR responses of a 10-minute window with any, 30 days before

    @property
    def starts(self) -> datetime:
        """The first window's start, local time."""
        return datetime.fromtimestamp(self.first * WINDOW_SECONDS, VIETNAM)

    @property
    def ends(self) -> datetime:
        """The last window's end, local time."""
        return datetime.fromtimestamp((self.last + 1) * WINDOW_SECONDS, VIETNAM)

    @property
    def days(self) -> tuple[date, date]:
        """The local days its responses were counted on."""
        return self.starts.date(), (self.ends - timedelta(seconds=1)).date()


def find(
    windows: list[tuple], lo: str, hi: str, units: dict[int, Unit], names: dict[int, str]
) -> list[Burst]:
    """The bursts whose windows fall on days lo to hi, from (unit, day, counter, window, n)."""
    by_counter: dict[tuple, list[tuple[int, str, int]]] = {}
    for unit_id, day, counter, slot, n in windows:
        if unit_id in units:
            by_counter.setdefault((unit_id, counter), []).append((slot, day, n))
    found: list[Burst] = []
    for (unit_id, counter), rows in by_counter.items():
        rows.sort()
        slots = [row[0] for row in rows]
        normals: dict[str, float] = {}
        current: Burst | None = None
        for slot, day, n in rows:
            if n <= FLOOR or not lo <= day <= hi:
                continue
            if day not in normals:
                normals[day] = _normal(rows, slots, day)
            if n <= TIMES * normals[day]:
                continue
            if current and current.last == slot - 1:
                current = Burst(
                    current.unit,
                    counter,
                    current.counter_name,
                    current.first,
                    slot,
                    current.responses + n,
                    current.normal,
                )
                found[-1] = current
                continue
            current = Burst(
                units[unit_id], counter, names.get(counter), slot, slot, n, normals[day]
            )
            found.append(current)
    found.sort(key=lambda burst: (burst.first, burst.unit.id, burst.counter_id or 0))
    return found


def _normal(rows: list[tuple], slots: list[int], day: str) -> float:
    """Median responses of the counter's non-empty windows in the 30 days before day."""
    midnight = datetime.combine(date.fromisoformat(day), time(0), VIETNAM)
    end = int(midnight.timestamp()) // WINDOW_SECONDS
    start = end - BASELINE_DAYS * WINDOWS_A_DAY
    counts = [row[2] for row in rows[bisect_left(slots, start) : bisect_left(slots, end)]]
    return float(median(counts)) if counts else 0.0


def _utc(slot: int) -> str:
    """A window boundary as responses.submitted_at stores instants."""
    return datetime.fromtimestamp(slot * WINDOW_SECONDS, UTC).isoformat(timespec="seconds")


def withdraw_burst(
    db: sqlite_utils.Database, form: FormDef, burst: Burst, *, user_id: int, reason: str
) -> int:
    """Mark a burst's responses and their answers withdrawn, keep why; returns its id."""
    starts, ends = _utc(burst.first), _utc(burst.last + 1)
    first_day, last_day = burst.days
    with write_transaction(db):
        burst_id = db.execute(
            "INSERT INTO withdrawn_bursts (unit_id, form_slug, counter_id, starts_at, ends_at,"
            " responses, normal, withdrawn_at, withdrawn_by, reason)"
            " VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
            [
                burst.unit.id,
                form.slug,
                burst.counter_id,
                starts,
                ends,
                burst.normal,
                audit.now_utc(),
                user_id,
                reason,
            ],
        ).lastrowid
        ids = [
            row[0]
            for row in db.execute(
                "SELECT id FROM responses WHERE form_slug = ? AND unit_id = ? AND withdrawn = 0"
                " AND day BETWEEN ? AND ? AND channel = 'qr' AND counter_id IS ?"
                " AND submitted_at >= ? AND submitted_at < ?",
                [
                    form.slug,
                    burst.unit.id,
                    first_day.isoformat(),
                    last_day.isoformat(),
                    burst.counter_id,
                    starts,
                    ends,
                ],
            )
        ]
        chosen = json.dumps(ids)
        # Responses still pending get their answer rows now, withdrawn like the rest,
        # and all of them leave the roll-ups before they are marked (forms/rollups.py).
        expand_pending(db)
        rollups.uncount(db, ids)
        db.execute(
            "UPDATE responses SET withdrawn = 1 WHERE id IN (SELECT value FROM json_each(?))",
            [chosen],
        )
        db.execute(
            "UPDATE answers SET withdrawn = 1"
            " WHERE response_id IN (SELECT value FROM json_each(?))",
            [chosen],
        )
        db.execute("UPDATE withdrawn_bursts SET responses = ? WHERE id = ?", [len(ids), burst_id])
        audit.record(
            db,
            user_id,
            "withdraw",
            "burst",
            burst_id,
            {
                "form": form.slug,
                "counter_id": burst.counter_id,
                "from": starts,
                "to": ends,
                "responses": len(ids),
                "reason": reason,
            },
            burst.unit.id,
        )
    return burst_id


@dataclass(frozen=True)
class Withdrawn:
    """A withdrawn burst as the results page lists it."""

    id: int
    unit: str
    counter: str | None
    starts_at: str
    ends_at: str
    responses: int
    normal: float
    withdrawn_at: str
    withdrawn_by: str
    reason: str


def list_withdrawn(
    db: sqlite_utils.Database, form: FormDef, unit_ids: list[int], limit: int = 100
) -> list[Withdrawn]:
    """The units' withdrawn bursts of a form, latest first."""
    marks = ", ".join("?" * len(unit_ids))
    rows = rows_by_name(
        db,
        "SELECT b.id, u.name AS unit, c.name AS counter, b.starts_at, b.ends_at, b.responses,"  # noqa: S608 - placeholders only
        " b.normal, b.withdrawn_at, w.full_name AS withdrawn_by, b.reason FROM withdrawn_bursts b"
        " JOIN units u ON u.id = b.unit_id JOIN users w ON w.id = b.withdrawn_by"
        " LEFT JOIN counters c ON c.id = b.counter_id"
        f" WHERE b.form_slug = ? AND b.unit_id IN ({marks}) ORDER BY b.id DESC LIMIT ?",
        [form.slug, *unit_ids, limit],
    ).fetchall()
    return [Withdrawn(**row) for row in rows]
