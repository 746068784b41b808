"""XLSForm import and export (issue #16): pyxform reads, problems are named, forms round-trip."""

from pathlib import Path

import openpyxl
import pytest
from pyxform.xls2xform import xls2xform_convert

from forms.definition import DEFINITIONS_DIR, form_from_data, load_form
from forms.plain import form_dict
from forms.xlsform import XLSFormError, read_xlsform, write_xlsform

EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "khao-sat-mot-cua.xlsx"
VI, EN = "label::Vietnamese (vi)", "label::English (en)"


def workbook(path: Path, survey: list[list], choices: list[list] | None = None, settings=None):
    """An .xlsx with the given sheets, first row the headers."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    for name, rows in (("choices", choices), ("settings", settings)):
        if rows:
            extra = book.create_sheet(name)
            for row in rows:
                extra.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("path", sorted(DEFINITIONS_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_each_shipped_form_round_trips(tmp_path, path):
    form = load_form(path)
    xlsx = tmp_path / f"{form.slug}.xlsx"
    write_xlsform(form, xlsx)
    warnings = xls2xform_convert(str(xlsx), str(tmp_path / "form.xml"), validate=False)
    assert (tmp_path / "form.xml").read_text(encoding="utf-8").startswith("<?xml")
    assert warnings == []
    back = form_from_data(read_xlsform(xlsx), "back")
    assert form_dict(back) == form_dict(form)
    assert back.sha256 != "" and back.questions == form.questions


def test_a_definition_dict_is_written_too(tmp_path):
    data = form_dict(load_form(DEFINITIONS_DIR / "hai-long.yaml"))
    write_xlsform(data, tmp_path / "hai-long.xlsx")
    assert read_xlsform(tmp_path / "hai-long.xlsx") == data


def test_the_docs_example_loads_with_every_supported_feature():
    data = read_xlsform(EXAMPLE)
    form = form_from_data(data, EXAMPLE.name)
    assert form.slug == "khao-sat-mot-cua"  # form_id khao_sat_mot_cua
    # The five metadata rows are left out; the two groups became headings.
    types = [(q.key, q.type) for q in form.questions]
    assert types[:2] == [("dich-vu", "heading"), ("gioi-thieu", "note")]
    assert ("ho-so", "heading") in types and "start" not in dict(types)
    assert str(form.title) == "Khảo sát Bộ phận một cửa"
    assert (
        form.question("muc-do").label.en
        == "How satisfied are you with how your dossier was handled?"
    )
    follow_up = form.question("ly-do").show_if
    assert (follow_up.question, follow_up.values) == ("muc-do", ("binh-thuong", "khong-hai-long"))
    assert form.question("ghi-ro").show_if.values == ("khac",)
    visits = form.question("so-lan")
    assert (visits.min, visits.max, visits.constraint_message.vi) == (
        1,
        20,
        "Nhập số lần từ 1 đến 20.",
    )
    assert form.question("muc-do").required_message.en == "Please choose a level."
    assert form.question("gop-y").type == "textarea" and form.question("gop-y").max_length == 500
    assert form.question("thoi-gian-cho").min == 0 and form.question("thoi-gian-cho").max is None


def test_the_docs_show_the_example():
    docs = (Path(__file__).parent.parent / "docs" / "FORMS.md").read_text(encoding="utf-8")
    assert "docs/examples/khao-sat-mot-cua.xlsx" in docs
    # Every survey row of the example is in the docs' table, so the two cannot drift.
    sheet = openpyxl.load_workbook(EXAMPLE, read_only=True)["survey"]
    for row in sheet.iter_rows(min_row=2, max_col=2, values_only=True):
        assert f"| {row[0]} |" in docs, row


def test_every_unsupported_feature_is_named_at_once(tmp_path):
    path = workbook(
        tmp_path / "xau.xlsx",
        [
            [
                "type",
                "name",
                VI,
                "label::Français (fr)",
                "relevant",
                "constraint",
                "calculation",
                "choice_filter",
            ],
            ["start", "start"],
            ["select_one muc", "muc_do", "Mức độ?"],
            ["begin repeat", "lap", "Lặp"],
            ["integer", "so", "Số?", "", "${muc_do} = 'a' and ${muc_do} = 'b'", ". > 3"],
            ["end repeat"],
            ["calculate", "tong", "", "", "", "", "${so} * 2"],
            ["select_one khong_co", "chon", "Chọn?"],
            ["select_one muc", "loc", "Lọc?", "", "", "", "", "name = 'a'"],
            ["text", "ten", "Tên?", "", "${so} > 2"],
            ["geopoint", "vi_tri", "Vị trí?"],
        ],
        [["list_name", "name", VI], ["muc", "a", "A"], ["muc", "b", "B"]],
    )
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    assert caught.value.lines == [
        "survey!D1 (language): 'Français (fr)' không phải tiếng Việt (vi) hay tiếng Anh (en)",
        "survey!A4 (begin repeat): chưa hỗ trợ kiểu 'begin repeat'",
        "survey!E5 (relevant): chưa hỗ trợ 'and': điều kiện hiện câu hỏi chỉ dựa vào một câu hỏi",
        "survey!F5 (constraint): chưa hỗ trợ '. > 3': hãy viết . >= a and . <= b",
        "survey!A6 (end repeat): chưa hỗ trợ kiểu 'end repeat'",
        "survey!A7 (calculate): chưa hỗ trợ kiểu 'calculate'",
        "survey!A8 (choices): danh sách 'khong_co' không có trong trang tính choices",
        "survey!H9 (choice_filter): chưa hỗ trợ cột này",
        "survey!E10 (relevant): chưa hỗ trợ '${so} > 2': hãy viết ${question} = 'value'"
        " hoặc selected(${question}, 'value'), nối bằng 'or'",
        "survey!A11 (geopoint): chưa hỗ trợ kiểu 'geopoint'",
    ]


def test_relevant_must_name_an_earlier_select_and_its_choices(tmp_path):
    path = workbook(
        tmp_path / "dieu-kien.xlsx",
        [
            ["type", "name", VI, "relevant"],
            ["integer", "so", "Số?", "${sau} = 'a'"],
            ["select_multiple muc", "muc", "Mức?"],
            ["text", "a", "A?", "${so} = '1'"],
            ["text", "b", "B?", "${muc} = 'a'"],
            ["text", "c", "C?", "selected(${muc}, 'z')"],
            ["text", "d", "D?", "selected(${muc}, 'a') or ${so} = '2'"],
            ["text", "e", "E?", "selected(${muc}, 'a') or selected(${muc}, 'b')"],
        ],
        [["list_name", "name", VI], ["muc", "a", "A"], ["muc", "b", "B"]],
    )
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    assert caught.value.lines == [
        "survey!D2 (relevant): 'sau' không phải là câu hỏi chọn (select) đứng trước",
        "survey!D4 (relevant): 'so' không phải là câu hỏi chọn (select) đứng trước",
        "survey!D5 (relevant): với select_multiple, hãy viết selected(${muc}, ...)",
        "survey!D6 (relevant): 'z' không phải là lựa chọn của 'muc'",
        "survey!D7 (relevant): chưa hỗ trợ 'or' giữa các câu hỏi khác nhau (muc, so)",
    ]


def test_kobo_bookkeeping_is_accepted_and_the_slug_comes_from_the_file(tmp_path):
    path = workbook(
        tmp_path / "Phieu_Kobo.xlsx",
        [
            ["type", "name", "label", "required", "$kuid", "$autoname"],
            ["start", "start"],
            ["end", "end"],
            ["today", "today"],
            ["deviceid", "deviceid"],
            ["username", "username"],
            ["select_one yn", "Dong_Y", "Đồng ý?", "true", "ab12", "Dong_Y"],
            ["calculate", "__version__", "", "", "", ""],
        ],
        [
            ["list_name", "name", "label", "$kuid"],
            ["yn", "co", "Có", "x1"],
            ["yn", "khong", "Không", "x2"],
        ],
    )
    # pyxform's calculate row needs its calculation: Kobo writes it.
    book = openpyxl.load_workbook(path)
    book["survey"]["G1"] = "calculation"
    book["survey"]["G8"] = "'vKXh2'"
    book.save(path)
    data = read_xlsform(path)
    assert data["slug"] == "phieu-kobo" and data["version"] == 1
    assert data["questions"] == [
        {
            "key": "dong-y",
            "type": "single",
            "label": "Đồng ý?",
            "required": True,
            "options": [{"key": "co", "label": "Có"}, {"key": "khong", "label": "Không"}],
        }
    ]


def test_a_loader_refusal_is_named_at_its_row(tmp_path):
    path = workbook(
        tmp_path / "trung.xlsx",
        [["type", "name", VI, EN], ["text", "muc_do", "A", "A"], ["text", "muc-do", "B", "B"]],
        settings=[["form_id", "version"], ["trung_ten", "2"]],
    )
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    assert caught.value.lines == ["survey!B3 (name): 'muc-do' đã được dùng cho một câu hỏi trước"]


def test_an_unreadable_file_is_one_problem(tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    assert len(caught.value.lines) == 1 and caught.value.lines[0].startswith("workbook (pyxform): ")


def test_a_key_that_is_also_an_options_page_id_is_refused(tmp_path):
    path = workbook(
        tmp_path / "trung-id.xlsx",
        [
            ["type", "name", VI, "relevant"],
            ["select_multiple ly_do", "ly_do", "Lý do?"],
            ["text", "ly_do_khac", "Lý do khác?", "selected(${ly_do}, 'khac')"],
        ],
        [["list_name", "name", VI], ["ly_do", "thai_do", "Thái độ"], ["ly_do", "khac", "Khác"]],
    )
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    assert caught.value.lines == [
        "survey!B3 (name): 'ly-do-khac' trùng với mã trên trang của lựa chọn 'khac' thuộc câu"
        " hỏi 'ly-do'; hãy chọn khóa khác"
    ]


def test_the_example_round_trips_with_its_headings_notes_and_messages(tmp_path):
    data = read_xlsform(EXAMPLE)
    write_xlsform(data, tmp_path / "lai.xlsx")
    assert (
        xls2xform_convert(str(tmp_path / "lai.xlsx"), str(tmp_path / "lai.xml"), validate=False)
        == []
    )
    assert read_xlsform(tmp_path / "lai.xlsx") == data


def test_a_heading_with_a_condition_groups_only_the_rows_that_share_it(tmp_path):
    data = {
        "slug": "nhom",
        "version": 1,
        "title": "Nhóm",
        "questions": [
            {
                "key": "co",
                "type": "single",
                "label": "Có?",
                "options": [{"key": "c", "label": "C"}],
            },
            {
                "key": "phan",
                "type": "heading",
                "label": "Phần",
                "show_if": {"question": "co", "in": ["c"]},
            },
            {"key": "a", "type": "text", "label": "A", "show_if": {"question": "co", "in": ["c"]}},
            {"key": "b", "type": "text", "label": "B"},
        ],
    }
    write_xlsform(data, tmp_path / "nhom.xlsx")
    rows = list(
        openpyxl.load_workbook(tmp_path / "nhom.xlsx")["survey"].iter_rows(values_only=True)
    )
    # b has no condition: the group closes before it, or b would inherit the heading's.
    assert [r[0] for r in rows[1:]] == ["select_one co", "begin group", "text", "end group", "text"]
    # The group carries the condition once; its row a inherits it.
    assert "${co} = 'c'" in rows[2] and "${co} = 'c'" not in rows[3]
    assert read_xlsform(tmp_path / "nhom.xlsx") == data


def test_selects_are_read_under_each_of_their_spellings(tmp_path):
    choices = [["list_name", "name", VI], ["muc", "a", "A"], ["muc", "b", "B"]]
    survey = [["type", "name", VI], ["select all that apply muc", "nhieu", "Nhiều?"]]
    survey += [["select one muc", "mot", "Một?"], ["select1 muc", "mot_nua", "Một nữa?"]]
    data = read_xlsform(workbook(tmp_path / "chon.xlsx", survey, choices))
    assert [q["type"] for q in data["questions"]] == ["multiple", "single", "single"]
    survey.append(["select_one muc or_other", "khac", "Khác?"])
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(workbook(tmp_path / "khac.xlsx", survey, choices))
    assert caught.value.lines == [
        "survey!A5 (select_one muc or_other): chưa hỗ trợ kiểu 'select_one muc or_other'"
    ]
