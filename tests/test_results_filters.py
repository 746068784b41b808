"""Results filters that answer the question asked (issue #14, item 3): period, errors, names."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest

from core import dates
from tests.results_helpers import load_known, raw_answers, vn_int

PAGE = "/staff/results/ngoc-ky/hai-long"


@pytest.fixture
def known(app, make_user):
    return load_known(app, make_user)


@pytest.fixture
def admin(login):
    return login("admin", "hai-duong")


def ngoc_ky_total(app, first: str, last: str) -> int:
    """Ngọc Kỳ's quick ratings between two ISO days, counted in plain Python."""
    rows = raw_answers(app, "hai-long")
    return len(
        {
            r["response"]
            for r in rows
            if r["unit"] == "ngoc-ky" and r["question"] == "muc-do" and first <= r["day"] <= last
        }
    )


def label_of(html: str) -> str:
    return unescape(re.search(r'<span id="period-label">([^<]*)</span>', html).group(1))


def test_the_page_opens_on_the_current_year_in_vietnam(app, known, admin, monkeypatch):
    # 18:00 UTC on 31/12/2022 is already 01:00 on 01/01/2023 in Vietnam.
    monkeypatch.setattr(dates, "now", lambda: datetime(2022, 12, 31, 18, 0, tzinfo=UTC))
    html = admin.get(PAGE).get_data(as_text=True)
    assert label_of(html) == "Năm 2023 (01/01/2023 – 31/12/2023)"
    assert 'id="no-responses"' in html
    assert re.search(r'id="period-year"[^>]*checked', html)
    assert re.search(r'id="year"[^>]*value="2023"', html)


def test_a_bare_page_in_2022_counts_that_year(app, known, admin, monkeypatch):
    monkeypatch.setattr(dates, "now", lambda: datetime(2022, 6, 1, 3, 0, tzinfo=UTC))
    html = admin.get(PAGE).get_data(as_text=True)
    total = ngoc_ky_total(app, "2022-01-01", "2022-12-31")
    assert total > 0
    assert f'<span id="total-responses">{vn_int(total)}</span>' in html


