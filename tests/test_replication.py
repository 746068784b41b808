"""Litestream replication: responses written under it come back from the replica (issue #18)."""

import signal
import sqlite3
import subprocess
import sysconfig
import threading
import time
from pathlib import Path

import pytest

from tests.reliability_helpers import Citizen, expand_file, prepare_database, serve, wait_until

# pip puts the wheel's binary beside python, in the environment's scripts folder.
LITESTREAM = Path(sysconfig.get_path("scripts")) / "litestream"

# Litestream 0.5 syntax: one replica per database; short intervals so the test is quick.
CONFIG = """\
dbs:
  - path: {database}
    monitor-interval: 100ms
    replica:
      url: file://{replica}
      sync-interval: 200ms
"""


def test_the_binary_comes_with_requirements():
    version = subprocess.run(
        [LITESTREAM, "version"], capture_output=True, text=True, check=True, timeout=30
    )
    assert version.stdout.strip() == "0.5.17"


def restore(config: Path, database: Path, target: Path) -> sqlite3.Connection:
    """litestream restore of the database's replica into a new file, opened."""
    subprocess.run(
        [LITESTREAM, "restore", "-config", config, "-o", target, database],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return sqlite3.connect(target)


@pytest.mark.slow  # gunicorn and litestream under load
def test_every_acknowledged_response_is_restored_from_the_replica(tmp_path):
    database = tmp_path / "phieu.db"
    prepare_database(database)
    config = tmp_path / "litestream.yml"
    config.write_text(CONFIG.format(database=database, replica=tmp_path / "replica"))
    log = (tmp_path / "litestream.log").open("wb")
    replicator = subprocess.Popen(
        [LITESTREAM, "replicate", "-config", config], stdout=log, stderr=subprocess.STDOUT
    )
    committed: list[str] = []
    stop = threading.Event()

    def keep_submitting(citizen: Citizen) -> None:
        while not stop.is_set():
            submission_id = citizen.open_form()
            status, _, _ = citizen.submit(submission_id, comment="Cán bộ nhiệt tình")
            if status == 303:
                committed.append(submission_id)

    try:
        with serve(database) as server:
            threads = [
                threading.Thread(target=keep_submitting, args=(Citizen(server.url),), daemon=True)
                for _ in range(3)
            ]
            for thread in threads:
                thread.start()
            try:
                wait_until(lambda: len(committed) >= 150, seconds=60)
            finally:
                stop.set()
                for thread in threads:
                    thread.join(timeout=30)
            acknowledged = set(committed)
            # The service still runs: within a few sync intervals the replica holds
            # every acknowledged response, with no help from a clean shutdown.
            attempt = 0
            deadline = time.monotonic() + 20
            while True:
                attempt += 1
                copy = restore(config, database, tmp_path / f"restored-{attempt}.db")
                found = {r[0] for r in copy.execute("SELECT submission_id FROM responses")}
                if acknowledged <= found or time.monotonic() > deadline:
                    break
                copy.close()
                time.sleep(0.5)
            # A machine that dies takes litestream with it: no final flush.
            replicator.send_signal(signal.SIGKILL)
            replicator.wait(timeout=30)
    finally:
        if replicator.poll() is None:
            replicator.kill()
            replicator.wait(timeout=30)
        log.close()
    assert acknowledged <= found, f"{len(acknowledged - found)} acknowledged responses missing"
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()
    # Restored once more after the replicator died: the same, and whole.
    final = restore(config, database, tmp_path / "restored-final.db")
    assert final.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert acknowledged <= {r[0] for r in final.execute("SELECT submission_id FROM responses")}
    # Every restored response carries its answers (rating and comment), as in a backup.
    expand_file(tmp_path / "restored-final.db")
    responses = final.execute("SELECT count(*) FROM responses").fetchone()[0]
    assert final.execute("SELECT count(*) FROM answers").fetchone()[0] == 2 * responses
