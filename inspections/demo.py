"""Demo inspections from the 2022 report of UBND xã Ngọc Kỳ (issue #4).

A finished self-inspection filled from the report's plans, decisions and figures, with
failed items taken from its 'Hạn chế' section, and Huyện Tứ Kỳ's inspection in progress.
"""

from auth.users import find_user
from core.units import get_unit_by_code
from inspections import store
from inspections.model import Member
from inspections.registry import get_checklists

CHECKLIST = "cchc-cong-vu"

# Evidence documents named in the report (tài liệu kiểm chứng).
DOCUMENTS = {
    "ke-hoach-cchc": "Kế hoạch số 26/KH-UBND ngày 25/12/2021",
    "ke-hoach-de-an": "Kế hoạch số 27/KH-UBND ngày 30/12/2021",
    "ke-hoach-tu-kiem-tra": "Kế hoạch số 13/KH-UBND ngày 28/02/2022",
    "quyet-dinh-to-kiem-tra": "Quyết định số 118a/QĐ-UBND ngày 05/9/2022",
    "ke-hoach-tuyen-truyen": "Kế hoạch số 14/KH-UBND ngày 07/3/2022",
    "ke-hoach-ra-soat-vbqppl": "Kế hoạch số 10/KH-UBND ngày 14/02/2022",
    "ke-hoach-theo-doi-thi-hanh": "Kế hoạch số 09/KH-UBND ngày 14/02/2022",
    "ke-hoach-pbgdpl": "Kế hoạch số 08/KH-UBND ngày 14/02/2022",
    "ke-hoach-kiem-soat-tthc": "Kế hoạch số 11/KH-UBND ngày 26/02/2022",
    "ke-hoach-ra-soat-tthc": "Kế hoạch số 12/KH-UBND ngày 26/02/2022",
    "quyet-dinh-mot-cua": "Quyết định số 90/QĐ-UBND ngày 05/7/2022",
    "quy-che-lam-viec": "Quyết định số 118/QĐ-UBND ngày 02/8/2021",
    "quy-che-phoi-hop-thon": "Quyết định số 221/QĐ-UBND ngày 31/12/2021",
    "ke-hoach-dao-tao": "Kế hoạch số 04/KH-UBND ngày 10/02/2022",
    "quy-che-chi-tieu": "Quy chế chi tiêu nội bộ ban hành ngày 18/01/2022",
    "quy-che-tai-san-cong": "Quy chế quản lý, sử dụng tài sản công ban hành ngày 19/01/2022",
    "cong-khai-ngan-sach": "Quy chế công khai tài chính ban hành ngày 18/01/2022",
    "ke-hoach-cntt": "Kế hoạch số 01a/KH-UBND ngày 14/01/2022",
    "ke-hoach-kinh-te-so": "Kế hoạch số 22/KH-UBND ngày 08/4/2022",
    "ke-hoach-dvctt": "Kế hoạch số 33a/KH-UBND ngày 07/6/2022",
    "iso-9001": "Kế hoạch số 5a/KH-UBND ngày 14/3/2022",
    "ke-hoach-ky-cuong": "Kế hoạch số 03/KH-UBND ngày 08/02/2022",
    "quy-che-van-hoa-cong-so": "Quyết định số 219/QĐ-UBND ngày 31/12/2021",
    "phan-cong-nhiem-vu": "Quy chế làm việc kèm theo Quyết định số 118/QĐ-UBND ngày 02/8/2021",
}

# Figures as of 30/9/2022.
FIGURES = {
    "tin-bai-cchc": 23,
    "hop-chuyen-de": 2,
    "bai-tuyen-truyen-phap-luat": 18,
    "tthc-niem-yet": 158,
    "tthc-truc-tuyen": 47,
    "ho-so-tiep-nhan": 1302,
    "ho-so-dung-han": 1302,
    "ho-so-truc-tuyen": 858,
    "ho-so-so-hoa": 153,
    "phieu-khao-sat": 695,
    "phieu-hai-long": 695,
    "so-can-bo-cong-chuc": 18,
    "cbcc-dai-hoc": 14,
    "may-tinh": 18,
}

