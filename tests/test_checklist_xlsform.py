"""Checklists as XLSForm (issue #16): round trips, hand-made workbooks, problems at their cells."""

import re
from pathlib import Path

import openpyxl
import pytest
import yaml
from pyxform.xls2xform import xls2xform_convert

from core.definitions import Source, plain_data
from core.xlsform.problems import XLSFormError
from inspections.checklist import CHECKLISTS_DIR, load_checklist, parse
from inspections.xlsform import read_checklist_xlsform, write_checklist_xlsform
from tests.conftest import page_text
from tests.test_admin_checklists import URL, upload_checklist
from tests.test_admin_definitions import publish_from
from tests.test_citizen_form import rows
from tests.test_xlsform import workbook

EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "tu-kiem-tra.xlsx"
VI, EN = "Vietnamese (vi)", "English (en)"
HEADERS = ["type", "name", f"label::{VI}", f"label::{EN}", f"hint::{VI}", f"hint::{EN}"]
HEADERS += ["kind", "points", f"unit::{VI}", f"unit::{EN}", "constraint", "calculation"]
HEADERS += ["target", "na_allowed", "evidence", "photo"]
# Two areas, every kind of item, in two languages, as an official writes it in Excel.
SURVEY = [
    HEADERS,
    ["begin group", "chi_dao", "Chỉ đạo, điều hành", "Direction", "Xem kế hoạch.", "See the plan."]
    + ["", 4],
    ["select_one ket_qua", "ke_hoach", "Kế hoạch CCHC năm", "Annual plan", "Ghi số, ngày.", ""]
    + ["document", 2],
    ["select_one ket_qua_kad", "phan_anh", "Xử lý phản ánh", "Complaints handled", "", "", ""]
    + [2, "", "", "", "", "", "", "", "yes"],
    ["end group"],
    ["begin group", "ho_so", "Giải quyết hồ sơ", "Dossiers", "", "", "", 6],
    ["integer", "tiep_nhan", "Số hồ sơ tiếp nhận", "Dossiers received", "", "", "figure", ""]
    + ["hồ sơ", "dossiers", ". <= 5000"],
    ["integer", "dung_han", "Số hồ sơ đúng hạn", "Dossiers on time", "", "", "", ""]
    + ["hồ sơ", "dossiers"],
    ["decimal", "gio_cho", "Số giờ chờ trung bình", "Average hours waited", "", "", "", ""]
    + ["giờ", "hours", ". >= 0.5 and . <= 48"],
    ["calculate", "ty_le", "Tỷ lệ đúng hạn", "Share on time", "", "", "ratio", 6, "", ""]
    + ["", "${dung_han} div ${tiep_nhan} * 100", 95, "yes"],
    ["end group"],
]
CHOICES = [
    ["list_name", "name", f"label::{VI}", f"label::{EN}"],
    ["ket_qua", "dat", "Đạt", "Pass"],
    ["ket_qua", "khong_dat", "Không đạt", "Fail"],
    ["ket_qua_kad", "dat", "Đạt", "Pass"],
    ["ket_qua_kad", "khong_dat", "Không đạt", "Fail"],
    ["ket_qua_kad", "khong_ap_dung", "Không áp dụng", "Not applicable"],
]
SETTINGS = [
    ["form_title", "form_id", "version", "default_language", "total_points"],
    ["Danh mục tự kiểm tra", "tu_kiem_tra", "1", VI, 10],
]
EXPECTED = {
    "slug": "tu-kiem-tra",
    "version": 1,
    "title": {"vi": "Danh mục tự kiểm tra", "en": "Self-inspection checklist"},
    "total_points": 10,
    "areas": [
        {
            "key": "chi-dao",
            "title": {"vi": "Chỉ đạo, điều hành", "en": "Direction"},
            "points": 4,
            "guidance": {"vi": "Xem kế hoạch.", "en": "See the plan."},
            "items": [
                {
                    "key": "ke-hoach",
                    "kind": "document",
                    "points": 2,
                    "label": {"vi": "Kế hoạch CCHC năm", "en": "Annual plan"},
                    "guidance": "Ghi số, ngày.",
                },
                {
                    "key": "phan-anh",
                    "kind": "check",
                    "points": 2,
                    "label": {"vi": "Xử lý phản ánh", "en": "Complaints handled"},
                    "photo": True,
                    "na_allowed": True,
                },
            ],
        },
        {
            "key": "ho-so",
            "title": {"vi": "Giải quyết hồ sơ", "en": "Dossiers"},
            "points": 6,
            "items": [
                {
                    "key": "tiep-nhan",
                    "kind": "figure",
                    "label": {"vi": "Số hồ sơ tiếp nhận", "en": "Dossiers received"},
                    "unit": {"vi": "hồ sơ", "en": "dossiers"},
                    "max": 5000,
                },
                {
                    "key": "dung-han",
                    "kind": "figure",
                    "label": {"vi": "Số hồ sơ đúng hạn", "en": "Dossiers on time"},
                    "unit": {"vi": "hồ sơ", "en": "dossiers"},
                },
                {
                    "key": "gio-cho",
                    "kind": "figure",
                    "label": {"vi": "Số giờ chờ trung bình", "en": "Average hours waited"},
                    "unit": {"vi": "giờ", "en": "hours"},
                    "number": "decimal",
                    "min": 0.5,
                    "max": 48,
                },
                {
                    "key": "ty-le",
                    "kind": "ratio",
                    "points": 6,
                    "label": {"vi": "Tỷ lệ đúng hạn", "en": "Share on time"},
                    "numerator": "dung-han",
                    "denominator": "tiep-nhan",
                    "target": 95,
                    "na_allowed": True,
                },
            ],
        },
    ],
}


