"""kill -9 gunicorn during a submission load: every acknowledged submission survives."""

import http.client
import sqlite3
import threading
import time

import pytest

from tests.reliability_helpers import (
    Citizen,
    expand_file,
    prepare_database,
    serve,
    thanks_path,
)

pytestmark = pytest.mark.slow  # gunicorn under load

CLIENTS = 6


def _keep_submitting(citizen: Citizen, acknowledged: list, stop: threading.Event) -> None:
    """Post new ratings until told to stop; remember those answered with the thank-you."""
    while not stop.is_set():
        try:
            submission_id = citizen.open_form()
            status, location, _ = citizen.submit(submission_id, "khong-hai-long", "Chờ lâu")
        except (OSError, http.client.HTTPException):
            # The server died mid-request (a refused or reset connection, or a
            # page cut off part-way): not acknowledged, may or may not exist.
            time.sleep(0.01)
            continue
        if status == 303 and location.endswith(thanks_path(submission_id)):
            acknowledged.append(submission_id)


def test_killed_server_loses_no_acknowledged_submission(tmp_path):
    database = tmp_path / "phieu.db"
    prepare_database(database)
    acknowledged: list[str] = []
    stop = threading.Event()
    server = serve(database, worker_class="sync", threads=1)
    with server:
        citizens = [Citizen(server.url) for _ in range(CLIENTS)]
        threads = [
            threading.Thread(target=_keep_submitting, args=(c, acknowledged, stop), daemon=True)
            for c in citizens
        ]
        for thread in threads:
            thread.start()
        try:
            deadline = time.monotonic() + 20
            while len(acknowledged) < 300 and time.monotonic() < deadline:
                time.sleep(0.05)
            server.kill()  # SIGKILL to the master and every worker, mid-load
            killed_with = len(acknowledged)
            time.sleep(0.5)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
    assert killed_with >= 100, "the load never got going"
    assert len(acknowledged) == killed_with  # nothing acknowledged by a dead server

    conn = sqlite3.connect(database)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in conn.execute("SELECT submission_id FROM responses")}
    assert set(acknowledged) <= stored
    # No half-written response: every stored one has its rating, pending or written.
    expand_file(database)
    incomplete = conn.execute(
        "SELECT count(*) FROM responses r WHERE NOT EXISTS (SELECT 1 FROM answers a"
        " WHERE a.response_id = r.id AND a.question = 'muc-do')"
    ).fetchone()[0]
    assert incomplete == 0
    conn.close()

    # After a restart the service answers, and every acknowledged thank-you page is there.
    with serve(database, worker_class="sync", threads=1) as restarted:
        citizen = Citizen(restarted.url)
        for submission_id in acknowledged[-50:]:
            status, _, _ = citizen.request("GET", thanks_path(submission_id))
            assert status == 200
        status, location, _ = citizen.submit(citizen.open_form())
        assert status == 303
