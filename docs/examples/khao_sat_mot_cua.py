"""Build docs/examples/khao-sat-mot-cua.xlsx, the XLSForm example of docs/FORMS.md.

Run from the repository: `.venv/bin/python docs/examples/khao_sat_mot_cua.py`. The
workbook is what Kobo would export: metadata rows, groups, two languages.
"""

from pathlib import Path

import openpyxl

VI, EN = "Vietnamese (vi)", "English (en)"
S = [
    "type",
    "name",
    f"label::{VI}",
    f"label::{EN}",
    f"hint::{VI}",
    f"hint::{EN}",
    "required",
    f"required_message::{VI}",
    f"required_message::{EN}",
    "relevant",
    "constraint",
    f"constraint_message::{VI}",
    f"constraint_message::{EN}",
    "appearance",
]


def row(
    type_,
    name="",
    vi="",
    en="",
    hvi="",
    hen="",
    req="",
    rvi="",
    ren="",
    rel="",
    con="",
    cvi="",
    cen="",
    app="",
):
    return [type_, name, vi, en, hvi, hen, req, rvi, ren, rel, con, cvi, cen, app]


survey = [
    row("start", "start"),
    row("end", "end"),
    row("today", "today"),
    row("deviceid", "deviceid"),
    row("username", "username"),
    row("begin group", "dich_vu", "Dịch vụ hôm nay", "Today's service"),
    row(
        "note",
        "gioi_thieu",
        "Phiếu không ghi tên. Xin cảm ơn ông/bà.",
        "The form is anonymous. Thank you.",
    ),
    row(
        "select_one muc_do",
        "muc_do",
        "Ông/bà hài lòng thế nào với việc giải quyết hồ sơ?",
        "How satisfied are you with how your dossier was handled?",
        req="yes",
        rvi="Hãy chọn một mức độ hài lòng.",
        ren="Please choose a level.",
    ),
    row(
        "select_multiple ly_do",
        "ly_do",
        "Điều gì chưa làm ông/bà hài lòng?",
        "What was not satisfactory?",
        "Chọn tất cả các ý phù hợp.",
        "Select all that apply.",
        rel="${muc_do} = 'binh_thuong' or ${muc_do} = 'khong_hai_long'",
    ),
    row(
        "text",
        "ghi_ro",
        "Lý do khác là gì?",
        "What is the other reason?",
        rel="selected(${ly_do}, 'khac')",
    ),
    row("end group"),
    row("begin group", "ho_so", "Về hồ sơ của ông/bà", "About your dossier"),
    row(
        "integer",
        "so_lan",
        "Ông/bà đã đến bao nhiêu lần cho hồ sơ này?",
        "How many times did you come for this dossier?",
        con=". >= 1 and . <= 20",
        cvi="Nhập số lần từ 1 đến 20.",
        cen="Enter 1 to 20 visits.",
    ),
    row(
        "decimal",
        "thoi_gian_cho",
        "Ông/bà đã chờ bao nhiêu giờ?",
        "How many hours did you wait?",
        "Ví dụ 0,5 là nửa giờ.",
        "For example 0.5 is half an hour.",
        con=". >= 0",
    ),
    row("date", "ngay_nop", "Ông/bà nộp hồ sơ ngày nào?", "When did you file the dossier?"),
    row(
        "text",
        "gop_y",
        "Ý kiến góp ý (không bắt buộc)",
        "Comments (optional)",
        con="string-length(.) <= 500",
        app="multiline",
    ),
    row("end group"),
]
choices = [["list_name", "name", f"label::{VI}", f"label::{EN}"]] + [
    ["muc_do", "rat_hai_long", "Rất hài lòng", "Very satisfied"],
    ["muc_do", "hai_long", "Hài lòng", "Satisfied"],
    ["muc_do", "binh_thuong", "Bình thường", "Neutral"],
    ["muc_do", "khong_hai_long", "Không hài lòng", "Not satisfied"],
    ["ly_do", "thai_do", "Thái độ của cán bộ", "Staff attitude"],
    ["ly_do", "thoi_gian_cho", "Thời gian chờ đợi", "Waiting time"],
    ["ly_do", "thu_tuc", "Thủ tục chưa rõ ràng", "Unclear procedure"],
    ["ly_do", "khac", "Lý do khác", "Other"],
]
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "survey"
sheet.append(S)
for r in survey:
    sheet.append(r)
c = book.create_sheet("choices")
for r in choices:
    c.append(r)
s = book.create_sheet("settings")
s.append(["form_title", "form_id", "version", "default_language"])
s.append(["Khảo sát Bộ phận một cửa", "khao_sat_mot_cua", "1", VI])
book.save(Path(__file__).with_name("khao-sat-mot-cua.xlsx"))
