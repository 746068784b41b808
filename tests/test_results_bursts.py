"""Ballot stuffing made visible and reversible (issue #12, item 8): a burst of QR
responses far above a counter's normal rate is flagged on the results page, and
staff of the unit can withdraw it with a reason, as a paper batch is withdrawn."""

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.inspection_helpers import make_inspection

# 30 days of ordinary traffic at Tư pháp (a few ratings an hour in office hours),
# then 300 ratings in five minutes on 2022-03-15 from 09:02 local (02:02 UTC).
BURST_START = datetime(2022, 3, 15, 2, 2, tzinfo=UTC)
PAGE = "/staff/results/ngoc-ky/hai-long?period=month&date=2022-03-01"


@pytest.fixture
def stuffed(app):
    """Normal traffic at every counter, and one burst; returns the burst's counter id."""
    with app.app_context():
        from core.db import get_db
        from core.units import counters, get_unit_by_code
        from forms.registry import get_form
        from forms.store import store_response

        db = get_db()
        unit, form = get_unit_by_code("ngoc-ky"), get_form("hai-long")
        desks = counters(unit)
        n = 0
        for day in range(45):
            morning = datetime(2022, 2, 1, 1, 0, tzinfo=UTC) + timedelta(days=day)
            for desk in desks[:3]:
                for hour in range(0, 8, 2):
                    for minute in (5, 25):
                        n += 1
                        store_response(
                            db,
                            form,
                            unit,
                            {"muc-do": "rat-hai-long"},
                            submission_id=f"normal-{n}",
                            counter=desk,
                            submitted_at=morning + timedelta(hours=hour, minutes=minute),
                        )
        tu_phap = next(d for d in desks if d.code == "tu-phap")
        for i in range(300):
            store_response(
                db,
                form,
                unit,
                {"muc-do": "khong-hai-long", "chua-hai-long": ["thai-do"]},
                submission_id=f"burst-{i}",
                counter=tu_phap,
                submitted_at=BURST_START + timedelta(seconds=i),
            )
        return tu_phap.id


def _bursts(html: str) -> list[str]:
    """The rows of the flagged bursts table, as text."""
    table = re.search(r'<table id="bursts-table">(.*?)</table>', html, re.S)
    if not table:
        return []
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S)[1:]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def _withdraw_link(html: str) -> str:
    return re.search(r'href="([^"]*/bursts/[^"]*/withdraw)"', html).group(1).replace("&amp;", "&")


def _post(client, link: str, reason: str, unit_code: str = "ngoc-ky"):
    """POST a withdrawal with the session's CSRF token, read from a page it may see."""
    html = client.get(f"/staff/results/{unit_code}/hai-long/paper").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1]
    return client.post(link, data={"csrf_token": token, "reason": reason})


def _summary_count(html: str, level_label: str) -> str:
    return re.search(r"<strong>([\d.]+)/[\d.]+</strong> phiếu " + level_label, html).group(1)


def test_burst_is_flagged_and_normal_traffic_is_not(stuffed, login):
    staff = login("staff")
    page = staff.get(PAGE)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    rows = _bursts(html)
    assert len(rows) == 1, rows
    assert "Tu Phap" in rows[0]
    assert "15/03/2022 09:00" in rows[0] and "15/03/2022 09:10" in rows[0]
    assert "300" in rows[0]
    assert "10 phút" in html  # the rule in words

    quiet = staff.get("/staff/results/ngoc-ky/hai-long?period=month&date=2022-02-01")
    assert _bursts(quiet.get_data(as_text=True)) == []


def test_demo_data_has_no_false_flag(app, login):
    staff = login(
        "staff", username="motcua"
    )  # the demo's paper batches need a user to have entered them
    with app.app_context():
        from core.db import get_db
        from results import demo

        with get_db().atomic():
            demo.seed()
    for slug in ("hai-long", "sipas", "danh-gia-tthc"):
        html = staff.get(f"/staff/results/ngoc-ky/{slug}").get_data(as_text=True)
        assert _bursts(html) == []


def test_withdrawing_a_burst_takes_it_out_of_every_count(app, stuffed, login):
    from openpyxl import load_workbook

    staff = login("staff")
    html = staff.get(PAGE).get_data(as_text=True)
    assert _summary_count(html, "không hài lòng") == "300"
    link = _withdraw_link(html)

    confirm = staff.get(link)
    assert confirm.status_code == 200
    text = confirm.get_data(as_text=True)
    assert "300" in text and "không bị xóa" in text

    done = _post(staff, link, "Một máy gửi 300 phiếu trong 5 phút")
    assert done.status_code == 302
    html = staff.get(PAGE).get_data(as_text=True)
    assert _bursts(html) == []
    assert "không hài lòng" not in html or _summary_count(html, "không hài lòng") == "0"
    assert "Một máy gửi 300 phiếu trong 5 phút" in html  # listed as withdrawn
    assert 'id="withdrawn-bursts"' in html

    export = "/staff/results/ngoc-ky/hai-long/export"
    rows = list(csv.reader(io.StringIO(staff.get(f"{export}.csv").get_data(as_text=True))))
    assert len(rows) - 1 == 45 * 3 * 8
    assert not any("Không hài lòng" in row for row in rows)
    book = load_workbook(io.BytesIO(staff.get(f"{export}.xlsx").data))
    assert book.worksheets[0].max_row - 2 == 45 * 3 * 8  # below the title row and the header

    with app.app_context():
        from core.db import get_db
        from minutes.survey import count_survey

        counts = count_survey(_unit(), datetime(2022, 1, 1).date(), datetime(2022, 9, 30).date())
        assert counts.levels["khong-hai-long"] == 0
        assert counts.total == 45 * 3 * 8
        row = (
            get_db()
            .execute("SELECT action, detail FROM audit_log WHERE entity = 'burst'")
            .fetchone()
        )
        assert row[0] == "withdraw"
        assert json.loads(row[1])["responses"] == 300
        assert json.loads(row[1])["reason"] == "Một máy gửi 300 phiếu trong 5 phút"
        stored = (
            get_db()
            .execute(
                "SELECT count(*) FROM responses"
                " WHERE submission_id LIKE 'burst-%' AND withdrawn = 1"
            )
            .fetchone()[0]
        )
        assert stored == 300  # marked, not deleted


