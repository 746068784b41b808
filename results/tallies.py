"""The one place that counts responses and answers: the results page, exports and minutes read it.

Two questions are asked of it, one function each: `count_form` (every figure of a form
for a unit's subtree under filters: per question and option, counter, period, channel
and child unit, SIPAS indices, points) and `qr_windows` (QR responses per counter and
10-minute window, the input of results/bursts.py). Both return plain dataclasses, so
how the counting is done can change without touching a caller.

The groups come from the roll-up tables (forms/rollups.py), kept in SQLite in the
transaction that writes what they count: whole months from `tallies_monthly`, the
days around them from `tallies_daily`; Python only folds them. Withdrawn responses
(paper batches and bursts, withdrawn = 1) are never counted. The 10-minute windows of
the burst check are read from the live-tally index of responses.

Counting is eager; wording is lazy (properties): the minutes count outside a request,
where Babel has no locale, and take their Vietnamese labels from the definition.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import sqlite_utils
from flask_babel import gettext as _

from core import dates
from core.db import read_snapshot
from core.definitions import Label
from core.units import Unit, children, subtree
from forms.definition import FormDef, Option, Question
from forms.expand import expand_pending
from forms.types.number import Number
from results.periods import Period

# The kiosk at the counter (issue #17) is counted apart from QR codes on phones.
CHANNELS = ("qr", "kiosk", "paper")


@dataclass(frozen=True)
class Filters:
    """What a results page or export is restricted to."""

    period: Period
    channel: str | None = None
    counter_id: int | None = None


class OptionCount(NamedTuple):
    """One option of a question: its key, label, answers and percent of those who answered."""

    key: str
    label: str
    count: int
    percent: float


class VersionNote(NamedTuple):
    """An earlier version of the form some counted answers replied to, worded otherwise."""

    version: int
    since: str  # the day it was first loaded, dd/mm/yyyy
    label: Label  # the question as that version worded it
    options: tuple[tuple[str, Label], ...]  # (key, label) of its options


@dataclass
class QuestionTally:
    """Counts per option of one choice question."""

    question: Question
    counts: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    points_sum: float = 0.0
    # earlier versions counted here whose wording of the question differs (issue #16)
    versions: list[VersionNote] = field(default_factory=list)

    def percent(self, key: str) -> float:
        """Percent of those who answered that chose this option."""
        return share(self.counts.get(key, 0), self.answered)

    @property
    def rows(self) -> list[OptionCount]:
        """Every option in definition order, labelled in the request's language."""
        return [
            OptionCount(o.key, str(o.label), self.counts.get(o.key, 0), self.percent(o.key))
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
class NumberTally:
    """Answers to an integer or decimal question: count, mean, median, extremes, spread.

    Counted per distinct value by the roll-ups, so every figure is exact.
    """

    question: Question
    values: dict[float, int] = field(default_factory=dict)  # value -> answers
    versions: list[VersionNote] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(self.values.values())

    @property
    def mean(self) -> float | None:
        if not self.count:
            return None
        return math.fsum(v * n for v, n in self.values.items()) / self.count

    @property
    def minimum(self) -> float | None:
        return min(self.values) if self.values else None

    @property
    def maximum(self) -> float | None:
        return max(self.values) if self.values else None

    @property
    def median(self) -> float | None:
        """The middle answer; the mean of the two middle ones for an even count."""
        if not self.count:
            return None
        middle = [(self.count - 1) // 2, self.count // 2]
        found, seen = [], 0
        for value in sorted(self.values):
            seen += self.values[value]
            while middle and middle[0] < seen:
                found.append(value)
                middle.pop(0)
        return (found[0] + found[1]) / 2

    @property
    def figures(self) -> list[tuple[str, float | None]]:
        """(figure in words, value): mean, median, minimum, maximum."""
        return [
            (_("Trung bình"), self.mean),
            (_("Trung vị"), self.median),
            (_("Nhỏ nhất"), self.minimum),
            (_("Lớn nhất"), self.maximum),
        ]

    def histogram(self, bins: int = 10) -> list[tuple[float, float, int]]:
        """(from, to, answers) per bar: one per value when there are few, else equal widths."""
        if not self.values:
            return []
        ordered = sorted(self.values)
        if len(ordered) <= bins:
            return [(v, v, self.values[v]) for v in ordered]
        low, high = ordered[0], ordered[-1]
        width = (high - low) / bins
        counts = [0] * bins
        for value, n in self.values.items():
            counts[min(int((value - low) / width), bins - 1)] += n
        return [(low + i * width, low + (i + 1) * width, n) for i, n in enumerate(counts)]


class CrosstabRow(NamedTuple):
    """One row of a breakdown: what it counts (in words) and its count per column."""

    label: str
    counts: list[int]


@dataclass
class Crosstab:
    """A breakdown: one row per counter, period or channel, one column per summary level.

    A form without a summary question has one column, its responses.
    """

    keys: list  # counter id (None: no counter), period ('2022-03', '2022-03-15') or channel
    counts: list[list[int]]
    levels: list[Option] | None
    name: Callable[[Any], str] = field(repr=False, compare=False)

    @property
    def columns(self) -> list[str]:
        if self.levels is None:
            return [_("Số phiếu")]
        return [str(o.label) for o in self.levels]

    @property
    def rows(self) -> list[CrosstabRow]:
        return [CrosstabRow(self.name(k), c) for k, c in zip(self.keys, self.counts, strict=True)]

    @property
    def width(self) -> int:
        return 1 if self.levels is None else len(self.levels)

    @property
    def totals(self) -> list[int]:
        return [sum(row[i] for row in self.counts) for i in range(self.width)]

    def count(self, key: Any) -> list[int]:
        """The row of this key; zeros when nothing was counted there."""
        for k, counts in zip(self.keys, self.counts, strict=True):
            if k == key:
                return counts
        return [0] * self.width


@dataclass
class UnitRow:
    """One commune (or child unit) in the side-by-side ranking of a parent unit."""

    unit: Unit
    responses: int = 0
    levels: list[int] = field(default_factory=list)
    points: float = 0.0
    rank: int = 0
    score: float | None = None


class QrWindow(NamedTuple):
    """QR responses of one unit's counter in one 10-minute window (results/bursts.py)."""

    unit_id: int
    day: str
    counter_id: int | None
    window: int  # 10-minute windows since the epoch (UTC)
    responses: int


@dataclass
class Tallies:
    """Every figure of a form for a unit's subtree under filters."""

    form: FormDef
    unit: Unit
    filters: Filters
    responses: int = 0
    questions: list[QuestionTally] = field(default_factory=list)
    # integer and decimal questions, in definition order
    numbers: list[NumberTally] = field(default_factory=list)
    summary: QuestionTally | None = None
    by_counter: Crosstab | None = None
    by_period: Crosstab | None = None
    by_channel: Crosstab | None = None
    units: list[UnitRow] = field(default_factory=list)
    # responses per total of points, in order of total
    totals: dict[float, int] = field(default_factory=dict)
    # the windows a burst check of the period needs, of the filters' counter: a burst's normal rate
    # looks back before the period
    windows: list[QrWindow] = field(default_factory=list)

    @property
    def summary_lines(self) -> list[tuple[int, int, str]]:
        """(count, total, level) per level: the official '695/695 phiếu rất hài lòng'."""
        if not self.summary:
            return []
        return [(row.count, self.summary.answered, row.label) for row in self.summary.rows]

    @property
    def satisfied_rate(self) -> float | None:
        """Percent of summary answers counted as satisfied by the definition."""
        return self.summary.satisfied_share(self.form.satisfied) if self.summary else None

    @property
    def factors(self) -> list[tuple[str, float]]:
        """(question, satisfaction index) for each question rated on the satisfied scale."""
        if not self.form.satisfied:
            return []
        found = []
        for tally in self.questions:
            index = tally.satisfied_share(self.form.satisfied)
            if index is not None:
                found.append((str(tally.question.label), index))
        return found

    @property
    def indicators(self) -> list[tuple[str, float]]:
        """(indicator, mean points) for questions whose options carry points."""
        return [
            (str(t.question.label), t.mean_points)
            for t in self.questions
            if t.mean_points is not None
        ]

    @property
    def grades(self) -> list[tuple[str, str, int, float]]:
        """(grade, range in words, responses, percent) from the definition's bands."""
        scored = sum(self.totals.values())
        rows = []
        for grade in self.form.grades:
            n = sum(count for total, count in self.totals.items() if grade.contains(total))
            rows.append((str(grade.label), _bounds(grade), n, share(n, scored)))
        return rows

    @property
    def mean_total(self) -> float | None:
        scored = sum(self.totals.values())
        if not scored:
            return None
        return sum(total * n for total, n in self.totals.items()) / scored


def _bounds(grade) -> str:
    def num(x: float) -> str:
        return f"{x:g}"

    if grade.above is None:
        return _("≤ %(b)s điểm", b=num(grade.up_to))
    if grade.up_to is None:
        return _("> %(a)s điểm", a=num(grade.above))
    return _("> %(a)s đến %(b)s điểm", a=num(grade.above), b=num(grade.up_to))


def share(count: float, total: float) -> float:
    """A percentage, 0 when there is nothing to divide by."""
    return 100.0 * count / total if total else 0.0


def channel_label(channel: str) -> str:
    """The channel in words."""
    if channel == "kiosk":
        return _("Máy đánh giá tại quầy")
    return _("Mã QR") if channel == "qr" else _("Phiếu giấy")


def bucket_label(key: str) -> str:
    """'2022-03' as 03/2022, '2022-03-15' as 15/03/2022."""
    parts = key.split("-")
    return "/".join(reversed(parts))


def counter_names(db: sqlite_utils.Database, unit_ids: list[int]) -> dict[int, str]:
    """Every counter of the units, active or not (old responses keep their counter)."""
    marks = ", ".join("?" * len(unit_ids))
    return dict(
        db.execute(
            f"SELECT id, name FROM counters WHERE unit_id IN ({marks}) ORDER BY position, id",  # noqa: S608 - placeholders only
            unit_ids,
        ).fetchall()
    )


def count_form(db: sqlite_utils.Database, form: FormDef, unit: Unit, filters: Filters) -> Tallies:
    """Every figure of a form for a unit's subtree under filters."""
    tree = subtree(unit)
    unit_ids = [u.id for u in tree]
    found = Tallies(form, unit, filters)
    by_question = {q.key: QuestionTally(q) for q in form.questions if q.is_choice}
    summary = by_question.get(form.summary) if form.summary else None
    levels = [o.key for o in summary.question.options] if summary else [""]
    groups = _groups(db, form, unit_ids, filters, summary and form.summary, levels, len(tree) > 1)
    found.responses = groups.responses

    for (key, value), (n, points) in groups.choices.items():
        tally = by_question[key]
        tally.counts[value] = tally.counts.get(value, 0) + n
        tally.points_sum += points
        tally.answered += n
    for key, n in groups.multiple.items():
        by_question[key].answered = n
    found.questions = list(by_question.values())
    found.numbers = [
        NumberTally(q, groups.numbers.get(q.key, {}))
        for q in form.questions
        if isinstance(q.kind, Number)
    ]
    if groups.versions:
        notes = version_notes(db, form, groups.versions)
        for tally in (*found.questions, *found.numbers):
            tally.versions = notes.get(tally.question.key, [])
    found.summary = summary
    found.totals = groups.totals
    found.windows = [
        w for w in groups.windows if not filters.counter_id or w.counter_id == filters.counter_id
    ]

    # Breakdowns: by the summary question's levels when the form has one, else by count
    # (the responses' rows, whose value is '').
    if summary:
        levels = list(summary.question.options)
        index = {o.key: i for i, o in enumerate(levels)}
    else:
        levels, index = None, {"": 0}
    width = len(index)
    tables: dict[str, dict] = {}
    for dimension, counted in groups.levels.items():
        table = tables[dimension] = defaultdict(lambda: [0] * width)
        for (key, value), n in counted.items():
            if value in index:
                table[key][index[value]] += n
    counters, periods, channels = tables["counter"], tables["period"], tables["channel"]
    names = counter_names(db, unit_ids)
    # Each counter's place in a dict: a list's index() per counter was quadratic (about
    # 25 ms for a province's 1,206 counters).
    order = {counter: place for place, counter in enumerate(names)}

    def counter_name(counter: int | None) -> str:
        return names.get(counter) or _("Không ghi quầy")

    shown = sorted(counters, key=lambda c: order.get(c, len(order)))
    found.by_counter = Crosstab(shown, [counters[c] for c in shown], levels, counter_name)
    shown = sorted(periods)
    found.by_period = Crosstab(shown, [periods[k] for k in shown], levels, bucket_label)
    shown = [c for c in CHANNELS if c in channels]
    found.by_channel = Crosstab(shown, [channels[c] for c in shown], levels, channel_label)
    if len(tree) > 1:
        found.units = _side_by_side(found, tree, groups.per_unit, tables["unit"], width)
    return found


def version_notes(
    db: sqlite_utils.Database, form: FormDef, versions: dict[str, set[int]]
) -> dict[str, list[VersionNote]]:
    """Per question, the earlier versions counted whose wording of it differs from now.

    Old responses keep the definition they answered (form_versions): its label and
    option labels are compared with the current definition's.
    """
    current = {q["key"]: q for q in json.loads(form.definition_json)["questions"]}
    wanted = sorted(set().union(*versions.values()))
    marks = ", ".join("?" * len(wanted))
    stored = db.execute(
        f"SELECT version, loaded_at, definition FROM form_versions WHERE slug = ?"  # noqa: S608 - placeholders only
        f" AND version IN ({marks}) ORDER BY version",
        [form.slug, *wanted],
    ).fetchall()
    notes: dict[str, list[VersionNote]] = {}
    for version, loaded_at, definition in stored:
        for old in json.loads(definition)["questions"]:
            key = old["key"]
            if version not in versions.get(key, ()) or _wording(old) == _wording(
                current.get(key, {})
            ):
                continue
            notes.setdefault(key, []).append(
                VersionNote(
                    version,
                    dates.format_day(loaded_at),
                    _label(old["label"]),
                    tuple((o["key"], _label(o["label"])) for o in old.get("options") or ()),
                )
            )
    return notes


def _wording(question: dict) -> tuple:
    """What a citizen read: the question's label and its options' labels."""
    options = tuple((o["key"], repr(o["label"])) for o in question.get("options") or ())
    return repr(question.get("label")), options


def _label(stored) -> Label:
    """A stored label ({'vi': ..., 'en': ...} or plain text) as a Label."""
    if isinstance(stored, dict):
        return Label(stored.get("vi", ""), stored.get("en"))
    return Label(str(stored))


def _side_by_side(found: Tallies, tree, per_unit, levels_per_unit, width) -> list[UnitRow]:
    """Each child unit's subtree totals, ranked best first."""
    kids = children(found.unit)
    owner = {}
    for u in tree:
        for kid in kids:
            if kid.contains(u):
                owner[u.id] = kid.id
    rows = {kid.id: UnitRow(kid, levels=[0] * width) for kid in kids}
    for u, (responses, points) in per_unit.items():
        if u in owner:
            rows[owner[u]].responses += responses
            rows[owner[u]].points += points
    for u, levels in levels_per_unit.items():
        if u in owner:
            row = rows[owner[u]]
            row.levels = [a + b for a, b in zip(row.levels, levels, strict=True)]
    form = found.form
    for row in rows.values():
        if form.grades and row.responses:
            row.score = row.points / row.responses  # mean total points
        elif found.summary and form.satisfied:
            levels = dict(
                zip((o.key for o in found.summary.question.options), row.levels, strict=True)
            )
            answered = sum(row.levels)
            row.score = (
                share(sum(levels.get(v, 0) for v in form.satisfied), answered) if answered else None
            )
    ranked = sorted(rows.values(), key=lambda r: (r.score is None, -(r.score or 0), -r.responses))
    for position, row in enumerate(ranked, 1):
        row.rank = position if row.score is not None else 0
    return ranked


def qr_windows(
    db: sqlite_utils.Database, form: FormDef, unit_ids: list[int], filters: Filters
) -> list[QrWindow]:
    """QR responses per counter and 10-minute window of the units that a burst check needs.

    Not only the filters' period: a burst's normal rate looks back 30 days before it.
    """
    expand_pending(db)
    return _windows(db, form, unit_ids, filters)


@dataclass
class _Groups:
    """A report's groups after its filters, folded by SQLite into the shapes count_form reads."""

    # the responses counted
    responses: int
    # (choice question, option) -> (answers, points)
    choices: dict[tuple[str, str], tuple[int, float]]
    # responses answering each multiple-choice question (its percentages' base)
    multiple: dict[str, int]
    # responses per total of points, in order of total
    totals: dict[float, int]
    # integer and decimal questions: value -> answers
    numbers: dict[str, dict[float, int]]
    # question -> the other form versions its counted answers replied to
    versions: dict[str, set[int]]
    # the breakdowns: per 'counter', 'period', 'channel' (and 'unit' for a parent unit),
    # (key, summary option or '' for responses) -> answers
    levels: dict[str, dict[tuple, int]]
    # a parent unit's units: unit_id -> (responses, points of choice answers)
    per_unit: dict[int, tuple[int, float]]
    windows: list[QrWindow]


# A period at most this long is checked for bursts over all its days; a longer one (all
# time, a year) over its last bursts.BURST_DAYS days with responses.
BURST_PERIOD_DAYS = 92


def _spans(lo: str, hi: str, bucket: str) -> tuple[tuple[str, str] | None, list[tuple[str, str]]]:
    """The whole months of days lo to hi ('2022-01', '2022-12'), and the days around them.

    A period broken down by day reads days only.
    """
    first, last = date.fromisoformat(lo), date.fromisoformat(hi)
    start = first if first.day == 1 else _next_month(first)
    end = _next_month(last) - timedelta(days=1)
    if end != last:  # the last month is not whole: stop before it
        end = last.replace(day=1) - timedelta(days=1)
    if bucket == "day" or start > end:
        return None, [(lo, hi)]
    edges = []
    if first < start:
        edges.append((lo, (start - timedelta(days=1)).isoformat()))
    if end < last:
        edges.append(((end + timedelta(days=1)).isoformat(), hi))
    return (start.isoformat()[:7], end.isoformat()[:7]), edges


def _next_month(day: date) -> date:
    """The first day of the month after day's."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


# The few groups a report reads, folded by SQLite from the roll-up rows of its spans,
# so that a province's report reads a few thousand rows where it had read every
# roll-up row of its 200 communes (issue #18). Sorting rows for a GROUP BY is what
# costs (about 1 µs a row), so no roll-up row is sorted: the totals are added up by
# key in a small temporary table, and the breakdowns group in the roll-ups' key order,
# which SQLite walks without a sort.
#
# `_GROUPED`: the report's answers and points per unit, question, option and form
# version (about 2,000 rows for a province), a temporary table of this connection like
# forms/rollups.py's delta: it takes no lock on the database and no submission writes
# it. Adding each roll-up row into it by its key cost 0.16 s of CPU for a province's
# 144,189 monthly rows, sorting them 0.24 s.
_GROUPED = (
    "CREATE TEMP TABLE IF NOT EXISTS tallies_grouped (unit_id, question, value, form_version,"
    " answers, points, PRIMARY KEY (unit_id, question, value, form_version)) WITHOUT ROWID"
)
_GROUP = """
INSERT INTO temp.tallies_grouped
SELECT unit_id, question, value, form_version, answers, points FROM ({spans})
WHERE true ON CONFLICT DO UPDATE SET answers = answers + excluded.answers,
                                     points = points + excluded.points
"""
# `_TOTALS`: from those rows, the report's per question, option and form version and,
# for a parent unit, each unit's responses, points and levels (the summary question's
# options, or the responses). Each row: (kind, key, value, version, answers, points).
# Points are added per unit first: sums of whole or half points do not depend on the
# order.
_TOTALS = """
SELECT 'question', question, value, form_version, sum(answers), total(points)
FROM temp.tallies_grouped GROUP BY question, value, form_version
"""
_TOTALS_UNITS = """
UNION ALL SELECT 'per_unit', unit_id, '', NULL,
       total(answers) FILTER (WHERE question = '' AND value = ''),
       total(points) FILTER (WHERE value != '' AND question IN (SELECT value FROM json_each(?)))
FROM temp.tallies_grouped GROUP BY unit_id
UNION ALL SELECT 'unit', unit_id, value, NULL, sum(answers), 0
FROM temp.tallies_grouped WHERE question = ? AND value IN (SELECT value FROM json_each(?))
GROUP BY unit_id, value
"""
# `_LEVELS`: the breakdowns' levels per counter, period and channel, one column per
# level. `blocks` has a row per unit, period, counter and channel: a prefix of the
# roll-ups' key, so each span's rows are grouped as SQLite reads them.
_LEVELS = """
WITH blocks AS MATERIALIZED ({blocks}){days}
SELECT 'counter', counter, {sums} FROM blocks GROUP BY 2
UNION ALL SELECT 'channel', channel, {sums} FROM blocks GROUP BY 2
UNION ALL SELECT 'period', bucket, {sums} FROM {periods} GROUP BY 2
"""


def _where(form: FormDef, unit_ids: list[int], filters: Filters, first: str, last: str):
    """The clause and parameters of one span's roll-up rows under the filters."""
    units = ", ".join("?" * len(unit_ids))
    where = f"form_slug = ? AND unit_id IN ({units}) AND period BETWEEN ? AND ?"
    params: list = [form.slug, *unit_ids, first, last]
    if filters.channel:
        where += " AND channel = ?"
        params.append(filters.channel)
    if filters.counter_id:
        where += " AND counter_id = ?"
        params.append(filters.counter_id)
    return where, params


def _grains(lo: str, hi: str, bucket: str) -> list[tuple[str, tuple[str, str]]]:
    """(roll-up table, (first, last)) of each span of days lo to hi: months, then days."""
    months, days = _spans(lo, hi, bucket)
    found = [("tallies_monthly", months)] if months else []
    return found + [("tallies_daily", span) for span in days]


def _group_sql(form: FormDef, unit_ids: list[int], filters: Filters) -> tuple[str, list]:
    """`_GROUP` of the filters' whole months and the days around them."""
    lo, hi = filters.period.bounds
    selects, params = [], []
    for grain, (first, last) in _grains(lo, hi, "month"):
        where, more = _where(form, unit_ids, filters, first, last)
        selects.append(
            "SELECT unit_id, form_version, question, value, answers, points"  # noqa: S608 - grain and clauses are constants, placeholders only
            f" FROM {grain} WHERE {where}"
        )
        params += more
    return _GROUP.format(spans=" UNION ALL ".join(selects)), params


def _levels_sql(
    form: FormDef,
    unit_ids: list[int],
    filters: Filters,
    question: str,
    levels: list[str],
) -> tuple[str, list]:
    """`_LEVELS` of the question's levels; a period broken down by day reads days."""
    lo, hi = filters.period.bounds
    sums = ", ".join(f"sum(n{i})" for i in range(len(levels)))
    columns = ", ".join(
        f"sum(answers) FILTER (WHERE value = ?) AS n{i}" for i in range(len(levels))
    )
    marks = ", ".join("?" * len(levels))

    def grouped(grain, first, last, by: str, bucket: str) -> tuple[str, list]:
        where, more = _where(form, unit_ids, filters, first, last)
        select = (
            f"SELECT unit_id, {bucket} AS bucket, nullif(counter_id, 0) AS counter, channel,"  # noqa: S608 - constant clauses, placeholders only
            f" {columns} FROM {grain} WHERE {where} AND question = ? AND value IN ({marks})"
            f" GROUP BY {by}"
        )
        return select, [*levels, *more, question, *levels]

    blocks, params = [], []
    for grain, (first, last) in _grains(lo, hi, "month"):
        bucket = "substr(period, 1, 7)" if grain == "tallies_daily" else "period"
        select, more = grouped(grain, first, last, "unit_id, period, counter_id, channel", bucket)
        blocks.append(select)
        params += more
    days, periods = "", "blocks"
    if filters.period.bucket == "day":  # whole months hold no day: the days' rows
        select, more = grouped("tallies_daily", lo, hi, "unit_id, period", "period")
        days, periods = f", days AS MATERIALIZED ({select})", "days"
        params += more
    sql = _LEVELS.format(blocks=" UNION ALL ".join(blocks), days=days, sums=sums, periods=periods)
    return sql, params


def _groups(
    db: sqlite_utils.Database,
    form: FormDef,
    unit_ids: list[int],
    filters: Filters,
    summary: str | None,
    levels: list[str],
    per_unit: bool,
) -> _Groups:
    """The roll-up groups (forms/rollups.py) of the filters' period, channel and counter.

    The breakdowns count the levels: the summary question's options, or the responses
    (question and value '') without one; per_unit adds the breakdown and totals of each
    unit (a parent's side by side).
    """
    # The roll-ups count expanded responses only: expand any pending first.
    expand_pending(db)
    choice = {q.key for q in form.questions if q.is_choice}
    numeric = {q.key for q in form.questions if isinstance(q.kind, Number)}
    group_sql, group_params = _group_sql(form, unit_ids, filters)
    levels_sql, levels_params = _levels_sql(form, unit_ids, filters, summary or "", levels)
    totals_sql, totals_params = _TOTALS, []
    if per_unit:
        totals_sql += _TOTALS_UNITS
        totals_params = [json.dumps(sorted(choice)), summary or "", json.dumps(levels)]
    found = _Groups(0, {}, {}, {}, {}, {}, {}, {}, [])
    found.levels = {name: {} for name in ("counter", "period", "channel", "unit")}
    with read_snapshot(db):  # months, edges and windows from one state of the database
        db.execute(_GROUPED)
        db.execute("DELETE FROM temp.tallies_grouped")
        db.execute(group_sql, group_params)
        rows = db.execute(totals_sql, totals_params).fetchall()
        for kind, key, *counts in db.execute(levels_sql, levels_params).fetchall():
            counted = found.levels[kind]
            for value, n in zip(levels, counts, strict=True):
                if n is not None:  # no answer at this level
                    counted[key, value] = n
        found.windows = _windows(db, form, unit_ids, filters)
    totals: dict[float, int] = {}
    for kind, key, value, version, n, points in rows:
        if kind == "per_unit":
            found.per_unit[key] = (int(n), points)
            continue
        if kind == "unit":
            found.levels[kind][key, value] = n
            continue
        if key and version != form.version:
            found.versions.setdefault(key, set()).add(version)
        if key == "":
            if value == "":
                found.responses += n
            else:
                totals[float(value)] = totals.get(float(value), 0) + n
        elif key in numeric:
            if value:
                counted = found.numbers.setdefault(key, {})
                counted[float(value)] = counted.get(float(value), 0) + n
        elif key not in choice:
            continue  # one the current definition dropped
        elif value == "":
            found.multiple[key] = found.multiple.get(key, 0) + n
        else:
            n_before, points_before = found.choices.get((key, value), (0, 0.0))
            found.choices[key, value] = (n_before + n, points_before + points)
    found.totals = dict(sorted(totals.items()))
    return found


def _busy_units(
    db, form: FormDef, unit_ids: list[int], filters: Filters, first: str, last: str, floor: int
) -> list[int]:
    """The units with a day of more than floor QR responses at one counter, first to last.

    A window holds at most its day's responses at its counter, so only these can have a
    burst: the daily roll-up's response rows (question and value '') count them. Most
    reports of a province find none and read no response row at all (issue #18).
    """
    # A day and counter has a response row per form version, so only one with a row
    # above floor / versions can be above floor: the rest fail one integer test and are
    # never grouped (a GROUP BY of every response row was a third of the check).
    (versions,) = db.execute(
        "SELECT count(*) FROM form_versions WHERE slug = ?", [form.slug]
    ).fetchone()
    marks = ", ".join("?" * len(unit_ids))
    where = f"form_slug = ? AND unit_id IN ({marks}) AND period BETWEEN ? AND ?"
    params = [form.slug, *unit_ids, first, last, floor // max(versions, 1)]
    counter = ""
    if filters.counter_id:
        counter = " AND counter_id = ?"
        params.append(filters.counter_id)
    day = "form_slug = d.form_slug AND unit_id = d.unit_id AND period = d.period"
    return [
        unit_id
        for (unit_id,) in db.execute(
            f"SELECT DISTINCT unit_id FROM tallies_daily AS d WHERE {where} AND answers > ?"  # noqa: S608 - constant clauses, placeholders only
            f" AND question = '' AND value = '' AND channel = 'qr'{counter}"
            " AND (SELECT sum(answers) FROM tallies_daily"
            f"      WHERE {day} AND counter_id = d.counter_id AND channel = 'qr'"
            "       AND question = '' AND value = '') > ?",
            [*params, floor],
        )
    ]


def _windows(db, form: FormDef, unit_ids: list[int], filters: Filters) -> list[QrWindow]:
    """QR responses per unit, counter and 10-minute window that a burst check needs.

    The live-tally index ends with submitted_at (results/migrations.py 006), so this
    reads the index alone, and a window is the first 15 characters of the instant
    ("2022-05-01T01:2"), cheaper than a date function per row. A period of up to
    BURST_PERIOD_DAYS is checked whole; a longer one over its last BURST_DAYS days
    with responses. Each gets the BASELINE_DAYS before as the normal rate's base.
    """
    from results.bursts import BASELINE_DAYS, BURST_DAYS, FLOOR, WINDOW_SECONDS

    def live(units: list[int]) -> tuple[str, list]:
        """The clause and parameters of the units' live QR responses (of the counter)."""
        marks = ", ".join("?" * len(units))
        clause = f"form_slug = ? AND unit_id IN ({marks}) AND withdrawn = 0 AND channel = 'qr'"
        if filters.counter_id:
            return clause + " AND counter_id = ?", [form.slug, *units, filters.counter_id]
        return clause, [form.slug, *units]

    lo, hi = filters.period.bounds
    first = date.fromisoformat(lo)
    if (date.fromisoformat(hi) - first).days > BURST_PERIOD_DAYS:
        where, params = live(unit_ids)
        (newest,) = db.execute(
            f"SELECT max(day) FROM responses WHERE {where} AND day BETWEEN ? AND ?",  # noqa: S608 - constant clauses, placeholders only
            [*params, lo, hi],
        ).fetchone()
        if newest is None:
            return []
        first = max(first, date.fromisoformat(newest) - timedelta(days=BURST_DAYS))
    since = (first - timedelta(days=BASELINE_DAYS)).isoformat()
    candidates = _busy_units(db, form, unit_ids, filters, first.isoformat(), hi, FLOOR)
    if not candidates:
        return []
    where, params = live(candidates)
    (up_to,) = db.execute("SELECT up_to FROM answers_expanded").fetchone()
    # Only a counter with a window above the floor can have a burst: find those first,
    # in SQL, and read every window (the normal rate's base) of those counters only.
    busy = db.execute(
        f"SELECT DISTINCT unit_id, counter_id FROM (SELECT unit_id, counter_id FROM responses"  # noqa: S608 - constant clauses, placeholders only
        f" WHERE {where} AND day BETWEEN ? AND ? AND id <= ?"
        " GROUP BY unit_id, day, counter_id, substr(submitted_at, 1, 15) HAVING count(*) > ?)",
        [*params, first.isoformat(), hi, up_to, FLOOR],
    ).fetchall()
    found = []
    for unit_id, day, counter, bucket, n in (
        row
        for busy_unit, busy_counter in busy
        for row in db.execute(
            "SELECT unit_id, day, counter_id, substr(submitted_at, 1, 15), count(*) FROM responses"  # noqa: S608 - constant clauses, placeholders only
            f" WHERE {where} AND unit_id = ? AND counter_id IS ? AND day BETWEEN ? AND ?"
            " AND id <= ? GROUP BY 1, 2, 3, 4",
            [*params, busy_unit, busy_counter, since, hi, up_to],
        )
    ):
        slot = int(datetime.fromisoformat(f"{bucket}0:00+00:00").timestamp()) // WINDOW_SECONDS
        found.append(QrWindow(unit_id, day, counter, slot, n))
    return found
