"""The results page's charts: which a report has (no matplotlib), and one drawn as SVG on request.

The page lists its charts as <img> elements sized from `Chart.size`; the browser then
asks the chart route (results/views.py) for each, which counts the same report again
and draws that one chart (issue #18: drawing had been 16 of a province page's 18.6 s).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

from flask_babel import gettext as _

from results import charts
from results.svg import standalone_svg
from results.tallies import Tallies

# What a drawing depends on besides its input: the code that draws it. Part of every
# chart's ETag, so a browser's kept copy is not reused after a release redraws charts.
_CODE = hashlib.sha256(
    b"".join((Path(__file__).parent / name).read_bytes() for name in ("charts.py", "svg.py"))
).hexdigest()[:16]
CSS_PX_PER_INCH = 96
# Beyond this many bars a chart is not drawn; its table holds the figures. A province of
# 200 communes has about 1,200 counters: that chart took 13-15 s of CPU and 223 MiB to
# draw (issue #18, docs/PERFORMANCE.md) into an image 63,800 px tall.
MAX_BARS = 100


class Chart(NamedTuple):
    """One chart of a report: its name in the URL, title, drawing function and input."""

    name: str
    title: str
    kind: str  # a function of results/charts.py
    args: tuple
    options: tuple  # (keyword, value) pairs, sorted

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in CSS pixels, as matplotlib lays the figure out."""
        width, height = charts.figure_size(self.kind, len(self.args[0]))
        return round(width * CSS_PX_PER_INCH), round(height * CSS_PX_PER_INCH)

    @property
    def bars(self) -> int:
        """How many bars (or rows of bars) the chart has."""
        return len(self.args[0])

    @property
    def drawable(self) -> bool:
        """Whether the chart is drawn, or only its table shown (too many bars to read)."""
        return self.bars <= MAX_BARS

    @property
    def etag(self) -> str:
        """A digest of everything the drawing depends on (the translated labels too)."""
        return hashlib.sha256(repr((_CODE, self)).encode()).hexdigest()[:32]


def report_charts(report: Tallies) -> dict[str, Chart]:
    """The charts a report has, by name; empty when there is nothing to draw."""
    if not report.responses:
        return {}
    found: dict[str, Chart] = {}

    def add(name: str, title: str, kind: str, *args, **options) -> None:
        found[name] = Chart(name, title, kind, _frozen(args), _frozen(options))

    if report.summary and report.summary.answered:
        title = str(report.summary.question.label)
        counts = [n for _key, _label, n, _pct in report.summary.rows]
        labels = [label for _key, label, _n, _pct in report.summary.rows]
        add("summary", title, "level_bars", labels, counts, axis_label=_("Số phiếu"))
    for name, tab, title in (
        ("counter", report.by_counter, _("Theo quầy")),
        ("period", report.by_period, _("Theo kỳ")),
    ):
        if tab and len(tab.rows) > 1:
            add(
                name,
                title,
                "stacked_bars",
                [label for label, _v in tab.rows],
                tab.columns,
                [values for _label, values in tab.rows],
                axis_label=_("Số phiếu"),
            )
    if report.units:
        add(
            "units",
            _("Các đơn vị"),
            "stacked_bars",
            [row.unit.name for row in report.units],
            report.by_counter.columns,
            [row.levels for row in report.units],
            axis_label=_("Số phiếu"),
        )
    if len(report.factors) > 1:
        add(
            "factors",
            _("Chỉ số hài lòng"),
            "value_bars",
            [label for label, _v in report.factors],
            [value for _label, value in report.factors],
            maximum=100,
            suffix="%",
        )
    if report.indicators:
        add(
            "indicators",
            _("Điểm trung bình"),
            "value_bars",
            [label for label, _v in report.indicators],
            [value for _label, value in report.indicators],
            maximum=max((o.points or 0) for q in report.form.questions for o in q.options),
            decimals=2,
        )
    if report.totals:
        add(
            "totals",
            _("Phân bố tổng điểm"),
            "level_bars",
            [f"{total:g}" for total in report.totals],
            list(report.totals.values()),
            axis_label=_("Số phiếu"),
        )
    return found


def _frozen(value):
    """Lists as tuples and keyword dicts as sorted pairs: a chart's input, hashable and stable."""
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


def draw(chart: Chart) -> str:
    """The chart as a standalone SVG document (matplotlib loads here, 0.2-0.4 s a chart)."""
    import matplotlib

    fig = getattr(charts, chart.kind)(*chart.args, **dict(chart.options))
    # Text as <text>, not glyph paths: a tenth of the bytes, selectable, and
    # every browser font our staff use covers Vietnamese.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        document = charts.to_svg(fig)
    return standalone_svg(document, f"chart-{chart.name}", chart.title)