# The report's own shortcomings ('C. Hạn chế, yếu kém').
FAILED = {
    "van-ban-dung-han": "Còn một số văn bản ban hành chậm so với thời gian quy định.",
    "tuyen-truyen-phap-luat": (
        "Tuyên truyền, phổ biến pháp luật đạt hiệu quả chưa cao; hình thức chưa đa dạng,"
        " phong phú; kinh phí còn hạn chế."
    ),
    "co-so-vat-chat-mot-cua": (
        "Cơ sở vật chất chưa đảm bảo đủ điều kiện làm việc tại BPTN&TKQ; phần mềm tiếp nhận"
        " hồ sơ một cửa nhiều khi bị lỗi."
    ),
    "tac-phong-tham-muu": (
        "Tác phong làm việc của một số công chức chuyên môn chưa thật sự hiệu quả, thiếu chủ"
        " động trong tham mưu giải quyết công việc phức tạp."
    ),
    "an-toan-thong-tin": (
        "Chưa có cán bộ chuyên trách về an toàn, an ninh thông tin; công chức phụ trách CNTT"
        " kiêm nhiệm."
    ),
}

NOTES = {
    "hop-chuyen-de": "Ngoài ra họp lồng ghép 07 cuộc trong các phiên họp thường kỳ.",
    "khong-vi-pham-ky-luat": "Trong năm không có cán bộ, công chức vi phạm phải xử lý kỷ luật.",
    "phieu-hai-long": "695/695 phiếu rất hài lòng.",
    "ho-so-dung-han": "Không có hồ sơ quá hạn.",
}

SELF_CONCLUSION = (
    "UBND xã đã ban hành đầy đủ các kế hoạch về cải cách hành chính năm 2022 và tổ chức"
    " triển khai nghiêm túc. Đến 30/9/2022 tiếp nhận 1.302 hồ sơ, giải quyết đúng hạn 100%;"
    " 858 hồ sơ nộp trực tuyến mức độ 3, 4 (65,89%); 695/695 phiếu đánh giá rất hài lòng."
    " Còn hạn chế: một số văn bản ban hành chậm, tỷ lệ số hóa hồ sơ thấp, cơ sở vật chất Bộ"
    " phận một cửa chưa đảm bảo, chưa có cán bộ chuyên trách an toàn thông tin."
)
SELF_RECOMMENDATIONS = (
    "Đề nghị UBND huyện có giải pháp hoàn thiện việc tiếp nhận hồ sơ thủ tục qua hệ thống"
    " trực tuyến; hỗ trợ cơ sở vật chất cho Bộ phận một cửa. Đề nghị tỉnh tăng cường mở các"
    " lớp tập huấn, bồi dưỡng nghiệp vụ cải cách hành chính."
)


def _user_id(username: str) -> int | None:
    found = find_user(username)
    return found[0].id if found else None


