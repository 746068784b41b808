"""The counter kiosk over HTTP (issue #17): pairing, the refused stranger, ratings, limits."""

from urllib.parse import urlsplit

import pytest

from core.db import get_db
from tests.kiosk_helpers import pair, pair_link, rating


def _rows(app, sql: str, params=()):
    with app.app_context():
        return get_db().execute(sql, params).fetchall()


def test_kiosk_pair_prints_the_link_last_on_the_public_base_url(app, runner):
    app.config["PUBLIC_BASE_URL"] = "https://phieu.example.vn/"
    result = runner.invoke(args=["kiosk-pair", "--unit", "ngoc-ky", "--counter", "tu-phap"])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("https://phieu.example.vn/k/ghep/")
    assert len(urlsplit(last).path.rsplit("/", 1)[1]) >= 32


@pytest.mark.parametrize(
    "args, reason",
    [
        (["--unit", "khong-co", "--counter", "tu-phap"], "Không có đơn vị"),
        (["--unit", "ngoc-ky", "--counter", "khong-co"], "không có quầy"),
        (["--unit", "ngoc-ky", "--counter", "tu-phap", "--form", "khong-co"], "Không có phiếu"),
        (["--unit", "ngoc-ky", "--counter", "tu-phap", "--form", "danh-gia-tthc"], "mã hồ sơ"),
        (["--unit", "ngoc-ky"], "Missing option"),
    ],
)
def test_kiosk_pair_refuses_bad_arguments_in_one_line(runner, args, reason):
    result = runner.invoke(args=["kiosk-pair", *args])
    assert result.exit_code != 0
    assert reason in result.output