def test_minutes_survey_leaves_the_withdrawn_burst_out(app, stuffed, login, make_user):
    with app.app_context():
        inspection_id = make_inspection()
    staff = login("staff")
    link = _withdraw_link(staff.get(PAGE).get_data(as_text=True))
    assert _post(staff, link, "Nhồi phiếu từ nhiều địa chỉ").status_code == 302
    with app.app_context():
        from minutes.model import build_minutes
        from minutes.render import render

        document = render(build_minutes(inspection_id), "docx")
    from docx import Document

    word = Document(io.BytesIO(document))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert "1.080" in cells  # 45 days x 3 counters x 8 ratings, in Vietnamese digits
    assert "1.380" not in cells and "300" not in cells


def test_a_sibling_cannot_withdraw(app, stuffed, login):
    link = _withdraw_link(login("staff").get(PAGE).get_data(as_text=True))
    sibling = login("staff", "tan-ky")
    assert sibling.get(link).status_code == 403
    assert _post(sibling, link, "Tôi muốn xóa phiếu", "tan-ky").status_code == 403
    with app.app_context():
        from core.db import get_db

        db = get_db()
        assert db.execute("SELECT count(*) FROM responses WHERE withdrawn = 1").fetchone()[0] == 0
        assert (
            db.execute("SELECT count(*) FROM audit_log WHERE entity = 'burst'").fetchone()[0] == 0
        )


def test_a_reason_is_required(app, stuffed, login):
    staff = login("staff")
    link = _withdraw_link(staff.get(PAGE).get_data(as_text=True))
    answer = _post(staff, link, "  ")
    assert answer.status_code == 422
    assert "Nhập lý do rút" in answer.get_data(as_text=True)
    assert len(_bursts(staff.get(PAGE).get_data(as_text=True))) == 1


@pytest.mark.parametrize(
    "tail",
    [
        "bursts/1/0/0/withdraw",
        "bursts/99999/2000000/2000001/withdraw",
        f"bursts/1/{2**70}/1/withdraw",
    ],
)
def test_a_burst_that_is_not_flagged_cannot_be_withdrawn(stuffed, login, tail):
    link = f"/staff/results/ngoc-ky/hai-long/{tail}"
    answer = _post(login("staff"), link, "Không có đợt này")
    assert 400 <= answer.status_code < 500


def _unit():
    from core.units import get_unit_by_code

    return get_unit_by_code("ngoc-ky")


def test_an_old_burst_is_flagged_in_its_month_after_a_worker_counted_all_time(stuffed, login, app):
    # A response 200 days later makes the burst older than the all-time ledger's
    # recent windows (bursts.BURST_DAYS): the all-time page leaves it out, as the
    # module says, but its month still finds it, ledger or not.
    with app.app_context():
        from core.db import get_db
        from core.units import get_unit_by_code
        from forms.registry import get_form
        from forms.store import store_response

        store_response(
            get_db(),
            get_form("hai-long"),
            get_unit_by_code("ngoc-ky"),
            {"muc-do": "hai-long"},
            submission_id="much-later",
            submitted_at=BURST_START + timedelta(days=200),
        )
    staff = login("staff")
    everything = staff.get("/staff/results/ngoc-ky/hai-long?period=all")
    assert everything.status_code == 200
    assert _bursts(everything.get_data(as_text=True)) == []
    rows = _bursts(staff.get(PAGE).get_data(as_text=True))
    assert len(rows) == 1 and "300" in rows[0]


@pytest.mark.parametrize(("per_version", "busy"), [(12, True), (10, False)])
def test_a_day_split_over_form_versions_is_counted_whole(app, per_version, busy):
    # The burst check passes over a day's rows of at most FLOOR / versions responses:
    # 12 + 12 at one counter under two versions is a busy day, 10 + 10 is not.
    from datetime import date

    with app.app_context():
        from core.db import get_db
        from forms.registry import get_form
        from results.bursts import FLOOR
        from results.periods import Period
        from results.tallies import Filters, _busy_units

        db, unit = get_db(), _unit()
        db.execute(
            "INSERT INTO form_versions (slug, version, kind, sha256, definition, loaded_at)"
            " SELECT slug, version + 1, kind, sha256, definition, loaded_at FROM form_versions"
            " WHERE slug = 'hai-long' ORDER BY version DESC LIMIT 1"
        )
        versions = [
            v for (v,) in db.execute("SELECT version FROM form_versions WHERE slug = 'hai-long'")
        ]
        for version in versions[-2:]:
            db.execute(
                "INSERT INTO tallies_daily VALUES"
                " ('hai-long', ?, '2031-01-15', 7, 'qr', ?, '', '', ?, 0)",
                [unit.id, version, per_version],
            )
        filters = Filters(Period("month", date(2031, 1, 1), date(2031, 1, 31)))
        found = _busy_units(
            db, get_form("hai-long"), [unit.id], filters, "2031-01-01", "2031-01-31", FLOOR
        )
        assert found == ([unit.id] if busy else [])