def seed() -> None:
    """Add the 2022 self-inspection (final) and the district's inspection (in progress)."""
    checklist = get_checklists()[CHECKLIST]
    commune = get_unit_by_code("ngoc-ky")
    district = get_unit_by_code("tu-ky")
    head, secretary = _user_id("kiemtra"), _user_id("thuky")
    own_id = store.create_inspection(
        store.NewInspection(
            unit=commune,
            owner_unit=commune,
            kind="self",
            checklist=checklist,
            year=2022,
            period_start="2022-01-01",
            period_end="2022-09-30",
            title=(
                "Tự kiểm tra công tác cải cách hành chính, hoạt động công vụ năm 2022"
                " tại UBND xã Ngọc Kỳ"
            ),
            legal_basis=(
                "Kế hoạch số 13/KH-UBND ngày 28/02/2022 của UBND xã Ngọc Kỳ về tự kiểm tra"
                " việc thực hiện cải cách hành chính năm 2022; Quyết định số 118a/QĐ-UBND"
                " ngày 05/9/2022 về việc thành lập Tổ kiểm tra công tác CCHC và hoạt động"
                " công vụ năm 2022"
            ),
            date="2022-09-20",
            started_at="08:00",
            place="Hội trường UBND xã Ngọc Kỳ",
            team=[
                Member("Nguyễn Xuân Thoảng", "Chủ tịch UBND xã", "head", head, honorific="ong"),
                Member(
                    "Nguyễn Thị Hương",
                    "Công chức Văn phòng - Thống kê",
                    "secretary",
                    secretary,
                    honorific="ba",
                ),
                Member("Trần Văn Bình", "Công chức Tư pháp - Hộ tịch", "member", honorific="ong"),
            ],
            participants=[
                Member(
                    "Trần Văn Bình", "Công chức Tư pháp - Hộ tịch", "participant", honorific="ong"
                ),
            ],
        ),
        head,
    )
    for area in checklist.areas:
        for item in area.items:
            values = _self_values(item)
            if values:
                store.save_item(own_id, item.key, 0, values, head)
    store.set_conclusion(own_id, SELF_CONCLUSION, SELF_RECOMMENDATIONS)
    # The minutes close at 11:30 on the inspection day (04:30 UTC).
    store.finalise(own_id, head, commune.id, at="2022-09-20T04:30:00+00:00")

    team_head = _user_id("doankt")
    district_id = store.create_inspection(
        store.NewInspection(
            unit=commune,
            owner_unit=district,
            kind="external",
            checklist=checklist,
            year=2022,
            period_start="2022-01-01",
            period_end="2022-09-30",
            title=(
                "Kiểm tra công tác cải cách hành chính, hoạt động công vụ năm 2022"
                " tại UBND xã Ngọc Kỳ"
            ),
            legal_basis="Kế hoạch số 163/KH-UBND ngày 22/8/2022 của UBND huyện Tứ Kỳ",
            date="2022-10-12",
            started_at="08:30",
            place="Trụ sở UBND xã Ngọc Kỳ",
            team=[
                Member(
                    "Phạm Văn Hùng", "Trưởng phòng Nội vụ huyện", "head", team_head, honorific="ong"
                ),
                Member("Vũ Thị Lan", "Chuyên viên Phòng Nội vụ huyện", "secretary", honorific="ba"),
                Member(
                    "Đỗ Minh Tuấn",
                    "Chuyên viên Văn phòng HĐND và UBND huyện",
                    "member",
                    honorific="ong",
                ),
            ],
            participants=[
                Member("Nguyễn Xuân Thoảng", "Chủ tịch UBND xã", "participant", honorific="ong"),
                Member(
                    "Nguyễn Thị Hương",
                    "Công chức Văn phòng - Thống kê",
                    "participant",
                    honorific="ba",
                ),
            ],
        ),
        team_head,
    )
    # The district team has done the first three areas; it judges two items otherwise.
    district_view = {
        "van-ban-dung-han": {"result": "fail", "note": FAILED["van-ban-dung-han"]},
        "tuyen-truyen-phap-luat": {"result": "pass", "points": 1, "note": "Đạt một phần."},
        "thi-dua-khen-thuong": {"result": "fail", "note": "Chưa có hồ sơ bình xét gắn CCHC."},
    }
    for area in checklist.areas[:3]:
        for item in area.items:
            values = district_view.get(item.key) or _self_values(item)
            if values:
                store.save_item(district_id, item.key, 0, values, team_head)


def _self_values(item) -> dict:
    """What the self-inspection team recorded for an item."""
    values: dict = {}
    if item.kind == "figure" and item.key in FIGURES:
        values["figure"] = FIGURES[item.key]
    if item.takes_result:
        values["result"] = "fail" if item.key in FAILED else "pass"
    if item.key in DOCUMENTS:
        values["evidence"] = DOCUMENTS[item.key]
    note = FAILED.get(item.key) or NOTES.get(item.key)
    if note:
        values["note"] = note
    return values
