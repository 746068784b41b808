"""db.write_transaction: the write lock taken first, waited for in short steps, all or nothing.

And db.read_snapshot: several reads that agree while others write.
"""

import sqlite3
import threading
import time

import pytest

from core import db


@pytest.fixture
def database(tmp_path):
    path = str(tmp_path / "lock.db")
    first = db.connect(path)
    first.execute("PRAGMA journal_mode = WAL")
    first.execute("CREATE TABLE hits (id INTEGER PRIMARY KEY, note TEXT)")
    first.conn.commit()
    yield path, first
    first.close()


def _count(conn) -> int:
    return conn.execute("SELECT count(*) FROM hits").fetchone()[0]


def test_waits_for_another_writer_then_commits(database):
    path, holder = database
    holder.conn.execute("BEGIN IMMEDIATE")
    holder.conn.execute("INSERT INTO hits (note) VALUES ('holder')")
    released = threading.Timer(0.2, holder.conn.commit)
    released.start()
    writer = db.connect(path)
    started = time.monotonic()
    with db.write_transaction(writer):
        writer.conn.execute("INSERT INTO hits (note) VALUES ('writer')")
    waited = time.monotonic() - started
    released.join()
    assert 0.15 < waited < 2
    assert _count(writer) == 2
    # The connection's own wait is back for every other statement.
    assert writer.execute("PRAGMA busy_timeout").fetchone()[0] == db.BUSY_TIMEOUT_MS
    writer.close()


def test_gives_up_after_its_patience(database):
    path, holder = database
    holder.conn.execute("BEGIN IMMEDIATE")
    writer = db.connect(path)
    with (
        pytest.raises(sqlite3.OperationalError, match="locked"),
        db.write_transaction(writer, patience=0.05),
    ):
        pass
    holder.conn.rollback()
    assert not writer.conn.in_transaction
    assert writer.execute("PRAGMA busy_timeout").fetchone()[0] == db.BUSY_TIMEOUT_MS
    writer.close()


def test_an_error_inside_rolls_everything_back(database):
    _path, conn = database
    with pytest.raises(ZeroDivisionError), db.write_transaction(conn):
        conn.conn.execute("INSERT INTO hits (note) VALUES ('half')")
        1 / 0
    assert _count(conn) == 0 and not conn.conn.in_transaction


def test_inside_an_open_transaction_it_is_a_savepoint(database):
    _path, conn = database
    with conn.atomic():
        conn.conn.execute("INSERT INTO hits (note) VALUES ('outer')")
        with pytest.raises(ValueError), db.write_transaction(conn):
            conn.conn.execute("INSERT INTO hits (note) VALUES ('inner')")
            raise ValueError
        assert conn.conn.in_transaction
    assert [r[0] for r in conn.execute("SELECT note FROM hits").fetchall()] == ["outer"]


def test_a_read_snapshot_does_not_see_later_writes(database):
    path, reader = database
    writer = db.connect(path)
    with db.read_snapshot(reader) as own:
        assert own
        before = _count(reader)
        writer.execute("INSERT INTO hits (note) VALUES ('meanwhile')")
        assert _count(reader) == before
    assert _count(reader) == before + 1 and not reader.conn.in_transaction
    writer.close()


def test_inside_an_open_transaction_a_snapshot_is_the_callers(database):
    _path, conn = database
    with conn.atomic():
        conn.conn.execute("INSERT INTO hits (note) VALUES ('open')")
        with db.read_snapshot(conn) as own:
            assert not own and _count(conn) == 1
        assert conn.conn.in_transaction
    assert _count(conn) == 1
