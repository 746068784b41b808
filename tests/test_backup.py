"""`flask backup FILE`: SQLite's online backup while submissions keep arriving."""

import secrets
import sqlite3
import threading

import pytest

from admin.backup import backup_database
from tests.reliability_helpers import (
    Citizen,
    expand_file,
    prepare_database,
    serve,
    wait_until,
)


def test_backup_command_copies_a_consistent_database(app, runner, tmp_path):
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    for _ in range(3):
        response = client.post(
            "/f/ngoc-ky/hai-long",
            data={"submission_id": secrets.token_urlsafe(16), "muc-do": "rat-hai-long"},
        )
        assert response.status_code == 303
    target = tmp_path / "sao-luu.db"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "3 phiếu" in result.output
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    # The answers came along, pending or written: the copy writes them as the service would.
    expand_file(target)
    assert copy.execute("SELECT count(*) FROM answers").fetchone()[0] == 3
    assert copy.execute("SELECT count(*) FROM units").fetchone()[0] == 4


def test_backup_refuses_to_overwrite_or_write_nowhere(runner, tmp_path):
    existing = tmp_path / "old.db"
    existing.write_bytes(b"an older backup")
    result = runner.invoke(args=["backup", str(existing)])
    assert result.exit_code != 0
    assert "đã có" in result.output
    assert existing.read_bytes() == b"an older backup"
    result = runner.invoke(args=["backup", str(tmp_path / "missing" / "x.db")])
    assert result.exit_code != 0
    assert "không tồn tại" in result.output
    result = runner.invoke(args=["backup"])
    assert result.exit_code != 0


@pytest.mark.slow  # gunicorn under load
def test_backup_while_submissions_arrive_holds_every_earlier_row(tmp_path):
    database = tmp_path / "phieu.db"
    prepare_database(database)
    committed: list[str] = []
    stop = threading.Event()

    def keep_submitting(citizen: Citizen) -> None:
        while not stop.is_set():
            submission_id = citizen.open_form()
            status, _, _ = citizen.submit(submission_id, comment="x" * 500)
            if status == 303:
                committed.append(submission_id)

    with serve(database) as server:
        citizens = [Citizen(server.url) for _ in range(4)]
        threads = [
            threading.Thread(target=keep_submitting, args=(c,), daemon=True) for c in citizens
        ]
        for thread in threads:
            thread.start()
        try:
            wait_until(lambda: len(committed) >= 200)
            before = list(committed)  # acknowledged before the backup began
            copied = backup_database(str(database), str(tmp_path / "copy.db"))
            arrived_during = len(committed) - len(before)
            # The service kept accepting submissions after the copy.
            wait_until(lambda: len(committed) >= len(before) + arrived_during + 50)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    in_copy = {r[0] for r in copy.execute("SELECT submission_id FROM responses")}
    assert set(before) <= in_copy
    assert copied == len(in_copy)
    # Every copied response is whole: its rating and its comment came along.
    expand_file(tmp_path / "copy.db")
    assert copy.execute("SELECT count(*) FROM answers").fetchone()[0] == 2 * len(in_copy)
    live = sqlite3.connect(database)
    assert live.execute("SELECT count(*) FROM responses").fetchone()[0] > len(in_copy)
