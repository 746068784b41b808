"""Demo actions of Ngọc Kỳ's finished 2022 self-inspection (issue #15).

Finalising it (inspections/demo.py) made an action for each unmet item; here the commune
reports on them as the seed report's year went on: some closed, one waiting for the
team's verification, one under way and one overdue.
"""

from __future__ import annotations

from datetime import date, timedelta

from actions import store
from actions.model import actions_of
from auth.users import find_user
from core.db import get_db
from core.units import get_unit_by_code

# item key: (person, due, steps as (step, note, ISO instant)); instants in UTC.
PLAN = {
    "van-ban-dung-han": (
        "Nguyễn Thị Hương, công chức Văn phòng - Thống kê",
        "2022-10-31",
        [
            (
                "in_progress",
                "Lập sổ theo dõi thời hạn ban hành văn bản.",
                "2022-09-26T02:00:00+00:00",
            ),
            (
                "fixed",
                "Đã lập sổ theo dõi và phân công rà soát hằng tuần (Thông báo số 45/TB-UBND"
                " ngày 10/10/2022); văn bản quý IV ban hành đúng hạn.",
                "2022-10-20T02:00:00+00:00",
            ),
            ("verify", "Đã kiểm tra sổ theo dõi; đạt yêu cầu.", "2022-10-25T02:00:00+00:00"),
        ],
    ),
    "tuyen-truyen-phap-luat": (
        "Trần Văn Bình, công chức Tư pháp - Hộ tịch",
        "2022-11-30",
        [
            (
                "fixed",
                "Tổ chức 03 hội nghị tuyên truyền tại các thôn, đăng 06 tin bài trên trang"
                " thông tin điện tử xã.",
                "2022-11-15T02:00:00+00:00",
            ),
            ("verify", "Đạt.", "2022-11-21T02:00:00+00:00"),
        ],
    ),
    "ty-le-so-hoa": (
        "Nguyễn Thị Hương, công chức Văn phòng - Thống kê",
        "2022-12-31",
        [
            (
                "fixed",
                "Đã số hóa bổ sung hồ sơ, kết quả giải quyết TTHC từ tháng 10/2022.",
                "2022-12-26T02:00:00+00:00",
            ),
            ("verify", "Đạt.", "2022-12-29T02:00:00+00:00"),
        ],
    ),
    "co-so-vat-chat-mot-cua": (
        "Nguyễn Xuân Thoảng, Chủ tịch UBND xã",
        "2022-12-31",
        [
            (
                "fixed",
                "Đã mua bổ sung 02 máy tính, 01 máy quét và ghế chờ cho Bộ phận một cửa"
                " (Quyết định số 130/QĐ-UBND ngày 01/12/2022).",
                "2022-12-20T02:00:00+00:00",
            ),
        ],
    ),
    "tac-phong-tham-muu": (
        "Nguyễn Xuân Thoảng, Chủ tịch UBND xã",
        None,  # still under way: due some months after the demo is loaded
        [("in_progress", "Đã nhắc nhở tại giao ban; đang theo dõi hằng tháng.", None)],
    ),
    # an-toan-thong-tin: left open, past its deadline (the demo's overdue action).
    "an-toan-thong-tin": ("Nguyễn Thị Hương, công chức Văn phòng - Thống kê", "2022-12-31", []),
}


def seed() -> None:
    """Report on the self-inspection's actions as PLAN says; any other action is closed."""
    commune = get_unit_by_code("ngoc-ky")
    row = (
        get_db()
        .execute(
            "SELECT id FROM inspections WHERE unit_id = ? AND kind = 'self' AND year = 2022"
            " AND status = 'final' ORDER BY id LIMIT 1",
            [commune.id],
        )
        .fetchone()
    )
    if row is None:
        return
    found = find_user("kiemtra")
    user_id = found[0].id if found else None
    db = get_db()
    later = (date.today() + timedelta(days=120)).isoformat()
    for action in actions_of(row[0]):
        person, due, steps = PLAN.get(
            action.item_key or "",
            ("", "2022-11-19", [("fixed", "Đã khắc phục.", None), ("verify", "Đạt.", None)]),
        )
        db.execute(
            "UPDATE actions SET person = ?, due = ? WHERE id = ?",
            [person, due or later, action.id],
        )
        for step, note, at in steps:
            store.take_step(action.id, step, note, user_id, commune.id)
            if at and step == "fixed":
                db.execute("UPDATE actions SET fixed_at = ? WHERE id = ?", [at, action.id])
            if at and step == "verify":
                db.execute("UPDATE actions SET closed_at = ? WHERE id = ?", [at, action.id])
