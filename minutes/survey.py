"""The satisfaction survey of an inspection's period, picked from the results' tallies.

The minutes count nothing themselves: results/tallies.py counts the quick rating
(`hai-long`) of the inspected unit's subtree over the period, as the results page
does for the same period, so the biên bản and the page always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.db import get_db
from core.units import Unit
from forms.registry import get_form
from results import tallies
from results.periods import Period

FORM_SLUG = "hai-long"


@dataclass
class CounterCounts:
    """Answers per level at one counter (name None: slips with no counter)."""

    name: str | None
    levels: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.levels.values())


@dataclass
class SurveyCounts:
    """The quick rating over a unit subtree and a period, as the minutes word it."""

    start: date
    end: date
    levels: dict[str, int]  # answers per level, in the definition's order
    labels: dict[str, str]  # each level in Vietnamese, whatever the reader's locale
    shares: dict[str, float]  # percent of the answers, per level
    total: int
    satisfied: float | None  # percent satisfied (the SIPAS index)
    channels: dict[str, int]
    counters: list[CounterCounts]
    # Earlier versions of the form counted here that worded the question otherwise
    # (issue #16): (version, first loaded dd/mm/yyyy, the question as it read then).
    versions: list[tuple[int, str, str]] = field(default_factory=list)


def count_survey(unit: Unit, start: date, end: date) -> SurveyCounts:
    """The quick rating of the unit's subtree from start to end (withdrawn ones left out)."""
    db = get_db()
    form = get_form(FORM_SLUG, unit)  # as the inspected unit sees it (a published version)
    if form is None or form.summary is None:
        return SurveyCounts(start, end, {}, {}, {}, 0, None, {}, [])
    counted = tallies.count_form(db, form, unit, tallies.Filters(Period("range", start, end)))
    summary = counted.summary
    keys = [o.key for o in summary.question.options]
    channels = {c: sum(counted.by_channel.count(c)) for c in tallies.CHANNELS}
    by_counter = counted.by_counter
    counters = []
    known = _counters(unit)
    # Active counters always show (a zero is a finding); retired ones only with answers.
    for counter_id, (name, active) in known.items():
        levels = dict(zip(keys, by_counter.count(counter_id), strict=True))
        if active or any(levels.values()):
            counters.append(CounterCounts(name, levels))
    # Slips with no counter (and any counter no longer in the subtree) come last.
    for counter_id, row in zip(by_counter.keys, by_counter.counts, strict=True):
        if counter_id not in known and any(row):
            counters.append(CounterCounts(None, dict(zip(keys, row, strict=True))))
    return SurveyCounts(
        start,
        end,
        levels={key: summary.counts.get(key, 0) for key in keys},
        labels={o.key: o.label.vi for o in summary.question.options},
        shares={key: summary.percent(key) for key in keys},
        total=summary.answered,
        satisfied=counted.satisfied_rate,
        channels=channels,
        counters=counters,
        versions=[(n.version, n.since, n.label.vi) for n in summary.versions],
    )


def _counters(unit: Unit) -> dict[int, tuple[str, bool]]:
    """Counters of the subtree in display order: id -> (name, active)."""
    rows = (
        get_db()
        .execute(
            """
            SELECT c.id, c.name, c.active FROM counters c JOIN units u ON u.id = c.unit_id
            WHERE u.path LIKE ?
            ORDER BY u.path, c.position, c.id
            """,
            [unit.path + "%"],
        )
        .fetchall()
    )
    return {counter_id: (name, bool(active)) for counter_id, name, active in rows}
