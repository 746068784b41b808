"""The tablet offline across a whole inspection, in Chromium (issue #15).

Open an inspection online, go offline, tick in three areas and attach a photo, come
back online: each change stored once. While offline the server drops every request
as a dead network would, so the areas opened then can only come from the service
worker's cache.
"""

import io
import socket

import pytest
from PIL import Image

from core.db import get_db
from tests.browser import TABLET, LiveServer, check_axe, login_page, new_page, screenshot
from tests.conftest import PASSWORD
from tests.inspection_helpers import make_inspection


class Recorder:
    """WSGI middleware noting every request the server receives, and the network's state.

    While `offline`, a request is dropped as a dead network drops it: the connection
    closes without an answer, and the browser's fetch fails. Chromium's offline emulation
    alone leaked: in CI a page opened just after set_offline(True) once sent its queue
    on load, before the emulation reached the new document.
    """

    def __init__(self, wsgi):
        self.wsgi = wsgi
        self.offline = False
        self.requests: list[tuple[str, str]] = []
        self.dropped: list[tuple[str, str]] = []

    def __call__(self, environ, start_response):
        request = (environ["REQUEST_METHOD"], environ["PATH_INFO"])
        if self.offline:
            self.dropped.append(request)
            environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
            # Werkzeug's server takes a ConnectionError as the client gone: no answer.
            raise ConnectionAbortedError("offline")
        self.requests.append(request)
        return self.wsgi(environ, start_response)


@pytest.fixture
def tablet(app, browser, make_user):
    """A signed-in tablet page, a draft inspection, and the server's request log."""
    recorder = Recorder(app.wsgi_app)
    app.wsgi_app = recorder
    server = LiveServer(app)
    make_user("kiemtra", "inspector", "ngoc-ky")
    with app.app_context():
        inspection_id = make_inspection()
    page = new_page(browser, TABLET)
    login_page(page, server.url, "kiemtra", PASSWORD)
    yield page, f"{server.url}/staff/inspections/{inspection_id}", recorder
    page.context.close()
    server.stop()


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "bang-tin.jpg"
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


QUEUES = (
    "Object.keys(localStorage).filter(k => k.startsWith('phieu-queue-')).map(k => localStorage[k])"
)


def stored_photos(page) -> int:
    """How many photos wait in the tablet's IndexedDB."""
    return page.evaluate(
        """() => new Promise(done => {
            const open = indexedDB.open('phieu-photos', 1);
            open.onsuccess = () => {
                const count = open.result.transaction('photos').objectStore('photos').count();
                count.onsuccess = () => done(count.result);
            };
        })"""
    )


def tap(page, item, result):
    page.click(f"label[for=result-{item}-{result}]")


def open_online(page, url):
    """Open an area online and wait until every area of the inspection is cached."""
    page.goto(url)
    page.wait_for_selector("#area-form[data-offline-ready=yes]", timeout=15000)
    assert page.evaluate("!!navigator.serviceWorker.controller")


def go_offline(page, server):
    """The tablet loses its network: the browser knows it, and the server hears nothing."""
    server.offline = True
    page.context.set_offline(True)


def go_online(page, server):
    """The network comes back."""
    server.offline = False
    page.context.set_offline(False)


def offline_goto(page, url):
    """Open a page with the context offline, once the page itself knows it is offline."""
    page.goto(url)
    seen_offline(page)


def seen_offline(page):
    """Wait until the page reports itself offline, so that a tap waits in the queue."""
    page.wait_for_function("() => navigator.onLine === false")


def waiting(page, n):
    page.wait_for_function(
        "n => document.getElementById('save-status').textContent"
        ".startsWith(n + ' thay đổi chờ gửi')",
        arg=n,
    )


def drained(page):
    page.wait_for_selector("#save-status[data-state=saved]", timeout=15000)


