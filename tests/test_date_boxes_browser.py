"""Date boxes take 15/11/2026 as typed, whatever the browser's language (issue #14, item 2)."""

import pytest

from tests.browser import (
    PHONE,
    TABLET,
    check_axe,
    login_page,
    no_horizontal_scroll,
    screenshot,
    submit,
)
from tests.conftest import PASSWORD

RESULTS = "/staff/results/ngoc-ky/hai-long"


def page_in(browser, size: dict, locale: str, javascript: bool = True):
    """A page whose browser speaks a language: en-US's own date picker is mm/dd/yyyy."""
    context = browser.new_context(viewport=size, locale=locale, java_script_enabled=javascript)
    return context.new_page()


@pytest.mark.parametrize("locale", ["en-US", "vi-VN"])
@pytest.mark.parametrize("javascript", [True, False])
def test_results_range_typed_day_first(make_user, live_server, browser, locale, javascript):
    make_user("thuky-test", "secretary", "ngoc-ky")
    page = page_in(browser, PHONE, locale, javascript)
    login_page(page, live_server.url, "thuky-test", PASSWORD)
    page.goto(live_server.url + RESULTS)
    assert page.locator("#period-year").is_checked()
    # The range's boxes show once its choice is ticked, with or without JavaScript.
    assert not page.locator("#from").is_visible()
    page.click("label[for='period-range']")
    assert page.locator("#from").is_visible() and not page.locator("#year").is_visible()
    assert page.get_attribute("#from", "type") == "text"
    assert page.get_attribute("#from", "inputmode") == "numeric"
    hint = page.get_attribute("#from", "aria-describedby")
    assert "15/11/2026" in page.locator(f"#{hint}").inner_text()
    page.fill("#from", "15/11/2026")
    page.fill("#to", "31/12/2026")
    submit(page, "main button:has-text('Xem kết quả')")
    assert page.inner_text("#period-label") == "Từ 15/11/2026 đến 31/12/2026"
    assert page.input_value("#from") == "15/11/2026"
    assert page.input_value("#to") == "31/12/2026"
    # A reversed range: the page again, the message beside the box, nothing lost.
    page.fill("#to", "1/11/2026")
    submit(page, "main button:has-text('Xem kết quả')")
    assert page.locator(".error-summary").is_visible()
    assert "15/11/2026" in page.inner_text("#to-error")
    assert page.input_value("#to") == "01/11/2026"
    assert page.locator("#period-range").is_checked()
    page.click(".error-summary a[href='#to']")
    if javascript:  # axe and the width check run as scripts in the page
        check_axe(page)
        no_horizontal_scroll(page)
    screenshot(page, f"results-range-error-{locale}-{'js' if javascript else 'nojs'}")
    page.context.close()


@pytest.mark.parametrize("locale", ["en-US", "vi-VN"])
def test_paper_slip_day_typed_day_first(app, make_user, live_server, browser, locale):
    make_user("motcua-test", "staff", "ngoc-ky")
    page = page_in(browser, TABLET, locale)
    login_page(page, live_server.url, "motcua-test", PASSWORD)
    page.goto(live_server.url + "/staff/results/ngoc-ky/sipas/paper/slip")
    page.fill("#slip_day", "15/11/2022")
    for factor in ("tiep-can", "thu-tuc", "cong-chuc", "ket-qua", "gop-y-phan-anh"):
        page.click(f"label[for='q-{factor}-hai-long']")
    submit(page, "main button:has-text('Lưu phiếu')")
    assert "Đã lưu phiếu giấy" in page.content()
    with app.app_context():
        from core.db import get_db

        day = get_db().execute("SELECT day FROM responses WHERE form_slug = 'sipas'").fetchone()
    assert day[0] == "2022-11-15"
    page.context.close()
