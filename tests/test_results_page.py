"""Every figure on the results page against plain Python over the stored rows."""

import re
from collections import Counter as Tally
from collections import defaultdict

import pytest

from tests.results_helpers import count, load_known, raw_answers, read_tables, vn_int, vn_pct

LEVELS = [
    ("rat-hai-long", "Rất hài lòng"),
    ("hai-long", "Hài lòng"),
    ("khong-hai-long", "Không hài lòng"),
]


@pytest.fixture
def known(app, make_user):
    return load_known(app, make_user)


@pytest.fixture
def admin(login):
    return login("admin", "hai-duong")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def test_seed_paper_slips_read_695_of_695(app, known, admin):
    rows = raw_answers(app, "hai-long")
    paper = [r for r in rows if r["channel"] == "paper" and r["question"] == "muc-do"]
    assert len(paper) == 695 and {r["value"] for r in paper} == {"rat-hai-long"}
    assert {r["day"][:7] for r in paper} == {f"2022-{m:02d}" for m in range(1, 10)}
    assert len({r["counter"] for r in paper}) == 6
    for url in (
        "/staff/results/ngoc-ky/hai-long?period=year&year=2022&channel=paper",
        "/staff/results/ngoc-ky/hai-long?period=range&from=2022-01-01&to=2022-09-30",
    ):
        html = page(admin, url)
        lines = re.findall(r"<strong>([\d.]+/[\d.]+)</strong> phiếu ([^(<]+?) \(", html)
        assert lines == [
            ("695/695", "rất hài lòng"),
            ("0/695", "hài lòng"),
            ("0/695", "không hài lòng"),
        ]
        assert '<span id="total-responses">695</span>' in html


def test_every_figure_of_a_commune(app, known, admin):
    rows = [r for r in raw_answers(app, "hai-long") if r["unit"] == "ngoc-ky"]
    html = page(admin, "/staff/results/ngoc-ky/hai-long?period=year&year=2022")
    tables = read_tables(html)
    responses = len({r["response"] for r in rows})
    assert f'<span id="total-responses">{vn_int(responses)}</span>' in html

    levels = count(rows, "muc-do")
    answered = sum(levels.values())
    assert answered == responses
    assert tables["q-muc-do"][1:] == [
        [label, vn_int(levels[key]), vn_pct(100 * levels[key] / answered)] for key, label in LEVELS
    ]
    satisfied = levels["rat-hai-long"] + levels["hai-long"]
    assert f"<strong>{vn_pct(100 * satisfied / answered)}</strong>" in html

    # Multiple choice: percentages of the responses that answered the question.
    reasons = count(rows, "chua-hai-long")
    askers = len({r["response"] for r in rows if r["question"] == "chua-hai-long"})
    shown = {row[0]: row[1:] for row in tables["q-chua-hai-long"][1:]}
    assert shown["Thời gian chờ đợi"] == [
        vn_int(reasons["thoi-gian-cho"]),
        vn_pct(100 * reasons["thoi-gian-cho"] / askers),
    ]
    assert shown["Phí, lệ phí"] == ["0", "0,0%"]

    # Per counter, per month and per channel, by level.
    names = {
        "van-hoa-xa-hoi": "Van Hoa Xa Hoi",
        "dia-chinh": "Dia Chinh",
        "tu-phap": "Tu Phap",
        "van-phong": "Van Phong",
        "cong-an": "Cong An",
        "quan-su": "Quan Su",
    }
    by = {"counter": defaultdict(Tally), "month": defaultdict(Tally), "channel": defaultdict(Tally)}
    for r in rows:
        if r["question"] == "muc-do":
            by["counter"][names[r["counter"]]][r["value"]] += 1
            m = r["day"][:7].split("-")
            by["month"][f"{m[1]}/{m[0]}"][r["value"]] += 1
            by["channel"]["Mã QR" if r["channel"] == "qr" else "Phiếu giấy"][r["value"]] += 1
    for table, key in (
        ("by-counter", "counter"),
        ("by-period", "month"),
        ("by-channel", "channel"),
    ):
        body = [row for row in _table_in(html, table)[1:] if row[0] != "Cộng"]
        expected = by[key]
        assert {row[0] for row in body} == set(expected)
        for row in body:
            tally = expected[row[0]]
            assert row[1:] == [vn_int(tally[k]) for k, _ in LEVELS] + [vn_int(sum(tally.values()))]
    assert [row[0] for row in _table_in(html, "by-period")[1:-1]] == sorted(
        by["month"], key=lambda t: t.split("/")[::-1]
    )


def _table_in(html, wrapper_id):
    """The table inside <div id=wrapper_id>."""
    start = html.index(f'id="{wrapper_id}"')
    end = html.index("</table>", start)
    return next(iter(read_tables(html[start:end] + "</table>").values()))


def test_district_sees_communes_side_by_side_and_ranked(app, known, admin):
    rows = raw_answers(app, "hai-long")
    html = page(admin, "/staff/results/tu-ky/hai-long?period=year&year=2022")
    table = read_tables(html)["units-table"]
    expected = []
    for code, name in (("ngoc-ky", "Xã Ngọc Kỳ"), ("tan-ky", "Xã Tân Kỳ")):
        levels = count(rows, "muc-do", unit=code)
        n = sum(levels.values())
        rate = 100 * (levels["rat-hai-long"] + levels["hai-long"]) / n
        expected.append((rate, name, n, levels))
    expected.sort(key=lambda e: -e[0])
    assert table[1:] == [
        [str(rank), name, vn_int(n), *[vn_int(levels[k]) for k, _ in LEVELS], vn_pct(rate)]
        for rank, (rate, name, n, levels) in enumerate(expected, 1)
    ]
    total = len({r["response"] for r in rows})
    assert f'<span id="total-responses">{vn_int(total)}</span>' in html


