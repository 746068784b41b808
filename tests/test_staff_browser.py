"""The staff login and home pages in a real browser, at phone and tablet size."""

import pytest

from tests.browser import (
    PHONE,
    TABLET,
    check_axe,
    login_page,
    new_page,
    no_horizontal_scroll,
    submit,
)
from tests.conftest import PASSWORD


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
def test_login_then_home(browser, live_server, make_user, size):
    make_user("thuky", "secretary")
    page = new_page(browser, size)
    page.goto(f"{live_server.url}/staff/login")
    check_axe(page)
    no_horizontal_scroll(page)
    submit(page, "button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    check_axe(page)
    login_page(page, live_server.url, "thuky", PASSWORD)
    assert page.locator("h1").inner_text().startswith("Xin chào")
    check_axe(page)
    no_horizontal_scroll(page)
    page.context.close()


def test_admin_page_is_accessible(browser, live_server, make_user):
    make_user("quantri", "admin", "hai-duong")
    page = new_page(browser, TABLET)
    login_page(page, live_server.url, "quantri", PASSWORD)
    page.goto(f"{live_server.url}/staff/admin/units/ngoc-ky")
    page.click("text=Thêm tài khoản")
    page.fill("#full_name", "Lê Thị Mai")
    page.fill("#username", "mai")
    submit(page, "text=Tạo tài khoản")
    assert "chỉ hiện một lần" in page.content()
    check_axe(page)
    no_horizontal_scroll(page)
    page.context.close()
