"""Paper slips typed in one by one for any form: stored once, checked, withdrawn."""

import json
import re

import pytest

from core.db import get_db
from forms.expand import expand_pending
from tests.results_helpers import TTHC_12

BASE = "/staff/results/ngoc-ky"

SIPAS = {
    "tiep-can": "rat-hai-long",
    "thu-tuc": "hai-long",
    "cong-chuc": "binh-thuong",
    "ket-qua": "khong-hai-long",
    "gop-y-phan-anh": "rat-khong-hai-long",
    "gop-y": "Cần thêm ghế chờ ở quầy tư pháp.",
}


def url(form: str) -> str:
    return f"{BASE}/{form}/paper/slip"


def page_fields(html: str) -> dict:
    return {
        "csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1],
        "submission_id": re.search(r'name="submission_id" type="hidden" value="([^"]+)"', html)[1],
    }


def post_slip(client, form: str, answers: dict, **fields):
    page = client.get(url(form))
    assert page.status_code == 200
    data = {**page_fields(page.get_data(as_text=True)), "slip_day": "2022-09-30"}
    data.update(answers)
    data.update(fields)
    return client.post(url(form), data=data), data


def rows(app, sql, params=()):
    with app.app_context():
        expand_pending(get_db())
        return get_db().execute(sql, params).fetchall()


def count(app, sql, params=()):
    return rows(app, sql, params)[0][0]


def stored_answers(app, response_id: int) -> dict:
    return dict(
        rows(app, "SELECT question, value FROM answers WHERE response_id = ?", [response_id])
    )


@pytest.mark.parametrize(
    ("form", "answers", "extra"),
    [
        ("sipas", SIPAS, {"slip_counter": "tu-phap"}),
        ("danh-gia-tthc", TTHC_12, {"receipt_code": "000.00.27.H23-220930-0007"}),
    ],
)
def test_a_slip_is_stored_as_paper_with_its_batch(app, login, form, answers, extra):
    client = login("staff")
    response, data = post_slip(client, form, answers, **extra)
    assert response.status_code == 303
    # The next blank slip of the stack: the same counter and day, one slip entered.
    counter = f"counter={extra['slip_counter']}&" if "slip_counter" in extra else ""
    next_slip = f"{url(form)}?{counter}day=2022-09-30&entered=1"
    assert response.headers["Location"].endswith(next_slip)
    page = client.get(next_slip).get_data(as_text=True)
    assert "Đã lưu phiếu giấy. Đã nhập 1 phiếu trong đợt này." in page
    [(rid, channel, entered_by, batch_id, day, submitted, receipt, counter, sid)] = rows(
        app,
        "SELECT r.id, r.channel, r.entered_by, r.batch_id, r.day, r.submitted_at,"
        " r.receipt_code, c.code, r.submission_id"
        " FROM responses r LEFT JOIN counters c ON c.id = r.counter_id",
    )
    user_id = app.extensions["phieu_test_users"]["staff-ngoc-ky"]
    assert (channel, entered_by, day) == ("paper", user_id, "2022-09-30")
    assert submitted == "2022-09-30T05:00:00+00:00"  # noon in Vietnam
    assert sid == data["submission_id"] and sid.startswith("slip-")
    assert receipt == extra.get("receipt_code")
    assert counter == extra.get("slip_counter")
    [batch] = rows(app, "SELECT id, form_slug, entered_by, day FROM paper_batches")
    assert tuple(batch) == (batch_id, form, user_id, "2022-09-30")
    assert stored_answers(app, rid) == answers
    audit = rows(app, "SELECT action, entity_id FROM audit_log WHERE entity = 'paper_batch'")
    assert [tuple(a) for a in audit] == [("enter", str(batch_id))]


