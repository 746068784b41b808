"""The sections of the biên bản body, in the order DOMAIN.md 'Minutes layout' gives."""

from __future__ import annotations

from typing import Any

from minutes import blocks as m
from minutes import satisfaction
from minutes.text import as_date, clock, number, official_date, percent_value

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
ROLE_NAMES = {
    "head": "Trưởng đoàn",
    "member": "Thành viên",
    "secretary": "Thư ký",
    "participant": "",
}
RESULT_NAMES = {"pass": "Đạt", "fail": "Không đạt", "na": "Không áp dụng", None: "Chưa đánh giá"}
DOTS_TIME = "hồi ... giờ ... phút, ngày ... tháng ... năm ..."


def para(text: str, kind: str = "body", bold: bool = False, italic: bool = False):
    """A one-run paragraph."""
    return m.Paragraph([m.Run(text, bold=bold, italic=italic)], kind)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def team_name(inspection: Any) -> str:
    """'Tổ tự kiểm tra' for a self-inspection, 'Đoàn kiểm tra' for the level above."""
    return "Tổ tự kiểm tra" if inspection.kind == "self" else "Đoàn kiểm tra"


def _member(person: Any) -> list[Any]:
    """'- Ông Nguyễn Văn A, title - Trưởng đoàn;' with the honorific chosen at creation."""
    address = getattr(person, "address", "Ông/bà")
    runs = [m.Run(f"- {address} "), m.Run(person.name, bold=True)]
    if person.title:
        runs.append(m.Run(f", {person.title}"))
    role = ROLE_NAMES.get(person.role, person.role or "")
    if role:
        runs.append(m.Run(f" - {role}"))
    runs.append(m.Run(";"))
    return runs


def opening(inspection: Any, issuer: str) -> list[Any]:
    """Legal basis, then the start time and place."""
    blocks = []
    for line in _lines(inspection.legal_basis):
        text = line if line.lower().startswith("căn cứ") else f"Căn cứ {line}"
        blocks.append(para(text.rstrip(";.") + ";", italic=True))
    day = as_date(inspection.date)
    start = _start_time(inspection)
    when = f"vào hồi {start}, " if start else ""
    on_day = official_date(day) if day else "ngày ... tháng ... năm ..."
    blocks.append(
        para(
            f"Hôm nay, {when}{on_day}, tại {inspection.place}, {team_name(inspection)} "
            f"của {issuer} tiến hành {_lower_first(inspection.title)}."
        )
    )
    return blocks


def _start_time(inspection: Any) -> str:
    """The start as '08 giờ 00 phút' from 'HH:MM' or an ISO instant; '' if unknown."""
    from datetime import time

    from minutes.text import local_datetime

    value = inspection.started_at
    if not value:
        return ""
    if isinstance(value, str) and len(value) <= 5 and ":" in value:
        try:
            return clock(time.fromisoformat(value.zfill(5)))
        except ValueError:
            return ""
    moment = local_datetime(value)
    return clock(moment) if moment else ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def composition(inspection: Any) -> list[Any]:
    """Who took part: the team with titles and roles, the unit's people, chair and secretary."""
    blocks = [para(f"{ROMAN[0]}. THÀNH PHẦN", "heading")]
    blocks.append(para(f"1. {team_name(inspection)}", "subheading"))
    blocks += [m.Paragraph(_member(p)) for p in inspection.team]
    blocks.append(para(f"2. Đại diện đơn vị được kiểm tra ({inspection.unit.name})", "subheading"))
    if inspection.participants:
        blocks += [m.Paragraph(_member(p)) for p in inspection.participants]
    else:
        blocks.append(para("(Chưa ghi thành phần của đơn vị.)", italic=True))
    head = _first(inspection.team, "head")
    secretary = _first(inspection.team, "secretary")
    blocks.append(
        m.Paragraph(
            [
                m.Run("Chủ trì: "),
                m.Run(head.name if head else "...", bold=True),
                m.Run(". Thư ký: "),
                m.Run(secretary.name if secretary else "...", bold=True),
                m.Run("."),
            ]
        )
    )
    return blocks


def _first(people: list[Any], role: str) -> Any | None:
    return next((p for p in people if p.role == role), None)


def judged(item: Any) -> bool:
    """Whether an item is a criterion met or not: documents, checks, ratios with a target."""
    return item.kind in ("document", "check") or (
        item.kind == "ratio" and getattr(item, "target", None) is not None
    )


def tally(items: list[Any]) -> tuple[int, int]:
    """(passed, criteria): 'not applicable' leaves the count; unanswered counts as not met."""
    criteria = [i for i in items if judged(i) and i.result != "na"]
    return sum(1 for i in criteria if i.result == "pass"), len(criteria)


