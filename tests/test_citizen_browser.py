"""The citizen form in Debian's Chromium at phone and tablet size, JavaScript on and off."""

import pytest

from core.db import get_db
from forms.expand import expand_pending
from tests.browser import PHONE, TABLET, check_axe, new_page, no_horizontal_scroll, screenshot

URL = "/f/ngoc-ky/hai-long?counter=tu-phap"
BUDGET = 25 * 1024


def count_bytes(page) -> list:
    """The responses the page receives; total() sums their bodies."""
    # Reading a body inside the event handler deadlocks the sync API, so
    # the responses are kept and read afterwards.
    responses: list = []
    page.on("response", lambda response: responses.append(response))
    return responses


def total(responses) -> int:
    """Bytes of every response body received (a redirect counts as 0)."""
    size = 0
    for response in responses:
        try:
            size += len(response.body())
        except Exception:  # noqa: BLE001 - redirects have no body to read
            continue
    return size


def follow_up_visible(page) -> bool:
    return page.is_visible("#q-chua-hai-long-thai-do")


def axe(page, javascript: bool) -> None:
    """axe-core needs timers, which a page without JavaScript never runs; the
    pages are the same HTML either way, so the JavaScript runs check them."""
    if javascript:
        check_axe(page)


def tap_label(page, input_id: str) -> None:
    page.tap(f"label[for='{input_id}']")


def tap_targets_are_large(page) -> None:
    """Every visible choice row and button is at least 48 px tall and wide."""
    for box in page.eval_on_selector_all(
        ".choice label, button, .button",
        "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect())"
        ".map(r => [r.width, r.height])",
    ):
        assert box[0] >= 48 and box[1] >= 48, box


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
def test_fill_and_submit_by_tapping(app, browser, live_server, size, javascript):
    page = new_page(browser, size, javascript=javascript, has_touch=True, is_mobile=True)
    sizes = count_bytes(page)
    page.goto(live_server.url + URL)
    assert total(sizes) <= BUDGET, f"{total(sizes)} bytes transferred"
    assert page.locator("script").count() == 0
    no_horizontal_scroll(page)
    tap_targets_are_large(page)
    axe(page, javascript)

    assert not follow_up_visible(page)
    tap_label(page, "q-muc-do-hai-long")
    assert not follow_up_visible(page)
    tap_label(page, "q-muc-do-khong-hai-long")
    assert follow_up_visible(page)
    tap_label(page, "q-chua-hai-long-thoi-gian-cho")
    no_horizontal_scroll(page)
    tap_label(page, "q-muc-do-rat-hai-long")
    assert not follow_up_visible(page)
    tap_label(page, "q-muc-do-khong-hai-long")
    assert follow_up_visible(page)
    page.fill("#q-gop-y", "Phải chờ gần một giờ.")

    sizes.clear()
    page.tap("button[type=submit]")
    page.wait_for_url("**/cam-on/**")
    assert "Cảm ơn ông/bà" in page.inner_text("h1")
    assert total(sizes) <= BUDGET
    no_horizontal_scroll(page)
    axe(page, javascript)
    with app.app_context():
        expand_pending(get_db())
        answers = get_db().execute("SELECT question, value FROM answers ORDER BY id").fetchall()
    assert answers == [
        ("muc-do", "khong-hai-long"),
        ("chua-hai-long", "thoi-gian-cho"),
        ("gop-y", "Phải chờ gần một giờ."),
    ]
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_errors_404_and_other_forms_are_accessible(browser, live_server, javascript):
    page = new_page(browser, PHONE, javascript=javascript, has_touch=True, is_mobile=True)
    sizes = count_bytes(page)
    page.goto(live_server.url + URL)
    page.fill("#q-gop-y", "x")
    with page.expect_navigation():
        page.tap("button[type=submit]")
    assert page.is_visible(".error-summary")
    assert "Hãy chọn một câu trả lời" in page.inner_text(".error-summary")
    no_horizontal_scroll(page)
    axe(page, javascript)
    # The summary link takes the citizen to the first radio of the question.
    page.click(".error-summary a")
    assert page.url.endswith("#q-muc-do-rat-hai-long")

    for path in ("/f/ngoc-ky/danh-gia-tthc", "/f/ngoc-ky/sipas?counter=cong-an"):
        sizes.clear()
        page.goto(live_server.url + path)
        assert total(sizes) <= BUDGET, f"{path}: {total(sizes)} bytes"
        no_horizontal_scroll(page)
        axe(page, javascript)

    sizes.clear()
    response = page.goto(live_server.url + "/f/ngoc-ky/hai-long?counter=khong-co")
    assert response.status == 404
    assert "Không tìm thấy quầy" in page.inner_text("main")
    assert total(sizes) <= BUDGET
    no_horizontal_scroll(page)
    axe(page, javascript)
    page.context.close()


def test_the_follow_up_opens_on_a_phone_without_javascript(app, browser, live_server):
    page = new_page(browser, PHONE, javascript=False, has_touch=True, is_mobile=True)
    page.goto(live_server.url + URL)
    assert not follow_up_visible(page)
    tap_label(page, "q-muc-do-khong-hai-long")
    assert follow_up_visible(page)
    no_horizontal_scroll(page)
    screenshot(page, "phone-form-follow-up")
    page.context.close()
