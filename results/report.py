"""What the results page and the XLSX tally sheet show: a form's tallies and its flagged bursts."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import sqlite_utils

from core.units import Unit, subtree
from forms.definition import FormDef
from results import bursts, tallies
from results.tallies import Filters, Tallies


@dataclass
class Report(Tallies):
    """The tallies (results/tallies.py), and the bursts of QR responses flagged in the period."""

    bursts: list[bursts.Burst] = field(default_factory=list)


def build_report(db: sqlite_utils.Database, form: FormDef, unit: Unit, filters: Filters) -> Report:
    """Count a form for a unit's subtree, and flag the bursts of its QR responses."""
    counted = tallies.count_form(db, form, unit, filters)
    report = Report(**{f.name: getattr(counted, f.name) for f in fields(counted)})
    if filters.channel != "paper":
        tree = {u.id: u for u in subtree(unit)}
        names = tallies.counter_names(db, list(tree))
        report.bursts = bursts.find(report.windows, *filters.period.bounds, tree, names)
    return report
