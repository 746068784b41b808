"""Tallies of a form's answers: the groups a report needs, and the tables they fold into.

No function here loads responses one by one: the groups come from the units' ledgers
(results/ledger.py: SQL GROUP BY over the live-row indexes, kept up to date), one per
(unit, question, day, option, counter, channel), about 12,000 for a million responses
of one commune in a year, and Python only filters and folds them into the page's tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from forms.definition import FormDef, Question
from results import ledger
from results.periods import Period

# The kiosk at the counter (issue #17) is counted apart from QR codes on phones.
CHANNELS = ("qr", "kiosk", "paper")


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


@dataclass
class Groups:
    """A report's groups after its filters, in the shapes build_report folds."""

    # (unit_id, question, day, value, counter_id, channel, answers, points)
    answers: list[tuple]
    # (unit_id, day, counter_id, channel, responses), or None: the summary counts them
    responses: list[tuple] | None
    # responses answering each multiple-choice question (its percentages' base)
    multiple: dict[str, int]
    # responses per total of points, in order of total
    totals: dict[float, int]
    # (unit_id, day, counter_id, 10-minute window, QR responses), every one the
    # ledgers hold: a burst's normal rate looks back before the period
    windows: list[tuple] = field(default_factory=list)


def collect(
    db: sqlite_utils.Database, form: FormDef, unit_ids: list[int], filters: Filters
) -> Groups:
    """The groups of the units' ledgers that fall in the filters' period, channel and counter.

    The ledgers hold all-time groups by day, counter and channel (results/ledger.py),
    so every filter is a test on a group's key; a short period of a unit with no
    ledger yet gets its own days' groups instead.
    """
    lo, hi = filters.period.bounds
    channel, counter_id = filters.channel, filters.counter_id

    def kept(day: str, counter: int | None, chan: str) -> bool:
        return (
            lo <= day <= hi
            and (not channel or chan == channel)
            and (not counter_id or counter == counter_id)
        )

    # A short period (broken down by day) never waits for a unit's all-time scan.
    window = filters.period.bounds if filters.period.bucket == "day" else None
    found = ledger.ledgers(db, form, unit_ids, window)
    answers = [
        (unit_id, question, day, value, counter, chan, n, points)
        for unit_id, book in found
        for (question, day, value, counter, chan), (n, points) in book.choice.items()
        if kept(day, counter, chan)
    ]
    responses = None
    if ledger.Shape.of(form).by_response:
        responses = [
            (unit_id, day, counter, chan, n)
            for unit_id, book in found
            for (day, counter, chan), n in book.responses.items()
            if kept(day, counter, chan)
        ]
    multiple: dict[str, int] = {}
    totals: dict[float, int] = {}
    for _unit_id, book in found:
        for (question, day, counter, chan), n in book.multiple.items():
            if kept(day, counter, chan):
                multiple[question] = multiple.get(question, 0) + n
        for (day, counter, chan, total), n in book.totals.items():
            if kept(day, counter, chan):
                totals[total] = totals.get(total, 0) + n
    windows = [
        (unit_id, day, counter, slot, n)
        for unit_id, book in found
        for (day, counter, slot), n in book.windows.items()
    ]
    return Groups(answers, responses, multiple, dict(sorted(totals.items())), windows)
