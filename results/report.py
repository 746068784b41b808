"""The results of one form for one unit: tallies folded into the tables the page shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlite_utils
from flask_babel import gettext as _

from core.units import Unit, children, subtree
from forms.definition import FormDef
from results import bursts, tallies
from results.tallies import Crosstab, Filters, QuestionTally, share


def channel_label(channel: str) -> str:
    """The channel in words."""
    if channel == "kiosk":
        return _("Máy đánh giá tại quầy")
    return _("Mã QR") if channel == "qr" else _("Phiếu giấy")


@dataclass
class UnitRow:
    """One commune (or child unit) in the side-by-side ranking of a parent unit."""

    unit: Unit
    responses: int = 0
    levels: list[int] = field(default_factory=list)
    points: float = 0.0
    rank: int = 0
    score: float | None = None


@dataclass
class Report:
    """Everything the results page, the minutes and the XLSX tally sheet show."""

    form: FormDef
    unit: Unit
    filters: Filters
    responses: int = 0
    questions: list[QuestionTally] = field(default_factory=list)
    summary: QuestionTally | None = None
    by_counter: Crosstab | None = None
    by_period: Crosstab | None = None
    by_channel: Crosstab | None = None
    units: list[UnitRow] = field(default_factory=list)
    totals: dict[float, int] = field(default_factory=dict)
    bursts: list[bursts.Burst] = field(default_factory=list)

    @property
    def summary_lines(self) -> list[tuple[int, int, str]]:
        """(count, total, level) per level: the official '695/695 phiếu rất hài lòng'."""
        if not self.summary:
            return []
        return [(n, self.summary.answered, label) for _, label, n, _ in self.summary.rows]

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


def counter_names(db: sqlite_utils.Database, unit_ids: list[int]) -> dict[int, str]:
    """Every counter of the units, active or not (old responses keep their counter)."""
    marks = ", ".join("?" * len(unit_ids))
    return dict(
        db.execute(
            f"SELECT id, name FROM counters WHERE unit_id IN ({marks}) ORDER BY position, id",
            unit_ids,
        ).fetchall()
    )


def bucket_label(key: str) -> str:
    """'2022-03' as 03/2022, '2022-03-15' as 15/03/2022."""
    parts = key.split("-")
    return "/".join(reversed(parts))


def build_report(db: sqlite_utils.Database, form: FormDef, unit: Unit, filters: Filters) -> Report:
    """Run the tallies for a unit's subtree and fold them into a Report."""
    tree = subtree(unit)
    unit_ids = [u.id for u in tree]
    report = Report(form, unit, filters)
    groups = tallies.collect(db, form, unit_ids, filters)
    answers = groups.answers
    windows = groups.windows
    if groups.responses is None:
        # Every response answers its required summary question exactly once, so
        # its answer groups count the responses.
        responses = [
            (u, day, counter, channel, n)
            for u, key, day, _value, counter, channel, n, _points in answers
            if key == form.summary
        ]
    else:
        responses = groups.responses
    report.responses = sum(row[-1] for row in responses)

    by_question = {q.key: QuestionTally(q) for q in form.questions if q.is_choice}
    for _unit, key, _day, value, _counter, _channel, n, points in answers:
        tally = by_question[key]
        tally.counts[value] = tally.counts.get(value, 0) + n
        tally.points_sum += points
        tally.answered += n
    for key, n in groups.multiple.items():
        by_question[key].answered = n
    report.questions = list(by_question.values())
    report.summary = by_question.get(form.summary) if form.summary else None
    report.totals = groups.totals

    # Breakdowns: by the summary question's levels when the form has one, else by count.
    bucket = (lambda day: day[:7]) if filters.period.bucket == "month" else (lambda day: day)
    if report.summary:
        columns = [str(o.label) for o in report.summary.question.options]
        index = {o.key: i for i, o in enumerate(report.summary.question.options)}
        groups = [
            (u, day, value, counter, channel, n)
            for u, key, day, value, counter, channel, n, _p in answers
            if key == form.summary and value in index
        ]
    else:
        columns = [_("Số phiếu")]
        index = {None: 0}
        groups = [(u, day, None, counter, channel, n) for u, day, counter, channel, n in responses]
    names = counter_names(db, unit_ids)
    counters: dict = defaultdict(lambda: [0] * len(columns))
    periods: dict = defaultdict(lambda: [0] * len(columns))
    channels: dict = defaultdict(lambda: [0] * len(columns))
    per_unit: dict = defaultdict(lambda: [0] * len(columns))
    for u, day, value, counter, channel, n in groups:
        col = index[value]
        counters[counter][col] += n
        periods[bucket(day)][col] += n
        channels[channel][col] += n
        per_unit[u][col] += n
    order = list(names)
    report.by_counter = Crosstab(
        [
            (names.get(c, _("Không ghi quầy")) if c else _("Không ghi quầy"), counters[c])
            for c in sorted(counters, key=lambda c: order.index(c) if c in order else len(order))
        ],
        columns,
    )
    report.by_period = Crosstab([(bucket_label(k), periods[k]) for k in sorted(periods)], columns)
    report.by_channel = Crosstab(
        [(channel_label(c), channels[c]) for c in tallies.CHANNELS if c in channels], columns
    )
    if len(tree) > 1:
        report.units = _side_by_side(report, unit, tree, responses, answers, per_unit)
    if filters.channel != "paper":
        if filters.counter_id:
            windows = [w for w in windows if w[2] == filters.counter_id]
        report.bursts = bursts.find(windows, *filters.period.bounds, {u.id: u for u in tree}, names)
    return report


def _side_by_side(report, unit, tree, responses, answers, per_unit) -> list[UnitRow]:
    """Each child unit's subtree totals, ranked best first."""
    kids = children(unit)
    owner = {}
    for u in tree:
        for kid in kids:
            if kid.contains(u):
                owner[u.id] = kid.id
    rows = {kid.id: UnitRow(kid, levels=[0] * len(report.by_counter.columns)) for kid in kids}
    for u, _day, _counter, _channel, n in responses:
        if u in owner:
            rows[owner[u]].responses += n
    for u, levels in per_unit.items():
        if u in owner:
            row = rows[owner[u]]
            row.levels = [a + b for a, b in zip(row.levels, levels, strict=True)]
    for u, _key, _day, _value, _counter, _channel, _n, points in answers:
        if u in owner:
            rows[owner[u]].points += points
    form = report.form
    for row in rows.values():
        if form.grades and row.responses:
            row.score = row.points / row.responses  # mean total points
        elif report.summary and form.satisfied:
            levels = dict(
                zip((o.key for o in report.summary.question.options), row.levels, strict=True)
            )
            answered = sum(row.levels)
            row.score = (
                share(sum(levels.get(v, 0) for v in form.satisfied), answered) if answered else None
            )
    ranked = sorted(rows.values(), key=lambda r: (r.score is None, -(r.score or 0), -r.responses))
    for position, row in enumerate(ranked, 1):
        row.rank = position if row.score is not None else 0
    return ranked
