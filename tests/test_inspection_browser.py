"""The tablet page in Chromium: tap, go offline, tap more, come back, reload: each tick once."""

import pytest

from core.db import get_db
from tests.browser import (
    TABLET,
    check_axe,
    login_page,
    new_page,
    no_horizontal_scroll,
    screenshot,
    submit,
)
from tests.conftest import PASSWORD
from tests.inspection_helpers import make_inspection

LANDSCAPE = {"width": 1280, "height": 800}


@pytest.fixture
def tablet(app, browser, live_server, make_user):
    """A signed-in tablet page and a draft inspection."""
    make_user("kiemtra", "inspector", "ngoc-ky")
    with app.app_context():
        inspection_id = make_inspection()
    page = new_page(browser, TABLET)
    login_page(page, live_server.url, "kiemtra", PASSWORD)
    yield page, f"{live_server.url}/staff/inspections/{inspection_id}", inspection_id
    page.context.close()


def tap(page, item, result):
    page.click(f"label[for=result-{item}-{result}]")


def saved(page):
    page.wait_for_selector("#save-status[data-state=saved]", timeout=10000)


def test_ticks_survive_going_offline_and_are_stored_once(app, tablet):
    page, url, inspection_id = tablet
    page.goto(f"{url}/areas/hoat-dong-cong-vu")
    check_axe(page)
    no_horizontal_scroll(page)
    tap(page, "deo-the", "pass")
    tap(page, "trang-phuc", "pass")
    saved(page)
    assert page.text_content("[data-progress=area]") == "2"

    page.context.set_offline(True)
    tap(page, "gio-lam-viec", "fail")
    tap(page, "giao-tiep-ung-xu", "pass")
    tap(page, "gio-lam-viec", "pass")  # changed mind while offline: merged, sent once
    page.click("#item-lich-cong-tac summary")
    page.fill("#evidence-lich-cong-tac", "Lịch tuần niêm yết tại bảng tin")
    page.locator("#evidence-lich-cong-tac").blur()
    page.wait_for_selector("#save-status[data-state=unsaved]")
    assert "thay đổi chờ gửi" in page.text_content("#save-status")
    assert page.text_content("[data-progress=area]") == "4"
    screenshot(page, "inspection-tablet-offline")

    page.context.set_offline(False)
    saved(page)
    page.reload()
    for item, result in (
        ("deo-the", "pass"),
        ("trang-phuc", "pass"),
        ("gio-lam-viec", "pass"),
        ("giao-tiep-ung-xu", "pass"),
    ):
        assert page.is_checked(f"#result-{item}-{result}"), item
    assert page.input_value("#evidence-lich-cong-tac") == "Lịch tuần niêm yết tại bảng tin"
    assert page.evaluate("localStorage.length") == 0 or page.evaluate(
        f"localStorage.getItem('phieu-queue-{inspection_id}')"
    ) in (None, "[]")
    screenshot(page, "inspection-tablet-saved")
    with app.app_context():
        db = get_db()
        rows = db.execute(
            "SELECT item_key, result, version FROM inspection_items ORDER BY item_key"
        ).fetchall()
        changes = db.execute("SELECT COUNT(*) FROM inspection_item_history").fetchone()[0]
    assert rows == [
        ("deo-the", "pass", 1),
        ("giao-tiep-ung-xu", "pass", 1),
        ("gio-lam-viec", "pass", 1),
        ("lich-cong-tac", None, 1),
        ("trang-phuc", "pass", 1),
    ]
    assert changes == 5


def test_conflict_is_shown_not_overwritten(app, tablet):
    from inspections import store

    page, url, inspection_id = tablet
    page.goto(f"{url}/areas/hoat-dong-cong-vu")
    with app.app_context():
        store.save_item(inspection_id, "deo-the", 0, {"result": "pass"}, None)
    tap(page, "deo-the", "fail")
    panel = page.wait_for_selector("[data-conflict=deo-the]:not([hidden])")
    text = panel.text_content()
    assert "Của họ" in text and "Đạt" in text and "Của bạn" in text and "Không đạt" in text
    check_axe(page)
    screenshot(page, "inspection-tablet-conflict")
    page.click("[data-conflict=deo-the] >> text=Giữ của họ")
    assert page.is_checked("#result-deo-the-pass")
    with app.app_context():
        assert get_db().execute("SELECT result FROM inspection_items").fetchone()[0] == "pass"


def test_figures_use_the_numeric_keypad_and_ratios_follow(app, tablet):
    page, url, _ = tablet
    page.set_viewport_size(LANDSCAPE)
    page.goto(f"{url}/areas/cai-cach-tthc")
    assert page.get_attribute("#figure-ho-so-tiep-nhan", "inputmode") == "numeric"
    assert page.get_attribute("#photo-co-so-vat-chat-mot-cua", "capture") == "environment"
    page.fill("#figure-ho-so-tiep-nhan", "1302")
    page.fill("#figure-ho-so-dung-han", "1302")
    page.locator("#figure-ho-so-dung-han").blur()
    saved(page)
    page.wait_for_function(
        "document.querySelector('[data-ratio=ty-le-dung-han]').textContent.includes('100')"
    )
    check_axe(page)
    no_horizontal_scroll(page)
    screenshot(page, "inspection-tablet-landscape")


def test_overview_page_is_accessible(app, tablet):
    page, url, _ = tablet
    page.goto(url)
    check_axe(page)
    no_horizontal_scroll(page)
    screenshot(page, "inspection-overview")
    page.goto(url.rsplit("/", 1)[0] + "/new")
    check_axe(page)
    no_horizontal_scroll(page)


def test_plain_form_works_without_javascript(app, browser, live_server, make_user):
    make_user("kiemtra", "inspector", "ngoc-ky")
    with app.app_context():
        inspection_id = make_inspection()
    page = new_page(browser, TABLET, javascript=False)
    login_page(page, live_server.url, "kiemtra", PASSWORD)
    page.goto(f"{live_server.url}/staff/inspections/{inspection_id}/areas/hoat-dong-cong-vu")
    tap(page, "deo-the", "fail")
    tap(page, "trang-phuc", "pass")
    submit(page, "text=Lưu lĩnh vực này")
    assert "Đã lưu khu vực này" in page.content()
    assert page.is_checked("#result-deo-the-fail")
    assert page.is_checked("#result-trang-phuc-pass")
    # No axe here: it needs a script engine; the same page is checked with JavaScript on.
    screenshot(page, "inspection-tablet-no-javascript")
    page.context.close()
