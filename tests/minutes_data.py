"""Test data for the minutes tests: a ticked inspection and known survey counts.

Everything the tests expect is computed here from what was stored, without the
minutes code, so the documents are checked against an independent count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.units import counters, get_unit_by_code
from inspections.checklist import load_checklists
from inspections.model import Member
from inspections.store import NewInspection, create_inspection, save_item, set_conclusion
from minutes.bench import insert_ratings

CYCLE = ("pass", "pass", "fail", "pass", "na", None)
LEVELS = ("rat-hai-long", "hai-long", "khong-hai-long")


@dataclass
class Expected:
    """What the minutes must show: per area (title, 'đạt p/c', 'x/y') and survey counts."""

    areas: list[tuple[str, str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)
    channels: dict[str, int] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def make_inspection(users: dict[str, int]) -> tuple[int, Expected]:
    """A self-inspection of Ngọc Kỳ with every kind of item ticked, and its survey."""
    checklist = load_checklists()["cchc-cong-vu"]
    unit = get_unit_by_code("ngoc-ky")
    team = [
        Member("Nguyễn Xuân Thoảng", "Chủ tịch UBND xã", "head", users.get("head"), "ong"),
        Member("Đỗ Thị Lụa", "Công chức Tư pháp - Hộ tịch", "member", honorific="ba"),
        # No honorific recorded (stored before the form asked): "Ông/bà".
        Member("Nguyễn Thị Hương", "Công chức Văn phòng - Thống kê", "secretary"),
    ]
    participants = [Member("Phạm Văn Ước", "Phó Chủ tịch UBND xã", "participant", honorific="ong")]
    inspection_id = create_inspection(
        NewInspection(
            unit=unit,
            owner_unit=unit,
            kind="self",
            checklist=checklist,
            year=2022,
            period_start="2022-01-01",
            period_end="2022-09-30",
            title="Kiểm tra công tác cải cách hành chính, hoạt động công vụ năm 2022"
            " tại UBND xã Ngọc Kỳ",
            legal_basis="Kế hoạch số 163/KH-UBND ngày 22/8/2022 của UBND huyện Tứ Kỳ",
            date="2022-11-15",
            started_at="08:00",
            place="Hội trường UBND xã Ngọc Kỳ",
            team=team,
            participants=participants,
        ),
        None,
    )
    expected = Expected()
    figures: dict[str, float] = {}
    n = 0
    for area in checklist.areas:
        for item in area.items:
            if item.kind == "figure":
                # Falling figures: every ratio's part stays below its whole (issue #15).
                figures[item.key] = float(1000 - 7 * n)
                save_item(inspection_id, item.key, 0, {"figure": figures[item.key]}, None)
            elif item.kind in ("document", "check"):
                result = _cycled(item, n)
                if result is not None:
                    note = f"Chưa đạt yêu cầu mục {item.key}" if result == "fail" else ""
                    values = {"result": result, "note": note, "evidence": f"Số {n}/KH-UBND"}
                    save_item(inspection_id, item.key, 0, values, None)
            n += 1
    for area in checklist.areas:
        passed = criteria = 0
        points = 0.0
        for item in area.items:
            if item.kind in ("document", "check"):
                result = _ticked(checklist, item.key)
            else:
                result = _ratio_result(item, figures)
            is_criterion = item.kind in ("document", "check") or item.target is not None
            if is_criterion and result != "na":
                criteria += 1
                passed += result == "pass"
            if result == "pass" or (result == "na" and item.na_allowed):
                points += item.points
            if result == "fail":
                expected.failed.append((item.label.vi, item.key))
        expected.areas.append(
            (area.title.vi, f"đạt {passed}/{criteria}", f"{_num(points)}/{_num(area.points)}")
        )
    set_conclusion(
        inspection_id,
        "UBND xã đã triển khai đầy đủ các nhiệm vụ cải cách hành chính năm 2022.",
        "Đẩy mạnh số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
    )
    _survey(unit, expected)
    return inspection_id, expected


def _ticked(checklist, key: str) -> str | None:
    """The result make_inspection ticked for the n-th item of the checklist."""
    keys = [i.key for a in checklist.areas for i in a.items]
    return _cycled(checklist.item(key), keys.index(key))


def _cycled(item, n: int) -> str | None:
    """The n-th result of CYCLE; "not applicable" only where the checklist allows it."""
    result = CYCLE[n % len(CYCLE)]
    return "pass" if result == "na" and not item.na_allowed else result


def _ratio_result(item, figures: dict[str, float]) -> str | None:
    """A ratio's result from its two figures and target; None for other kinds."""
    if item.kind != "ratio" or item.target is None:
        return None
    top, bottom = figures.get(item.numerator), figures.get(item.denominator)
    if top is None or not bottom or top > bottom:
        return None
    return "pass" if round(top * 100 / bottom, 2) >= item.target else "fail"


def _survey(unit, expected: Expected) -> None:
    """Known ratings in the period, plus some that must not count."""
    shop = counters(unit)
    ratings = []
    for i, counter in enumerate(shop):
        for j, level in enumerate(LEVELS):
            for channel, extra in (("qr", 3), ("paper", 1)):
                count = (i + 1) * (3 - j) * extra
                day = f"2022-0{1 + (i + j) % 9}-1{j}"
                ratings += [(unit.id, counter.id, channel, level, day, False)] * count
    ratings += [(unit.id, None, "paper", "hai-long", "2022-05-05", False)] * 4
    for unit_id, counter_id, channel, level, day, _ in ratings:
        expected.levels[level] = expected.levels.get(level, 0) + 1
        expected.channels[channel] = expected.channels.get(channel, 0) + 1
        expected.counters[counter_id] = expected.counters.get(counter_id, 0) + 1
    other = get_unit_by_code("tan-ky")
    noise = [
        (unit.id, shop[0].id, "qr", "khong-hai-long", "2022-03-03", True),  # withdrawn
        (unit.id, shop[0].id, "qr", "khong-hai-long", "2022-10-01", False),  # after the period
        (unit.id, shop[0].id, "qr", "khong-hai-long", "2021-12-31", False),  # before it
        (other.id, None, "qr", "khong-hai-long", "2022-03-03", False),  # another commune
    ]
    insert_ratings(ratings + noise * 5)
