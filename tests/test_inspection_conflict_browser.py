"""Two inspectors change one item in Chromium: the loser's page says so (issue #14, item 10).

Both open the same area; the first saves, the second taps against the old version. Until
the second chooses, the status line counts the items in conflict (not "all saved") and the
buttons show the stored value, not the refused one.
"""

import pytest

from core.db import get_db
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
from tests.inspection_helpers import make_inspection

pytestmark = pytest.mark.browser


@pytest.fixture
def two_tablets(app, browser, live_server, make_user):
    """Two inspectors' pages, each in its own context, on one area of a draft inspection."""
    make_user("kiemtra", "inspector", "ngoc-ky")
    make_user("kiemtra2", "inspector", "ngoc-ky")
    with app.app_context():
        inspection_id = make_inspection()
    url = f"{live_server.url}/staff/inspections/{inspection_id}/areas/hoat-dong-cong-vu"
    pages = []
    for username, size in (("kiemtra", TABLET), ("kiemtra2", PHONE)):
        page = new_page(browser, size)
        login_page(page, live_server.url, username, PASSWORD)
        pages.append(page)
    yield pages, url
    for page in pages:
        page.context.close()


def tap(page, item, result):
    page.click(f"label[for=result-{item}-{result}]")


def status(page, state):
    page.wait_for_selector(f"#save-status[data-state={state}]", timeout=10000)
    return page.text_content("#save-status")


def stored(app, item):
    with app.app_context():
        row = (
            get_db()
            .execute("SELECT result FROM inspection_items WHERE item_key = ?", [item])
            .fetchone()
        )
    return row[0] if row else None


def test_a_conflict_is_counted_and_shows_the_stored_value_until_chosen(app, two_tablets):
    (first, second), url = two_tablets
    first.goto(url)
    second.goto(url)  # both pages hold version 0 of every item

    tap(first, "deo-the", "pass")
    tap(first, "trang-phuc", "pass")
    status(first, "saved")

    tap(second, "deo-the", "fail")
    second.wait_for_selector("[data-conflict=deo-the]:not([hidden])")
    assert status(second, "conflict") == "1 mục bị xung đột – cần chọn"
    # The buttons show what is stored (the first inspector's), not the refused tap.
    assert second.is_checked("#result-deo-the-pass")
    assert not second.is_checked("#result-deo-the-fail")
    assert "Xung đột" in second.text_content("[data-status=deo-the]")

    tap(second, "trang-phuc", "fail")
    second.wait_for_selector("[data-conflict=trang-phuc]:not([hidden])")
    second.wait_for_function(
        "document.getElementById('save-status').textContent.startsWith('2 mục')"
    )
    assert status(second, "conflict") == "2 mục bị xung đột – cần chọn"
    assert second.is_checked("#result-trang-phuc-pass")
    check_axe(second)
    no_horizontal_scroll(second)
    screenshot(second, "inspection-conflict-counted")

    second.click("[data-conflict=deo-the] >> text=Giữ của họ")
    assert status(second, "conflict") == "1 mục bị xung đột – cần chọn"
    second.click("[data-conflict=trang-phuc] >> text=Dùng của tôi")
    assert status(second, "saved") == "Đã lưu mọi thay đổi"
    assert second.is_checked("#result-trang-phuc-fail")
    assert second.is_checked("#result-deo-the-pass")
    assert stored(app, "deo-the") == "pass"
    assert stored(app, "trang-phuc") == "fail"


def test_the_conflict_count_in_english(app, two_tablets):
    (first, second), url = two_tablets
    first.goto(url)
    second.goto(url + "?lang=en")
    tap(first, "deo-the", "fail")
    status(first, "saved")
    tap(second, "deo-the", "pass")
    assert status(second, "conflict") == "1 item in conflict – choose one"
    assert not second.is_checked("#result-deo-the-pass")
    assert second.is_checked("#result-deo-the-fail")
    assert stored(app, "deo-the") == "fail"