def test_sipas_index_per_factor(app, known, admin):
    rows = raw_answers(app, "sipas")
    html = page(admin, "/staff/results/ngoc-ky/sipas?period=year&year=2022")
    shown = {row[0]: row[1] for row in read_tables(html)["factors-table"][1:]}
    labels = {
        "tiep-can": "Tiếp cận dịch vụ",
        "thu-tuc": "Thủ tục hành chính",
        "cong-chuc": "Công chức trực tiếp giải quyết công việc",
        "ket-qua": "Kết quả dịch vụ",
        "gop-y-phan-anh": "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
    }
    for key, label in labels.items():
        values = count(rows, key)
        index = 100 * (values["rat-hai-long"] + values["hai-long"]) / sum(values.values())
        assert shown[label] == vn_pct(index)


def test_dossier_points_totals_and_grades(app, known, admin):
    rows = raw_answers(app, "danh-gia-tthc")
    totals = Tally()
    per_response = defaultdict(float)
    for r in rows:
        if r["number"] is not None:
            per_response[r["response"]] += r["number"]
    totals.update(per_response.values())
    html = page(admin, "/staff/results/ngoc-ky/danh-gia-tthc?period=year&year=2022")
    tables = read_tables(html)
    assert tables["totals-table"][1:] == [
        [f"{t:.0f}", vn_int(n)] for t, n in sorted(totals.items())
    ]
    # Bands written out here independently of the definition file's parser.
    bands = {
        "Xuất sắc": lambda t: t > 15,
        "Tốt": lambda t: 12 < t <= 15,
        "Khá": lambda t: 9 < t <= 12,
        "Trung bình": lambda t: 6 < t <= 9,
        "Yếu": lambda t: t <= 6,
    }
    n = len(per_response)
    for row in tables["grades-table"][1:]:
        got = sum(1 for t in per_response.values() if bands[row[0]](t))
        assert row[2:] == [vn_int(got), vn_pct(100 * got / n)]
    first = [r for r in rows if r["question"] == "tong-thoi-gian"]
    mean = sum(r["number"] for r in first) / len(first)
    indicators = {row[0]: row[1] for row in tables["indicators-table"][1:]}
    assert indicators["Tổng thời gian giải quyết so với thời hạn theo quy định"] == (
        f"{mean:.2f}".replace(".", ",")
    )
    overall = sum(per_response.values()) / n
    assert f"<strong>{overall:.2f}".replace(".", ",") in html


@pytest.mark.parametrize(
    ("query", "start", "end"),
    [
        ("period=day&date=2022-03-15", "2022-03-15", "2022-03-15"),
        ("period=week&date=2022-03-16", "2022-03-14", "2022-03-20"),
        ("period=month&date=2022-02-10", "2022-02-01", "2022-02-28"),
        ("period=quarter&date=2022-05-05", "2022-04-01", "2022-06-30"),
        ("period=year&date=2022-05-05", "2022-01-01", "2022-12-31"),
        ("period=range&from=2022-03-01&to=2022-10-31", "2022-03-01", "2022-10-31"),
    ],
)
def test_periods_select_their_days(app, known, admin, query, start, end):
    rows = [r for r in raw_answers(app, "hai-long") if r["unit"] == "ngoc-ky"]
    inside = [r for r in rows if start <= r["day"] <= end and r["question"] == "muc-do"]
    html = page(admin, f"/staff/results/ngoc-ky/hai-long?{query}")
    if not inside:
        assert 'id="no-responses"' in html
        return
    assert f'<span id="total-responses">{vn_int(len(inside))}</span>' in html
    levels = Tally(r["value"] for r in inside)
    assert read_tables(html)["q-muc-do"][1][1] == vn_int(levels["rat-hai-long"])


@pytest.mark.parametrize(
    "query",
    [
        "period=fortnight",
        "period=month&date=2022-13-01",
        "period=range&from=2022-05-01&to=2022-04-01",
        "period=range&from=1899-01-01&to=2022-01-01",
        "period=range",
        "channel=fax",
        "counter=khong-co",
        "period=day&date=%00",
    ],
)
def test_bad_filters_are_400_in_vietnamese(known, admin, query):
    response = admin.get(f"/staff/results/ngoc-ky/hai-long?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # The whole page again, the error summary on top and the message beside its box.
    assert 'class="error-summary"' in html and 'class="error-message"' in html
    assert '<form method="get" class="filters period-choice' in html
    assert "Mã lỗi" not in html and 'id="total-responses"' not in html


def test_counter_filter(app, known, admin):
    rows = raw_answers(app, "hai-long")
    mine = {r["response"] for r in rows if r["counter"] == "tu-phap"}
    html = page(admin, "/staff/results/ngoc-ky/hai-long?period=year&year=2022&counter=tu-phap")
    assert f'<span id="total-responses">{vn_int(len(mine))}</span>' in html
