"""Home-page tasks of the inspections part, and the one name each inspection goes by."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from auth.staff import ORDER_INSPECTIONS, Link
from core import dates, units
from inspections import access
from inspections.model import Inspection, list_inspections, load_inspection

# Drafts shown one by one under "my inspections"; older ones are on the list page.
MY_INSPECTIONS_SHOWN = 10


def inspection_name(inspection: Inspection) -> str:
    """Kind, team and date: 'Kiểm tra của Huyện Tứ Kỳ (trưởng đoàn Phạm Văn Hùng), 15/11/2022'.

    Three inspections of one commune must not read as three identical links (issue #14).
    """
    head = inspection.head
    if inspection.kind == "self":
        kind = _("Tự kiểm tra của %(unit)s", unit=inspection.unit.name)
    else:
        owner = inspection.owner_unit or inspection.unit
        kind = _("Kiểm tra của %(owner)s tại %(unit)s", owner=owner.name, unit=inspection.unit.name)
    day = dates.format_day(inspection.date)
    if head is None:
        return _("%(kind)s, %(day)s", kind=kind, day=day)
    return _("%(kind)s (trưởng đoàn %(head)s), %(day)s", kind=kind, head=head.name, day=day)


def progress(inspection: Inspection) -> str:
    """'3/42 mục đã đánh giá', or that it is finished."""
    if inspection.is_final:
        return _("Đã hoàn thành")
    return _(
        "%(done)d/%(total)d mục đã đánh giá",
        done=inspection.entered_done,
        total=inspection.entered_total,
    )


def my_inspections() -> list[Inspection]:
    """Drafts the signed-in inspector ticks: their team's, or their unit's as conducting unit."""
    found = []
    for row in list_inspections(current_user.unit):
        if row.status != "draft":
            continue
        inspection = load_inspection(row.id)
        if inspection is not None and access.can_fill(inspection):
            found.append(inspection)
        if len(found) == MY_INSPECTIONS_SHOWN:
            break
    return found


def inspection_tasks(unit: units.Unit, user) -> list[Link]:
    """'My inspections' with progress and 'start an inspection' for inspectors; the list."""
    if not user.has_role(*access.VIEW_ROLES) or unit.id != user.unit_id:
        return []
    rows = list_inspections(user.unit)
    drafts = sum(1 for r in rows if r.status == "draft")
    everything = Link(
        _("Các cuộc kiểm tra CCHC, công vụ"),
        url_for("inspections.index"),
        _("%(n)d cuộc, %(drafts)d đang thực hiện", n=len(rows), drafts=drafts),
        order=ORDER_INSPECTIONS + 2,
    )
    if not user.has_role("inspector"):
        return [everything]
    mine = my_inspections()
    return [
        Link(
            _("Cuộc kiểm tra của tôi"),
            url_for("inspections.index"),
            _("%(n)d cuộc đang thực hiện", n=len(mine)) if mine else _("Chưa có cuộc nào"),
            tuple(
                Link(
                    inspection_name(i), url_for("inspections.show", inspection_id=i.id), progress(i)
                )
                for i in mine
            ),
            ORDER_INSPECTIONS,
        ),
        Link(
            _("Bắt đầu một cuộc kiểm tra"),
            url_for("inspections.new"),
            _("Chọn đơn vị, căn cứ và thành phần đoàn"),
            order=ORDER_INSPECTIONS + 1,
        ),
        everything,
    ]
