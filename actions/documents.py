"""The actions in documents: the minutes' KIẾN NGHỊ table and 'Báo cáo kết quả khắc phục'.

Both are built from the minutes' blocks and model, so the Word and PDF renderers of the
minutes lay them out in the same Nghị định 30/2020 layout (issue #15).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from actions.model import Action, actions_of
from minutes import blocks as m
from minutes.model import COUNTRY, MOTTO, Header, Minutes
from minutes.text import as_date, body_name, local_datetime, official_date, place_name

STATUS_NAMES = {
    "open": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "fixed": "Đã khắc phục, chờ xác nhận",
    "returned": "Bị trả lại, đang khắc phục",
    "verified": "Đã khắc phục (đã xác nhận)",
}


def day(value: str | None) -> str:
    """An ISO date or instant as dd/mm/yyyy (instants in local time); '' when absent."""
    if not value:
        return ""
    moment = local_datetime(value) if "T" in value else None
    found = moment.date() if moment else as_date(value)
    return found.strftime("%d/%m/%Y") if found else ""


def _labels(inspection: Any) -> dict[str, str]:
    return {i.key: i.label for a in inspection.areas for i in a.items}


def _who(action: Action) -> str:
    name = body_name(action.unit.name)
    return f"{name}; {action.person}" if action.person else name


def recommendation_blocks(inspection: Any) -> list[m.Block]:
    """The actions of an inspection as the minutes' list of recommendations with deadlines."""
    found = actions_of(inspection.id)
    if not found:
        return []
    labels = _labels(inspection)
    rows = [
        [
            str(n),
            a.what + (f" (mục: {labels[a.item_key]})" if a.item_key in labels else ""),
            _who(a),
            day(a.due),
        ]
        for n, a in enumerate(found, 1)
    ]
    return [
        m.Paragraph(
            [
                m.Run(
                    "Đơn vị được kiểm tra thực hiện các biện pháp khắc phục sau và báo cáo kết quả:"
                )
            ]
        ),
        m.Table(
            ["STT", "Nội dung kiến nghị", "Đơn vị, người thực hiện", "Thời hạn"],
            rows,
            [8, 52, 24, 16],
            ["c", "l", "l", "c"],
        ),
    ]


def build_report(inspection_id: int, today: date | None = None) -> Minutes | None:
    """'Báo cáo kết quả khắc phục' of an inspection, issued by the inspected unit."""
    from core.units import get_unit
    from inspections.access import conducting_unit
    from inspections.model import load_inspection

    inspection = load_inspection(inspection_id)
    if inspection is None:
        return None
    unit = inspection.unit
    parent = get_unit(unit.parent_id) if unit.parent_id else None
    issuer = body_name(unit.name)
    conducting = conducting_unit(inspection)
    found = actions_of(inspection.id)
    labels = _labels(inspection)
    inspected_on = as_date(inspection.date)
    basis = "biên bản tự kiểm tra" if inspection.kind == "self" else "biên bản kiểm tra"
    by = "" if conducting.id == unit.id else f" của {body_name(conducting.name)}"
    closed = sum(1 for a in found if a.is_closed)
    body: list[m.Block] = [
        m.Paragraph(
            [
                m.Run(
                    f"Thực hiện kiến nghị tại {basis}{by}"
                    + (f" {official_date(inspected_on)}" if inspected_on else "")
                    + f" ({inspection.title}), {issuer} báo cáo kết quả khắc phục như sau:"
                )
            ]
        ),
        m.Paragraph([m.Run("I. KẾT QUẢ KHẮC PHỤC")], "heading"),
        m.Paragraph(
            [
                m.Run(f"Tổng số kiến nghị: {len(found)}; đã khắc phục và được xác nhận: "),
                m.Run(str(closed), bold=True),
                m.Run(f"; còn lại: {len(found) - closed}."),
            ]
        ),
    ]
    if found:
        rows = [
            [
                str(n),
                a.what + (f" (mục: {labels[a.item_key]})" if a.item_key in labels else ""),
                day(a.due),
                STATUS_NAMES[a.status],
                a.report_note,
                day(a.closed_at),
            ]
            for n, a in enumerate(found, 1)
        ]
        body.append(
            m.Table(
                ["STT", "Nội dung kiến nghị", "Thời hạn", "Tình trạng", "Minh chứng", "Ngày đóng"],
                rows,
                [7, 33, 13, 15, 19, 13],
                ["c", "l", "c", "l", "l", "c"],
            )
        )
    else:
        body.append(m.Paragraph([m.Run("Cuộc kiểm tra không có kiến nghị khắc phục.")]))
    body.append(m.Paragraph([m.Run("II. NHỮNG NỘI DUNG CHƯA HOÀN THÀNH")], "heading"))
    remaining = [a for a in found if not a.is_closed]
    for a in remaining:
        body.append(
            m.Paragraph([m.Run(f"- {a.what} (thời hạn {day(a.due)}): {STATUS_NAMES[a.status]};")])
        )
    if not remaining:
        body.append(m.Paragraph([m.Run("Đã hoàn thành toàn bộ các kiến nghị.")]))
    when = today or date.today()
    return Minutes(
        draft=False,
        header=Header(
            parent_body=body_name(parent.name).upper() if parent else "",
            issuing_body=issuer.upper(),
            number="Số:       /BC-UBND",
            country=COUNTRY,
            motto=MOTTO,
            place_date=f"{place_name(unit.name)}, {official_date(when)}",
        ),
        title="BÁO CÁO",
        subject="Kết quả khắc phục các tồn tại, hạn chế sau kiểm tra",
        body=body,
        signatures=[
            m.Signature("NGƯỜI LẬP BÁO CÁO", ""),
            m.Signature("TM. ỦY BAN NHÂN DÂN", "", "(Ký, ghi rõ họ tên, đóng dấu)"),
            m.Signature("XÁC NHẬN CỦA ĐƠN VỊ KIỂM TRA", ""),
        ],
        recipients=(
            [f"- {body_name(conducting.name)} (để báo cáo);"] if conducting.id != unit.id else []
        )
        + (
            [f"- {body_name(parent.name)} (để báo cáo);"]
            if parent and parent.id != conducting.id
            else []
        )
        + ["- Lưu: VT."],
        filename=f"bao-cao-khac-phuc-{inspection.id}",
    )
