"""The public form through the Flask test client: render, submit once, refuse bad input."""

import io
import re
import time

import pytest

from core.db import get_db
from forms.expand import expand_pending

URL = "/f/ngoc-ky/hai-long?counter=tu-phap"


def open_form(client, url=URL) -> dict:
    """GET the form; returns its hidden fields."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("csrf_token", "submission_id")
    }


def count(app, table="responses") -> int:
    with app.app_context():
        expand_pending(get_db())
        return get_db().execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def rows(app, sql, params=()):
    """Rows of a query, read as every reader does: after pending answers are written."""
    with app.app_context():
        expand_pending(get_db())
        return get_db().execute(sql, params).fetchall()


def test_form_page_is_vietnamese_accessible_and_script_free(client):
    response = client.get(URL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "<script" not in html and "style=" not in html
    assert "Rất hài lòng" in html and "Không hài lòng" in html
    assert "Tư pháp" in html or "Tu Phap" in html
    assert "<fieldset" in html and "<legend>" in html
    # Every input that is not hidden has a label pointing at it.
    ids = re.findall(r'<(?:input|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html)
    assert ids
    for input_id in ids:
        assert f'for="{input_id}"' in html, input_id
    # The follow-up is in the page, marked to show only with Không hài lòng.
    assert 'class="field conditional cond-1"' in html
    assert re.search(r'value="khong-hai-long"[^>]*class="reveal-1"', html)
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "counter=tu-phap&amp;lang=en" in html


def test_each_page_gets_a_fresh_submission_id(client):
    assert open_form(client)["submission_id"] != open_form(client)["submission_id"]


def test_submit_stores_and_thanks(app, client):
    fields = open_form(client)
    response = client.post(
        URL,
        data={
            **fields,
            "muc-do": "khong-hai-long",
            "chua-hai-long": ["thoi-gian-cho", "thai-do"],
            "gop-y": "Chờ lâu quá",
        },
    )
    assert response.status_code == 303
    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == 200
    assert "Cảm ơn ông/bà" in thanks.get_data(as_text=True)
    assert rows(app, "SELECT channel, client_hash IS NOT NULL FROM responses") == [("qr", 1)]
    assert rows(app, "SELECT question, value FROM answers ORDER BY id") == [
        ("muc-do", "khong-hai-long"),
        ("chua-hai-long", "thai-do"),
        ("chua-hai-long", "thoi-gian-cho"),
        ("gop-y", "Chờ lâu quá"),
    ]
    counter = rows(app, "SELECT c.code FROM responses r JOIN counters c ON c.id = r.counter_id")
    assert counter == [("tu-phap",)]


def test_client_address_is_not_stored_raw(app, client):
    fields = open_form(client)
    client.post(
        URL, data={**fields, "muc-do": "hai-long"}, environ_base={"REMOTE_ADDR": "203.0.113.7"}
    )
    dump = "\n".join(rows(app, "SELECT * FROM responses")[0][1:].__repr__().split())
    assert "203.0.113.7" not in dump


def test_answers_to_hidden_questions_are_discarded(app, client):
    fields = open_form(client)
    response = client.post(
        URL, data={**fields, "muc-do": "rat-hai-long", "chua-hai-long": ["thai-do", "khac"]}
    )
    assert response.status_code == 303
    assert rows(app, "SELECT question FROM answers") == [("muc-do",)]


def test_same_submission_twice_is_stored_once(app, client):
    fields = open_form(client)
    data = {**fields, "muc-do": "hai-long"}
    first = client.post(URL, data=data)
    second = client.post(URL, data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count(app) == 1
    assert count(app, "answers") == 1


def test_thank_you_needs_a_stored_submission(client):
    response = client.get("/f/ngoc-ky/hai-long/cam-on/not-a-real-submission-id")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/f/xa-khong-co/hai-long", "Không tìm thấy đơn vị"),
        ("/f/ngoc-ky/khong-co", "Không tìm thấy phiếu"),
        ("/f/ngoc-ky/hai-long?counter=khong-co", "Không tìm thấy quầy"),
        # A counter of another unit does not belong to Ngọc Kỳ.
        ("/f/ngoc-ky/hai-long?counter=mot-cua", "Không tìm thấy quầy"),
    ],
)
def test_unknown_unit_form_or_counter_is_a_vietnamese_404(client, url, text):
    response = client.get(url)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert text in html and '<html lang="vi">' in html


def test_counter_is_optional(app, client):
    fields = open_form(client, "/f/ngoc-ky/hai-long")
    assert client.post("/f/ngoc-ky/hai-long", data={**fields, "muc-do": "hai-long"}).status_code
    assert rows(app, "SELECT counter_id FROM responses") == [(None,)]


def test_wrong_counter_on_post_stores_nothing(app, client):
    fields = open_form(client)
    response = client.post(
        "/f/ngoc-ky/hai-long?counter=mot-cua", data={**fields, "muc-do": "hai-long"}
    )
    assert response.status_code == 404
    assert count(app) == 0


def test_closed_form_is_gone_and_reopens(app, client, login):
    staff = login("staff")
    fields = open_form(client)
    staff.application.config["WTF_CSRF_ENABLED"] = False
    assert staff.post("/staff/units/ngoc-ky/forms/hai-long/close").status_code == 302
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.get(URL)
    assert response.status_code == 410
    assert "đã đóng" in response.get_data(as_text=True)
    assert client.post(URL, data={**fields, "muc-do": "hai-long"}).status_code == 410
    assert count(app) == 0
    # Closing is per unit: Tân Kỳ's form stays open.
    assert client.get("/f/tan-ky/hai-long").status_code == 200
    app.config["WTF_CSRF_ENABLED"] = False
    staff.post("/staff/units/ngoc-ky/forms/hai-long/reopen")
    assert client.get(URL).status_code == 200
    actions = rows(app, "SELECT action, entity_id FROM audit_log ORDER BY id")
    assert actions == [("close", "hai-long"), ("reopen", "hai-long")]


def test_rate_limit_answers_429_in_vietnamese(app, client):
    app.config["RATE_LIMIT_SUBMISSIONS"] = 3
    codes = []
    for _ in range(5):
        fields = open_form(client)
        codes.append(client.post(URL, data={**fields, "muc-do": "hai-long"}).status_code)
    assert codes == [303, 303, 303, 429, 429]
    assert count(app) == 3
    limited = client.post(URL, data={**open_form(client), "muc-do": "hai-long"})
    assert "đợi một phút" in limited.get_data(as_text=True)
    # Another address (another commune's Wi-Fi) is not limited.
    other = client.post(
        URL,
        data={**open_form(client), "muc-do": "hai-long"},
        environ_base={"REMOTE_ADDR": "198.51.100.9"},
    )
    assert other.status_code == 303


def test_default_rate_limit_lets_a_shared_wifi_through(app, client):
    assert app.config["RATE_LIMIT_SUBMISSIONS"] >= 60
    for _ in range(30):
        fields = open_form(client)
        assert client.post(URL, data={**fields, "muc-do": "hai-long"}).status_code == 303
    assert count(app) == 30


def test_expired_csrf_token_gives_the_answers_back(app, client):
    app.config["WTF_CSRF_TIME_LIMIT"] = 1
    fields = open_form(client)
    time.sleep(2.1)
    data = {
        **fields,
        "muc-do": "khong-hai-long",
        "chua-hai-long": ["thu-tuc"],
        "gop-y": "Giấy tờ nhiều quá",
    }
    response = client.post(URL, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "mở quá lâu" in html
    assert re.search(r'value="khong-hai-long" checked', html)
    assert re.search(r'value="thu-tuc" checked', html)
    assert "Giấy tờ nhiều quá</textarea>" in html
    assert f'value="{fields["submission_id"]}"' in html
    assert count(app) == 0
    # The fresh token in the page lets the same submission through.
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    again = client.post(URL, data={**data, "csrf_token": fresh})
    assert again.status_code == 303
    assert count(app) == 1


def test_the_form_sets_no_cookie_and_needs_none(app):
    """The token is bound to the submission, not to a session: another browser
    session (or none, as after closing the browser) posts the same page fine."""
    client = app.test_client()
    page = client.get(URL)
    assert "Set-Cookie" not in page.headers
    fields = open_form(client)
    cleared = app.test_client()
    response = cleared.post(URL, data={**fields, "muc-do": "hai-long"})
    assert response.status_code == 303
    # Nothing read a session: no cookie set, and caches are not told to vary on one.
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")
    assert count(app) == 1


def test_a_token_is_good_for_its_own_submission_only(app, client):
    first, second = open_form(client), open_form(client)
    data = {"csrf_token": first["csrf_token"], "submission_id": second["submission_id"]}
    response = client.post(URL, data={**data, "muc-do": "hai-long"})
    assert response.status_code == 400
    assert count(app) == 0


def test_a_post_from_another_site_is_refused(app, client):
    fields = open_form(client)
    response = client.post(
        URL, data={**fields, "muc-do": "hai-long"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 400
    assert "chưa được gửi" in response.get_data(as_text=True)
    same_site = client.post(
        URL, data={**fields, "muc-do": "hai-long"}, headers={"Origin": "http://localhost"}
    )
    assert same_site.status_code == 303
    assert count(app) == 1


@pytest.mark.parametrize("token", [None, "", "forged.token.value"])
def test_missing_or_forged_token_stores_nothing(app, client, token):
    fields = open_form(client)
    data = {"submission_id": fields["submission_id"], "muc-do": "hai-long"}
    if token is not None:
        data["csrf_token"] = token
    response = client.post(URL, data=data)
    assert response.status_code == 400
    assert "chưa được gửi" in response.get_data(as_text=True)
    assert count(app) == 0


def test_validation_errors_show_summary_and_field_messages(app, client):
    fields = open_form(client)
    response = client.post(URL, data={**fields, "gop-y": "x" * 1001})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="error-summary"' in html
    assert '<a href="#q-muc-do-rat-hai-long">' in html
    assert '<a href="#q-gop-y">Tối đa 1000 ký tự (bạn đã nhập 1001 ký tự).</a>' in html
    assert 'id="q-muc-do-error"' in html and 'aria-describedby="q-muc-do-error"' in html
    assert "<title>Lỗi:" in html
    assert count(app) == 0


def test_missing_follow_up_is_not_required_but_kept_when_shown(app, client):
    fields = open_form(client)
    data = {**fields, "muc-do": "khong-hai-long", "chua-hai-long": "bogus"}
    response = client.post(URL, data=data)
    assert response.status_code == 422
    assert "Lựa chọn không có trong danh sách." in response.get_data(as_text=True)
    assert count(app) == 0


@pytest.mark.parametrize(
    ("extra", "status", "text"),
    [
        ({"muc-do": "rat-tot"}, 422, "Lựa chọn không có trong danh sách."),
        ({"muc-do": ["hai-long", "rat-hai-long"]}, 422, "Chỉ chọn hoặc nhập một"),
        ({"muc-do": "hai-long", "is_admin": "1"}, 400, "không thuộc phiếu này"),
        ({"muc-do": "hai-long", "receipt_code": "H1"}, 400, "không thuộc phiếu này"),
        ({"muc-do": "hai-long", "submission_id": "short"}, 400, "mã lần gửi"),
        ({"muc-do": "hai-long", "submission_id": "x" * 65}, 400, "mã lần gửi"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(app, client, extra, status, text):
    fields = open_form(client)
    response = client.post(URL, data={**fields, **extra})
    assert response.status_code == status
    assert text in response.get_data(as_text=True)
    assert count(app) == 0


def test_non_utf8_bytes_are_refused(app, client):
    fields = open_form(client)
    base = f"csrf_token={fields['csrf_token']}&submission_id={fields['submission_id']}"
    for body in (
        base.encode() + b"&muc-do=hai-long&gop-y=\xff\xfe",
        base.encode() + b"&muc-do=hai-long&gop-y=%C3%28",
    ):
        response = client.post(URL, data=body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 400
        assert "UTF-8" in response.get_data(as_text=True)
    assert count(app) == 0


def test_a_body_with_more_fields_than_any_page_is_refused(app, client):
    fields = open_form(client)
    base = "&".join(f"{k}={v}" for k, v in fields.items()) + "&muc-do=hai-long"
    body = base + "&gop-y=x" * 1000
    response = client.post(URL, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "quá nhiều mục" in response.get_data(as_text=True)
    # A comment with a literal percent sign and a plus is text, not an escape.
    text = "Đạt 100% + nhanh"
    ok = client.post(URL, data={**fields, "muc-do": "hai-long", "gop-y": text})
    assert ok.status_code == 303
    assert rows(app, "SELECT value FROM answers WHERE question = 'gop-y'") == [(text,)]


def test_huge_body_is_refused(app, client):
    fields = open_form(client)
    response = client.post(URL, data={**fields, "muc-do": "hai-long", "gop-y": "x" * 70_000})
    assert response.status_code == 413
    assert "quá lớn" in response.get_data(as_text=True)
    multipart = client.post(
        URL,
        data={**fields, "muc-do": "hai-long", "gop-y": "x" * 70_000},
        content_type="multipart/form-data",
    )
    assert multipart.status_code == 413
    # A chunked body announces no length: the stream itself stops at the limit.
    chunked = client.post(
        URL,
        input_stream=io.BytesIO(b"gop-y=" + b"x" * 70_000),
        content_type="application/x-www-form-urlencoded",
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert chunked.status_code == 413
    assert '<html lang="vi">' in chunked.get_data(as_text=True)
    assert count(app) == 0


def test_other_body_types_are_refused(app, client):
    fields = open_form(client)
    response = client.post(URL, json={**fields, "muc-do": "hai-long"})
    assert response.status_code == 400
    assert count(app) == 0


def test_shapes_the_body_guard_refuses_elsewhere_are_refused_here_too(app, client):
    # The form view checks its own body (guards.checks_own_body): a nameless
    # field, a JSON array and a multipart part with a newline in its name.
    fields = open_form(client)
    body = "&".join(f"{k}={v}" for k, v in fields.items()) + "&muc-do=hai-long&=x"
    nameless = client.post(URL, data=body, content_type="application/x-www-form-urlencoded")
    array = client.post(URL, data="[1]", content_type="application/json")
    boundary = "b0undary"
    part = f'--{boundary}\r\nContent-Disposition: form-data; name="a\nb"\r\n\r\nx\r\n'
    multipart = client.post(
        URL,
        data=part + f"--{boundary}--\r\n",
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert [r.status_code for r in (nameless, array, multipart)] == [400, 400, 400]
    assert "không có tên" in nameless.get_data(as_text=True)
    assert count(app) == 0


def receipt_form(client, code="H-2025-001", sid_fields=None):
    fields = sid_fields or open_form(client, "/f/ngoc-ky/danh-gia-tthc")
    answers = {"tong-thoi-gian": "2", "thoi-gian-tung-co-quan": "2", "so-lan-lien-he": "1"}
    answers |= dict.fromkeys(("so-co-quan", "tiep-nhan-tra-ket-qua", "cong-khai"), "2")
    answers |= dict.fromkeys(("thai-do", "phan-anh-kien-nghi", "truc-tuyen"), "0")
    return {**fields, **answers, "receipt_code": code}


def test_receipt_code_is_required_and_checked(app, client):
    data = receipt_form(client, code="")
    response = client.post("/f/ngoc-ky/danh-gia-tthc", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert '<a href="#receipt_code">Nhập mã hồ sơ' in html
    bad = client.post("/f/ngoc-ky/danh-gia-tthc", data={**data, "receipt_code": "<script>"})
    assert bad.status_code == 422
    assert "Mã hồ sơ chỉ gồm" in bad.get_data(as_text=True)
    assert count(app) == 0


def test_one_rating_per_dossier(app, client):
    url = "/f/ngoc-ky/danh-gia-tthc"
    first = receipt_form(client, "h-2025-001")
    assert client.post(url, data=first).status_code == 303
    # The same submission retried gets its thank-you again.
    assert client.post(url, data=first).status_code == 303
    second = client.post(url, data=receipt_form(client, " H-2025-001 "))
    assert second.status_code == 409
    assert "Hồ sơ này đã được đánh giá" in second.get_data(as_text=True)
    assert rows(app, "SELECT receipt_code FROM responses") == [("H-2025-001",)]
    total = rows(app, "SELECT sum(number) FROM answers")[0][0]
    assert total == 11


def test_english_locale(client):
    html = client.get(URL + "&lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "How satisfied are you" in html and "Very satisfied" in html
    # Remembered for the rest of the visit.
    assert "Rate your satisfaction" in client.get("/f/ngoc-ky/hai-long").get_data(as_text=True)


def test_every_shipped_form_renders_and_accepts_a_full_answer(app, client):
    sipas = open_form(client, "/f/ngoc-ky/sipas")
    data = {**sipas, **dict.fromkeys(("tiep-can", "thu-tuc", "cong-chuc"), "hai-long")}
    data |= {"ket-qua": "binh-thuong", "gop-y-phan-anh": "rat-khong-hai-long"}
    assert client.post("/f/ngoc-ky/sipas", data=data).status_code == 303
    assert count(app) == 1


def test_a_database_held_too_long_asks_to_send_again_and_stores_once(app, client, monkeypatch):
    import functools

    import forms.store
    from core import db

    # Another writer keeps the lock past the submission's patience (cut here to
    # 50 ms from 10 s): a Vietnamese 503 with Retry-After, nothing half-written.
    monkeypatch.setattr(
        forms.store, "write_transaction", functools.partial(db.write_transaction, patience=0.05)
    )
    fields = open_form(client)
    holder = db.connect(app.config["DATABASE"])
    holder.conn.execute("BEGIN IMMEDIATE")
    busy = client.post(URL, data={**fields, "muc-do": "hai-long"})
    holder.conn.rollback()
    holder.close()
    assert busy.status_code == 503
    assert busy.headers["Retry-After"] == "5"
    assert "hệ thống đang bận" in busy.get_data(as_text=True)
    assert count(app) == 0 and count(app, "answers") == 0
    again = client.post(URL, data={**fields, "muc-do": "hai-long"})
    assert again.status_code == 303
    assert count(app) == 1


def test_thank_you_redirect_headers(app, client):
    """The 303 is sent as built: exact Location, empty body, the security headers."""
    fields = open_form(client)
    response = client.post(URL, data={**fields, "muc-do": "hai-long"})
    assert response.status_code == 303
    sid = fields["submission_id"]
    assert response.headers["Location"] == f"/f/ngoc-ky/hai-long/cam-on/{sid}"
    assert response.headers["Content-Length"] == "0" and response.data == b""
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_thank_you_redirect_quotes_an_unusual_unit_code_and_keeps_the_mount_point(app):
    """A unit added outside the admin form may have any code; the app may be mounted
    under a prefix: the Location still leads to the thank-you page."""
    from core.units import add_unit, get_unit_by_code

    with app.app_context():
        add_unit("xã thử?#", "Xã Thử", "xa", get_unit_by_code("tu-ky"))
    client = app.test_client()
    base = "/f/x%C3%A3%20th%E1%BB%AD%3F%23/hai-long"
    page = client.get(base, base_url="http://localhost/phieu")
    assert page.status_code == 200
    fields = {
        name: re.search(rf'name="{name}" value="([^"]*)"', page.get_data(as_text=True)).group(1)
        for name in ("csrf_token", "submission_id")
    }
    response = client.post(
        base, data={**fields, "muc-do": "hai-long"}, base_url="http://localhost/phieu"
    )
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location == f"/phieu{base}/cam-on/{fields['submission_id']}"
    thanks = client.get(location.removeprefix("/phieu"), base_url="http://localhost/phieu")
    assert thanks.status_code == 200 and "Cảm ơn ông/bà" in thanks.get_data(as_text=True)
