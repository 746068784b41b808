"""500s found at the seams, each now a clear 4xx (issue #12, item 12).

Deeply nested JSON, ids beyond what SQLite holds in staff URLs, a tablet change id
reused on another inspection, and statuses the error pages had no message for.
"""

import re

import pytest

from tests.inspection_helpers import make_inspection
from tests.test_access_matrix import TABLE, make_world

HUGE_IDS = (str(2**63), str(2**64), "9" * 40)
ID_PLACEHOLDERS = ("{i}", "{b}", "{u}", "{c}", "{q}", "{t}")


def deep_list(depth: int) -> str:
    return "[" * depth + "]" * depth


def deep_object(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize("body", [deep_list(100_000), deep_object(100_000), deep_object(64)])
def test_deeply_nested_json_is_refused_with_a_400(app, login, body):
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        inspection = make_inspection()
    client = login("inspector", "ngoc-ky")
    for url in ("/staff/login", f"/staff/inspections/{inspection}/items/niem-yet-tthc"):
        response = client.post(url, data=body, content_type="application/json")
        assert response.status_code == 400, (url, response.status_code)
        assert "lồng nhau" in response.get_json()["error"]


def test_json_nested_a_few_levels_still_reaches_the_view(app, login):
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        inspection = make_inspection()
    client = login("inspector", "ngoc-ky")
    change = {"change_id": "abcdefgh-1", "base_version": 0, "values": {"result": "pass"}}
    response = client.post(f"/staff/inspections/{inspection}/items/niem-yet-tthc", json=change)
    assert response.status_code == 200, response.get_json()


def _int_routes(app) -> set[str]:
    from werkzeug.routing import IntegerConverter

    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values())
    }


def test_every_int_route_is_in_the_huge_id_table(app):
    covered = {
        endpoint for (endpoint, _m, url), _row in TABLE if any(p in url for p in ID_PLACEHOLDERS)
    }
    assert _int_routes(app) <= covered
    assert len(_int_routes(app)) >= 7


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_ids_beyond_sqlite_give_404_on_every_staff_url(app, login, make_user, huge):
    app.config["WTF_CSRF_ENABLED"] = False
    world = make_world(app, make_user)
    client = login("admin", "hai-duong")
    checked = 0
    for (endpoint, method, template), _row in TABLE:
        for placeholder in ID_PLACEHOLDERS:
            if placeholder not in template:
                continue
            url = template.replace(placeholder, huge).format(**world)
            response = client.open(url, method=method)
            assert response.status_code == 404, (method, url, response.status_code)
            assert 'lang="vi"' in response.get_data(as_text=True)
            checked += 1
    assert checked >= 7


def test_change_id_of_another_inspection_is_a_409(app, login):
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        first = make_inspection()
        second = make_inspection(year=2023)
    client = login("inspector", "ngoc-ky")
    change = {"change_id": "dung-lai-0001", "base_version": 0, "values": {"result": "pass"}}
    assert (
        client.post(f"/staff/inspections/{first}/items/niem-yet-tthc", json=change).status_code
        == 200
    )
    again = client.post(f"/staff/inspections/{second}/items/niem-yet-tthc", json=change)
    assert again.status_code == 409
    assert "Mã thay đổi" in again.get_json()["error"]
    # Nothing was written to the second inspection.
    from core.db import get_db

    with app.app_context():
        rows = get_db().execute(
            "SELECT COUNT(*) FROM inspection_items WHERE inspection_id = ?", [second]
        )
        assert rows.fetchone()[0] == 0


def test_unsatisfiable_range_on_a_static_file_keeps_its_416(client):
    response = client.get("/static/style.css", headers={"Range": "bytes=99999999-"})
    assert response.status_code == 416
    assert response.headers["Content-Range"].startswith("bytes */")
    text = response.get_data(as_text=True)
    assert 'lang="vi"' in text and "416" in text


def test_unsatisfiable_range_on_a_photo_keeps_its_416(app, login, make_user):
    world = make_world(app, make_user)
    client = login("admin", "hai-duong")
    url = f"/staff/inspections/{world['i']}/photos/{world['p']}.jpg"
    assert client.get(url, headers={"Range": "bytes=0-9"}).status_code == 206
    response = client.get(url, headers={"Range": "bytes=99999999-"})
    assert response.status_code == 416


def test_wrong_method_keeps_its_405_and_allow_header(client):
    response = client.put("/staff/login")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "Phương thức" in response.get_data(as_text=True)


def test_status_without_a_message_of_its_own_keeps_its_code(app):
    from flask import abort

    @app.route("/_thu/<int:code>")
    def thu(code):
        abort(code)

    client = app.test_client()
    for code in (416, 431, 418, 501):
        response = client.get(f"/_thu/{code}")
        assert response.status_code == code
        text = response.get_data(as_text=True)
        assert 'lang="vi"' in text and re.search(rf"\b{code}\b", text)
    answer = client.get("/_thu/431", headers={"Accept": "application/json"})
    assert answer.status_code == 431 and answer.get_json()["error"]


def test_json_sent_to_a_page_that_takes_a_form_is_refused(app, login):
    # Flask-WTF fills a form from a JSON body: an object where a text was
    # expected reached the conclusion view and raised (hypothesis found it).
    client = login("admin", "tu-ky")
    for url, body in (
        ("/staff/login", {"username": {"a": 1}, "password": ["x"]}),
        ("/staff/password", {"current": {}, "new": {}, "again": {}}),
        ("/inspections/1/conclusion", {"conclusion": "x", "recommendations": {}}),
    ):
        response = client.post(url, json=body)
        assert response.status_code == 415, url
        assert "không nhận JSON" in response.get_json()["error"]
