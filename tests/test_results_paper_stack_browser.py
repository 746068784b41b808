"""Paper slips typed in one after another in Chromium: a SIPAS slip as a compact grid on a
tablet and stacked radios on a phone, the focus on the first question after each save."""

import pytest
from playwright.sync_api import expect

from tests.browser import (
    PHONE,
    TABLET,
    check_axe,
    login_page,
    new_page,
    no_horizontal_scroll,
    screenshot,
)
from tests.conftest import PASSWORD

FACTORS = ("tiep-can", "thu-tuc", "cong-chuc", "ket-qua", "gop-y-phan-anh")
TOPS = """(name) => [...document.querySelectorAll(`input[name="${name}"]`)]
    .map(i => Math.round(i.getBoundingClientRect().top))"""


@pytest.mark.parametrize(("size", "name"), [(TABLET, "tablet"), (PHONE, "phone")])
def test_a_stack_of_sipas_slips(app, make_user, live_server, browser, size, name):
    make_user("motcua-stack", "staff", "ngoc-ky")
    page = new_page(browser, size)
    login_page(page, live_server.url, "motcua-stack", PASSWORD)
    page.goto(live_server.url + "/staff/results/ngoc-ky/sipas/paper/slip")
    tops = page.evaluate(TOPS, "tiep-can")
    if size is TABLET:
        # One row per factor: its five levels side by side, the next factor below.
        assert len(set(tops)) == 1, tops
        assert page.evaluate(TOPS, "thu-tuc")[0] > tops[0]
    else:
        assert len(set(tops)) == 5, tops
    for radio in page.locator("input[type=radio]").all():
        box = radio.locator("xpath=..").bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    check_axe(page)
    no_horizontal_scroll(page)
    screenshot(page, f"paper-slip-sipas-{name}")
    page.select_option("#slip_counter", "tu-phap")
    for n in (1, 2):
        for factor in FACTORS:
            page.click(f"label[for='q-{factor}-hai-long']")
        page.click("main button:has-text('Lưu phiếu')")
        assert (
            page.locator(".notice-success")
            .inner_text()
            .endswith(f"Đã nhập {n} phiếu trong đợt này.")
        )
        # The next slip keeps the counter, and the first question has the focus.
        assert page.input_value("#slip_counter") == "tu-phap"
        # Autofocus lands once the page has loaded: waited for, not read at once (a
        # busy machine read it before, and found nothing focused).
        expect(page.locator('input[name="tiep-can"]').first).to_be_focused()
    check_axe(page)
    no_horizontal_scroll(page)
    screenshot(page, f"paper-slip-sipas-{name}-second")
    page.context.close()


def test_the_batch_list_pages_at_phone_size(app, make_user, live_server, browser):
    from tests.test_results_paper_stack import add_slips

    make_user("staff-ngoc-ky", "staff", "ngoc-ky")
    add_slips(app, 80)
    page = new_page(browser, PHONE)
    login_page(page, live_server.url, "staff-ngoc-ky", PASSWORD)
    page.goto(live_server.url + "/staff/results/ngoc-ky/sipas/paper/slip?page=2")
    links = page.locator("nav.pagination a")
    # Previous, 1, 2 (current), 3, 4, Next: every page link is a 44 px target.
    assert links.all_inner_texts() == ["Trang trước", "1", "2", "3", "4", "Trang sau"]
    for link in links.all():
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    assert page.locator("a[aria-current=page]").inner_text() == "2"
    check_axe(page)
    no_horizontal_scroll(page)
    page.click("text=Trang sau")
    page.wait_for_url("**?page=3")
    expect(page.locator("#batches tbody tr")).to_have_count(25)
    screenshot(page, "paper-batches-page-3-phone")
    page.context.close()
