"""Charts as matplotlib Figures (never pyplot): PNG at 200 dpi for documents, SVG for screens.

Each chart is a small function taking plain numbers and labels, so the minutes and the
results pages share them. Charts must stay readable when printed in black and white,
so series differ by grey level and hatch pattern, not by colour alone.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.numbers import decimal_text

if TYPE_CHECKING:  # matplotlib loads only when a chart is drawn (STYLE.md).
    from matplotlib.figure import Figure

DOCUMENT_DPI = 200
# Grey fills and hatches, darkest first: distinguishable on a monochrome printer.
FILLS = ("#404040", "#a6a6a6", "#ffffff", "#d9d9d9", "#737373")
HATCHES = ("", "//", "xx", "..", "\\\\")
FONT = "DejaVu Sans"  # ships with matplotlib and covers Vietnamese
# Names are data (issue #12): a counter called "Quầy $x_$" must print as typed, not
# be typeset as mathematics (or fail to parse and answer 500). Set for the whole
# process, not per chart: tick labels are made again when a figure is drawn, often
# after the function that built it has returned.
PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}


def _style(index: int) -> dict:
    """Fill, hatch and edge of the index-th series."""
    return {
        "color": FILLS[index % len(FILLS)],
        "hatch": HATCHES[index % len(HATCHES)],
        "edgecolor": "black",
        "linewidth": 0.6,
    }


def _new_figure(width: float, height: float) -> Figure:
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(PLAIN_TEXT)
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def figure_size(kind: str, rows: int) -> tuple[float, float]:
    """Width and height in inches of a chart of this kind with this many bars or rows.

    Known before drawing, so the results page sizes each chart's <img> (nothing shifts
    as it loads) without importing matplotlib.
    """
    if kind == "level_bars":
        return 6.0, 3.2
    per_row = 0.55 if kind == "stacked_bars" else 0.5
    return 6.4, 0.9 + per_row * max(rows, 1)


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _percent(count: int, total: int) -> str:
    share = 100 * count / total if total else 0.0
    return decimal_text(share, 1) + "%"


def level_bars(
    labels: Sequence[str], counts: Sequence[int], title: str = "", axis_label: str = "Số phiếu"
) -> Figure:
    """Vertical bars of answers per satisfaction level, labelled with count and share."""
    fig = _new_figure(*figure_size("level_bars", len(labels)))
    ax = fig.subplots()
    total = sum(counts)
    positions = range(len(labels))
    for index, count in enumerate(counts):
        ax.bar(index, count, width=0.6, **_style(index))
        ax.annotate(
            f"{count:,}".replace(",", ".") + f" ({_percent(count, total)})",
            (index, count),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=9,
            fontfamily=FONT,
        )
    ax.set_xticks(list(positions), [_wrap(label, 16) for label in labels], fontfamily=FONT)
    ax.set_ylabel(axis_label, fontfamily=FONT)
    ax.set_ylim(0, max([*counts, 1]) * 1.18)
    if title:
        ax.set_title(title, fontfamily=FONT, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    _count_axis(ax.yaxis)
    return fig


def stacked_bars(
    categories: Sequence[str],
    series_labels: Sequence[str],
    counts: Sequence[Sequence[int]],
    title: str = "",
    axis_label: str = "Số phiếu",
) -> Figure:
    """Horizontal bars per category (e.g. counter), stacked by series (e.g. level).

    counts[i][j] is the count of series j in category i.
    """
    fig = _new_figure(*figure_size("stacked_bars", len(categories)))
    ax = fig.subplots()
    rows = list(range(len(categories)))[::-1]  # first category on top
    lefts = [0] * len(categories)
    for j, label in enumerate(series_labels):
        widths = [row[j] for row in counts]
        ax.barh(rows, widths, left=lefts, height=0.6, label=label, **_style(j))
        lefts = [left + width for left, width in zip(lefts, widths, strict=True)]
    for row, total in zip(rows, lefts, strict=True):
        ax.annotate(
            f"{total:,}".replace(",", "."),
            (total, row),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
            fontfamily=FONT,
        )
    ax.set_yticks(rows, [_wrap(name, 28) for name in categories], fontfamily=FONT, fontsize=9)
    ax.set_xlabel(axis_label, fontfamily=FONT)
    ax.set_xlim(0, max([*lefts, 1]) * 1.12)
    _count_axis(ax.xaxis)
    ax.spines[["top", "right"]].set_visible(False)
    fig.legend(
        loc="outside lower center",
        ncol=legend_columns(series_labels, 6.4, 9),
        frameon=False,
        prop={"family": FONT, "size": 9},
    )
    if title:
        ax.set_title(title, fontfamily=FONT, fontsize=11)
    return fig


def legend_columns(labels: Sequence[str], width: float, size: float) -> int:
    """As many legend columns as fit across a figure width inches wide at a font size.

    SIPAS's five levels in one row ran past both edges of the chart and were cut off
    (issue #14, item 4); wider legends wrap onto more rows instead.
    """
    # A DejaVu Sans letter averages about 0.6 em; the swatch and gaps take about 0.55 in.
    widest = max((len(label) for label in labels), default=1) * size * 0.6 / 72 + 0.55
    return max(1, min(len(labels), int(width * 0.95 // widest)))


def value_bars(
    labels: Sequence[str],
    values: Sequence[float],
    title: str = "",
    maximum: float | None = None,
    suffix: str = "",
    decimals: int = 1,
) -> Figure:
    """Horizontal bars of one value per label (a satisfaction index in %, mean points)."""
    fig = _new_figure(*figure_size("value_bars", len(labels)))
    ax = fig.subplots()
    rows = list(range(len(labels)))[::-1]  # first label on top
    ax.barh(rows, values, height=0.6, **_style(0))
    for row, value in zip(rows, values, strict=True):
        text = decimal_text(value, decimals) + suffix
        ax.annotate(
            text,
            (value, row),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            fontfamily=FONT,
        )
    ax.set_yticks(rows, [_wrap(label, 30) for label in labels], fontfamily=FONT, fontsize=8)
    top = maximum if maximum is not None else max([*values, 1])
    ax.set_xlim(0, top * 1.15)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, fontfamily=FONT, fontsize=11)
    return fig


def _count_axis(axis) -> None:
    """Whole-number ticks written the Vietnamese way (100.000), few enough not to touch.

    Ten ticks of six-digit counts ran into each other at 100,000 responses.
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.0f}".replace(",", ".")))


def to_png(fig: Figure, dpi: int = DOCUMENT_DPI) -> bytes:
    """The figure as PNG bytes, crisp enough for print at the default 200 dpi."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def to_svg(fig: Figure) -> str:
    """The figure as an SVG document for screens (results/figures.py keeps its text as text)."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", facecolor="white")
    return buffer.getvalue()
