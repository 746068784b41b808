"""A stack of paper slips typed in one by one: counter and day kept, a running count,
the focus on the first question; and the batch list a page at a time."""

import re
from datetime import date

import pytest

from core.db import get_db
from core.units import get_unit_by_code
from forms.answers import parse_answers
from forms.registry import get_form
from results import slips
from tests.test_results_paper_slips import SIPAS, count, page_fields, url

SLIP = url("sipas")


def post_next(client, location: str, answers: dict):
    """Post a slip from the page at `location`, its counter and day as the page offers them."""
    html = client.get(location).get_data(as_text=True)
    counter = re.search(r'<option selected value="([^"]*)"', html)
    day = re.search(r'name="slip_day"[^>]* value="([^"]+)"', html)[1]
    data = {**page_fields(html), "slip_day": day, "slip_counter": counter[1] if counter else ""}
    return client.post(location, data={**data, **answers}), data


def test_a_stack_keeps_counter_and_day_and_counts(app, login):
    client = login("staff")
    first = client.get(SLIP).get_data(as_text=True)
    # A fresh page has no stack yet: no focus is taken from the counter and day.
    assert "autofocus" not in first
    data = {**page_fields(first), "slip_day": "2022-09-30", "slip_counter": "tu-phap"}
    response = client.post(SLIP, data={**data, **SIPAS})
    location = response.headers["Location"]
    for n in (2, 3):
        response, sent = post_next(client, location, SIPAS)
        assert response.status_code == 303
        # The day box shows the day back as typed on a phone, dd/mm/yyyy (issue #14, item 2).
        assert (sent["slip_counter"], sent["slip_day"]) == ("tu-phap", "30/09/2022")
        location = response.headers["Location"]
        assert location.endswith(f"?counter=tu-phap&day=2022-09-30&entered={n}")
    page = client.get(location).get_data(as_text=True)
    assert "Đã nhập 3 phiếu trong đợt này." in page
    # The first question's first radio takes the focus, and nothing else does.
    assert page.count("autofocus") == 1
    assert re.search(r'<input type="radio" id="q-tiep-can-[^"]+"[^>]* autofocus', page)
    counted = "SELECT count(*) FROM responses r JOIN counters c ON c.id = r.counter_id"
    assert count(app, counted + " WHERE c.code = 'tu-phap' AND r.day = '2022-09-30'") == 3


def test_a_retried_slip_is_not_counted_twice(app, login):
    client = login("staff")
    html = client.get(SLIP).get_data(as_text=True)
    data = {**page_fields(html), "slip_day": "2022-09-30", **SIPAS}
    first = client.post(SLIP, data=data)
    again = client.post(SLIP, data=data)
    assert first.headers["Location"].endswith("entered=1")
    assert again.headers["Location"].endswith("entered=0")
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Phiếu này đã được lưu trước đó; không nhập lại. Đã nhập 0 phiếu trong đợt này." in page
    assert count(app, "SELECT count(*) FROM responses") == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("counter=khong-co", "Quầy trong địa chỉ không thuộc đơn vị này."),
        ("day=30-02-2022", "Ngày thu phiếu"),
        ("day=2099-01-01", "Ngày thu phiếu không hợp lệ."),
        ("entered=-1", "Số phiếu đã nhập trong địa chỉ không hợp lệ."),
        ("entered=9999999999", "Số phiếu đã nhập trong địa chỉ không hợp lệ."),
    ],
)
def test_a_bad_stack_in_the_address_is_a_400(login, query, message):
    response = login("staff").get(f"{SLIP}?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_the_count_reads_in_english_with_plurals(login):
    client = login("staff")
    client.set_cookie("lang", "en")
    html = client.get(SLIP).get_data(as_text=True)
    response = client.post(SLIP, data={**page_fields(html), "slip_day": "2022-09-30", **SIPAS})
    one = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 slip entered in this stack." in one
    response, _ = post_next(client, response.headers["Location"], SIPAS)
    two = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 slips entered in this stack." in two


def add_slips(app, n: int) -> None:
    """n one-slip batches of the SIPAS form, as the slip page stores them."""
    with app.app_context():
        db, form, unit = get_db(), get_form("sipas"), get_unit_by_code("ngoc-ky")
        user = app.extensions["phieu_test_users"]["staff-ngoc-ky"]
        answers = parse_answers(form, {k: [v] for k, v in SIPAS.items()}).answers
        for i in range(n):
            slips.enter_slip(
                db,
                form,
                unit,
                None,
                date(2022, 9, 1 + i % 28),
                answers,
                user_id=user,
                submission_id=f"slip-stack{i:011d}",
            )


def batch_rows(html: str) -> list[str]:
    table = html.split('<table id="batches">')[1].split("</table>")[0]
    return re.findall(r"<tr(?: class=\"withdrawn\")?>\s*<td>(\d+)</td>", table)


def test_the_batch_list_shows_25_a_page(app, login):
    client = login("staff")
    add_slips(app, 30)
    first = client.get(SLIP).get_data(as_text=True)
    second = client.get(f"{SLIP}?page=2").get_data(as_text=True)
    assert len(batch_rows(first)) == 25 and len(batch_rows(second)) == 5
    assert not set(batch_rows(first)) & set(batch_rows(second))
    assert f'href="{SLIP}?page=2" rel="next"' in first
    assert f'href="{SLIP}?page=1" rel="prev"' in second
    assert "Trang 2 trên 2" in second
    # The stack's counter and day stay in the page links.
    kept = client.get(f"{SLIP}?counter=tu-phap&page=2").get_data(as_text=True)
    assert f'href="{SLIP}?counter=tu-phap&amp;page=1" rel="prev"' in kept


@pytest.mark.parametrize(
    ("page", "status", "message"),
    [
        ("3", 404, "Không có trang 3; danh sách có 2 trang."),
        ("0", 404, "Không có trang 0; danh sách có 2 trang."),
        ("abc", 400, "Số trang không hợp lệ: abc."),
        ("1e9", 400, "Số trang không hợp lệ"),
        ("99999999999999999999", 400, "Số trang không hợp lệ"),
    ],
)
def test_a_bad_page_number_is_a_clear_4xx(app, login, page, status, message):
    client = login("staff")
    add_slips(app, 30)
    for path in (SLIP, "/staff/results/ngoc-ky/hai-long/paper"):
        response = client.get(f"{path}?page={page}")
        if path == SLIP:
            assert response.status_code == status
            assert message in response.get_data(as_text=True)
        else:
            # hai-long has no batches: one empty page, so any page but 1 is past the end.
            assert response.status_code in (400, 404)


def test_past_the_end_in_english_has_its_plural(app, login):
    client = login("staff")
    client.set_cookie("lang", "en")
    response = client.get(f"{SLIP}?page=2")
    assert response.status_code == 404
    assert "There is no page 2; the list has 1 page." in response.get_data(as_text=True)
