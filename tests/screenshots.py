"""`make screenshots`: the README's pictures, taken from the demo in Debian's Chromium.

Not a test (it asserts nothing and writes into docs/img/): run it when a pictured
page changes, look at the pictures, and commit them.
"""

import sys
import tempfile
from pathlib import Path

from app import create_app
from core import db
from tests.browser import CHROMIUM, PHONE, TABLET, LiveServer, login_page, new_page

DOCS_IMG = Path(__file__).parent.parent / "docs" / "img"
# The demo's passwords are random; the pictures sign in with one set here.
SCREENSHOT_PASSWORD = "anh-chup-man-hinh"


def demo_app(folder: Path):
    """The app on a fresh database holding the demo, as `make run` makes it."""
    from admin import demo

    path = str(folder / "phieu.db")
    app = create_app({"DATABASE": path, "INSTANCE_PATH": str(folder)})
    db.init_db(path)
    with app.app_context():
        from auth.users import find_user, hash_password, store_password_hash

        demo.seed_demo()
        for username in ("thuky", "doankt"):
            store_password_hash(find_user(username)[0].id, hash_password(SCREENSHOT_PASSWORD))
    return app


def phone_form(browser, base_url: str) -> None:
    """The quick rating at the tư pháp counter on a 360 px phone, JavaScript off."""
    page = new_page(browser, PHONE, javascript=False, has_touch=True, is_mobile=True)
    page.goto(base_url + "/f/ngoc-ky/hai-long?counter=tu-phap")
    page.screenshot(path=str(DOCS_IMG / "phone-form.png"), full_page=True)
    page.context.close()


def staff_pages(browser, base_url: str) -> None:
    """The secretary's task list on a phone; the district inspector's finalise page on a tablet."""
    page = new_page(browser, PHONE)
    login_page(page, base_url, "thuky", SCREENSHOT_PASSWORD)
    page.wait_for_selector(".task-list")
    page.screenshot(path=str(DOCS_IMG / "staff-home-phone.png"), full_page=True)
    page.context.close()
    page = new_page(browser, TABLET)
    login_page(page, base_url, "doankt", SCREENSHOT_PASSWORD)
    page.wait_for_selector(".task-list")
    # The demo's district inspection, still in progress: finalising lists what is missing.
    page.click("main .task-items a[href^='/staff/inspections/']")
    page.click("main a:has-text('Kết thúc cuộc kiểm tra')")
    page.wait_for_selector("h1")
    page.screenshot(path=str(DOCS_IMG / "finalise-tablet.png"), full_page=True)
    page.context.close()


def main() -> int:
    if not Path(CHROMIUM).exists():
        print(f"make screenshots needs {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="phieu-screenshots-") as folder:
        server = LiveServer(demo_app(Path(folder)))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    headless=True,
                    args=["--no-sandbox", "--disable-background-networking"],
                )
                DOCS_IMG.mkdir(parents=True, exist_ok=True)
                phone_form(browser, server.url)
                staff_pages(browser, server.url)
                browser.close()
        finally:
            server.stop()
            db.close_all()
    print(f"Ảnh đã ghi vào {DOCS_IMG}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
