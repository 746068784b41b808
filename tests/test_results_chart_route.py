"""The results page's charts as images of their own route (issue #18): access, filters, caching."""

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.results_helpers import chart_sources, fetch_charts, load_known

YEAR = "period=year&year=2022"
BASE = "/staff/results/ngoc-ky/hai-long"


@pytest.fixture
def known(app, make_user):
    return load_known(app, make_user)


@pytest.fixture
def staff(login):
    return login("staff", "ngoc-ky")


def test_the_page_lists_its_charts_as_sized_lazy_images(known, staff):
    html = staff.get(f"{BASE}?{YEAR}&channel=paper").get_data(as_text=True)
    assert "<svg" not in html
    images = re.findall(r'<img class="chart-img"[^>]*>', html)
    assert len(images) == len(chart_sources(html)) >= 2
    for image in images:
        assert re.search(r' width="\d+" height="\d+"', image), image
        assert 'loading="lazy"' in image
        alt = re.search(r'alt="([^"]+)"', image).group(1)
        assert alt.startswith("Biểu đồ") and "bảng cùng mục" in alt
    for src in chart_sources(html):
        path, query = urlsplit(src)[2:4]
        assert re.fullmatch(rf"{BASE}/chart/[a-z]+\.svg", path)
        # The page's filters, so the chart draws the page's figures.
        assert parse_qs(query) == {"period": ["year"], "year": ["2022"], "channel": ["paper"]}


def test_a_chart_is_an_svg_image_with_its_text_as_text(known, staff):
    html = staff.get(f"{BASE}?{YEAR}").get_data(as_text=True)
    for src, svg in fetch_charts(staff, html).items():
        response = staff.get(src)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "private, no-cache"
        assert response.headers["ETag"]
        assert svg.startswith("<svg") and "<text" in svg and "DejaVu Sans" in svg
        assert " style=" not in svg and "<style" not in svg and "<script" not in svg
    summary = staff.get(f"{BASE}/chart/summary.svg?{YEAR}").get_data(as_text=True)
    assert "Rất hài lòng" in summary  # Vietnamese labels as text


def test_a_reload_is_answered_without_drawing(app, known, staff, monkeypatch):
    url = f"{BASE}/chart/period.svg?{YEAR}"
    tag = staff.get(url).headers["ETag"]
    # Other filters' chart is another drawing, whatever the browser holds.
    other = staff.get(f"{url}&channel=qr", headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["ETag"] != tag
    from results import figures

    def refuse(_chart):
        raise AssertionError("drawn again")

    monkeypatch.setattr(figures, "draw", refuse)
    again = staff.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == tag


def test_a_new_response_changes_the_etag(app, known, staff):
    url = f"{BASE}/chart/summary.svg?{YEAR}"
    before = staff.get(url).headers["ETag"]
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
            submission_id="chart-etag-0001",
            submitted_at=datetime(2022, 5, 5, 3, tzinfo=UTC),
        )
    after = staff.get(url, headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


def test_the_chart_route_keeps_the_pages_access_rules(app, known, login, make_user):
    url = f"{BASE}/chart/summary.svg?{YEAR}"
    anonymous = app.test_client().get(url)
    assert anonymous.status_code == 302 and "/staff/login" in anonymous.headers["Location"]
    assert login("admin", "tan-ky").get(url).status_code == 403  # another unit's admin
    assert login("inspector", "ngoc-ky").get(url).status_code == 403  # a role without results
    assert login("secretary", "ngoc-ky").get(url).status_code == 200
    assert login("admin", "hai-duong").get(url).status_code == 200  # the province above


@pytest.mark.parametrize(
    "query",
    [
        "period=nonsense",
        "period=year&year=abc",
        "period=month&year=2022&month=13",
        "period=range&from=31/12/2022&to=01/01/2022",
        "period=range&from=x&to=y",
        f"{YEAR}&channel=fax",
        f"{YEAR}&counter=khong-co",
        "period=year&year=99999999999999999999",
    ],
)
def test_bad_filters_are_a_400_never_a_500(known, staff, query):
    assert staff.get(f"{BASE}/chart/summary.svg?{query}").status_code == 400


def test_a_chart_the_report_does_not_have_is_a_404(known, staff, login):
    assert staff.get(f"{BASE}/chart/nothing.svg?{YEAR}").status_code == 404
    assert staff.get(f"{BASE}/chart/indicators.svg?{YEAR}").status_code == 404
    assert staff.get(f"{BASE}/chart/summary.svg?period=year&year=2001").status_code == 404
    # Child units are compared only where the unit has children.
    assert staff.get(f"{BASE}/chart/units.svg?{YEAR}").status_code == 404
    province = login("admin", "hai-duong")
    units = province.get(f"/staff/results/hai-duong/hai-long/chart/units.svg?{YEAR}")
    assert units.status_code == 200


def test_the_chart_draws_the_filtered_figures(known, staff):
    paper = staff.get(f"{BASE}/chart/summary.svg?{YEAR}&channel=paper").get_data(as_text=True)
    every = staff.get(f"{BASE}/chart/summary.svg?{YEAR}").get_data(as_text=True)
    # The demo's 695 paper slips all answered 'rất hài lòng': 100 % of the paper chart.
    assert "695 (100,0%)" in paper
    assert "695 (100,0%)" not in every


# Runs in a fresh interpreter: this test process has imported matplotlib for other tests.
SCRIPT = """
import json, sys
from app import create_app
app = create_app({"DATABASE": sys.argv[1], "SECRET_KEY": "x" * 32, "TESTING": True})
client = app.test_client()
with client.session_transaction() as session:
    session["_user_id"] = sys.argv[2]
    session["_fresh"] = True
page = client.get("/staff/results/hai-duong/hai-long?period=year&year=2022")
after_page = "matplotlib" in sys.modules
html = page.get_data(as_text=True)
chart = client.get("/staff/results/hai-duong/hai-long/chart/units.svg?period=year&year=2022")
print(json.dumps({"page": page.status_code, "images": html.count('class="chart-img"'),
                  "after_page": after_page, "chart": chart.status_code,
                  "after_chart": "matplotlib" in sys.modules}))
"""


def test_the_page_with_charts_does_not_import_matplotlib(app, known, login):
    login("admin", "hai-duong")
    with app.app_context():
        from auth.users import load_user

        token = load_user(app.extensions["phieu_test_users"]["admin-hai-duong"]).get_id()
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, app.config["DATABASE"], token],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["page"] == 200 and found["images"] >= 3
    assert found["after_page"] is False, "the results page imported matplotlib"
    # The probe can see matplotlib: the chart itself loads it.
    assert found["chart"] == 200 and found["after_chart"] is True


def test_a_chart_of_too_many_bars_leaves_its_table_alone(known, staff, monkeypatch):
    from results import figures

    monkeypatch.setattr(figures, "MAX_BARS", 2)
    html = staff.get(f"{BASE}?{YEAR}").get_data(as_text=True)
    assert "/chart/" not in html  # three levels, six counters, twelve months: all too many
    hints = re.findall(r"Biểu đồ này không được vẽ vì có (\d+) thanh, quá nhiều để đọc", html)
    assert sorted(int(n) for n in hints) == [3, 6, 12]
    assert 'id="by-counter"' in html and 'id="by-period"' in html  # the tables stay
    assert staff.get(f"{BASE}/chart/counter.svg?{YEAR}").status_code == 404
