"""Each role walks its home task list in Chromium and completes each task (issue #14).

At phone (360x740) and tablet (800x1280) size, every page visited is measured: controls
44 px, stand-alone links 24 px, nothing wider than the viewport.
"""

import pytest

from core import dates
from core.db import get_db
from tests.browser import PHONE, TABLET, check_axe, login_page, new_page, screenshot
from tests.conftest import PASSWORD
from tests.inspection_helpers import make_inspection, tick_every_item
from tests.test_staff_targets_browser import check_targets

SIZES = pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])


def size_name(size: dict) -> str:
    return "phone" if size is PHONE else "tablet"


def arrive(page) -> None:
    """Wait for the page and its stylesheet, then measure its targets and width."""
    page.wait_for_load_state("load")
    check_targets(page)


def home(page, base: str) -> None:
    page.goto(f"{base}/staff/")
    arrive(page)


def task(page, label: str) -> None:
    """Follow a task of the home page by its name."""
    page.click(f"a.task-name:has-text('{label}')")
    arrive(page)


def sign_in(browser, live_server, size, username):
    page = new_page(browser, size)
    login_page(page, live_server.url, username, PASSWORD)
    page.wait_for_selector(".task-list")
    arrive(page)
    return page


def type_day(page, selector: str, day) -> None:
    """Type a day as dd/mm/yyyy, as a secretary would.

    While the box is still <input type=date> (H2 is turning date boxes into text boxes
    that read dd/mm/yyyy), Chromium's fill() takes only ISO; the lead reconciles.
    """
    if page.get_attribute(selector, "type") == "date":
        page.fill(selector, day.isoformat())
    else:
        page.fill(selector, day.strftime("%d/%m/%Y"))


def final_inspection(app, make_user) -> int:
    """A finalised self-inspection of Ngọc Kỳ, all items ticked: its minutes are final."""
    head = make_user("truongdoan", "inspector", "ngoc-ky")
    with app.test_request_context():
        from inspections import store

        inspection = make_inspection(head_id=head.id)
        tick_every_item(inspection, head.id)
        unit_id = get_db().execute("SELECT id FROM units WHERE code = 'ngoc-ky'").fetchone()[0]
        assert store.finalise(inspection, head.id, unit_id)
    return inspection


@SIZES
def test_the_secretary_walks_results_paper_slips_posters_and_minutes(
    app, browser, live_server, make_user, size
):
    inspection = final_inspection(app, make_user)
    make_user("thuky", "secretary", "ngoc-ky")
    page = sign_in(browser, live_server, size, "thuky")
    check_axe(page)
    screenshot(page, f"walkthrough-secretary-home-{size_name(size)}")
    year = dates.today().year

    task(page, "Kết quả đánh giá năm")
    assert f"Năm {year}" in page.content()

    home(page, live_server.url)
    task(page, "Nhập phiếu giấy")
    assert page.locator("h1").inner_text() == "Nhập phiếu giấy"
    type_day(page, "#day", dates.today())
    page.fill("[name='level_hai-long']", "12")
    page.click("main button:has-text('Lưu đợt phiếu')")
    page.wait_for_selector(".notice-success")
    assert "Đã nhập 12 phiếu giấy" in page.inner_text(".notice-success")
    arrive(page)
    home(page, live_server.url)
    assert "12 phiếu giấy nhập tháng này" in page.inner_text("main")

    task(page, "In mã QR cho các quầy")
    page.click("main a:text-is('A5') >> nth=1")  # the first counter's poster
    arrive(page)
    assert page.locator("img.poster-qr").is_visible()

    home(page, live_server.url)
    assert "Biên bản kiểm tra để tải về" in page.inner_text("main")
    for label, magic in (("Tải Word", b"PK"), ("Tải PDF", b"%PDF")):
        with page.expect_download() as download:
            page.click(
                f"a[href='/staff/minutes/{inspection}.{'docx' if magic == b'PK' else 'pdf'}']"
            )
        with open(download.value.path(), "rb") as downloaded:
            assert downloaded.read(4).startswith(magic), label
    page.context.close()


@SIZES
def test_the_one_stop_officer_closes_a_form_after_confirming(
    app, browser, live_server, make_user, size
):
    make_user("motcua", "staff", "ngoc-ky")
    page = sign_in(browser, live_server, size, "motcua")
    screenshot(page, f"walkthrough-staff-home-{size_name(size)}")
    task(page, "In mã QR cho các quầy")
    page.click("main a.button:has-text('Đóng phiếu') >> nth=0")
    arrive(page)
    assert page.locator("h1").inner_text().startswith("Đóng phiếu")
    check_axe(page)
    screenshot(page, f"walkthrough-close-form-{size_name(size)}")
    page.click("main button:has-text('Đóng phiếu')")
    page.wait_for_selector(".notice-success")
    assert "Đã đóng phiếu" in page.inner_text(".notice-success")
    arrive(page)
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM form_closures").fetchone()[0] == 1
    page.context.close()