@pytest.mark.parametrize(
    ("form", "answers", "fields", "message"),
    [
        ("sipas", {**SIPAS, "ket-qua": ""}, {}, "Hãy chọn một câu trả lời"),
        ("sipas", {**SIPAS, "ket-qua": "khong-co"}, {}, "Lựa chọn không có trong danh sách."),
        ("sipas", {**SIPAS, "gop-y": "x" * 1001}, {}, "Tối đa 1000 ký tự"),
        ("sipas", SIPAS, {"slip_day": ""}, "Nhập ngày ghi trên phiếu."),
        ("sipas", SIPAS, {"slip_day": "2099-01-01"}, "không được sau hôm nay"),
        ("sipas", SIPAS, {"slip_counter": "khong-co"}, "Chọn một quầy của đơn vị này"),
        ("sipas", SIPAS, {"submission_id": "x"}, "Mã lần nhập không hợp lệ"),
        ("danh-gia-tthc", TTHC_12, {}, "Nhập mã hồ sơ"),
        ("danh-gia-tthc", TTHC_12, {"receipt_code": "mã <có> dấu"}, "Mã hồ sơ chỉ gồm"),
    ],
)
def test_a_bad_slip_is_refused_and_nothing_stored(app, login, form, answers, fields, message):
    client = login("secretary")
    response, _ = post_slip(client, form, answers, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="error-summary"' in html and message in html
    # What was typed comes back, so only the wrong answer needs retyping.
    assert 'value="hai-long" checked' in html or form != "sipas"
    assert count(app, "SELECT count(*) FROM paper_batches") == 0
    assert count(app, "SELECT count(*) FROM responses") == 0
    assert count(app, "SELECT count(*) FROM answers") == 0


def test_a_retried_post_stores_the_slip_once(app, login):
    client = login("staff")
    first, data = post_slip(client, "sipas", SIPAS)
    assert first.status_code == 303
    again = client.post(url("sipas"), data=data, follow_redirects=True)
    assert "Phiếu này đã được lưu trước đó" in again.get_data(as_text=True)
    assert count(app, "SELECT count(*) FROM paper_batches") == 1
    assert count(app, "SELECT count(*) FROM responses") == 1
    assert count(app, "SELECT count(*) FROM audit_log WHERE entity = 'paper_batch'") == 1
    # A new page gets a new id: the next slip is a slip of its own.
    assert post_slip(client, "sipas", SIPAS)[0].status_code == 303
    assert count(app, "SELECT count(*) FROM responses") == 2


def test_a_dossier_rated_already_is_refused_clearly(app, login):
    client = login("staff")
    code = {"receipt_code": "000.00.27.H23-220930-0007"}
    assert post_slip(client, "danh-gia-tthc", TTHC_12, **code)[0].status_code == 303
    response, _ = post_slip(client, "danh-gia-tthc", TTHC_12, **code)
    assert response.status_code == 409
    assert "đã có phiếu đánh giá trên mẫu phiếu này" in response.get_data(as_text=True)
    assert count(app, "SELECT count(*) FROM paper_batches") == 1
    assert count(app, "SELECT count(*) FROM responses") == 1


@pytest.mark.parametrize(
    ("role", "unit", "status"),
    [
        ("staff", "ngoc-ky", 200),
        ("secretary", "ngoc-ky", 200),
        ("admin", "hai-duong", 200),
        ("staff", "tan-ky", 403),
        ("admin", "tan-ky", 403),
        ("inspector", "ngoc-ky", 403),
    ],
)
def test_who_may_enter_slips(app, login, role, unit, status):
    client = login(role, unit)
    assert client.get(url("sipas")).status_code == status
    if status == 403:
        # Not even a well-formed post gets through (CSRF off so the role check answers).
        app.config["WTF_CSRF_ENABLED"] = False
        data = {"submission_id": "slip-AAAAAAAAAAAAAAAA", "slip_day": "2022-09-30", **SIPAS}
        assert client.post(url("sipas"), data=data).status_code == 403
        assert count(app, "SELECT count(*) FROM responses") == 0


def test_withdrawing_a_slip_takes_it_out_of_the_tallies_and_keeps_it_audited(app, login):
    client = login("secretary")
    post_slip(client, "sipas", SIPAS)
    post_slip(client, "sipas", {**SIPAS, "ket-qua": "rat-hai-long"})
    results = f"{BASE}/sipas?period=all"
    assert '<span id="total-responses">2</span>' in client.get(results).get_data(as_text=True)
    batch_id = count(app, "SELECT min(id) FROM paper_batches")
    withdraw = f"{BASE}/sipas/paper/{batch_id}/withdraw"
    page = client.get(withdraw).get_data(as_text=True)
    assert url("sipas") in page  # back to slip entry: sipas has no batch page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    done = client.post(withdraw, data={"csrf_token": token, "reason": "Nhập nhầm phiếu"})
    assert done.status_code == 302 and done.headers["Location"].endswith(url("sipas"))
    assert '<span id="total-responses">1</span>' in client.get(results).get_data(as_text=True)
    assert count(app, "SELECT count(*) FROM responses") == 2
    assert count(app, "SELECT count(*) FROM responses WHERE withdrawn = 1") == 1
    entries = rows(
        app,
        "SELECT action, entity_id, detail FROM audit_log WHERE entity = 'paper_batch' ORDER BY id",
    )
    assert [e[0] for e in entries] == ["enter", "enter", "withdraw"]
    assert entries[-1][1] == str(batch_id)
    assert json.loads(entries[-1][2]) == {"reason": "Nhập nhầm phiếu", "slips": 1}
    listing = client.get(url("sipas")).get_data(as_text=True)
    assert "Đã rút" in listing and "Nhập nhầm phiếu" in listing


def test_links_to_slip_entry(login):
    client = login("staff")
    assert url("sipas") in client.get("/staff/").get_data(as_text=True)
    batch_page = client.get(f"{BASE}/hai-long/paper").get_data(as_text=True)
    assert url("hai-long") in batch_page
