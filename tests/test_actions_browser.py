"""The inspected unit reports a corrective action fixed, with a photo, on a tablet (issue #15)."""

import io

from tests.browser import TABLET, check_axe, login_page, new_page, no_horizontal_scroll
from tests.conftest import PASSWORD
from tests.inspection_helpers import make_inspection


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 60)).save(out, "JPEG")
    return out.getvalue()


def test_inspected_unit_reports_a_fix_on_a_tablet(app, browser, live_server, make_user, tmp_path):
    head = make_user("doan-huyen", "inspector", "tu-ky")
    make_user("motcua", "staff", "ngoc-ky")
    with app.test_request_context():
        from actions.model import actions_of
        from inspections import store

        inspection_id = make_inspection(kind="external", owner_code="tu-ky", head_id=head.id)
        store.save_item(
            inspection_id, "van-ban-dung-han", 0, {"result": "fail", "note": "Chậm."}, head.id
        )
        store.finalise(inspection_id, head.id, head.unit_id)
        action_id = actions_of(inspection_id)[0].id
    photo = tmp_path / "so-theo-doi.jpg"
    photo.write_bytes(_jpeg())
    page = new_page(browser, TABLET)
    try:
        login_page(page, live_server.url, "motcua", PASSWORD)
        page.goto(f"{live_server.url}/staff/")
        # The home task names the job; its status counts them (issue #14).
        assert "1 chưa đóng, 0 quá hạn" in page.inner_text("main")
        page.click("a.task-name:has-text('Biện pháp khắc phục chưa đóng')")
        page.click("text=Khắc phục:")
        check_axe(page)
        no_horizontal_scroll(page)
        page.click("label[for=status-1]")  # Đã khắc phục
        page.fill("#note", "Đã lập sổ theo dõi thời hạn ban hành văn bản.")
        page.set_input_files("#photo", str(photo))
        page.click("button:has-text('Gửi báo cáo')")
        page.wait_for_selector("text=Đã gửi báo cáo.")
        check_axe(page)
        assert page.locator("img[alt^='Ảnh minh chứng']").count() == 1
        assert "Đã khắc phục, chờ xác nhận" in page.content()
    finally:
        page.context.close()
    with app.test_request_context():
        from actions.model import load_action

        action = load_action(action_id)
    assert action.status == "fixed" and len(action.photo_hashes) == 1
