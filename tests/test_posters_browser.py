"""QR posters in Chromium: the Print button, and a printed sheet that holds only the poster."""

import pytest

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

POSTER = "/staff/units/ngoc-ky/forms/danh-gia-tthc/poster"


@pytest.mark.parametrize(
    ("size", "paper"), [(PHONE, "a5"), (TABLET, "a4")], ids=["phone", "tablet"]
)
def test_print_button_prints_only_the_poster(browser, live_server, make_user, size, paper):
    make_user("motcua", "staff")
    page = new_page(browser, size)
    login_page(page, live_server.url, "motcua", PASSWORD)
    page.goto(f"{live_server.url}{POSTER}?counter=tu-phap&size={paper}")
    button = page.get_by_role("button", name="In áp phích")
    assert button.is_visible()
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    check_axe(page)
    no_horizontal_scroll(page)
    screenshot(page, f"poster-{paper}-screen")
    # Count the print dialogs the button opens instead of opening one.
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    button.click()
    assert page.evaluate("() => window.printed") == 1

    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
              .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
              .filter(e => !e.closest('.poster'))
              .map(e => e.tagName)"""
    )
    # Only the poster's ancestors remain: nothing outside it draws anything.
    assert set(shown) <= {"MAIN"}, shown
    assert page.locator(".poster-receipt").is_visible()
    screenshot(page, f"poster-{paper}-print")
    page.context.close()


def test_without_scripts_the_page_says_ctrl_p(browser, live_server, make_user):
    make_user("motcua2", "staff")
    page = new_page(browser, PHONE, javascript=False)
    login_page(page, live_server.url, "motcua2", PASSWORD)
    page.goto(f"{live_server.url}{POSTER}")
    assert not page.locator("#print-poster").is_visible()
    assert page.get_by_text("Ctrl+P").is_visible()
    page.context.close()
