"""The minutes' charts as PNG bytes, each drawn once per set of figures.

A chart depends only on its labels and counts, so the .docx, the .pdf and the
preview of the same minutes share one drawing, kept in core/fastpath.py.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from core.fastpath import drawn_charts

# A drawing never goes stale: its key holds everything it is drawn from.
DRAWN = "drawn"

if TYPE_CHECKING:  # matplotlib loads only when a chart is drawn (STYLE.md).
    from matplotlib.figure import Figure


def png(figure: Figure, dpi: int | None = None) -> bytes:
    """The figure as an opaque PNG, greyscale when every pixel is grey.

    charts.to_png() writes RGBA; the charts are grey on white (they must print in
    black and white), so one grey channel holds the same pixels in a third of the
    bytes, and the PDF need not split off and store an alpha channel.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    from results import charts

    dpi = dpi or charts.DOCUMENT_DPI
    figure.set_dpi(dpi)
    figure.set_facecolor("white")
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = Image.frombuffer(
        "RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
    ).convert("RGB")
    red, green, blue = image.split()
    if red.tobytes() == green.tobytes() == blue.tobytes():
        image = red
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def level_bars(labels: tuple[str, ...], counts: tuple[int, ...]) -> bytes:
    """charts.level_bars() as PNG bytes."""
    from results import charts

    return drawn_charts.get(
        ("level_bars", labels, counts),
        DRAWN,
        lambda: png(charts.level_bars(list(labels), list(counts))),
    )


def stacked_bars(
    categories: tuple[str, ...], series: tuple[str, ...], counts: tuple[tuple[int, ...], ...]
) -> bytes:
    """charts.stacked_bars() as PNG bytes."""
    from results import charts

    return drawn_charts.get(
        ("stacked_bars", categories, series, counts),
        DRAWN,
        lambda: png(charts.stacked_bars(list(categories), list(series), [list(c) for c in counts])),
    )
