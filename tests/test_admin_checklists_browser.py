"""Publishing a checklist in Chromium (issue #16): problems, the tablet-width preview, publish."""

import yaml

from inspections.xlsform import write_checklist_xlsform
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
from tests.test_admin_checklists import CHECKLIST

URL = "/staff/admin/units/tu-ky/definitions/checklists/"


def _upload(page, base: str, path) -> None:
    page.goto(base + URL)
    page.set_input_files("#definition", str(path))
    submit(page, "text=Kiểm tra và xem trước")


def _smallest_target(page, selector: str) -> float:
    """The least height of the visible elements a selector finds, in CSS pixels."""
    return page.evaluate(
        """s => Math.min(...[...document.querySelectorAll(s)]
             .map(e => e.getBoundingClientRect().height).filter(h => h > 0))""",
        selector,
    )


def test_an_admin_sees_the_problems_then_the_tablet_preview_and_publishes(
    app, browser, live_server, make_user, tmp_path
):
    make_user("quan-tri", "admin", "tu-ky")
    page = new_page(browser, TABLET)
    login_page(page, live_server.url, "quan-tri", PASSWORD)
    bad = tmp_path / "danh_muc.yaml"
    bad.write_text(CHECKLIST.replace("kind: check", "kind: guess"), encoding="utf-8")
    _upload(page, live_server.url, bad)
    assert page.is_visible("text=Tệp có 1 lỗi cần sửa")
    no_horizontal_scroll(page)
    check_axe(page)
    screenshot(page, "checklist-problems-tablet")

    good = tmp_path / "tu_kiem_tra.yaml"
    good.write_text(CHECKLIST, encoding="utf-8")
    _upload(page, live_server.url, good)
    assert page.is_visible("text=Xem trước: Danh mục tự kiểm tra")
    assert page.is_visible("#item-ty-le")
    assert page.is_disabled("#result-ke-hoach-pass") and page.is_disabled("#figure-tiep-nhan")
    box = page.locator(".tablet-preview").bounding_box()
    assert box["width"] <= 800
    assert _smallest_target(page, ".result-button") >= 44
    assert _smallest_target(page, ".tablet-preview summary") >= 44
    no_horizontal_scroll(page)
    check_axe(page)
    screenshot(page, "checklist-preview-tablet")

    submit(page, "text=Đăng phiên bản mới")
    assert page.is_visible("text=Đã đăng danh mục kiểm tra tu-kiem-tra, phiên bản 1.")
    assert _smallest_target(page, ".section-nav a") >= 44
    no_horizontal_scroll(page)
    check_axe(page)

    # The same checklist as an XLSForm workbook, changed: previewed, then version 2.
    changed = yaml.safe_load(CHECKLIST.replace("CCHC năm", "CCHC hằng năm"))
    changed["slug"] = "tu-kiem-tra"
    workbook = tmp_path / "tu_kiem_tra.xlsx"
    write_checklist_xlsform(changed, workbook)
    _upload(page, live_server.url, workbook)
    assert page.is_visible("text=Xem trước: Danh mục tự kiểm tra")
    assert page.is_visible("text=Ban hành kế hoạch CCHC hằng năm")
    assert page.is_disabled("#result-niem-yet-pass") and page.is_visible("#item-ty-le")
    submit(page, "text=Đăng phiên bản mới")
    assert page.is_visible("text=Đã đăng danh mục kiểm tra tu-kiem-tra, phiên bản 2.")
