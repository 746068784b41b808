"""Tallies of a form's answers, computed by SQL GROUP BY over the live-row indexes.

No function here loads responses one by one: every query returns one row per group
(unit, question, day, option, counter, channel), at most a few thousand rows for a year
of one commune, and Python only folds those groups into the tables the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from forms.definition import FormDef, Question
from results.periods import Period

CHANNELS = ("qr", "paper")


@dataclass(frozen=True)
class Filters:
    """What a results page or export is restricted to."""

    period: Period
    channel: str | None = None
    counter_id: int | None = None


@dataclass
class QuestionTally:
    """Counts per option of one choice question."""

    question: Question
    counts: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    points_sum: float = 0.0

    @property
    def rows(self) -> list[tuple[str, str, int, float]]:
        """(option key, label, count, percent of those who answered), in option order."""
        return [
            (
                o.key,
                str(o.label),
                self.counts.get(o.key, 0),
                share(self.counts.get(o.key, 0), self.answered),
            )
            for o in self.question.options
        ]

    @property
    def mean_points(self) -> float | None:
        """Mean points per answer, for questions whose options carry points."""
        if not self.answered or all(o.points is None for o in self.question.options):
            return None
        return self.points_sum / self.answered

    def satisfied_share(self, satisfied: tuple[str, ...]) -> float | None:
        """Percent answering one of the satisfied values (the SIPAS index of a factor)."""
        if not self.answered or not any(self.question.option(v) for v in satisfied):
            return None
        return share(sum(self.counts.get(v, 0) for v in satisfied), self.answered)


@dataclass
class Crosstab:
    """A breakdown: one row per counter, period or channel, one column per level."""

    rows: list[tuple[str, list[int]]]
    columns: list[str]

    @property
    def totals(self) -> list[int]:
        return [sum(values[i] for _, values in self.rows) for i in range(len(self.columns))]


def share(count: float, total: float) -> float:
    """A percentage, 0 when there is nothing to divide by."""
    return 100.0 * count / total if total else 0.0


def where(
    form: FormDef, unit_ids: list[int], filters: Filters, alias: str = ""
) -> tuple[str, list]:
    """The WHERE clause shared by every tally; withdrawn = 0 selects the partial indexes."""
    a = f"{alias}." if alias else ""
    marks = ", ".join("?" * len(unit_ids))
    sql = (
        f"{a}form_slug = ? AND {a}unit_id IN ({marks}) AND {a}withdrawn = 0"
        f" AND {a}day BETWEEN ? AND ?"
    )
    params: list = [form.slug, *unit_ids, *filters.period.bounds]
    if filters.channel:
        sql += f" AND {a}channel = ?"
        params.append(filters.channel)
    if filters.counter_id:
        sql += f" AND {a}counter_id = ?"
        params.append(filters.counter_id)
    return sql, params


def response_groups(
    db: sqlite_utils.Database, form: FormDef, unit_ids: list[int], filters: Filters
):
    """(unit_id, day, counter_id, channel, responses) groups."""
    sql, params = where(form, unit_ids, filters)
    return db.execute(
        "SELECT unit_id, day, counter_id, channel, count(*) FROM responses"
        f" WHERE {sql} GROUP BY unit_id, day, counter_id, channel",
        params,
    ).fetchall()


def answer_groups(db: sqlite_utils.Database, form: FormDef, unit_ids: list[int], filters: Filters):
    """(unit_id, question, day, value, counter_id, channel, answers, points) groups."""
    keys = [q.key for q in form.questions if q.is_choice]
    if not keys:
        return []
    sql, params = where(form, unit_ids, filters)
    marks = ", ".join("?" * len(keys))
    return db.execute(
        "SELECT unit_id, question, day, value, counter_id, channel, count(*),"
        f" total(number) FROM answers WHERE {sql} AND question IN ({marks})"
        " GROUP BY unit_id, question, day, value, counter_id, channel",
        [*params, *keys],
    ).fetchall()


def answered_multiple(
    db: sqlite_utils.Database, form: FormDef, unit_ids: list[int], filters: Filters
) -> dict[str, int]:
    """Responses answering each multiple-choice question (its percentages' base)."""
    keys = [q.key for q in form.questions if q.type == "multiple"]
    if not keys:
        return {}
    sql, params = where(form, unit_ids, filters)
    marks = ", ".join("?" * len(keys))
    rows = db.execute(
        f"SELECT question, count(DISTINCT response_id) FROM answers WHERE {sql}"
        f" AND question IN ({marks}) GROUP BY question",
        [*params, *keys],
    ).fetchall()
    return dict(rows)


def point_totals(
    db: sqlite_utils.Database, form: FormDef, unit_ids: list[int], filters: Filters
) -> dict[float, int]:
    """How many responses reached each total of points (SUM(number) per response in SQL)."""
    keys = [q.key for q in form.questions if any(o.points is not None for o in q.options)]
    if not keys:
        return {}
    sql, params = where(form, unit_ids, filters)
    marks = ", ".join("?" * len(keys))
    rows = db.execute(
        "SELECT total, count(*) FROM (SELECT sum(number) AS total FROM answers"
        f" WHERE {sql} AND number IS NOT NULL AND question IN ({marks})"
        " GROUP BY response_id) GROUP BY total ORDER BY total",
        [*params, *keys],
    ).fetchall()
    return {float(total): n for total, n in rows}
