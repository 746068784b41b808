"""Public form URLs resolved once per worker, and again after any change to what they name."""

import sqlite3

from core import db
from core.db import get_db

URL = "/f/ngoc-ky/hai-long?counter=tu-phap"


def other_worker(app, sql: str, params=()) -> None:
    """A change made by another process: its own connection, as another worker has."""
    conn = sqlite3.connect(app.config["DATABASE"])
    with conn:
        conn.execute(sql, params)
    conn.close()


def lookups(app, client, url=URL) -> int:
    """How many times a GET of url joins the unit, counter and closure tables."""
    seen = []
    with app.app_context():
        get_db().conn.set_trace_callback(seen.append)
        try:
            assert client.get(url).status_code in (200, 404, 410)
        finally:
            get_db().conn.set_trace_callback(None)
    return sum("FROM units u LEFT JOIN counters" in statement for statement in seen)


def test_a_resolved_url_is_not_looked_up_again(app, client):
    assert lookups(app, client) == 1
    assert lookups(app, client) == 0
    # Another URL of the same unit is its own entry.
    assert lookups(app, client, "/f/ngoc-ky/hai-long") == 1


def test_another_workers_change_is_seen_on_the_next_request(app, client):
    assert client.get(URL).status_code == 200
    unit_id = other_worker_unit_id(app)

    other_worker(app, "UPDATE units SET name = 'Xã Ngọc Kỳ Mới' WHERE code = 'ngoc-ky'")
    assert "Xã Ngọc Kỳ Mới" in client.get(URL).get_data(as_text=True)

    other_worker(
        app,
        "INSERT INTO form_closures (unit_id, form_slug, closed_at) VALUES (?, 'hai-long', '')",
        [unit_id],
    )
    assert client.get(URL).status_code == 410
    other_worker(app, "DELETE FROM form_closures")
    assert client.get(URL).status_code == 200

    other_worker(app, "UPDATE counters SET active = 0 WHERE code = 'tu-phap'")
    closed = client.get(URL)
    assert closed.status_code == 410
    assert "Quầy này hiện không nhận đánh giá" in closed.get_data(as_text=True)
    assert "quét lại" not in closed.get_data(as_text=True)
    other_worker(app, "UPDATE counters SET active = 1 WHERE code = 'tu-phap'")
    assert client.get(URL).status_code == 200


def other_worker_unit_id(app) -> int:
    conn = sqlite3.connect(app.config["DATABASE"])
    try:
        return conn.execute("SELECT id FROM units WHERE code = 'ngoc-ky'").fetchone()[0]
    finally:
        conn.close()


def test_a_new_counter_resolves_at_once(app, client):
    assert client.get("/f/ngoc-ky/hai-long?counter=quay-moi").status_code == 404
    other_worker(
        app,
        "INSERT INTO counters (unit_id, code, name) VALUES (?, 'quay-moi', 'Quầy mới')",
        [other_worker_unit_id(app)],
    )
    assert client.get("/f/ngoc-ky/hai-long?counter=quay-moi").status_code == 200


def test_a_restored_backup_is_not_mistaken_for_the_live_database(app, client, tmp_path):
    """The backup and the live file each change once after the copy: a counter of
    changes would give both the same number; a random stamp does not."""
    backup = tmp_path / "backup.db"
    live = sqlite3.connect(app.config["DATABASE"])
    copy = sqlite3.connect(backup)
    live.backup(copy)
    rename = "UPDATE units SET name = ? WHERE code = 'ngoc-ky'"
    with live:
        live.execute(rename, ["Xã Ngọc Kỳ (trước khi phục hồi)"])
    assert "trước khi phục hồi" in client.get(URL).get_data(as_text=True)
    with copy:
        copy.execute(rename, ["Xã Ngọc Kỳ (bản sao lưu)"])
    live.close()
    copy.close()
    db.close_all()
    backup.replace(app.config["DATABASE"])
    assert "bản sao lưu" in client.get(URL).get_data(as_text=True)
