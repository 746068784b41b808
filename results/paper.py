"""Paper slips (phiếu giấy): batches typed in by staff, withdrawn but never deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import sqlite_utils

from core import audit
from core.db import rows_by_name, write_transaction
from core.units import Counter, Unit
from forms import rollups
from forms.definition import FormDef
from forms.expand import expand_pending
from forms.store import VIETNAM, store_response

# The most slips one batch may hold: a quarter's pile at the busiest counter.
MAX_SLIPS = 5000


class DuplicateBatch(Exception):
    """This batch key was stored already (a retried POST); carries the batch id."""

    def __init__(self, batch_id: int):
        super().__init__(batch_id)
        self.batch_id = batch_id


@dataclass(frozen=True)
class Batch:
    """A batch as the batch list shows it."""

    id: int
    day: str
    counter: str
    entered_by: str
    entered_at: str
    note: str
    slips: int
    withdrawn_at: str | None
    withdrawn_by: str | None
    withdraw_reason: str | None
    levels: dict[str, int]


def takes_counts(form: FormDef) -> bool:
    """Whether slips can be entered as counts per level: the summary is all they ask."""
    if not form.summary or form.receipt_code == "required":
        return False
    return all(q.key == form.summary for q in form.questions if q.required)


def new_batch(
    db: sqlite_utils.Database,
    form: FormDef,
    unit: Unit,
    counter: Counter | None,
    day: date,
    user_id: int,
    note: str = "",
) -> int:
    """Insert a batch row (who entered it, and when); returns its id."""
    return db.execute(
        "INSERT INTO paper_batches (unit_id, form_slug, counter_id, day, note,"
        " entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            unit.id,
            form.slug,
            counter.id if counter else None,
            day.isoformat(),
            note,
            user_id,
            audit.now_utc(),
        ],
    ).lastrowid


def enter_batch(
    db: sqlite_utils.Database,
    form: FormDef,
    unit: Unit,
    counter: Counter | None,
    day: date,
    slips: list[dict],
    *,
    user_id: int,
    key: str,
    note: str = "",
) -> int:
    """Store a batch and its slips in one transaction; returns the batch id.

    Submission ids are 'paper-<key>-<n>', the key coming from the rendered form, so a
    retried POST meets its own first slip and raises DuplicateBatch instead of doubling.
    """
    if not 0 < len(slips) <= MAX_SLIPS:
        raise ValueError("a batch holds 1 to MAX_SLIPS slips")
    # Slips carry the day they were collected; noon local time keeps it on that day.
    submitted = datetime.combine(day, time(12), VIETNAM)
    # The write lock comes first, so a concurrent twin waits for this batch.
    with write_transaction(db):
        batch_id = new_batch(db, form, unit, counter, day, user_id, note)
        for n, answers in enumerate(slips, 1):
            stored = store_response(
                db,
                form,
                unit,
                answers,
                submission_id=f"paper-{key}-{n}",
                channel="paper",
                counter=counter,
                entered_by=user_id,
                batch_id=batch_id,
                submitted_at=submitted,
            )
            if not stored.created:
                raise DuplicateBatch(_batch_of(db, stored.response_id))
        audit.record(
            db,
            user_id,
            "enter",
            "paper_batch",
            batch_id,
            {"form": form.slug, "day": day.isoformat(), "slips": len(slips)},
            unit.id,
        )
    return batch_id


def _batch_of(db: sqlite_utils.Database, response_id: int) -> int:
    return db.execute("SELECT batch_id FROM responses WHERE id = ?", [response_id]).fetchone()[0]


def slips_from_counts(form: FormDef, counts: dict[str, int]) -> list[dict]:
    """One answer set per slip, from a count per level of the summary question."""
    return [{form.summary: level} for level, n in counts.items() for _ in range(n)]


def withdraw_batch(
    db: sqlite_utils.Database, batch_id: int, unit: Unit, *, user_id: int, reason: str
) -> bool:
    """Mark a batch, its slips and their answers withdrawn; False if it already was."""
    with write_transaction(db):
        changed = db.execute(
            "UPDATE paper_batches SET withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ?"
            " WHERE id = ? AND unit_id = ? AND withdrawn_at IS NULL",
            [audit.now_utc(), user_id, reason, batch_id, unit.id],
        ).rowcount
        if not changed:
            return False
        # Slips still pending get their answer rows now, withdrawn like the rest,
        # and every slip leaves the roll-ups before it is marked (forms/rollups.py).
        expand_pending(db)
        slip_ids = [
            row[0] for row in db.execute("SELECT id FROM responses WHERE batch_id = ?", [batch_id])
        ]
        rollups.uncount(db, slip_ids)
        slips = db.execute(
            "UPDATE responses SET withdrawn = 1 WHERE batch_id = ?", [batch_id]
        ).rowcount
        db.execute(
            "UPDATE answers SET withdrawn = 1"
            " WHERE response_id IN (SELECT id FROM responses WHERE batch_id = ?)",
            [batch_id],
        )
        detail = {"reason": reason, "slips": slips}
        audit.record(db, user_id, "withdraw", "paper_batch", batch_id, detail, unit.id)
    return True


def get_batch(db: sqlite_utils.Database, batch_id: int, unit: Unit, form: FormDef) -> Batch | None:
    """One batch of this unit and form."""
    found = list_batches(db, unit, form, batch_id=batch_id)
    return found[0] if found else None


def count_batches(db: sqlite_utils.Database, unit: Unit, form: FormDef) -> int:
    """How many batches of a form the unit has entered, withdrawn ones included."""
    return db.execute(
        "SELECT count(*) FROM paper_batches WHERE unit_id = ? AND form_slug = ?",
        [unit.id, form.slug],
    ).fetchone()[0]


def list_batches(
    db: sqlite_utils.Database,
    unit: Unit,
    form: FormDef,
    batch_id: int | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[Batch]:
    """A unit's latest batches of a form with their slip counts per summary level."""
    extra = " AND b.id = ?" if batch_id else ""
    params: list = [unit.id, form.slug] + ([batch_id] if batch_id else []) + [limit, offset]
    rows = rows_by_name(
        db,
        "SELECT b.id, b.day, coalesce(c.name, '') AS counter, eu.full_name AS entered_by,"  # noqa: S608 - a constant clause
        " b.entered_at, b.note, (SELECT count(*) FROM responses r WHERE r.batch_id = b.id)"
        " AS slips, b.withdrawn_at, wu.full_name AS withdrawn_by, b.withdraw_reason"
        " FROM paper_batches b"
        " JOIN users eu ON eu.id = b.entered_by"
        " LEFT JOIN users wu ON wu.id = b.withdrawn_by"
        " LEFT JOIN counters c ON c.id = b.counter_id"
        f" WHERE b.unit_id = ? AND b.form_slug = ?{extra}"
        " ORDER BY b.day DESC, b.id DESC LIMIT ? OFFSET ?",
        params,
    ).fetchall()
    levels: dict[int, dict[str, int]] = {row["id"]: {} for row in rows}
    if rows and form.summary:
        expand_pending(db)
        marks = ", ".join("?" * len(rows))
        for bid, value, n in db.execute(
            "SELECT r.batch_id, a.value, count(*) FROM responses r"  # noqa: S608 - placeholders only
            " JOIN answers a ON a.response_id = r.id"
            f" WHERE r.batch_id IN ({marks}) AND a.question = ? GROUP BY r.batch_id, a.value",
            [*levels, form.summary],
        ).fetchall():
            levels[bid][value] = n
    return [Batch(**row, levels=levels[row["id"]]) for row in rows]