def test_pairing_turns_the_browser_into_the_counters_kiosk(app, runner, client):
    answer = pair(client, pair_link(runner))
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/k/")
    cookie = answer.headers["Set-Cookie"]
    assert "phieu_kiosk=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Path=/k/" in cookie
    page = client.get("/k/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Tu Phap" in html and "Xã Ngọc Kỳ" in html
    assert "kiosk.js" in html and "<script>" not in html and "style=" not in html
    # No staff login is left on the tablet: the session holds no user.
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_a_pairing_link_serves_once(app, runner, client):
    link = pair_link(runner)
    assert pair(client, link).status_code == 303
    other = app.test_client()
    path = urlsplit(link).path
    assert other.get(path).status_code == 404
    assert other.post(path).status_code in (400, 404)  # no CSRF token, or the spent link


def test_a_pairing_link_expires_after_ten_minutes(app, runner, client):
    link = pair_link(runner)
    with app.app_context():
        db = get_db()
        with db.conn:
            db.execute("UPDATE kiosk_pairings SET expires_at = '2000-01-01T00:00:00+00:00'")
    assert client.get(urlsplit(link).path).status_code == 404


def test_a_browser_never_paired_is_refused(client):
    assert client.get("/k/").status_code == 403
    assert client.get("/k/trang-thai").status_code == 403
    assert client.post("/k/danh-gia", json=rating()).status_code == 403
    client.set_cookie("phieu_kiosk", "forged-credential", path="/k/")
    assert client.get("/k/").status_code == 403
    assert client.post("/k/danh-gia", json=rating()).status_code == 403


def test_a_kiosk_rating_is_stored_once_with_its_channel_and_counter(app, runner, client):
    pair(client, pair_link(runner))
    body = rating("khong-hai-long", **{"chua-hai-long": ["thai-do"], "gop-y": ["Chờ lâu"]})
    first = client.post("/k/danh-gia", json=body)
    again = client.post("/k/danh-gia", json=body)
    assert (first.status_code, first.json) == (201, {"stored": True})
    assert (again.status_code, again.json) == (200, {"stored": False})
    rows = _rows(
        app,
        "SELECT r.channel, c.code, r.client_hash FROM responses r"
        " JOIN counters c ON c.id = r.counter_id WHERE submission_id = ?",
        [body["submission_id"]],
    )
    assert rows == [("kiosk", "tu-phap", None)]


def test_an_offline_rating_keeps_the_moment_it_was_tapped(app, runner, client):
    pair(client, pair_link(runner))
    body = rating() | {"waited": 3 * 3600}
    assert client.post("/k/danh-gia", json=body).status_code == 201
    # Far older than a week is taken as a week: a tablet cannot backdate further.
    old = rating() | {"waited": 10**9}
    assert client.post("/k/danh-gia", json=old).status_code == 201
    rows = _rows(
        app,
        "SELECT (julianday('now') - julianday(submitted_at)) * 24 FROM responses"
        " WHERE submission_id IN (?, ?) ORDER BY id",
        [body["submission_id"], old["submission_id"]],
    )
    assert 2.9 < rows[0][0] < 3.1
    assert 7 * 24 - 0.1 < rows[1][0] < 7 * 24 + 0.1


@pytest.mark.parametrize(
    "body, status",
    [
        ({"submission_id": "short", "answers": {"muc-do": ["hai-long"]}}, 400),
        ({"submission_id": "a" * 22, "answers": {"khac": ["x"]}}, 400),
        ({"submission_id": "a" * 22, "answers": {"muc-do": "hai-long"}}, 400),
        ({"submission_id": "a" * 22, "answers": {"muc-do": [1]}}, 400),
        ({"submission_id": "a" * 22, "answers": {"muc-do": ["hai-long"]}, "waited": "x"}, 400),
        ({"submission_id": "a" * 22, "answers": {"muc-do": ["tuyet-voi"]}}, 422),
        ({"submission_id": "a" * 22, "answers": {}}, 422),
    ],
)
def test_bad_kiosk_posts_get_a_4xx_and_store_nothing(app, runner, client, body, status):
    pair(client, pair_link(runner))
    assert client.post("/k/danh-gia", json=body).status_code == status
    assert _rows(app, "SELECT count(*) FROM responses") == [(0,)]


def test_a_post_from_another_site_is_refused(app, runner, client):
    pair(client, pair_link(runner))
    answer = client.post("/k/danh-gia", json=rating(), headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403
    assert _rows(app, "SELECT count(*) FROM responses") == [(0,)]


def test_a_kiosk_has_its_own_limit_not_the_per_address_one(app, runner, client):
    app.config["RATE_LIMIT_SUBMISSIONS"] = 1
    app.config["RATE_LIMIT_KIOSK"] = 3
    pair(client, pair_link(runner))
    codes = [client.post("/k/danh-gia", json=rating()).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    # Another kiosk behind the same address has its own allowance.
    other = app.test_client()
    pair(other, pair_link(runner, "dia-chinh"))
    assert other.post("/k/danh-gia", json=rating()).status_code == 201


def test_an_unpaired_kiosk_stops_at_once(app, runner, client, login):
    pair(client, pair_link(runner))
    assert client.get("/k/trang-thai").status_code == 200
    staff = login("staff")
    page = staff.get("/staff/kiosk/ngoc-ky/").get_data(as_text=True)
    assert "Gỡ ghép máy #1" in page
    from tests.kiosk_helpers import csrf_of

    done = staff.post("/staff/kiosk/ngoc-ky/may/1/go", data={"csrf_token": csrf_of(page)})
    assert done.status_code == 302
    assert client.get("/k/").status_code == 403
    assert client.get("/k/trang-thai").status_code == 403
    assert client.post("/k/danh-gia", json=rating()).status_code == 403
    assert "Gỡ ghép máy #1" not in staff.get("/staff/kiosk/ngoc-ky/").get_data(as_text=True)


def test_a_form_post_to_the_rating_url_is_refused_even_from_a_kiosk(app, runner, client):
    pair(client, pair_link(runner))
    answer = client.post("/k/danh-gia", data={"submission_id": "a" * 22, "muc-do": "hai-long"})
    assert answer.status_code == 400
    assert _rows(app, "SELECT count(*) FROM responses") == [(0,)]
