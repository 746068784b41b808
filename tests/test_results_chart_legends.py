"""Chart legends stay inside their figure, however many levels a form has (issue #14, item 4)."""

import pytest

from results import charts

SIPAS = ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"]
COUNTERS = ["Văn hóa - Xã hội", "Địa chính", "Tư pháp", "Văn phòng", "Công an", "Quân sự"]


def drawn_inside(fig) -> bool:
    """Whether every legend entry and the legend itself lie within the figure's box."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    for legend in fig.legends:
        for artist in (legend, *legend.get_texts()):
            box = artist.get_window_extent(renderer)
            if box.x0 < page.x0 - 0.5 or box.x1 > page.x1 + 0.5:
                return False
            if box.y0 < page.y0 - 0.5 or box.y1 > page.y1 + 0.5:
                return False
    return True


@pytest.mark.parametrize(
    "levels",
    [
        SIPAS,
        SIPAS[:3],
        ["Đạt", "Không đạt"],
        [f"Mức rất rất dài số {n} của phiếu" for n in range(7)],
    ],
)
def test_stacked_bar_legends_fit(levels):
    counts = [[n + k for k in range(len(levels))] for n in range(len(COUNTERS))]
    fig = charts.stacked_bars(COUNTERS, levels, counts)
    assert len(fig.legends) == 1
    assert drawn_inside(fig)


def test_legend_columns_wrap_long_labels_only():
    assert charts.legend_columns(["Đạt", "Không đạt"], 6.4, 9) == 2
    assert charts.legend_columns(SIPAS[:3], 6.4, 9) == 3
    assert 1 < charts.legend_columns(SIPAS, 6.4, 9) < 5
    assert charts.legend_columns(["x" * 200], 6.4, 9) == 1