def area_tally(area: Any) -> str:
    """'đạt 7/9': criteria met over criteria that apply."""
    passed, criteria = tally(area.items)
    return f"đạt {passed}/{criteria}"


def area_points(area: Any) -> str:
    """'18/20'."""
    return f"{number(area.points or 0)}/{number(area.max_points)}"


def results(inspection: Any, counts: Any, charts: bool = True) -> list[Any]:
    """Part II: a summary of areas, each area's items, the key figures, the survey."""
    blocks = [para(f"{ROMAN[1]}. NỘI DUNG, KẾT QUẢ KIỂM TRA", "heading")]
    blocks.append(para("1. Tổng hợp kết quả theo lĩnh vực", "subheading"))
    rows = [
        [str(i), area.title, area_tally(area).removeprefix("đạt "), area_points(area)]
        for i, area in enumerate(inspection.areas, 1)
    ]
    passed, applicable = tally([i for a in inspection.areas for i in a.items])
    points = sum(a.points or 0 for a in inspection.areas)
    max_points = sum(a.max_points for a in inspection.areas)
    rows.append(
        ["", "Tổng cộng", f"{passed}/{applicable}", f"{number(points)}/{number(max_points)}"]
    )
    blocks.append(
        m.Table(
            ["STT", "Lĩnh vực", "Tiêu chí đạt", "Điểm"],
            rows,
            [8, 60, 16, 16],
            ["c", "l", "c", "c"],
            total_row=True,
        )
    )
    blocks.append(para("2. Kết quả kiểm tra từng lĩnh vực", "subheading"))
    for i, area in enumerate(inspection.areas, 1):
        blocks += _area(i, area)
    blocks.append(para("3. Số liệu chủ yếu", "subheading"))
    blocks += key_figures(inspection)
    blocks.append(para("4. Kết quả khảo sát sự hài lòng của người dân, tổ chức", "subheading"))
    blocks += satisfaction.blocks(counts, charts=charts)
    return blocks


def _area(index: int, area: Any) -> list[Any]:
    blocks = [
        para(f"2.{index}. {area.title}", "subheading", italic=True),
        m.Paragraph(
            [
                m.Run("Kết quả: "),
                m.Run(f"{area_tally(area)} tiêu chí", bold=True),
                m.Run("; điểm: "),
                m.Run(area_points(area), bold=True),
                m.Run("."),
            ]
        ),
    ]
    rows = [
        [str(j), item.label, _result(item), _detail(item), _item_points(item)]
        for j, item in enumerate(area.items, 1)
    ]
    blocks.append(
        m.Table(
            ["STT", "Nội dung kiểm tra", "Kết quả", "Tài liệu kiểm chứng, số liệu", "Điểm"],
            rows,
            [8, 40, 14, 28, 10],
            ["c", "l", "c", "l", "c"],
        )
    )
    return blocks


def _result(item: Any) -> str:
    # Impossible figures are never a verdict; a zero denominator is "không phát sinh" (#15).
    if getattr(item, "problem", None):
        return "Số liệu không hợp lệ"
    if getattr(item, "not_arising", False) and item.result in ("na", None):
        return "Không phát sinh"
    if item.kind in ("figure", "ratio") and item.result is None:
        return "-" if item.figure is None and item.ratio is None else "Ghi nhận"
    return RESULT_NAMES.get(item.result, str(item.result))


def _figure(item: Any) -> str:
    unit = getattr(item, "unit", None)
    return number(item.figure) + (f" {unit}" if unit else "")


def _detail(item: Any) -> str:
    parts = []
    if item.kind == "ratio" and item.ratio is not None:
        parts.append(_ratio_text(item))
    elif item.figure is not None:
        parts.append(_figure(item))
    if item.evidence:
        parts.append(item.evidence)
    if getattr(item, "not_arising", False):
        parts.append("không phát sinh (mẫu số bằng 0)")
    # Notes on items not met, and on items met with reduced points (issue #15).
    if item.note and (item.result == "fail" or getattr(item, "reduced", False)):
        parts.append(f"Ghi chú: {item.note}")
    return "; ".join(parts)


def _ratio_text(item: Any) -> str:
    """A ratio with its parts when the model gives them: '858/1.302 = 65,9%'."""
    numerator = getattr(item, "numerator_value", None)
    denominator = getattr(item, "denominator_value", None)
    share = percent_value(item.ratio)
    if numerator is not None and denominator:
        return f"{number(numerator)}/{number(denominator)} = {share}"
    return share


