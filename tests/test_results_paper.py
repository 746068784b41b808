"""Paper slip batches: entry with CSRF, retries stored once, withdrawal audited; access."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.db import get_db
from forms.expand import expand_pending

URL = "/staff/results/ngoc-ky/hai-long/paper"


def form_fields(html: str) -> dict:
    return {
        "csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1],
        "key": re.search(r'id="key" name="key" type="hidden" value="([^"]+)"', html)[1],
    }


def post_batch(client, **fields):
    html = client.get(URL).get_data(as_text=True)
    data = {
        **form_fields(html),
        "day": "2022-09-30",
        "counter": "tu-phap",
        "level_rat-hai-long": "12",
        "level_hai-long": "3",
        "level_khong-hai-long": "0",
    }
    data.update(fields)
    return client.post(URL, data=data), data


def count(app, sql, params=()):
    with app.app_context():
        expand_pending(get_db())
        return get_db().execute(sql, params).fetchone()[0]


def test_batch_is_stored_once_even_when_retried(app, login):
    client = login("staff")
    response, data = post_batch(client)
    assert response.status_code == 302
    again = client.post(URL, data=data, follow_redirects=True)
    assert "Đợt phiếu này đã được lưu trước đó" in again.get_data(as_text=True)
    assert count(app, "SELECT count(*) FROM paper_batches") == 1
    assert count(app, "SELECT count(*) FROM responses WHERE channel = 'paper'") == 15
    assert count(app, "SELECT count(*) FROM responses WHERE entered_by IS NULL") == 0
    assert count(app, "SELECT count(DISTINCT day) FROM answers") == 1
    html = client.get("/staff/results/ngoc-ky/hai-long?period=all&channel=paper").get_data(
        as_text=True
    )
    assert "<strong>12/15</strong> phiếu rất hài lòng" in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"day": ""}, "Nhập ngày thu phiếu."),
        ({"day": "31/02/2022"}, "ngày/tháng/năm"),
        ({"day": "2999-01-01"}, "2000 đến 2100"),
        ({"day": "2099-01-01"}, "không được sau hôm nay"),
        ({"counter": "khong-co"}, "Not a valid choice"),
        ({"level_rat-hai-long": "-1"}, "số nguyên từ 0"),
        ({"level_rat-hai-long": "abc"}, "số nguyên từ 0"),
        ({"level_rat-hai-long": "0", "level_hai-long": "0"}, "ít nhất một mức"),
        ({"level_rat-hai-long": "5001"}, "tối đa 5000"),
    ],
)
def test_bad_batches_are_refused_with_a_summary(app, login, fields, message):
    client = login("staff")
    response, _ = post_batch(client, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="error-summary"' in html
    if message != "Not a valid choice":
        assert message in html
    assert count(app, "SELECT count(*) FROM paper_batches") == 0
    assert count(app, "SELECT count(*) FROM responses") == 0


def test_missing_csrf_is_refused(app, login):
    client = login("staff")
    response = client.post(URL, data={"day": "2022-09-30", "level_rat-hai-long": "5"})
    assert response.status_code == 400
    assert count(app, "SELECT count(*) FROM responses") == 0


def test_withdrawal_leaves_tallies_and_is_audited(app, login):
    client = login("secretary")
    post_batch(client)
    post_batch(client, **{"level_rat-hai-long": "4", "level_hai-long": "0"})
    batch_id = count(app, "SELECT min(id) FROM paper_batches")
    url = f"{URL}/{batch_id}/withdraw"
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    short = client.post(url, data={"csrf_token": token, "reason": "ab"})
    assert short.status_code == 422 and "Lý do từ 5 đến 500 ký tự." in short.get_data(as_text=True)
    done = client.post(url, data={"csrf_token": token, "reason": "Nhập nhầm ngày thu phiếu"})
    assert done.status_code == 302
    again = client.post(url, data={"csrf_token": token, "reason": "Nhập nhầm ngày thu phiếu"})
    assert again.status_code == 409
    # Kept, marked, out of the tallies.
    assert count(app, "SELECT count(*) FROM responses") == 19
    assert count(app, "SELECT count(*) FROM responses WHERE withdrawn = 1") == 15
    assert count(app, "SELECT count(*) FROM answers WHERE withdrawn = 1") == 15
    assert count(app, "SELECT withdraw_reason FROM paper_batches WHERE id = ?", [batch_id]) == (
        "Nhập nhầm ngày thu phiếu"
    )
    html = client.get("/staff/results/ngoc-ky/hai-long?period=all").get_data(as_text=True)
    assert '<span id="total-responses">4</span>' in html
    assert "<strong>4/4</strong> phiếu rất hài lòng" in html
    csv_text = client.get("/staff/results/ngoc-ky/hai-long/export.csv").get_data(as_text=True)
    assert len(csv_text.strip().splitlines()) == 1 + 4
    with app.app_context():
        entries = (
            get_db()
            .execute(
                "SELECT action, entity_id, detail FROM audit_log WHERE entity = 'paper_batch'"
                " ORDER BY id"
            )
            .fetchall()
        )
    assert [e[0] for e in entries] == ["enter", "enter", "withdraw"]
    assert entries[-1][1] == str(batch_id)
    assert json.loads(entries[-1][2]) == {"reason": "Nhập nhầm ngày thu phiếu", "slips": 15}
    listing = client.get(URL).get_data(as_text=True)
    assert "Đã rút" in listing and "Nhập nhầm ngày thu phiếu" in listing


def test_withdrawing_another_units_batch_is_refused(app, login):
    post_batch(login("staff"))
    batch_id = count(app, "SELECT id FROM paper_batches")
    other = login("staff", "tan-ky")
    assert other.get(f"{URL}/{batch_id}/withdraw").status_code == 403
    wrong_form = login("admin", "hai-duong")
    assert (
        wrong_form.get(f"/staff/results/ngoc-ky/sipas/paper/{batch_id}/withdraw").status_code == 404
    )
    assert wrong_form.get(f"{URL}/999/withdraw").status_code == 404


ROUTES = [
    "/staff/results/ngoc-ky/hai-long",
    "/staff/results/ngoc-ky/hai-long/export.csv",
    "/staff/results/ngoc-ky/hai-long/export.xlsx",
    URL,
]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    ("role", "unit", "status"),
    [
        ("staff", "ngoc-ky", 200),
        ("secretary", "ngoc-ky", 200),
        ("admin", "hai-duong", 200),
        ("secretary", "tu-ky", 200),
        ("inspector", "ngoc-ky", 403),
        ("staff", "tan-ky", 403),
        ("secretary", "tan-ky", 403),
    ],
)
def test_access_matrix(login, route, role, unit, status):
    assert login(role, unit).get(route).status_code == status


@pytest.mark.parametrize("route", ROUTES)
def test_anonymous_is_sent_to_login(client, route):
    response = client.get(route)
    assert response.status_code in (302, 401)


def test_unknown_unit_and_form_are_404(login):
    client = login("admin", "hai-duong")
    assert client.get("/staff/results/khong-co/hai-long").status_code == 404
    assert client.get("/staff/results/ngoc-ky/khong-co").status_code == 404
    assert client.get("/staff/results/ngoc-ky/hai-long/export.pdf").status_code == 404
    # Forms whose slips need more than one answer are not entered as counts.
    assert client.get("/staff/results/ngoc-ky/sipas/paper").status_code == 404


def test_home_page_links(login):
    html = login("staff").get("/staff/").get_data(as_text=True)
    assert "/staff/results/ngoc-ky/hai-long/paper" in html
    assert "/staff/results/ngoc-ky/sipas" in html
    assert "/staff/results" not in login("inspector").get("/staff/").get_data(as_text=True)


def test_pages_without_charts_do_not_import_matplotlib_or_pandas(app, make_user):
    """A fresh interpreter: app start-up, the paper page and an empty results page."""
    make_user("motcua-probe", "staff")
    script = f"""
import sys
from app import create_app
app = create_app({{"DATABASE": {app.config["DATABASE"]!r}, "SECRET_KEY": "x" * 32,
                  "TESTING": True}})
with app.app_context():
    from core.db import get_db
    uid = get_db().execute("SELECT id FROM users WHERE username = 'motcua-probe'").fetchone()[0]
client = app.test_client()
with client.session_transaction() as session:
    session["_user_id"] = str(uid)
assert client.get("{URL}").status_code == 200
assert client.get("/staff/results/ngoc-ky/hai-long").status_code == 200
assert client.get("/staff/results/ngoc-ky/sipas?period=year&date=2022-01-01").status_code == 200
print(sorted(m for m in ("matplotlib", "pandas") if m in sys.modules))
"""
    root = Path(__file__).parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
