"""An English inspection page in Chromium whose checklist lacks some English: the checklist
reads wholly in Vietnamese, marked lang="vi", around English controls (issue #14, item 11)."""

from tests.browser import TABLET, check_axe, login_page, new_page, no_horizontal_scroll, screenshot
from tests.conftest import PASSWORD
from tests.inspection_helpers import make_inspection
from tests.test_i18n_whole import MINI, checklist_file


def test_a_half_translated_checklist_reads_in_vietnamese(
    app, make_user, live_server, browser, tmp_path
):
    partial = MINI.replace(
        "label: {vi: Tỷ lệ đúng hạn, en: Share on time}", "label: Tỷ lệ đúng hạn"
    )
    head = make_user("truongdoan-en", "inspector", "ngoc-ky")
    with app.app_context():
        inspection = make_inspection(head_id=head.id, checklist=checklist_file(tmp_path, partial))
    page = new_page(browser, TABLET)
    login_page(page, live_server.url, "truongdoan-en", PASSWORD)
    page.goto(f"{live_server.url}/staff/inspections/{inspection}/areas/mot?lang=en")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert page.evaluate("() => document.querySelector('h1').lang") == "vi"
    legends = page.locator("legend > span[lang=vi]").all_inner_texts()
    assert legends[:2] == ["Kế hoạch năm", "Hồ sơ tiếp nhận"]
    assert page.locator("label span[lang=vi]").first.inner_text() == "hồ sơ"
    assert "(1 point)" in page.inner_text("main")
    assert "Share on time" not in page.content() and "Annual plan" not in page.content()
    check_axe(page)
    no_horizontal_scroll(page)
    screenshot(page, "inspection-area-english-fallback-tablet")
    page.context.close()
