"""A photo queued offline carries a change id and is stored once; the service worker (#15)."""

import io
import re

import pytest
from PIL import Image

from core.db import get_db
from inspections import store
from tests.inspection_helpers import make_inspection

ITEM = "niem-yet-tthc"


@pytest.fixture
def inspection(app):
    with app.app_context():
        return make_inspection()


def jpeg(colour=(10, 120, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), colour).save(out, "JPEG")
    return out.getvalue()


def send(client, inspection_id, change_id, data, token=None):
    headers = {"Accept": "application/json"}
    if token:
        headers["X-CSRFToken"] = token
    return client.post(
        f"/staff/inspections/{inspection_id}/items/{ITEM}/photos",
        data={"photo": (io.BytesIO(data), "anh.jpg"), "change_id": change_id},
        headers=headers,
        content_type="multipart/form-data",
    )


def counts(app):
    with app.app_context():
        db = get_db()
        return (
            db.execute("SELECT COUNT(*) FROM inspection_photos").fetchone()[0],
            db.execute("SELECT COUNT(*) FROM inspection_changes").fetchone()[0],
        )


def test_a_replayed_photo_gets_the_same_answer_and_is_stored_once(app, login, inspection):
    app.config["WTF_CSRF_ENABLED"] = False
    client = login("inspector")
    first = send(client, inspection, "photo-change-0001", jpeg())
    assert first.status_code == 200, first.get_json()
    again = send(client, inspection, "photo-change-0001", jpeg())
    assert again.status_code == 200
    assert again.get_json()["replayed"] is True
    for key in ("item", "url", "sha256", "width", "height"):
        assert again.get_json()[key] == first.get_json()[key]
    assert counts(app) == (1, 1)
    assert client.get(first.get_json()["url"]).status_code == 200


def test_a_replay_is_answered_after_finalising_but_a_new_photo_is_refused(app, login, inspection):
    app.config["WTF_CSRF_ENABLED"] = False
    client = login("inspector")
    assert send(client, inspection, "photo-change-0002", jpeg()).status_code == 200
    with app.app_context():
        unit_id = get_db().execute("SELECT unit_id FROM inspections").fetchone()[0]
        assert store.finalise(inspection, None, unit_id)
    assert send(client, inspection, "photo-change-0002", jpeg()).status_code == 200
    refused = send(client, inspection, "photo-change-0003", jpeg((200, 0, 0)))
    assert refused.status_code == 409
    assert "hoàn thành" in refused.get_json()["error"]
    assert counts(app) == (1, 1)


@pytest.mark.parametrize("change_id", ["short", "x" * 65])
def test_a_malformed_change_id_is_refused(app, login, inspection, change_id):
    app.config["WTF_CSRF_ENABLED"] = False
    response = send(login("inspector"), inspection, change_id, jpeg())
    assert response.status_code == 400
    assert counts(app) == (0, 0)


def test_a_queued_photo_needs_the_csrf_header(app, login, inspection):
    client = login("inspector")
    html = client.get(f"/staff/inspections/{inspection}/areas/cai-cach-tthc").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    assert send(client, inspection, "photo-change-0004", jpeg()).status_code == 400
    assert send(client, inspection, "photo-change-0004", jpeg(), token).status_code == 200
    assert counts(app) == (1, 1)


def test_the_service_worker_is_served_for_the_inspections_scope(app, client, login, inspection):
    response = client.get("/staff/inspections/offline-worker.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert 'addEventListener("fetch"' in response.get_data(as_text=True)
    html = login("inspector").get(f"/staff/inspections/{inspection}/areas/cai-cach-tthc")
    page = html.get_data(as_text=True)
    assert 'data-worker-url="/staff/inspections/offline-worker.js"' in page
    assert page.index("inspect-offline.js") < page.index('inspect.js"')
