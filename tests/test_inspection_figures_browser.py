"""Figures out of range refused beside the field in Chromium, with and without JavaScript."""

import pytest

from core.db import get_db
from tests.browser import TABLET, check_axe, login_page, new_page, screenshot
from tests.conftest import PASSWORD
from tests.inspection_helpers import make_inspection


@pytest.fixture
def area_url(app, live_server, make_user):
    make_user("kiemtra", "inspector", "ngoc-ky")
    with app.app_context():
        inspection_id = make_inspection()
    return f"{live_server.url}/staff/inspections/{inspection_id}/areas/cai-cach-tthc"


def _stored(app) -> dict:
    with app.app_context():
        rows = get_db().execute("SELECT item_key, figure FROM inspection_items").fetchall()
    return dict(rows)


@pytest.mark.parametrize("javascript", [True, False])
def test_a_part_above_its_whole_is_refused_beside_the_field(
    app, browser, live_server, area_url, javascript
):
    page = new_page(browser, TABLET, javascript=javascript)
    login_page(page, live_server.url, "kiemtra", PASSWORD)
    page.goto(area_url)
    page.fill("#figure-ho-so-tiep-nhan", "1302")
    page.fill("#figure-ho-so-dung-han", "1400")
    page.fill("#figure-ho-so-truc-tuyen", "-3")
    if javascript:
        page.locator("#figure-ho-so-truc-tuyen").blur()
        page.wait_for_selector("#error-figure-ho-so-truc-tuyen")
        page.wait_for_selector("#error-figure-ho-so-dung-han")
    else:
        page.click("#area-form button[type=submit]")
        page.wait_for_selector(".error-summary")
    beside = page.text_content("#error-figure-ho-so-dung-han")
    assert "không được lớn hơn" in beside and "1302" in beside
    assert page.get_attribute("#figure-ho-so-dung-han", "aria-invalid") == "true"
    assert "từ 0 trở lên" in page.text_content("#error-figure-ho-so-truc-tuyen")
    assert page.input_value("#figure-ho-so-dung-han") == "1400"  # what was typed stays
    assert not page.is_visible("#error-figure-ho-so-tiep-nhan")
    assert "Đạt" not in (page.text_content("#item-ty-le-dung-han") or "")
    if javascript:  # axe runs as a script
        check_axe(page)
    screenshot(page, f"inspection-figures-refused-{'js' if javascript else 'nojs'}")
    assert _stored(app) == {"ho-so-tiep-nhan": 1302}
    if javascript:
        # Corrected: the message goes, the ratio is computed.
        page.fill("#figure-ho-so-dung-han", "1302")
        page.locator("#figure-ho-so-dung-han").blur()
        page.wait_for_selector("#error-figure-ho-so-dung-han", state="detached")
        page.wait_for_function(
            "document.querySelector('[data-ratio=ty-le-dung-han]').textContent.includes('100')"
        )
    page.context.close()


def test_na_is_offered_only_where_allowed(browser, live_server, area_url):
    page = new_page(browser, TABLET)
    login_page(page, live_server.url, "kiemtra", PASSWORD)
    page.goto(area_url)
    assert page.is_visible("label[for=result-phan-anh-kien-nghi-na]")
    assert page.locator("#result-co-so-vat-chat-mot-cua-na").count() == 0
    page.context.close()
