"""A definition's problems read in Vietnamese, and in English on an English admin page.

The loaders word them in Vietnamese at the source, through gettext: an English
session gets the catalogue's English; the command line, start-up and a loader
called outside a request get the Vietnamese.
"""

import pytest

from core.definitions import DefinitionError
from forms.definition import load_form
from tests.conftest import page_text
from tests.test_admin_checklists import CHECKLIST, upload_checklist
from tests.test_admin_definitions import URL, upload
from tests.test_checklist_xlsform import bad_workbook
from tests.test_form_publishing import NEW_FORM
from tests.test_xlsform import workbook

BROKEN_FORM = NEW_FORM.replace("version: 1", "version: 0").replace("rating3", "rating4")
BROKEN_CHECKLIST = CHECKLIST.replace("total_points: 10", "total_points: 0")
# Each file's problems, in Vietnamese and in English: (Vietnamese, English).
FORM_LINES = [
    ("y_kien.yaml:2: version: phải từ 1 trở lên", "y_kien.yaml:2: version: must be at least 1"),
    (
        "y_kien.yaml:6: questions[0].type: phải là một trong các giá trị: single, multiple,",
        "y_kien.yaml:6: questions[0].type: must be one of: single, multiple,",
    ),
]
FORM_WORKBOOK_LINES = [
    (
        "y_kien.xlsx: survey!A3 (geopoint): chưa hỗ trợ kiểu 'geopoint'",
        "y_kien.xlsx: survey!A3 (geopoint): the type 'geopoint' is not supported",
    ),
]
CHECKLIST_LINES = [
    (
        "tu_kiem_tra.yaml:4: total_points: phải lớn hơn 0",
        "tu_kiem_tra.yaml:4: total_points: must be more than 0",
    ),
]
CHECKLIST_WORKBOOK_LINES = [
    (
        "xau.xlsx: survey!A4 (begin repeat): chưa hỗ trợ kiểu 'begin repeat'",
        "xau.xlsx: survey!A4 (begin repeat): the type 'begin repeat' is not supported",
    ),
    (
        "xau.xlsx: survey!A5 (choices): danh sách 'muc' không phải danh sách kết quả: các lựa"
        " chọn phải là dat, khong_dat (thêm khong_ap_dung để cho phép không áp dụng)",
        "xau.xlsx: survey!A5 (choices): the list 'muc' is not a list of results: its choices"
        " must be dat, khong_dat (and khong_ap_dung to allow not applicable)",
    ),
]


def form_workbook(tmp_path):
    survey = [["type", "name", "label"], ["text", "ten", "Tên?"], ["geopoint", "vi_tri", "Vị trí?"]]
    return workbook(tmp_path / "y_kien.xlsx", survey).read_bytes()


def uploads(admin, tmp_path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The page (HTML, and its text) of each broken file, form and checklist, YAML and
    workbook, with its lines."""
    pages = []
    for response, lines in (
        (upload(admin, BROKEN_FORM, "y_kien.yaml"), FORM_LINES),
        (upload(admin, form_workbook(tmp_path), "y_kien.xlsx"), FORM_WORKBOOK_LINES),
        (upload_checklist(admin, BROKEN_CHECKLIST, "tu_kiem_tra.yaml"), CHECKLIST_LINES),
        (
            upload_checklist(admin, bad_workbook(tmp_path).read_bytes(), "xau.xlsx"),
            CHECKLIST_WORKBOOK_LINES,
        ),
    ):
        assert response.status_code == 400
        pages.append((response.get_data(as_text=True), page_text(response), lines))
    return pages


def test_an_english_page_lists_the_problems_in_english(login, tmp_path):
    admin = login("admin", "tu-ky")
    admin.get(URL + "?lang=en")  # the lang cookie: every page after it is English
    for page, text, lines in uploads(admin, tmp_path):
        assert '<html lang="en">' in page
        for vietnamese, english in lines:
            assert english in text
            assert vietnamese not in text
        listed = page.partition('class="definition-problems"')[2].partition("</ul>")[0]
        assert "phải" not in listed and "chưa hỗ trợ" not in listed


def test_a_vietnamese_page_and_the_command_line_list_them_in_vietnamese(
    app, login, runner, tmp_path
):
    english = login("admin", "tu-ky")
    english.get(URL + "?lang=en")
    uploads(english, tmp_path)  # English first, in the same process: nothing is kept in it
    admin = login("admin", "tu-ky")
    for page, text, lines in uploads(admin, tmp_path):
        assert '<html lang="vi">' in page
        for vietnamese, english_line in lines:
            assert vietnamese in text
            assert english_line not in text
    path = tmp_path / "y_kien.yaml"
    path.write_text(BROKEN_FORM, encoding="utf-8")
    result = runner.invoke(args=["import-form", str(path)])
    assert result.exit_code != 0
    assert f"{path}:2: version: phải từ 1 trở lên" in result.output
    checklist = tmp_path / "xau.xlsx"
    bad_workbook(tmp_path)
    result = runner.invoke(args=["import-checklist", str(checklist)])
    assert result.exit_code != 0
    for vietnamese, _english in CHECKLIST_WORKBOOK_LINES:
        assert f"{tmp_path}/{vietnamese}" in result.output


def test_a_loader_outside_a_request_words_problems_in_vietnamese(app, login, tmp_path):
    english = login("admin", "tu-ky")
    english.get(URL + "?lang=en")
    upload(english, BROKEN_FORM, "y_kien.yaml")
    path = tmp_path / "y_kien.yaml"
    path.write_text(BROKEN_FORM, encoding="utf-8")
    with pytest.raises(DefinitionError) as outside:
        load_form(path)
    with app.app_context(), pytest.raises(DefinitionError) as in_a_command:
        load_form(path)
    for caught in (outside, in_a_command):
        assert f"{path}:2: version: phải từ 1 trở lên" in str(caught.value)
        assert "must be" not in str(caught.value)


def test_a_broken_folder_is_read_again_in_each_language(app, tmp_path):
    # core.fastpath keeps parsed folders, but only those that loaded: a broken file's
    # problems are worded anew for each reader, never kept in the first one's language.
    from core import fastpath
    from forms.definition import load_forms

    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "y_kien.yaml").write_text(BROKEN_FORM, "utf-8")
    with app.test_request_context("/?lang=en"), pytest.raises(DefinitionError) as english:
        load_forms(folder)
    with pytest.raises(DefinitionError) as vietnamese:
        load_forms(folder)
    assert "version: must be at least 1" in str(english.value)
    assert "version: phải từ 1 trở lên" in str(vietnamese.value)
    assert not any(key[0] == folder.resolve() for key in fastpath.parsed_folders._kept)
