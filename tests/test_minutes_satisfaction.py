"""The minutes' satisfaction section shows the results page's figures for the same period."""

from datetime import date

import pytest

from tests.minutes_data import make_inspection

START, END = date(2022, 1, 1), date(2022, 9, 30)  # make_inspection's period
CHANNELS = {"Mã QR": "Quét mã QR", "Phiếu giấy": "Phiếu giấy"}


@pytest.fixture
def period(app, make_user):
    """The minutes' data, a withdrawn paper batch and a withdrawn burst of 300 QR ratings."""
    clerk = make_user("motcua", "staff", "ngoc-ky")
    with app.test_request_context():
        from core.db import get_db
        from core.units import counters, get_unit_by_code
        from forms.registry import get_form
        from minutes.bench import insert_ratings
        from results import bursts
        from results.paper import enter_batch, withdraw_batch

        inspection_id, _expected = make_inspection({})
        db, form, unit = get_db(), get_form("hai-long"), get_unit_by_code("ngoc-ky")
        desk = counters(unit)[1]
        kept = [{"muc-do": "hai-long"}] * 5
        enter_batch(db, form, unit, desk, date(2022, 6, 1), kept, user_id=clerk.id, key="kept")
        wrong = [{"muc-do": "khong-hai-long"}] * 40
        batch = enter_batch(
            db, form, unit, desk, date(2022, 6, 2), wrong, user_id=clerk.id, key="wrong"
        )
        assert withdraw_batch(db, batch, unit, user_id=clerk.id, reason="Nhập nhầm")
        # All in one 10-minute window (insert_ratings stamps 09:00 local time).
        stuffed = [(unit.id, desk.id, "qr", "khong-hai-long", "2022-09-28", False)] * 300
        insert_ratings(stuffed)
        before = _page()
        burst = next(b for b in before.bursts if b.responses == 300)
        bursts.withdraw_burst(db, form, burst, user_id=clerk.id, reason="Nhồi phiếu")
    return inspection_id, before


def _page():
    """The results page's report of the quick rating at Ngọc Kỳ for the minutes' period."""
    from core.db import get_db
    from core.units import get_unit_by_code
    from forms.registry import get_form
    from results.periods import Period
    from results.report import build_report
    from results.tallies import Filters

    filters = Filters(Period("range", START, END))
    return build_report(get_db(), get_form("hai-long"), get_unit_by_code("ngoc-ky"), filters)


def _table(minutes, first_column: str):
    return next(b for b in minutes.body if getattr(b, "columns", [""])[0] == first_column)


def test_minutes_show_the_results_pages_figures(app, period):
    inspection_id, before = period
    with app.test_request_context():
        from minutes.model import build_minutes
        from minutes.text import number, percent_value

        page = _page()
        minutes = build_minutes(inspection_id, charts=False)
    # The withdrawn burst and batch are out of both.
    assert page.responses == before.responses - 300
    total = page.summary.answered
    assert total == page.responses

    levels = _table(minutes, "Mức độ")
    assert levels.rows == [
        *([label, number(n), percent_value(pct)] for _key, label, n, pct in page.summary.rows),
        ["Tổng cộng", number(total), "100%"],
    ]
    text = minutes.text()
    assert f"{number(total)} phiếu" in text
    # The satisfaction index (SIPAS): the page's rate and factor, the minutes' rate.
    [(_question, index)] = page.factors
    assert index == page.satisfied_rate
    assert f"Tỷ lệ hài lòng đạt {percent_value(page.satisfied_rate)}" in text

    channels = _table(minutes, "Hình thức")
    shown = {name: (n, pct) for name, n, pct in channels.rows}
    for name, values in page.by_channel.rows:
        count = sum(values)
        assert shown[CHANNELS[name]] == (number(count), percent_value(100 * count / total))

    counters = _table(minutes, "Quầy")
    in_minutes = {row[0]: row[1:] for row in counters.rows if row[-1] != "0"}
    in_page = {
        name: [*(number(n) for n in values), number(sum(values))]
        for name, values in page.by_counter.rows
    }
    assert in_minutes == in_page
