"""The results page's charts: matplotlib (loaded here only) drawn to inline SVG."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import gettext as _
from markupsafe import Markup

from results.report import Report
from results.svg import inline_svg


def report_charts(report: Report) -> dict[str, Markup]:
    """Inline SVG per chart name; empty when there is nothing to draw."""
    if not report.responses:
        return {}
    from results import charts

    drawn: dict[str, Markup] = {}

    def add(name: str, title: str, chart, *args, **options) -> None:
        drawn[name] = _drawn(name, title, chart.__name__, _frozen(args), _frozen(options))

    if report.summary and report.summary.answered:
        title = str(report.summary.question.label)
        counts = [n for _key, _label, n, _pct in report.summary.rows]
        labels = [label for _key, label, _n, _pct in report.summary.rows]
        add("summary", title, charts.level_bars, labels, counts, axis_label=_("Số phiếu"))
    for name, tab, title in (
        ("counter", report.by_counter, _("Theo quầy")),
        ("period", report.by_period, _("Theo kỳ")),
    ):
        if tab and len(tab.rows) > 1:
            add(
                name,
                title,
                charts.stacked_bars,
                [label for label, _v in tab.rows],
                tab.columns,
                [values for _label, values in tab.rows],
                axis_label=_("Số phiếu"),
            )
    if report.units:
        add(
            "units",
            _("Các đơn vị"),
            charts.stacked_bars,
            [row.unit.name for row in report.units],
            report.by_counter.columns,
            [row.levels for row in report.units],
            axis_label=_("Số phiếu"),
        )
    if len(report.factors) > 1:
        add(
            "factors",
            _("Chỉ số hài lòng"),
            charts.value_bars,
            [label for label, _v in report.factors],
            [value for _label, value in report.factors],
            maximum=100,
            suffix="%",
        )
    if report.indicators:
        add(
            "indicators",
            _("Điểm trung bình"),
            charts.value_bars,
            [label for label, _v in report.indicators],
            [value for _label, value in report.indicators],
            maximum=max((o.points or 0) for q in report.form.questions for o in q.options),
            decimals=2,
        )
    if report.totals:
        add(
            "totals",
            _("Phân bố tổng điểm"),
            charts.level_bars,
            [f"{total:g}" for total in report.totals],
            list(report.totals.values()),
            axis_label=_("Số phiếu"),
        )
    return drawn


def _frozen(value):
    """Lists as tuples and keyword dicts as sorted pairs, so a chart's input can key a cache."""
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


@lru_cache(maxsize=64)
def _drawn(name: str, title: str, kind: str, args: tuple, options: tuple) -> Markup:
    """One chart as inline SVG, kept per exact input (0.2-0.4 s of matplotlib each).

    The key is everything the drawing depends on (the translated labels included),
    so a kept chart is the chart those numbers draw: a new response changes the key.
    """
    import matplotlib

    from results import charts

    fig = getattr(charts, kind)(*args, **dict(options))
    # Text as <text>, not glyph paths: a tenth of the bytes, selectable, and
    # every browser font our staff use covers Vietnamese.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        document = charts.to_svg(fig)
    return inline_svg(document, f"chart-{name}", title)
