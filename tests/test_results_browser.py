"""The results page in Chromium: tablet and desktop screenshots, axe, and the CSP."""

import pytest

from tests.browser import (
    PHONE,
    TABLET,
    check_axe,
    load_lazy_images,
    login_page,
    new_page,
    no_horizontal_scroll,
    screenshot,
    submit,
)
from tests.conftest import PASSWORD
from tests.results_helpers import load_known

DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize(("size", "name"), [(TABLET, "tablet"), (DESKTOP, "desktop")])
def test_results_page_in_chromium(app, make_user, live_server, browser, size, name):
    load_known(app, make_user)
    make_user("thuky-test", "secretary", "tu-ky")
    page = new_page(browser, size)
    blocked = []
    page.on("console", lambda message: blocked.append(message.text))
    login_page(page, live_server.url, "thuky-test", PASSWORD)
    for path, shot in (
        ("/staff/results/ngoc-ky/hai-long?period=year&year=2022", f"results-hai-long-{name}"),
        (
            "/staff/results/tu-ky/danh-gia-tthc?period=year&year=2022",
            f"results-danh-gia-tthc-district-{name}",
        ),
    ):
        page.goto(live_server.url + path)
        assert page.locator("img.chart-img").count() >= 2
        load_lazy_images(page)
        check_axe(page)
        no_horizontal_scroll(page)
        screenshot(page, shot)
        # A chart opened by itself, under the app's CSP: a bar keeps its grey fill.
        page.goto(page.locator("img.chart-img").first.evaluate("img => img.src"))
        fill = page.evaluate(
            "() => getComputedStyle(document.querySelector('path[fill=\"#404040\"]')).fill"
        )
        assert fill == "rgb(64, 64, 64)"
    page.goto(live_server.url + "/staff/results/ngoc-ky/hai-long/paper")
    check_axe(page)
    screenshot(page, f"results-paper-{name}")
    csp = [text for text in blocked if "Content Security Policy" in text]
    assert not csp, csp


@pytest.mark.parametrize(("size", "name"), [(TABLET, "tablet"), (PHONE, "phone")])
def test_paper_slip_entry_by_tapping(app, make_user, live_server, browser, size, name):
    """A SIPAS paper slip typed in by a staff member, at tablet and phone size."""
    make_user("motcua-test", "staff", "ngoc-ky")
    page = new_page(browser, size)
    login_page(page, live_server.url, "motcua-test", PASSWORD)
    page.goto(live_server.url + "/staff/results/ngoc-ky/sipas/paper/slip")
    check_axe(page)
    no_horizontal_scroll(page)
    submit(page, "main button:has-text('Lưu phiếu')")
    assert page.locator(".error-summary").is_visible()
    check_axe(page)
    for factor in ("tiep-can", "thu-tuc", "cong-chuc", "ket-qua", "gop-y-phan-anh"):
        page.click(f"label[for='q-{factor}-hai-long']")
    submit(page, "main button:has-text('Lưu phiếu')")
    assert "Đã lưu phiếu giấy" in page.content()
    no_horizontal_scroll(page)
    screenshot(page, f"results-paper-slip-{name}")
    with app.app_context():
        from core.db import get_db

        rows = (
            get_db()
            .execute("SELECT count(*), min(channel) FROM responses WHERE form_slug = 'sipas'")
            .fetchone()
        )
    assert rows == (1, "paper")
    page.context.close()
