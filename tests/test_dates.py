"""Dates the Vietnamese way on staff pages (issue #14, item 2): dd/mm/yyyy typed or picked,
today in Vietnam, local times, real Excel dates."""

import io
import re
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from core import dates
from core.db import get_db
from tests.inspection_helpers import make_inspection
from tests.test_results_paper import post_batch
from tests.test_results_paper_slips import SIPAS, post_slip

# 06:00 on 15/11/2026 in Vietnam is 23:00 on the 14th in UTC.
MORNING = datetime(2026, 11, 14, 23, 0, tzinfo=UTC)


@pytest.fixture
def morning(monkeypatch):
    monkeypatch.setattr(dates, "now", lambda: MORNING)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("15/11/2026", date(2026, 11, 15)),
        ("5/1/2026", date(2026, 1, 5)),
        (" 15-11-2026 ", date(2026, 11, 15)),
        ("15.11.2026", date(2026, 11, 15)),
        ("2026-11-15", date(2026, 11, 15)),
        ("31/02/2026", None),
        ("11/15/2026", None),
        ("", None),
        ("hôm nay", None),
    ],
)
def test_parse_day(text, day):
    assert dates.parse_day(text) == day


def test_formats_are_local_and_day_first():
    assert dates.format_day("2022-09-30") == "30/09/2022"
    assert dates.format_instant("2026-11-14T23:05:00+00:00") == "15/11/2026 06:05"
    assert dates.format_time("2026-11-14T23:05:00") == "06:05"  # naive is UTC
    assert dates.format_day(None) == ""


def test_today_is_the_vietnamese_day(morning):
    assert dates.today() == date(2026, 11, 15)


def test_paper_batch_takes_a_typed_date(app, login):
    client = login("staff")
    response, _data = post_batch(client, day="30/09/2022")
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        assert get_db().execute("SELECT day FROM paper_batches").fetchone()[0] == "2022-09-30"
    page = client.get("/staff/results/ngoc-ky/hai-long/paper").get_data(as_text=True)
    assert "30/09/2022" in page


def test_bad_typed_date_is_explained_and_not_stored(app, login):
    response, _data = post_batch(login("staff"), day="31/02/2022")
    assert response.status_code == 422
    assert "15/11/2026" in response.get_data(as_text=True)


def test_paper_slip_takes_a_typed_date(app, login):
    response, _data = post_slip(login("staff"), "sipas", SIPAS, slip_day="30/09/2022")
    assert response.status_code == 303, response.get_data(as_text=True)


def test_results_filters_take_typed_dates(login):
    client = login("staff")
    day = client.get("/staff/results/ngoc-ky/hai-long?period=day&date=30/09/2022")
    text = day.get_data(as_text=True)
    assert day.status_code == 200 and "30/09/2022" in text
    assert 'value="30/09/2022"' in text  # shown again as typed in Vietnam
    span = client.get("/staff/results/ngoc-ky/hai-long?period=range&from=01/01/2022&to=30/9/2022")
    assert span.status_code == 200
    assert "01/01/2022" in span.get_data(as_text=True)


def test_kiosk_officers_filter_takes_a_typed_date(login):
    page = login("admin", "hai-duong").get(
        "/staff/kiosk/ngoc-ky/can-bo/hai-long?period=day&date=30/09/2022"
    )
    assert page.status_code == 200
    assert 'value="30/09/2022"' in page.get_data(as_text=True)


def test_kiosk_officers_filter_explains_a_bad_day_beside_its_box(login):
    page = login("admin", "hai-duong").get(
        "/staff/kiosk/ngoc-ky/can-bo/hai-long?period=day&date=31/02/2022"
    )
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert 'class="error-summary"' in html and 'href="#date"' in html
    assert '<p class="error-message" id="date-error">' in html
    assert 'value="31/02/2022"' in html  # kept as typed


def inspection_data(**changes):
    return {
        "unit": "ngoc-ky",
        "kind": "self",
        "checklist": "cchc-cong-vu",
        "year": "2022",
        "period_start": "01/01/2022",
        "period_end": "30/09/2022",
        "legal_basis": "Kế hoạch số 13/KH-UBND ngày 28/02/2022",
        "date": "12/10/2022",
        "started_at": "08:30",
        "place": "UBND xã Ngọc Kỳ",
        "team-0-role": "head",
        "team-0-honorific": "ong",
        **changes,
    }


def test_inspection_creation_takes_typed_dates(app, login):
    app.config["WTF_CSRF_ENABLED"] = False
    client = login("inspector", "ngoc-ky", "totruong")
    head = {"team-0-member": str(app.extensions["phieu_test_users"]["totruong"])}
    created = client.post("/staff/inspections/new", data=inspection_data(**head))
    assert created.status_code == 302, created.get_data(as_text=True)
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    assert "12/10/2022" in page and "01/01/2022" in page and "30/09/2022" in page
    bad = client.post("/staff/inspections/new", data=inspection_data(date="12/13/2022", **head))
    assert bad.status_code == 422
    assert "ngày/tháng/năm" in bad.get_data(as_text=True)


def test_forms_default_to_the_vietnamese_day_at_six_in_the_morning(login, morning):
    inspection = login("inspector").get("/staff/inspections/new").get_data(as_text=True)
    assert re.search(r'id="date"[^>]*value="15/11/2026"', inspection), inspection
    assert re.search(r'id="year"[^>]*value="2026"', inspection)
    paper = login("staff").get("/staff/results/ngoc-ky/hai-long/paper").get_data(as_text=True)
    assert re.search(r'id="day"[^>]*value="15/11/2026"', paper)


def test_a_slip_dated_today_in_vietnam_is_not_in_the_future(login, morning):
    response, _data = post_slip(login("staff"), "sipas", SIPAS, slip_day="15/11/2026")
    assert response.status_code == 303, response.get_data(as_text=True)


def test_english_pages_show_day_first_and_local_time(app, login):
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        inspection = make_inspection()
        get_db().execute(
            "UPDATE inspections SET finalised_at = ?, status = 'final' WHERE id = ?",
            ["2022-09-20T23:15:00+00:00", inspection],
        )
    client = login("admin", "hai-duong")
    text = client.get(f"/staff/inspections/{inspection}?lang=en").get_data(as_text=True)
    assert "20/09/2022" in text and "01/01/2022" in text
    assert "21/09/2022 06:15" in text
    assert "9/20/22" not in text and "AM" not in text


def test_xlsx_dates_are_excel_dates_in_local_time(app, login):
    from forms.registry import get_form
    from forms.store import store_response

    with app.app_context():
        from core.units import get_unit_by_code

        store_response(
            get_db(),
            get_form("hai-long"),
            get_unit_by_code("ngoc-ky"),
            {"muc-do": "hai-long"},
            submission_id="morning-1",
            submitted_at=MORNING,
        )
    data = login("admin", "hai-duong").get("/staff/results/ngoc-ky/hai-long/export.xlsx").data
    rows = list(load_workbook(io.BytesIO(data))["Phiếu"].iter_rows(values_only=True))
    header, row = rows[1], rows[2]  # below the title row
    assert "UTC" not in " ".join(str(h) for h in header)
    assert row[1] == datetime(2026, 11, 15)
    assert row[2] == datetime(2026, 11, 15, 6, 0)
    book = load_workbook(io.BytesIO(data))
    assert book["Phiếu"]["B3"].number_format == "dd/mm/yyyy"