def _item_points(item: Any) -> str:
    if not item.max_points:
        return ""
    return f"{number(item.points or 0)}/{number(item.max_points)}"


def key_figures(inspection: Any) -> list[Any]:
    """The table of figures typed in and the ratios computed from them."""
    rows = []
    for area in inspection.areas:
        for item in area.items:
            if item.kind == "figure" and item.figure is not None:
                rows.append([item.label, _figure(item), ""])
            elif item.kind == "ratio" and item.ratio is not None:
                rows.append([item.label, "", _ratio_text(item)])
            elif item.kind == "ratio" and getattr(item, "not_arising", False):
                rows.append([item.label, "", "Không phát sinh"])
    if not rows:
        return [para("Chưa có số liệu.", italic=True)]
    numbered = [[str(i), *row] for i, row in enumerate(rows, 1)]
    return [
        m.Table(
            ["STT", "Chỉ tiêu", "Số liệu", "Tỷ lệ"],
            numbered,
            [8, 52, 22, 18],
            ["c", "l", "r", "r"],
        )
    ]


def shortcomings(inspection: Any) -> list[Any]:
    """Part III: failed items with their notes."""
    blocks = [para(f"{ROMAN[2]}. HẠN CHẾ", "heading")]
    failed = [item for area in inspection.areas for item in area.items if item.result == "fail"]
    for item in failed:
        note = f": {item.note.strip().rstrip('.;')}" if item.note and item.note.strip() else ""
        blocks.append(para(f"- {item.label}{note};"))
    # Met with reduced points: a shortcoming too, with the team's note (issue #15).
    reduced = [i for a in inspection.areas for i in a.items if getattr(i, "reduced", False)]
    for item in reduced:
        note = f": {item.note.strip().rstrip('.;')}" if item.note and item.note.strip() else ""
        blocks.append(para(f"- {item.label} (đạt {_item_points(item)} điểm){note};"))
    failed += reduced
    if not failed:
        blocks.append(para("Không có nội dung không đạt."))
    return blocks


def conclusion(inspection: Any, actions: list[Any] | None = None) -> list[Any]:
    """Parts IV and V: the conclusion, the recommendations and the actions' blocks (issue #15)."""
    blocks = [para(f"{ROMAN[3]}. KẾT LUẬN", "heading")]
    blocks += [para(line) for line in _lines(inspection.conclusion)] or [para("...")]
    blocks.append(para(f"{ROMAN[4]}. KIẾN NGHỊ", "heading"))
    written = [para(line) for line in _lines(inspection.recommendations)] + list(actions or [])
    blocks += written or [para("...")]
    return blocks


def closing(inspection: Any, copies: int) -> list[Any]:
    """The end time and the number of copies.

    The end time is the finalising instant when that fell on the inspection day;
    otherwise (a draft, or locked days later) the hour stays blank to fill by hand.
    """
    from minutes.text import local_datetime

    end = local_datetime(inspection.finalised_at) if inspection.status == "final" else None
    day = as_date(inspection.date)
    if end and (day is None or end.date() == day):
        when = f"hồi {clock(end)}, {official_date(end.date())}"
    elif day:
        when = f"hồi ... giờ ... phút, {official_date(day)}"
    else:
        when = DOTS_TIME
    return [
        para(
            f"Biên bản kết thúc vào {when}; được lập thành {copies:02d} bản có giá trị "
            f"như nhau, {team_name(inspection).lower()} giữ 01 bản, đơn vị được kiểm tra giữ "
            f"{max(copies - 1, 1):02d} bản. Các thành viên tham dự thống nhất thông qua biên bản."
        )
    ]


def signatures(inspection: Any) -> list[Any]:
    """THƯ KÝ, TRƯỞNG ĐOÀN, then ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA."""
    secretary = _first(inspection.team, "secretary")
    head = _first(inspection.team, "head")
    representative = inspection.participants[0] if inspection.participants else None
    return [
        m.Signature("THƯ KÝ", secretary.name if secretary else ""),
        m.Signature("TRƯỞNG ĐOÀN", head.name if head else ""),
        m.Signature("ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA", representative.name if representative else ""),
    ]


def recipients(inspection: Any, issuer: str, parent_unit: Any | None) -> list[str]:
    """'Nơi nhận:' entries, the last one '- Lưu: VT, ...'."""
    from minutes.text import body_name

    entries = [f"- {body_name(inspection.unit.name)};"] if inspection.kind != "self" else []
    if parent_unit is not None:
        entries.append(f"- {body_name(parent_unit.name)} (để báo cáo);")
    entries.append(f"- Thành viên {team_name(inspection).lower()};")
    entries.append("- Lưu: VT, hồ sơ kiểm tra.")
    return entries
