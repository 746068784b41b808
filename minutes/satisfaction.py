"""The survey part of the minutes: counts and shares per level, per counter and per channel."""

from __future__ import annotations

from minutes import blocks as m
from minutes.survey import CHANNELS, LEVEL_LABELS, LEVELS, SurveyCounts
from minutes.text import number, official_date, percent

CHANNEL_NAMES = {"qr": "Quét mã QR", "kiosk": "Máy đánh giá tại quầy", "paper": "Phiếu giấy"}
# The official satisfied share counts both positive levels (DOMAIN.md, SIPAS index).
SATISFIED = ("rat-hai-long", "hai-long")
NO_COUNTER = "Không ghi quầy"


def _para(text: str, italic: bool = False) -> m.Paragraph:
    return m.Paragraph([m.Run(text, italic=italic)])


def blocks(counts: SurveyCounts | None, charts: bool = True) -> list[m.Block]:
    """Text, tables and charts of the quick rating over the inspection's period."""
    if counts is None:
        return [_para("Chưa xác định kỳ khảo sát.", italic=True)]
    period = f"từ {official_date(counts.start)} đến {official_date(counts.end)}"
    total = counts.total
    if not total:
        return [_para(f"Trong kỳ ({period}) không có phiếu khảo sát mức độ hài lòng nào.")]
    satisfied = sum(counts.levels[key] for key in SATISFIED)
    # The kiosk (issue #17) is named only where a unit has one: minutes of a
    # period before kiosks read as they always did.
    shown = [c for c in CHANNELS if c != "kiosk" or counts.channels.get(c)]
    channels = "; ".join(
        f"{CHANNEL_NAMES[c].lower()}: {number(counts.channels.get(c, 0))} phiếu" for c in shown
    )
    out: list[m.Block] = [
        m.Paragraph(
            [
                m.Run(f"Trong kỳ ({period}), đơn vị nhận được "),
                m.Run(f"{number(total)} phiếu", bold=True),
                m.Run(f" đánh giá mức độ hài lòng ({channels}). Tỷ lệ hài lòng đạt "),
                m.Run(percent(satisfied, total), bold=True),
                m.Run(" (rất hài lòng và hài lòng)."),
            ]
        ),
        _para("a) Theo mức độ hài lòng:"),
        m.Table(
            ["Mức độ", "Số phiếu", "Tỷ lệ"],
            [
                [LEVEL_LABELS[key], number(counts.levels[key]), percent(counts.levels[key], total)]
                for key in LEVELS
            ]
            + [["Tổng cộng", number(total), percent(total, total)]],
            [50, 25, 25],
            ["l", "r", "r"],
            total_row=True,
        ),
    ]
    if charts:
        out.append(_level_chart(counts))
    out.append(_para("b) Theo quầy tiếp nhận:"))
    out.append(_counter_table(counts))
    if charts and counts.counters:
        out.append(_counter_chart(counts))
    out.append(_para("c) Theo hình thức đánh giá:"))
    out.append(
        m.Table(
            ["Hình thức", "Số phiếu", "Tỷ lệ"],
            [
                [
                    CHANNEL_NAMES[c],
                    number(counts.channels.get(c, 0)),
                    percent(counts.channels.get(c, 0), total),
                ]
                for c in shown
            ],
            [50, 25, 25],
            ["l", "r", "r"],
        )
    )
    return out


def _counter_table(counts: SurveyCounts) -> m.Table:
    rows = [
        [c.name or NO_COUNTER, *(number(c.levels[key]) for key in LEVELS), number(c.total)]
        for c in counts.counters
    ]
    return m.Table(
        ["Quầy", *(LEVEL_LABELS[key] for key in LEVELS), "Tổng"],
        rows,
        [36, 16, 16, 16, 16],
        ["l", "r", "r", "r", "r"],
    )


def _level_chart(counts: SurveyCounts) -> m.Image:
    from minutes import chart_images

    png = chart_images.level_bars(
        tuple(LEVEL_LABELS[key] for key in LEVELS), tuple(counts.levels[key] for key in LEVELS)
    )
    return m.Image("Biểu đồ 1. Số phiếu theo mức độ hài lòng", png, 140)


def _counter_chart(counts: SurveyCounts) -> m.Image:
    from minutes import chart_images

    png = chart_images.stacked_bars(
        tuple(c.name or NO_COUNTER for c in counts.counters),
        tuple(LEVEL_LABELS[key] for key in LEVELS),
        tuple(tuple(c.levels[key] for key in LEVELS) for c in counts.counters),
    )
    return m.Image("Biểu đồ 2. Số phiếu theo quầy và mức độ hài lòng", png, 150)
