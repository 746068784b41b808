"""A second send from the same page corrects the first answer; HEAD costs nothing."""

import re

from core.db import get_db
from core.units import get_unit_by_code
from forms.expand import expand_pending
from forms.registry import get_form
from results.periods import Period
from results.report import build_report
from results.tallies import Filters

URL = "/f/ngoc-ky/hai-long?counter=tu-phap"


def open_form(client, url=URL) -> dict:
    html = client.get(url).get_data(as_text=True)
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("csrf_token", "submission_id")
    }


def answers(app) -> list[tuple]:
    with app.app_context():
        expand_pending(get_db())
        return get_db().execute("SELECT response_id, question, value FROM answers").fetchall()


def summary(app) -> list[tuple]:
    """The results page's summary counts (through the per-worker ledger)."""
    with app.test_request_context():
        report = build_report(
            get_db(), get_form("hai-long"), get_unit_by_code("ngoc-ky"), Filters(Period("all"))
        )
        return [(n, label) for n, _total, label in report.summary_lines if n]


def responses(app) -> int:
    with app.app_context():
        return get_db().execute("SELECT count(*) FROM responses").fetchone()[0]


def test_a_second_send_from_the_same_page_replaces_the_first(app, client):
    fields = open_form(client)
    first = client.post(URL, data={**fields, "muc-do": "rat-hai-long"})
    second = client.post(
        URL, data={**fields, "muc-do": "khong-hai-long", "chua-hai-long": "thai-do"}
    )
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert responses(app) == 1
    rows = answers(app)
    assert [(q, v) for _r, q, v in rows] == [
        ("muc-do", "khong-hai-long"),
        ("chua-hai-long", "thai-do"),
    ]
    assert summary(app) == [(1, "Không hài lòng")]


def test_a_correction_reaches_answers_already_expanded_and_counted(app, client):
    fields = open_form(client)
    client.post(URL, data={**fields, "muc-do": "rat-hai-long", "gop-y": "Tốt"})
    # The results page expands the answers and keeps its tallies in this worker.
    assert summary(app) == [(1, "Rất hài lòng")]
    assert client.post(URL, data={**fields, "muc-do": "hai-long"}).status_code == 303
    assert [(q, v) for _r, q, v in answers(app)] == [("muc-do", "hai-long")]
    assert summary(app) == [(1, "Hài lòng")]
    with app.app_context():
        kept = get_db().execute("SELECT previous_answers FROM response_corrections").fetchall()
    assert len(kept) == 1 and "rat-hai-long" in kept[0][0] and "Tốt" in kept[0][0]


def test_same_answers_again_is_a_retry_not_a_correction(app, client):
    fields = open_form(client)
    for _ in range(3):
        assert client.post(URL, data={**fields, "muc-do": "hai-long"}).status_code == 303
    assert responses(app) == 1
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM response_corrections").fetchone()[0] == 0


def test_after_the_correction_window_the_first_answer_stays(app, client):
    fields = open_form(client)
    client.post(URL, data={**fields, "muc-do": "rat-hai-long"})
    with app.app_context():
        get_db().execute(
            "UPDATE responses SET submitted_at ="
            " strftime('%Y-%m-%dT%H:%M:%S+00:00', submitted_at, '-11 minutes')"
        )
    late = client.post(URL, data={**fields, "muc-do": "khong-hai-long"})
    assert late.status_code == 303
    assert client.get(late.headers["Location"]).status_code == 200
    assert responses(app) == 1
    assert [(q, v) for _r, q, v in answers(app)] == [("muc-do", "rat-hai-long")]


def test_a_correction_is_checked_like_a_first_send(app, client):
    fields = open_form(client)
    client.post(URL, data={**fields, "muc-do": "rat-hai-long"})
    bad = client.post(URL, data={**fields, "muc-do": "khong-co"})
    assert bad.status_code == 422
    # Another form's page cannot correct this response.
    other = client.post("/f/ngoc-ky/sipas", data={**fields})
    assert other.status_code in (400, 422)
    assert [(q, v) for _r, q, v in answers(app)] == [("muc-do", "rat-hai-long")]


def test_a_corrected_receipt_code_meets_the_one_rating_per_dossier_rule(app, client):
    url = "/f/ngoc-ky/danh-gia-tthc"
    tthc = dict.fromkeys(
        ("tong-thoi-gian", "thoi-gian-tung-co-quan", "so-co-quan", "tiep-nhan-tra-ket-qua"), "2"
    )
    tthc |= {"so-lan-lien-he": "1", "cong-khai": "2"}
    tthc |= dict.fromkeys(("thai-do", "phan-anh-kien-nghi", "truc-tuyen"), "0")
    first = {**open_form(client, url), **tthc, "receipt_code": "HS-1"}
    second = {**open_form(client, url), **tthc, "receipt_code": "HS-2"}
    assert client.post(url, data=first).status_code == 303
    assert client.post(url, data=second).status_code == 303
    # Correcting the second page's code to the first dossier's is refused...
    clash = client.post(url, data={**second, "receipt_code": "hs 1"})
    assert clash.status_code == 409
    assert "Hồ sơ này đã được đánh giá" in clash.get_data(as_text=True)
    # ...and to a new code is taken.
    assert client.post(url, data={**second, "receipt_code": "HS-3"}).status_code == 303
    with app.app_context():
        codes = get_db().execute("SELECT receipt_code FROM responses ORDER BY id").fetchall()
    assert codes == [("HS-1",), ("HS-3",)]


def test_head_of_a_form_page_answers_like_get_and_spends_no_allowance(app, client):
    app.config["RATE_LIMIT_SUBMISSIONS"] = 2
    get = client.get(URL)
    for _ in range(5):
        head = client.head(URL)
        assert head.status_code == 200
        assert head.data == b""
        assert head.headers["Content-Type"] == get.headers["Content-Type"]
        assert head.headers["Cache-Control"] == get.headers["Cache-Control"]
    for _ in range(5):
        assert client.get(URL).status_code == 200
    fields = open_form(client)
    assert client.post(URL, data={**fields, "muc-do": "hai-long"}).status_code == 303


def test_the_form_page_stays_in_the_browser_for_back(client):
    """Back must show the same page (same submission id), not fetch a new one:
    the browser may keep it, and the form posts to another URL, since a POST
    to a URL drops the browser's copy of it."""
    page = client.get(URL)
    cache = page.headers["Cache-Control"]
    assert "no-store" not in cache
    assert "private" in cache and "no-cache" in cache
    action = re.search(r'<form method="post" action="([^"]+)"', page.get_data(as_text=True))
    assert action.group(1) == "/f/ngoc-ky/hai-long/gui?counter=tu-phap"


def test_the_old_form_url_still_takes_a_post(app, client):
    fields = open_form(client)
    assert client.post(URL, data={**fields, "muc-do": "hai-long"}).status_code == 303
    assert responses(app) == 1