def checklist_workbook(path: Path, survey=SURVEY, choices=CHOICES, settings=SETTINGS) -> Path:
    """The hand-made workbook, with the English title on the `phieu` sheet."""
    workbook(path, survey, choices, settings)
    book = openpyxl.load_workbook(path)
    extra = book.create_sheet("phieu")
    extra.append(["key", "value"])
    extra.append(["title", "{vi: Danh mục tự kiểm tra, en: Self-inspection checklist}"])
    book.save(path)
    return path


@pytest.mark.parametrize("path", sorted(CHECKLISTS_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_each_shipped_checklist_round_trips(tmp_path, path):
    checklist = load_checklist(path)
    xlsx = tmp_path / f"{checklist.slug}.xlsx"
    write_checklist_xlsform(checklist, xlsx)
    warnings = xls2xform_convert(str(xlsx), str(tmp_path / "checklist.xml"), validate=False)
    assert (tmp_path / "checklist.xml").read_text(encoding="utf-8").startswith("<?xml")
    assert warnings == []
    data = read_checklist_xlsform(xlsx)
    # The very dict the YAML file holds: the same content, so the same version on import.
    assert data == plain_data(yaml.safe_load(path.read_text(encoding="utf-8")))
    back = parse(Source("back", data, {}))
    assert back.areas == checklist.areas and back.title == checklist.title
    assert (back.slug, back.version, back.total_points) == (
        checklist.slug,
        checklist.version,
        checklist.total_points,
    )
    assert back.sha256 == checklist.sha256


def test_a_hand_made_workbook_in_two_languages_reads_as_the_checklist(tmp_path):
    path = checklist_workbook(tmp_path / "tu_kiem_tra.xlsx")
    assert xls2xform_convert(str(path), str(tmp_path / "k.xml"), validate=False) == []
    data = read_checklist_xlsform(path)
    assert data == EXPECTED
    checklist = parse(Source(path.name, data, {}))
    assert checklist.item("ke-hoach").evidence  # a document asks for its evidence
    assert not checklist.item("ke-hoach").na_allowed and checklist.item("phan-anh").na_allowed
    # Written back, it reads the same.
    write_checklist_xlsform(data, tmp_path / "lai.xlsx")
    assert read_checklist_xlsform(tmp_path / "lai.xlsx") == data


def test_a_workbook_without_not_applicable_allows_it_nowhere(tmp_path):
    survey = [
        ["type", "name", "label", "points", "appearance"],
        ["begin group", "a", "A", 2, "field-list"],
        ["select_one ket_qua", "b", "B", 1],
        ["select one ket_qua", "c", "C", 1],
        ["end group"],
    ]
    settings = [["form_id", "total_points"], ["cu", 2]]
    path = workbook(tmp_path / "cu.xlsx", survey, CHOICES[:3], settings)
    checklist = parse(Source("cu", read_checklist_xlsform(path), {}))
    # Not read as a checklist from before na_allowed, which allowed N/A everywhere.
    assert checklist.total_points == 2 and not checklist.item("b").na_allowed
    assert [i.kind for i in checklist.areas[0].items] == ["check", "check"]


def test_a_workbook_without_groups_or_that_pyxform_refuses_is_one_problem(tmp_path):
    survey = [["type", "name", "label"], ["select_one ket_qua", "a", "A"]]
    with pytest.raises(XLSFormError) as caught:
        read_checklist_xlsform(workbook(tmp_path / "rong.xlsx", survey[:1], CHOICES, SETTINGS))
    assert caught.value.lines == [
        "survey (begin group): không có nhóm nào: danh mục kiểm tra cần có các lĩnh vực (nhóm)"
    ]
    survey = [row[:] for row in SURVEY]
    survey[2][1] = "1_ke_hoach"  # a Phiếu key, not an XML name
    with pytest.raises(XLSFormError) as caught:
        read_checklist_xlsform(checklist_workbook(tmp_path / "so.xlsx", survey))
    assert len(caught.value.lines) == 1
    assert caught.value.lines[0].startswith(
        "workbook (pyxform): pyxform không đọc được bảng tính: [row : 3]"
    )


BAD_SURVEY = [
    ["type", "name", f"label::{VI}", "label::Français (fr)", "kind", "points", "relevant"]
    + ["calculation", "choice_filter", "na_allowed", "constraint", "points::English (en)"],
    ["integer", "ngoai", "Ngoài nhóm"],
    ["begin group", "a", "A", "", "", 3, "${b} = 'dat'"],
    ["begin repeat", "lap", "Lặp"],
    ["select_one muc", "b", "B", "", "", 1],
    ["select_multiple ket_qua", "c", "C", "", "", 1],
    ["select_one ket_qua", "d", "D", "", "figure", 1, "", "", "x = 'y'", "yes", ". >= 1"],
    ["calculate", "e", "E", "", "", "", "", "${b} + ${d}"],
    ["text", "f", "F"],
    ["select_one khong_co", "g", "G"],
    ["select one", "g2", "G2"],
    ["integer", "h", "H", "", "", "", "", "", "", "", ". > 3"],
    ["end repeat"],
    ["end group"],
]
BAD_LINES = [
    "survey!D1 (language): 'Français (fr)' không phải tiếng Việt (vi) hay tiếng Anh (en)",
    "survey!L1 (points::English (en)): cột này không ghi theo ngôn ngữ: hãy bỏ '::'",
    "survey!A2 (integer): tiêu chí nằm ngoài nhóm: hãy đặt nó giữa begin group và end group",
    "survey!G3 (relevant): nhóm (lĩnh vực) chỉ nhận các cột type, name, label, hint và points",
    "survey!A4 (begin repeat): chưa hỗ trợ kiểu 'begin repeat'",
    "survey!A5 (choices): danh sách 'muc' không phải danh sách kết quả: các lựa chọn phải là"
    " dat, khong_dat (thêm khong_ap_dung để cho phép không áp dụng)",
    "survey!A6 (select_multiple ket_qua): chưa hỗ trợ kiểu 'select_multiple ket_qua'",
    "survey!E7 (kind): hàng 'select_one ket_qua' là tiêu chí kiểu check hoặc document,"
    " không phải 'figure'",
    "survey!I7 (choice_filter): chưa hỗ trợ cột này",
    "survey!J7 (na_allowed): với tiêu chí check hoặc document, danh sách lựa chọn quyết định"
    " việc này: select_one ket_qua_kad cho phép không áp dụng",
    "survey!K7 (constraint): chỉ tiêu chí số liệu (integer hoặc decimal) mới có constraint",
    "survey!H8 (calculation): tỷ lệ phải được tính theo công thức"
    " ${numerator} div ${denominator} * 100",
    "survey!A9 (text): chưa hỗ trợ kiểu 'text'",
    "survey!A10 (choices): danh sách 'khong_co' không có trong trang tính choices",
    "survey!A11 (select one): chưa hỗ trợ kiểu 'select one'",
    "survey!K12 (constraint): chưa hỗ trợ '. > 3': hãy viết . >= a and . <= b",
    "survey!A13 (end repeat): chưa hỗ trợ kiểu 'end repeat'",
]


def bad_workbook(tmp_path) -> Path:
    choices = CHOICES[:3] + [["muc", "a", "A"], ["muc", "b", "B"]]
    return workbook(tmp_path / "xau.xlsx", BAD_SURVEY, choices, SETTINGS)


def test_every_unsupported_feature_is_named_at_once(tmp_path):
    with pytest.raises(XLSFormError) as caught:
        read_checklist_xlsform(bad_workbook(tmp_path))
    assert caught.value.lines == BAD_LINES


def test_the_loaders_problems_are_named_at_their_cells(tmp_path):
    survey = [row[:] for row in SURVEY]
    survey[1][7] = 5  # the area chi_dao: 5 points, its items 4
    survey[6][7] = 1  # a figure with points
    survey[9][11] = "${gio_cho} div ${khong_co} * 100"
    path = checklist_workbook(tmp_path / "sai.xlsx", survey)
    with pytest.raises(XLSFormError) as caught:
        read_checklist_xlsform(path)
    assert caught.value.lines == [
        "survey!H2 (points): là 5 nhưng điểm các tiêu chí trong lĩnh vực cộng lại là 4",
        "survey!H7 (points): tiêu chí số liệu (figure) không có điểm; hãy chấm điểm bằng một"
        " tiêu chí tỷ lệ (ratio)",
        "survey!L10 (calculation): 'khong-co' không phải là tiêu chí số liệu (figure) đứng trước",
    ]
    settings = [SETTINGS[0], [*SETTINGS[1][:4], 12]]
    path = checklist_workbook(tmp_path / "tong.xlsx", settings=settings)
    with pytest.raises(XLSFormError) as caught:
        read_checklist_xlsform(path)
    assert caught.value.lines == [
        "settings!E2 (total_points): điểm các lĩnh vực cộng lại là 10, không phải 12"
    ]


def test_import_and_export_on_the_command_line(app, runner, tmp_path):
    path = checklist_workbook(tmp_path / "tu_kiem_tra.xlsx")
    result = runner.invoke(args=["import-checklist", str(path), "--unit", "ngoc-ky"])
    assert result.exit_code == 0, result.output
    assert result.output == "tu-kiem-tra\tversion 1\tngoc-ky\n"
    out = tmp_path / "ra.xlsx"
    args = ["export-checklist", "tu-kiem-tra", "--format", "xlsx", "-o", str(out)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}\ttu-kiem-tra\tversion 1\n"
    assert read_checklist_xlsform(out) == EXPECTED
    # The same content again is the same version; --slug names another checklist.
    again = runner.invoke(args=["import-checklist", str(out), "--unit", "ngoc-ky"])
    assert again.output == "tu-kiem-tra\tversion 1\tngoc-ky\n"
    other = runner.invoke(args=["import-checklist", str(out), "--slug", "khac_ten"])
    assert other.output.startswith("khac-ten\tversion 1\t")
    # The shipped checklist, from its file.
    shipped = tmp_path / "cchc.xlsx"
    args = ["export-checklist", "cchc-cong-vu", "--format", "xlsx", "-o", str(shipped)]
    assert runner.invoke(args=args).exit_code == 0
    assert read_checklist_xlsform(shipped)["slug"] == "cchc-cong-vu"
    assert rows(app, "SELECT DISTINCT slug, version FROM checklist_publications ORDER BY slug") == [
        ("khac-ten", 1),
        ("tu-kiem-tra", 1),
    ]


def test_a_refused_workbook_on_the_command_line_is_one_line_per_problem(app, runner, tmp_path):
    result = runner.invoke(args=["import-checklist", str(bad_workbook(tmp_path))])
    assert result.exit_code != 0 and "Traceback" not in result.output
    lines = result.output.strip().removeprefix("Error: ").splitlines()
    assert lines == [f"{tmp_path / 'xau.xlsx'}: {line}" for line in BAD_LINES]
    assert rows(app, "SELECT count(*) FROM checklist_publications") == [(0,)]


def test_an_admin_uploads_a_workbook_previews_it_and_publishes_version_1(app, login, tmp_path):
    admin = login("admin", "tu-ky")
    content = checklist_workbook(tmp_path / "tu_kiem_tra.xlsx").read_bytes()
    response = upload_checklist(admin, content, "tu_kiem_tra.xlsx")
    assert response.status_code == 200, response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    assert "Xem trước: <span>Danh mục tự kiểm tra</span>" in page
    assert "2 lĩnh vực, 6 tiêu chí, tổng 10 điểm" in page
    for key in ("ke-hoach", "phan-anh", "tiep-nhan", "dung-han", "gio-cho", "ty-le"):
        assert f'id="item-{key}"' in page
    assert 'id="result-phan-anh-na"' in page and 'id="result-ke-hoach-na"' not in page
    assert "Xem kế hoạch." in page and "(<span>hồ sơ</span>)" in page
    done = publish_from(admin, page, ["tu-ky"], url=URL)
    assert done.status_code == 303
    listing = admin.get(done.headers["Location"]).get_data(as_text=True)
    assert "Đã đăng danh mục kiểm tra tu-kiem-tra, phiên bản 1." in listing
    assert rows(app, "SELECT slug, version FROM checklist_publications") == [("tu-kiem-tra", 1)]


def test_an_uploaded_workbook_with_unsupported_features_lists_every_problem(app, login, tmp_path):
    admin = login("admin", "tu-ky")
    response = upload_checklist(admin, bad_workbook(tmp_path).read_bytes(), "xau.xlsx")
    assert response.status_code == 400
    page = page_text(response)
    assert f"Tệp có {len(BAD_LINES)} lỗi cần sửa" in page
    for line in BAD_LINES:
        assert f"xau.xlsx: {line}" in page
    assert rows(app, "SELECT count(*) FROM checklist_publications") == [(0,)]


def test_the_docs_show_the_example_and_its_rows():
    docs = (Path(__file__).parent.parent / "docs" / "CHECKLISTS.md").read_text(encoding="utf-8")
    assert "docs/examples/tu-kiem-tra.xlsx" in docs
    # The workbook is the YAML beside it, exported: the two say the same.
    written = yaml.safe_load(EXAMPLE.with_suffix(".yaml").read_text(encoding="utf-8"))
    assert read_checklist_xlsform(EXAMPLE) == plain_data(written)
    sheet = openpyxl.load_workbook(EXAMPLE, read_only=True)["survey"]
    for row in sheet.iter_rows(min_row=2, max_col=2, values_only=True):
        assert re.search(rf"\| {re.escape(row[0])} \|", docs), row
