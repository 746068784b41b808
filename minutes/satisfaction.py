"""The survey part of the minutes: counts and shares per level, per counter and per channel."""

from __future__ import annotations

from minutes import blocks as m
from minutes.survey import SurveyCounts
from minutes.text import number, official_date, percent, percent_value

CHANNEL_NAMES = {"qr": "Quét mã QR", "kiosk": "Máy đánh giá tại quầy", "paper": "Phiếu giấy"}
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
    satisfied = "-" if counts.satisfied is None else percent_value(counts.satisfied)
    # The kiosk (issue #17) is named only where a unit has one: minutes of a
    # period before kiosks read as they always did.
    shown = {c: n for c, n in CHANNEL_NAMES.items() if c != "kiosk" or counts.channels.get(c)}
    channels = "; ".join(
        f"{name.lower()}: {number(counts.channels.get(c, 0))} phiếu" for c, name in shown.items()
    )
    out: list[m.Block] = [
        m.Paragraph(
            [
                m.Run(f"Trong kỳ ({period}), đơn vị nhận được "),
                m.Run(f"{number(total)} phiếu", bold=True),
                m.Run(f" đánh giá mức độ hài lòng ({channels}). Tỷ lệ hài lòng đạt "),
                m.Run(satisfied, bold=True),
                m.Run(" (rất hài lòng và hài lòng)."),
            ]
        ),
        *_version_notes(counts),
        _para("a) Theo mức độ hài lòng:"),
        m.Table(
            ["Mức độ", "Số phiếu", "Tỷ lệ"],
            [
                [label, number(counts.levels[key]), percent_value(counts.shares[key])]
                for key, label in counts.labels.items()
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
                    name,
                    number(counts.channels.get(c, 0)),
                    percent(counts.channels.get(c, 0), total),
                ]
                for c, name in shown.items()
            ],
            [50, 25, 25],
            ["l", "r", "r"],
        )
    )
    return out


def _version_notes(counts: SurveyCounts) -> list[m.Block]:
    """Which earlier wordings of the question some counted slips answered (issue #16)."""
    return [
        _para(
            f"Ghi chú: một số phiếu trả lời phiên bản {version} của mẫu phiếu (dùng từ"
            f" {since}), câu hỏi khi đó là: “{label}”.",
            italic=True,
        )
        for version, since, label in counts.versions
    ]


def _counter_table(counts: SurveyCounts) -> m.Table:
    rows = [
        [c.name or NO_COUNTER, *(number(n) for n in c.levels.values()), number(c.total)]
        for c in counts.counters
    ]
    numbers = len(counts.labels) + 1  # a column per level, and the total
    width = 64 // numbers  # 16% each for the three official levels
    return m.Table(
        ["Quầy", *counts.labels.values(), "Tổng"],
        rows,
        [100 - width * numbers, *[width] * numbers],
        ["l", *["r"] * numbers],
    )


def _level_chart(counts: SurveyCounts) -> m.Image:
    from minutes import chart_images

    png = chart_images.level_bars(tuple(counts.labels.values()), tuple(counts.levels.values()))
    return m.Image("Biểu đồ 1. Số phiếu theo mức độ hài lòng", png, 140)


def _counter_chart(counts: SurveyCounts) -> m.Image:
    from minutes import chart_images

    png = chart_images.stacked_bars(
        tuple(c.name or NO_COUNTER for c in counts.counters),
        tuple(counts.labels.values()),
        tuple(tuple(c.levels.values()) for c in counts.counters),
    )
    return m.Image("Biểu đồ 2. Số phiếu theo quầy và mức độ hài lòng", png, 150)
