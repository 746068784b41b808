"""The poster page and the qr command warn when printed codes would not open on a phone."""

import pytest

from tests.browser import TABLET, check_axe, login_page, new_page
from tests.conftest import PASSWORD

POSTER = "/staff/units/ngoc-ky/forms/hai-long/poster?counter=tu-phap"
WARNING = "điện thoại của người dân"
UNREACHABLE = (
    "http://127.0.0.1:5000",
    "http://127.8.9.10",
    "http://localhost:5000/",
    "http://[::1]:8000",
    "http://10.0.0.5",
    "https://172.16.0.1",
    "http://172.31.255.254:8080",
    "http://192.168.1.10",
    "http://169.254.10.20",
    "http://phieu.local",
    "http://may-chu:5000",
)
REACHABLE = ("https://phieu.ngocky.example", "http://203.113.130.5", "http://172.32.0.1")


def qr(app, tmp_path):
    return app.test_cli_runner().invoke(
        args=["qr", "--unit", "ngoc-ky", "--form", "hai-long", "-o", str(tmp_path / "qr.svg")]
    )


@pytest.mark.parametrize("base", UNREACHABLE)
def test_private_base_url_is_warned_on_the_poster_page_and_by_qr(app, login, tmp_path, base):
    app.config["PUBLIC_BASE_URL"] = base
    html = login("staff", "ngoc-ky").get(POSTER).get_data(as_text=True)
    notice, _, poster = html.partition('<article class="poster">')
    assert WARNING in notice and "FLASK_PUBLIC_BASE_URL" in notice
    assert 'class="notice notice-error no-print"' in notice
    assert WARNING not in poster
    result = qr(app, tmp_path)
    assert result.exit_code == 0
    assert WARNING in result.stderr and "FLASK_PUBLIC_BASE_URL" in result.stderr
    assert WARNING not in result.stdout


@pytest.mark.parametrize("base", REACHABLE)
def test_public_base_url_gives_no_warning(app, login, tmp_path, base):
    app.config["PUBLIC_BASE_URL"] = base
    assert WARNING not in login("staff", "ngoc-ky").get(POSTER).get_data(as_text=True)
    result = qr(app, tmp_path)
    assert result.exit_code == 0 and result.stderr == ""


def test_english_poster_page_warns_in_english(app, login):
    client = login("staff", "ngoc-ky")
    html = client.get(POSTER + "&lang=en").get_data(as_text=True)
    assert "printed QR codes will not open" in html


def test_warning_shows_on_screen_but_not_on_the_printed_poster(browser, live_server, make_user):
    # The live server is itself on 127.0.0.1, the default PUBLIC_BASE_URL.
    make_user("motcua", "staff", "ngoc-ky")
    page = new_page(browser, TABLET)
    login_page(page, live_server.url, "motcua", PASSWORD)
    page.goto(live_server.url + POSTER)
    notice = page.locator(".poster-page .notice-error")
    assert notice.is_visible() and WARNING in notice.inner_text()
    check_axe(page)
    page.emulate_media(media="print")
    assert not notice.is_visible()
    assert page.locator(".poster-qr").is_visible()
    page.context.close()