def test_three_areas_and_a_photo_offline_are_each_stored_once(app, tablet, photo):
    page, url, server = tablet
    open_online(page, f"{url}/areas/hoat-dong-cong-vu")
    check_axe(page)

    go_offline(page, server)
    seen = len(server.requests)
    offline_goto(page, f"{url}/areas/chi-dao-dieu-hanh")
    tap(page, "van-ban-dung-han", "pass")
    waiting(page, 1)
    offline_goto(page, f"{url}/areas/cai-cach-the-che")
    tap(page, "tuyen-truyen-phap-luat", "fail")
    page.set_input_files("#photo-tuyen-truyen-phap-luat", str(photo))
    waiting(page, 3)
    page.wait_for_selector("[data-photos=tuyen-truyen-phap-luat] li.photo-pending img")
    check_axe(page)
    offline_goto(page, f"{url}/areas/hoat-dong-cong-vu")
    tap(page, "deo-the", "pass")
    waiting(page, 4)
    assert page.get_attribute("#save-status", "aria-live") == "polite"
    screenshot(page, "inspection-tablet-offline-queue")
    # The server answered nothing since go_offline: every page above, which the taps
    # found whole, came from the service worker's cache.

    go_online(page, server)
    drained(page)
    # One request a change, the photo's included: nothing sent twice.
    posts = [p for m, p in server.requests[seen:] if m == "POST"]
    assert len(posts) == 4, posts
    assert sum(p.endswith("/items/tuyen-truyen-phap-luat/photos") for p in posts) == 1

    with app.app_context():
        db = get_db()
        rows = db.execute(
            "SELECT item_key, result, version FROM inspection_items ORDER BY item_key"
        ).fetchall()
        history = db.execute("SELECT COUNT(*) FROM inspection_item_history").fetchone()[0]
        photos = db.execute("SELECT item_key FROM inspection_photos").fetchall()
        changes = db.execute("SELECT COUNT(*) FROM inspection_changes").fetchone()[0]
    assert rows == [
        ("deo-the", "pass", 1),
        ("tuyen-truyen-phap-luat", "fail", 1),
        ("van-ban-dung-han", "pass", 1),
    ]
    assert history == 3
    assert photos == [("tuyen-truyen-phap-luat",)]
    assert changes == 4

    # Back online, each area shows what was ticked in it.
    page.goto(f"{url}/areas/cai-cach-the-che")
    assert page.is_checked("#result-tuyen-truyen-phap-luat-fail")
    assert page.locator("[data-photos=tuyen-truyen-phap-luat] img").count() == 1
    assert stored_photos(page) == 0


def test_the_queue_and_its_photo_survive_a_reload_offline(app, tablet, photo):
    page, url, server = tablet
    area = f"{url}/areas/cai-cach-the-che"
    open_online(page, area)
    go_offline(page, server)
    seen_offline(page)
    tap(page, "tuyen-truyen-phap-luat", "pass")
    page.set_input_files("#photo-tuyen-truyen-phap-luat", str(photo))
    waiting(page, 2)

    page.reload()
    seen_offline(page)
    assert page.is_checked("#result-tuyen-truyen-phap-luat-pass")
    waiting(page, 2)
    page.wait_for_selector("[data-photos=tuyen-truyen-phap-luat] li.photo-pending img")

    go_online(page, server)
    drained(page)
    page.wait_for_selector("[data-photos=tuyen-truyen-phap-luat] li:not(.photo-pending) img")
    with app.app_context():
        db = get_db()
        assert db.execute("SELECT result, version FROM inspection_items").fetchall() == [
            ("pass", 1)
        ]
        assert db.execute("SELECT COUNT(*) FROM inspection_photos").fetchone()[0] == 1
    assert page.evaluate(QUEUES) == ["[]"]
    assert stored_photos(page) == 0


def test_a_cached_area_shows_what_was_saved_after_it_was_cached(app, tablet):
    """Saved online in one area, then opened offline from an older copy: no false conflict."""
    page, url, server = tablet
    area = f"{url}/areas/hoat-dong-cong-vu"
    open_online(page, area)
    tap(page, "deo-the", "pass")
    drained(page)
    go_offline(page, server)
    offline_goto(page, f"{url}/areas/chi-dao-dieu-hanh")
    offline_goto(page, area)  # the copy cached before the tick, at version 0
    assert page.is_checked("#result-deo-the-pass")
    assert page.get_attribute("#item-deo-the", "data-version") == "1"
    tap(page, "deo-the", "fail")
    waiting(page, 1)
    go_online(page, server)
    drained(page)
    with app.app_context():
        row = get_db().execute("SELECT result, version FROM inspection_items").fetchone()
    assert tuple(row) == ("fail", 2)
