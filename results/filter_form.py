"""What the results page's filter boxes show again, and their errors for the summary."""

from __future__ import annotations

from collections.abc import Mapping

from results.periods import CHOICES
from results.tallies import Filters

# Where each query parameter's error is shown: the box with that id, or the period radios.
BOX = {
    "year": "year",
    "quarter": "quarter",
    "month": "month",
    "from": "from",
    "to": "to",
    "channel": "channel",
    "counter": "counter",
}
PERIOD_RADIOS = "period-year"


def chosen_period(args: Mapping[str, str], filters: Filters | None) -> dict[str, str]:
    """The period boxes' values: the period shown, or what was typed when it was wrong."""
    if filters is None:
        keys = ("period", "year", "quarter", "month", "from", "to")
        return {key: (args.get(key) or "") for key in keys}
    period = filters.period
    s, e = period.start, period.end
    if s is None or e is None:  # all time: no period radio is checked
        return {"period": "", "year": "", "quarter": "", "month": "", "from": "", "to": ""}
    # An older link's day or week is shown as the range it covers.
    kind = period.kind if period.kind in CHOICES else "range"
    return {
        "period": kind,
        "year": str(s.year),
        "quarter": str((s.month + 2) // 3),
        "month": str(s.month),
        "from": s.isoformat() if kind == "range" else "",
        "to": e.isoformat() if kind == "range" else "",
    }


def filter_error_list(errors: Mapping[str, str]) -> list[tuple[str, str]]:
    """(box id, message) pairs for the error summary, in the order of the boxes."""
    order = list(BOX)
    ranked = sorted(errors.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else -1)
    return [(BOX.get(name, PERIOD_RADIOS), message) for name, message in ranked]
