"""Publishing a form in Chromium (issue #16): upload, problems, preview, publish; show-if chains."""

import pytest

from forms.definition import load_forms
from tests.browser import (
    PHONE,
    TABLET,
    check_axe,
    login_page,
    new_page,
    no_horizontal_scroll,
    screenshot,
    submit,
)
from tests.conftest import PASSWORD
from tests.test_form_publishing import NEW_FORM

YES_NO = "    options: [{key: co, label: Có}, {key: khong, label: Không}]\n"
CHAINED = (
    "slug: chuoi\nversion: 1\ntitle: Phiếu có câu hỏi nối tiếp\nquestions:\n"
    "  - key: a\n    type: single\n    label: Ông/bà có nộp hồ sơ trực tuyến không?\n"
    + YES_NO
    + "  - key: b\n    type: single\n    label: Có gặp lỗi không?\n"
    "    show_if: {question: a, in: co}\n"
    + YES_NO
    + "  - {key: c, type: text, label: Lỗi gì?, show_if: {question: b, in: co}}\n"
)


def _upload(page, base: str, path) -> None:
    page.goto(f"{base}/staff/admin/units/tu-ky/definitions/")
    page.set_input_files("#definition", str(path))
    submit(page, "text=Kiểm tra và xem trước")


@pytest.mark.parametrize(("size", "name"), [(PHONE, "phone"), (TABLET, "tablet")])
def test_an_admin_uploads_sees_problems_then_previews_and_publishes(
    app, browser, live_server, make_user, tmp_path, size, name
):
    make_user("quan-tri", "admin", "tu-ky")
    page = new_page(browser, size)
    login_page(page, live_server.url, "quan-tri", PASSWORD)
    bad = tmp_path / "y_kien.yaml"
    bad.write_text(NEW_FORM.replace("version: 1", "version: 0").replace("rating3", "rating4"))
    _upload(page, live_server.url, bad)
    assert page.is_visible("text=Tệp có 2 lỗi cần sửa")
    no_horizontal_scroll(page)
    check_axe(page)
    screenshot(page, f"definition-problems-{name}")
    good = tmp_path / "y_kien.yaml"
    good.write_text(NEW_FORM.replace("type: rating3", "type: rating3\n    hint: Chọn một mức"))
    _upload(page, live_server.url, good)
    assert page.is_visible("text=Xem trước: Phiếu ý kiến")
    page.click("label[for='q-muc-do-hai-long']")  # the preview takes taps as the phone does
    no_horizontal_scroll(page)
    check_axe(page)
    screenshot(page, f"definition-preview-{name}")
    page.uncheck("#unit-tu-ky")
    page.check("#unit-ngoc-ky")
    submit(page, "text=Đăng phiên bản mới")
    assert page.is_visible("text=Đã đăng mẫu phiếu y-kien, phiên bản 1.")
    no_horizontal_scroll(page)
    check_axe(page)
    citizen = new_page(browser, PHONE, javascript=False)
    citizen.goto(f"{live_server.url}/f/ngoc-ky/y-kien")
    assert citizen.is_visible("text=Ông/bà hài lòng không?")


def test_a_chained_follow_up_hides_when_the_first_answer_changes_without_javascript(
    app, browser, live_server, tmp_path
):
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "chuoi.yaml").write_text(CHAINED, encoding="utf-8")
    app.extensions["phieu_forms"] = load_forms(folder)
    page = new_page(browser, PHONE, javascript=False)
    page.goto(f"{live_server.url}/f/ngoc-ky/chuoi")
    assert not page.is_visible("#q-c")
    page.click("label[for='q-a-co']")
    page.click("label[for='q-b-co']")
    assert page.is_visible("#q-c")
    page.fill("#q-c", "Mất mạng")
    page.click("label[for='q-a-khong']")  # going back on A hides B, and C with it
    assert not page.is_visible("#q-b-co")
    assert not page.is_visible("#q-c")
    page.click("label[for='q-a-co']")
    assert page.is_visible("#q-c")
    screenshot(page, "chained-show-if-phone")
