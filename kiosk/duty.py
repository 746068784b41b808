"""Officers on duty at counters, and the ratings credited to each (issue #17).

The officer on duty is kept on the counter's row (counters.on_duty_id, forms
migration 007), where the citizen's submission reads it inside its INSERT.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core import audit
from core.db import get_db, rows_by_name, write_transaction
from core.units import Counter, Unit
from forms.definition import FormDef
from forms.expand import expand_pending


@dataclass(frozen=True)
class Duty:
    """A counter with its officer on duty, if any."""

    counter: Counter
    officer_id: int | None
    officer_name: str | None
    since: str | None


def duties(unit: Unit) -> list[Duty]:
    """The unit's active counters with their officers on duty, in display order."""
    rows = rows_by_name(
        get_db(),
        "SELECT c.id, c.unit_id, c.code, c.name, u.id AS officer_id, u.full_name, c.on_duty_since"
        " FROM counters c LEFT JOIN users u ON u.id = c.on_duty_id"
        " WHERE c.unit_id = ? AND c.active = 1 ORDER BY c.position, c.id",
        [unit.id],
    )
    return [
        Duty(
            Counter(id=row["id"], unit_id=row["unit_id"], code=row["code"], name=row["name"]),
            officer_id=row["officer_id"],
            officer_name=row["full_name"],
            since=row["on_duty_since"],
        )
        for row in rows
    ]


def go_on_duty(counter: Counter, user_id: int) -> None:
    """Mark an officer on duty at a counter, and off duty at any other counter."""
    db = get_db()
    with write_transaction(db):
        db.execute(
            "UPDATE counters SET on_duty_id = NULL, on_duty_since = NULL"
            " WHERE on_duty_id = ? AND id != ?",
            [user_id, counter.id],
        )
        db.execute(
            "UPDATE counters SET on_duty_id = ?, on_duty_since = ? WHERE id = ?",
            [user_id, audit.now_utc(), counter.id],
        )
        audit.record(
            db, user_id, "on_duty", "counter", counter.id, {"officer": user_id}, counter.unit_id
        )


def end_duty(counter: Counter, user_id: int) -> bool:
    """End an officer's duty at a counter; False if they were not on duty there."""
    db = get_db()
    with write_transaction(db):
        changed = db.execute(
            "UPDATE counters SET on_duty_id = NULL, on_duty_since = NULL"
            " WHERE id = ? AND on_duty_id = ?",
            [counter.id, user_id],
        ).rowcount
        if changed:
            audit.record(
                db,
                user_id,
                "off_duty",
                "counter",
                counter.id,
                {"officer": user_id},
                counter.unit_id,
            )
    return bool(changed)


@dataclass
class OfficerRow:
    """Ratings credited to one officer over a period: answers per level of the summary."""

    officer_id: int | None
    name: str | None
    levels: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.levels.values())

    def share(self, keys: tuple[str, ...]) -> float | None:
        """Percent of ratings at one of the keys (the form's satisfied levels)."""
        if not self.total:
            return None
        return 100.0 * sum(self.levels.get(k, 0) for k in keys) / self.total


def by_officer(
    form: FormDef,
    unit_ids: list[int],
    bounds: tuple[str, str],
    channel: str | None = None,
    officer_id: int | None = None,
    counter_id: int | None = None,
) -> list[OfficerRow]:
    """The form's summary question counted per officer on duty, over live QR and kiosk ratings.

    Ratings with no officer on duty are one row with officer_id None.
    """
    if form.summary is None:
        return []
    db = get_db()
    expand_pending(db)
    marks = ", ".join("?" * len(unit_ids))
    where = f" WHERE r.form_slug = ? AND r.unit_id IN ({marks}) AND r.withdrawn = 0"
    sql = (
        "SELECT r.officer_id, u.full_name, a.value, count(*)"  # noqa: S608 - only placeholders are built in
        " FROM responses r JOIN answers a ON a.response_id = r.id AND a.question = ?"
        " LEFT JOIN users u ON u.id = r.officer_id" + where + " AND r.channel != 'paper'"
        " AND r.day BETWEEN ? AND ?"
    )
    params: list = [form.summary, form.slug, *unit_ids, *bounds]
    if channel:
        sql += " AND r.channel = ?"
        params.append(channel)
    if officer_id is not None:
        sql += " AND r.officer_id = ?"
        params.append(officer_id)
    if counter_id is not None:
        sql += " AND r.counter_id = ?"
        params.append(counter_id)
    sql += " GROUP BY r.officer_id, a.value"
    rows: dict[int | None, OfficerRow] = {}
    for officer, name, value, count in db.execute(sql, params):
        row = rows.setdefault(officer, OfficerRow(officer, name))
        row.levels[value] = row.levels.get(value, 0) + count
    return sorted(rows.values(), key=lambda r: (r.officer_id is None, r.name or ""))