@SIZES
def test_the_inspector_creates_ticks_and_finalises_with_confirmation(
    app, browser, live_server, make_user, size
):
    make_user("kiemtra", "inspector", "ngoc-ky")
    page = sign_in(browser, live_server, size, "kiemtra")
    task(page, "Bắt đầu một cuộc kiểm tra")
    page.fill("#legal_basis", "Kế hoạch số 13/KH-UBND ngày 28/02/2022")
    page.fill("#place", "Hội trường UBND xã")
    # The minutes address each member as Ông or Bà: asked of every row (issue #14, item 9).
    page.select_option("#team-0-honorific", "ba")
    page.click("main button:has-text('Tạo cuộc kiểm tra')")
    page.wait_for_selector(".notice-success")
    arrive(page)
    inspection = int(page.url.rstrip("/").rsplit("/", 1)[1])

    page.click("main a:has-text('Bắt đầu ghi kết quả')")
    arrive(page)
    page.click("label[for=result-ke-hoach-cchc-pass]")
    page.wait_for_selector("#save-status[data-state=saved]", timeout=10000)

    home(page, live_server.url)
    assert "1/" in page.inner_text("main") and "mục đã đánh giá" in page.inner_text("main")
    screenshot(page, f"walkthrough-inspector-home-{size_name(size)}")
    page.click(f"main a[href='/staff/inspections/{inspection}']")
    arrive(page)
    page.click("main a:has-text('Kết thúc cuộc kiểm tra')")
    arrive(page)
    # Refused while items are unticked, each listed with a link to it.
    assert "Chưa kết thúc được" in page.inner_text("main")
    assert page.locator("main button:has-text('Kết thúc cuộc kiểm tra')").count() == 0
    check_axe(page)
    screenshot(page, f"walkthrough-finalise-refused-{size_name(size)}")
    page.click(".error-summary a >> nth=0")
    arrive(page)
    assert "/areas/" in page.url and "#item-" in page.url

    # The rest of the team ticks the other items on their tablets.
    with app.test_request_context():
        tick_every_item(inspection)
    page.goto(f"{live_server.url}/staff/inspections/{inspection}/finalise")
    arrive(page)
    assert "Điều gì sẽ xảy ra" in page.inner_text("main")
    check_axe(page)
    screenshot(page, f"walkthrough-finalise-confirm-{size_name(size)}")
    page.click("main button:has-text('Kết thúc cuộc kiểm tra')")
    page.wait_for_selector(".notice-success")
    assert "Đã kết thúc cuộc kiểm tra" in page.inner_text(".notice-success")
    arrive(page)
    with app.app_context():
        status = (
            get_db()
            .execute("SELECT status FROM inspections WHERE id = ?", [inspection])
            .fetchone()[0]
        )
    assert status == "final"
    page.context.close()


@SIZES
def test_the_admin_closes_a_counter_and_resets_a_password_after_confirming(
    app, browser, live_server, make_user, size
):
    make_user("quantri", "admin", "hai-duong")
    clerk = make_user("canbo", "staff", "ngoc-ky")
    page = sign_in(browser, live_server, size, "quantri")
    page.click("main a[href='/staff/admin/units/ngoc-ky']")
    arrive(page)
    page.click("main a.action-link:has-text('Đóng quầy') >> nth=0")
    arrive(page)
    assert page.locator("h1").inner_text().startswith("Đóng quầy")
    check_axe(page)
    screenshot(page, f"walkthrough-close-counter-{size_name(size)}")
    page.click("main button:has-text('Đóng quầy')")
    page.wait_for_selector(".notice-success")
    assert "Đã đóng quầy" in page.inner_text(".notice-success")
    arrive(page)

    page.click(f"main a[href='/staff/admin/users/{clerk.id}/password']")
    arrive(page)
    assert "đăng xuất trên mọi thiết bị" in page.inner_text("main")
    check_axe(page)
    screenshot(page, f"walkthrough-reset-password-{size_name(size)}")
    page.click("main button:has-text('Đặt lại mật khẩu')")
    page.wait_for_selector("text=chỉ hiện một lần")
    arrive(page)
    page.context.close()