@pytest.mark.parametrize(
    ("query", "label", "first", "last"),
    [
        ("period=year&year=2022", "Năm 2022 (01/01/2022 – 31/12/2022)", "2022-01-01", "2022-12-31"),
        (
            "period=quarter&year=2022&quarter=1",
            "Quý I năm 2022 (01/01/2022 – 31/03/2022)",
            "2022-01-01",
            "2022-03-31",
        ),
        (
            "period=quarter&year=2022&quarter=4&month=2",
            "Quý IV năm 2022 (01/10/2022 – 31/12/2022)",
            "2022-10-01",
            "2022-12-31",
        ),
        (
            "period=month&year=2022&month=2&quarter=4",
            "Tháng 2 năm 2022 (01/02/2022 – 28/02/2022)",
            "2022-02-01",
            "2022-02-28",
        ),
        (
            "period=range&from=15/3/2022&to=2022-05-31&year=1999",
            "Từ 15/03/2022 đến 31/05/2022",
            "2022-03-15",
            "2022-05-31",
        ),
    ],
)
def test_each_period_in_words_counts_its_days(app, known, admin, query, label, first, last):
    """Every box is sent when JavaScript is off: only the chosen period's are read."""
    response = admin.get(f"{PAGE}?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    html = response.get_data(as_text=True)
    assert label_of(html) == label
    total = ngoc_ky_total(app, first, last)
    if total:
        assert f'<span id="total-responses">{vn_int(total)}</span>' in html
    else:
        assert 'id="no-responses"' in html


def test_the_chosen_period_is_checked_and_shown_again(known, admin):
    html = admin.get(f"{PAGE}?period=month&year=2022&month=2").get_data(as_text=True)
    assert re.search(r'id="period-month"[^>]*checked', html)
    assert re.search(r'<option value="2" selected>Tháng 2</option>', html)
    html = admin.get(f"{PAGE}?period=range&from=2022-03-15&to=31/5/2022").get_data(as_text=True)
    assert re.search(r'id="period-range"[^>]*checked', html)
    assert re.search(r'id="from"[^>]*value="15/03/2022"', html)
    assert re.search(r'id="to"[^>]*value="31/05/2022"', html)


def test_an_older_link_by_day_still_reads(known, admin):
    html = admin.get(f"{PAGE}?period=quarter&date=2022-11-15").get_data(as_text=True)
    assert label_of(html) == "Quý IV năm 2022 (01/10/2022 – 31/12/2022)"


@pytest.mark.parametrize(
    ("query", "box", "words"),
    [
        ("period=range&from=15/11/2022&to=01/11/2022", "to", "sau ngày bắt đầu (15/11/2022)"),
        ("period=range&from=31/02/2022&to=01/11/2022", "from", "Ngày bắt đầu phải là ngày"),
        ("period=range&from=01/01/2022", "to", "Ngày kết thúc phải là ngày"),
        ("period=year&year=20222", "year", "Năm phải từ 2000 đến 2100"),
        ("period=quarter&year=2022&quarter=5", "quarter", "Chọn quý I, II, III hoặc IV"),
        ("period=month&year=2022&month=13", "month", "Chọn tháng từ 1 đến 12"),
        ("period=fortnight", "period-year", "Chọn một kỳ báo cáo"),
    ],
)
def test_a_wrong_period_is_explained_beside_its_box(known, admin, query, box, words):
    response = admin.get(f"{PAGE}?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert f'href="#{box}"' in summary and words in summary
    # Beside the box, and the box points at it for screen readers.
    error_id = "period-error" if box == "period-year" else f"{box}-error"
    assert re.search(rf'<p class="error-message" id="{error_id}">.*?{re.escape(words)}', html)
    assert re.search(rf'aria-describedby="[^"]*{error_id}', html)
    assert "<title>Lỗi:" in html


def test_a_wrong_range_keeps_what_was_typed(known, admin):
    html = admin.get(f"{PAGE}?period=range&from=15/11/2022&to=1/11/2022").get_data(as_text=True)
    assert re.search(r'id="period-range"[^>]*checked', html)
    assert re.search(r'id="from"[^>]*value="15/11/2022"', html)
    assert re.search(r'id="to"[^>]*value="01/11/2022"', html)


def test_export_links_carry_the_filters(known, admin):
    html = admin.get(f"{PAGE}?period=quarter&year=2022&quarter=4&channel=paper").get_data(
        as_text=True
    )
    links = re.findall(r'href="([^"]*/export\.(?:csv|xlsx)[^"]*)"', html)
    assert len(links) == 2
    for link in links:
        link = unescape(link)
        assert "period=quarter" in link and "year=2022" in link and "quarter=4" in link
        assert "channel=paper" in link


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("period=year&year=2022", "ket-qua-ngoc-ky-hai-long-2022"),
        ("period=quarter&year=2022&quarter=4", "ket-qua-ngoc-ky-hai-long-2022-q4"),
        ("period=month&year=2022&month=11", "ket-qua-ngoc-ky-hai-long-2022-11"),
        (
            "period=range&from=01/10/2022&to=2022-12-31",
            "ket-qua-ngoc-ky-hai-long-2022-10-01-den-2022-12-31",
        ),
        ("period=all", "ket-qua-ngoc-ky-hai-long-toan-bo"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_file_names_say_unit_form_and_period(known, admin, query, name, fmt):
    response = admin.get(f"{PAGE}/export.{fmt}?{query}")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition == (f"attachment; filename=\"{name}.{fmt}\"; filename*=UTF-8''{name}.{fmt}")
    response.close()


def test_period_in_words_in_english(known, admin):
    html = admin.get(f"{PAGE}?period=quarter&year=2022&quarter=4&lang=en").get_data(as_text=True)
    assert label_of(html) == "Quarter IV 2022 (01/10/2022 – 31/12/2022)"
    html = admin.get(f"{PAGE}?period=month&year=2022&month=2&lang=en").get_data(as_text=True)
    assert label_of(html) == "Month 2, 2022 (01/02/2022 – 28/02/2022)"
