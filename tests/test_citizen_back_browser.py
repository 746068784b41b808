"""Back and send again in Chromium: a correction of the first answer, not a second vote."""

import pytest

from core.db import get_db
from core.units import get_unit_by_code
from forms.registry import get_form
from results.periods import Period
from results.report import build_report
from results.tallies import Filters
from tests.browser import PHONE, new_page

URL = "/f/ngoc-ky/hai-long?counter=tu-phap"


def stored(app) -> list[tuple]:
    """Every response's summary answer, as the results page counts it."""
    with app.test_request_context():
        report = build_report(
            get_db(), get_form("hai-long"), get_unit_by_code("ngoc-ky"), Filters(Period("all"))
        )
        rows = get_db().execute("SELECT count(*) FROM responses").fetchone()[0]
        return rows, [(n, label) for n, _total, label in report.summary_lines if n]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_back_and_send_again_corrects_the_first_answer(app, browser, live_server, javascript):
    page = new_page(browser, PHONE, javascript=javascript, has_touch=True, is_mobile=True)
    page.goto(live_server.url + URL)
    first_id = page.input_value("input[name=submission_id]")
    page.tap("label[for='q-muc-do-rat-hai-long']")
    page.tap("button[type=submit]")
    page.wait_for_url("**/cam-on/**")
    assert stored(app) == (1, [(1, "Rất hài lòng")])

    page.go_back()
    page.wait_for_url("**/f/ngoc-ky/hai-long?counter=tu-phap")
    assert page.input_value("input[name=submission_id]") == first_id
    page.tap("label[for='q-muc-do-hai-long']")
    page.tap("button[type=submit]")
    page.wait_for_url("**/cam-on/**")
    assert "Cảm ơn ông/bà" in page.inner_text("h1")
    assert stored(app) == (1, [(1, "Hài lòng")])

    # A new visit (the QR code scanned again) is a new page: a new vote.
    page.goto(live_server.url + URL)
    assert page.input_value("input[name=submission_id]") != first_id
    page.context.close()
