"""Creating an inspection in Chromium, with the script and without (issue #14, item 9)."""

import re

import pytest

from core.db import get_db
from tests.browser import (
    PHONE,
    TABLET,
    check_axe,
    login_page,
    new_page,
    no_horizontal_scroll,
    screenshot,
    submit,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

CREATED = re.compile(r"/staff/inspections/\d+$")
SEED_TITLE = "Kiểm tra công tác cải cách hành chính, hoạt động công vụ năm 2022 tại UBND xã Ngọc Kỳ"


@pytest.fixture
def people(make_user):
    """The district's three inspectors (the first signs in) and the commune's one."""
    return {
        "doankt": make_user("doankt", "inspector", "tu-ky").id,
        "lan": make_user("chuyenvien", "inspector", "tu-ky").id,
        "tuan": make_user("chuyenvien2", "inspector", "tu-ky").id,
        "xa": make_user("kiemtra", "inspector", "ngoc-ky").id,
    }


def open_form(browser, live_server, size, javascript=True):
    page = new_page(browser, size, javascript=javascript)
    login_page(page, live_server.url, "doankt", PASSWORD)
    page.goto(f"{live_server.url}/staff/inspections/new")
    return page


def fill_the_rest(page):
    page.fill("#year", "2022")
    page.fill("#legal_basis", "Kế hoạch số 163/KH-UBND ngày 22/8/2022 của UBND huyện Tứ Kỳ")
    page.fill("#place", "Trụ sở UBND xã Ngọc Kỳ")
    page.select_option("#team-0-honorific", "ong")
    page.fill("#participants-0-name", "Nguyễn Xuân Thoảng")
    page.select_option("#participants-0-honorific", "ong")


def small_controls(page) -> list[str]:
    """Controls and stand-alone buttons of the form shorter than 44 px."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
                '#new-inspection select, #new-inspection input:not([type=hidden]),'
                + ' #new-inspection button')]
            .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
            .map(e => e.id || e.textContent)"""
    )


def stored_team(app):
    with app.app_context():
        db = get_db()
        row = db.execute("SELECT id, kind, title FROM inspections").fetchone()
        team = db.execute(
            "SELECT user_id, role, honorific FROM inspection_members"
            " WHERE side = 'team' ORDER BY position"
        ).fetchall()
    return row, team


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
def test_with_the_script_kind_and_title_follow_and_rows_are_added_in_place(
    app, browser, live_server, people, size
):
    page = open_form(browser, live_server, size)
    assert page.locator("#team .member-row").count() == 2
    assert page.locator("#participants .member-row").count() == 2
    check_axe(page)
    no_horizontal_scroll(page)
    assert small_controls(page) == []
    assert page.get_attribute("#started_at", "type") == "time"

    page.fill("#year", "2022")
    page.select_option("#unit", "ngoc-ky")
    assert page.input_value("#kind") == "external"
    assert page.input_value("#title") == SEED_TITLE
    page.select_option("#unit", "tu-ky")
    assert page.input_value("#kind") == "self"
    assert page.input_value("#title").startswith("Tự kiểm tra công tác")
    assert page.input_value("#title").endswith("tại UBND huyện Tứ Kỳ")
    page.select_option("#unit", "ngoc-ky")

    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.click("text=Thêm thành viên")
    assert requests == []  # added in place, nothing posted
    assert page.locator("#team .member-row").count() == 3
    assert page.evaluate("document.activeElement.id") == "team-2-member"
    assert page.text_content("#team-2-heading") == "Thành viên 3"
    assert page.input_value("#team-2-role") == "member"
    page.select_option("#team-1-member", str(people["lan"]))
    page.select_option("#team-1-role", "secretary")
    page.select_option("#team-1-honorific", "ba")
    page.select_option("#team-2-member", str(people["tuan"]))
    page.select_option("#team-2-honorific", "ong")
    # The commune's inspector is not offered to the district's team.
    assert str(people["xa"]) not in page.eval_on_selector_all(
        "#team-2-member option", "os => os.map(o => o.value)"
    )
    fill_the_rest(page)
    no_horizontal_scroll(page)
    screenshot(page, f"inspection-new-{'phone' if size is PHONE else 'tablet'}")
    submit(page, "button:text('Tạo cuộc kiểm tra')")
    page.wait_for_url(CREATED)
    (_id, kind, title), team = stored_team(app)
    assert (kind, title) == ("external", SEED_TITLE)
    assert team == [
        (people["doankt"], "head", "ong"),
        (people["lan"], "secretary", "ba"),
        (people["tuan"], "member", "ong"),
    ]
    page.context.close()


def test_without_the_script_add_member_posts_back_and_keeps_what_was_typed(
    app, browser, live_server, people
):
    page = open_form(browser, live_server, PHONE, javascript=False)
    page.select_option("#unit", "ngoc-ky")
    fill_the_rest(page)
    page.select_option("#team-1-member", str(people["lan"]))
    page.select_option("#team-1-honorific", "ba")
    page.click("text=Thêm thành viên")
    page.wait_for_selector("#team-2-member")
    assert page.input_value("#legal_basis").startswith("Kế hoạch số 163/KH-UBND")
    assert page.input_value("#team-1-member") == str(people["lan"])
    assert page.input_value("#team-1-honorific") == "ba"
    assert page.locator(".error-summary").count() == 0
    # No axe or layout probe here: both need a script engine (the same page is checked
    # with the script on above).
    screenshot(page, "inspection-new-no-javascript")
    page.select_option("#team-2-member", str(people["tuan"]))
    page.select_option("#team-2-honorific", "ong")
    submit(page, "button:text('Tạo cuộc kiểm tra')")
    assert CREATED.search(page.url), page.text_content("main")
    (_id, kind, title), team = stored_team(app)
    assert kind == "external" and title.endswith("tại UBND xã Ngọc Kỳ")
    assert [m[0] for m in team] == [people["doankt"], people["lan"], people["tuan"]]
    page.context.close()


def test_an_impossible_kind_is_shown_beside_the_field(app, browser, live_server, people):
    page = open_form(browser, live_server, TABLET)
    page.select_option("#unit", "tu-ky")
    page.select_option("#kind", "external")
    fill_the_rest(page)
    submit(page, "button:text('Tạo cuộc kiểm tra')")
    message = page.text_content("#kind-error")
    assert "chọn “Tự kiểm tra”" in message
    assert page.get_attribute("#kind", "aria-describedby").endswith("kind-error")
    check_axe(page)
    screenshot(page, "inspection-new-impossible-kind")
    # The title filled in before the error still follows the unit.
    page.select_option("#unit", "ngoc-ky")
    assert page.input_value("#title") == SEED_TITLE
    page.context.close()
