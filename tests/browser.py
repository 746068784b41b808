"""Playwright driving Debian's Chromium: the live server, pages at phone and tablet size, axe."""

import json
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent.parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 360, "height": 740}
TABLET = {"width": 800, "height": 1280}


def require_browser() -> None:
    """Skip when Chromium is missing, unless REQUIRE_BROWSER=1 (CI), where it fails."""
    missing = [str(p) for p in (Path(CHROMIUM), AXE) if not p.exists()]
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright")
    if missing:
        reason = f"browser tests need {', '.join(missing)}"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


class LiveServer:
    """The test app served from a thread on a free loopback port."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()


@pytest.fixture
def live_server(app):
    server = LiveServer(app)
    yield server
    server.stop()


def new_page(browser, size: dict, javascript: bool = True, **options):
    """A page in its own context (own cookies) at a viewport size."""
    context = browser.new_context(
        viewport=size, java_script_enabled=javascript, locale="vi-VN", **options
    )
    return context.new_page()


def login_page(page, base_url: str, username: str, password: str) -> None:
    """Sign in through the login form."""
    page.goto(f"{base_url}/staff/login")
    page.fill("#username", username)
    page.fill("#password", password)
    submit(page, "button[type=submit]")


def submit(page, selector: str) -> None:
    """Click what sends a form and wait until the answer page has loaded."""
    # A bare click returns once the navigation starts: reading the page then can see an
    # empty document (seen in CI as page.content() == "").
    with page.expect_navigation():
        page.click(selector)


def check_axe(page) -> list[dict]:
    """Run axe-core on the page; fail on any serious or critical violation."""
    # evaluate() is not subject to the page's CSP, so axe runs without 'unsafe-inline'.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps(
        [
            {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"][:3]]}
            for v in bad
        ],
        ensure_ascii=False,
        indent=1,
    )
    return result["violations"]


def no_horizontal_scroll(page) -> None:
    """Nothing is wider than the viewport."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]}px wide in a {widths[1]}px viewport"


def load_lazy_images(page) -> None:
    """Scroll each lazy image into view, wait until all have loaded, and fail on a broken one."""
    for image in page.locator("img[loading=lazy]").all():
        image.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    broken = page.evaluate(
        "() => [...document.images].filter(i => !i.naturalWidth).map(i => i.src)"
    )
    assert not broken, f"images that did not load: {broken}"
    page.evaluate("() => window.scrollTo(0, 0)")


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under tests/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
