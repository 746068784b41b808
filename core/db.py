"""The database: one sqlite-utils connection per worker thread, and its migrations.

One idiom for each kind of transaction (issue #13):

- A write that changes more than one row, or a row and its audit row, runs in
  `with write_transaction(db):` (BEGIN IMMEDIATE, so the lock is held before the
  first read; a savepoint when already inside a transaction). A single-statement
  write needs nothing: SQLite commits it alone.
- Rows are read by column name: `rows_by_name(db, sql, params)` gives
  sqlite3.Row objects, so a dataclass is built as `Unit(**row)`.
- Reads that must agree with each other run in `with read_snapshot(db):`, one
  deferred transaction. Nothing may write inside it: under WAL a snapshot that
  turns into a write fails at once if another connection wrote meanwhile.

Feature code does not call sqlite-utils' `db.atomic()`: its plain BEGIN takes the
write lock only at the first write, and a read before it can then fail at once
with "database is locked" (STYLE.md, 'Data').
"""

import sqlite3
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import import_module

from flask import Flask, current_app


def _import_sqlite_utils():
    """Import sqlite-utils without the pandas and numpy it loads when they are installed.

    It imports them only to map their types (we never insert DataFrames), and they
    cost 0.3 s and 60 MB in a worker that serves only the citizen form (DESIGN.md).
    A None in sys.modules makes their import fail inside sqlite-utils only.
    """
    blocked = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        return import_module("sqlite_utils")
    finally:
        for name in blocked:
            del sys.modules[name]


sqlite_utils = _import_sqlite_utils()

# Each part of the app owns a numbered migration set, registered by its init_app
# in the order create_app builds the parts; the kernel names no feature package.
_schema_parts: dict[str, tuple[sqlite_utils.Migrations, Callable | None]] = {}


def register_schema(migrations: sqlite_utils.Migrations, after: Callable | None = None) -> None:
    """Add a part's migrations, and what init-db runs after them (recording definitions)."""
    _schema_parts.setdefault(migrations.name, (migrations, after))


_local = threading.local()

# How long a statement waits for another connection's write lock.
BUSY_TIMEOUT_MS = 10_000


def connect(path: str) -> sqlite_utils.Database:
    """Open a connection with the pragmas every connection needs."""
    conn = sqlite3.connect(path, timeout=10, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # WAL with synchronous=NORMAL survives a killed process; only a power cut
    # can lose the last transactions (docs/PERFORMANCE.md has the trade-off).
    conn.execute("PRAGMA synchronous = NORMAL")
    return sqlite_utils.Database(conn, execute_plugins=False)


def get_db() -> sqlite_utils.Database:
    """The current thread's connection to the app's database.

    Connections are kept per thread rather than per request: closing the last
    WAL connection checkpoints and fsyncs, which cut inserts from 4,300/s to
    1,200/s in STYLE.md's measurement. It runs several times in every request,
    so it takes the app from its proxy rather than reading through it (see
    forms.views.fill).
    """
    path = current_app._get_current_object().config["DATABASE"]
    cache = getattr(_local, "dbs", None)
    if cache is None:
        cache = _local.dbs = {}
    db = cache.get(path)
    if db is None:
        db = cache[path] = connect(path)
    return db


def rows_by_name(db: sqlite_utils.Database, sql: str, params: Sequence = ()) -> sqlite3.Cursor:
    """Run a query whose rows are read by column name (sqlite3.Row), for this cursor only.

    The connection keeps plain tuples: they are what the hot path and many tests use.
    """
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params)


@contextmanager
def write_transaction(db: sqlite_utils.Database, patience: float = 10.0) -> Iterator[None]:
    """A transaction that takes the write lock first, retrying in steps of microseconds.

    SQLite's own busy handler sleeps 1, 2, 5, 10 ms... between tries, while a
    citizen's submission holds the lock for about 0.1 ms: under load, half the
    time a submission spent in the database was that sleep (docs/PERFORMANCE.md).
    Inside an open transaction (a paper batch) this is a plain savepoint.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield
        return
    _begin_immediate(conn, patience)
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.rollback()
        raise


@contextmanager
def read_snapshot(db: sqlite_utils.Database) -> Iterator[bool]:
    """One consistent view of the database for several reads; yields whether it is our own.

    Inside an open transaction the caller's view is used as it is (False): its rows
    may yet be rolled back, which is why the flag is yielded.
    """
    conn = db.conn
    if conn.in_transaction:
        yield False
        return
    conn.execute("BEGIN")
    try:
        yield True
    finally:
        # Nothing was written: ending the snapshot either way releases it.
        if conn.in_transaction:
            conn.execute("COMMIT")


def _begin_immediate(conn: sqlite3.Connection, patience: float) -> None:
    """BEGIN IMMEDIATE with SQLite's wait switched off, retried until `patience` runs out."""
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        deadline = time.monotonic() + patience
        pause = 0.00002
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.002)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def close_all() -> None:
    """Close this thread's connections (tests and the backup command use it)."""
    for db in getattr(_local, "dbs", {}).values():
        db.close()
    _local.dbs = {}


def migration_sets() -> list[sqlite_utils.Migrations]:
    """Every migration set of the app, in the order they apply."""
    return [migrations for migrations, _ in _schema_parts.values()]


def init_db(path: str) -> None:
    """Create or upgrade the schema; safe to run on every start (after create_app)."""
    db = connect(path)
    try:
        # WAL is a property of the file: set it once, outside any transaction.
        db.execute("PRAGMA journal_mode = WAL")
        for migrations in migration_sets():
            migrations.apply(db)
        for _, after in _schema_parts.values():
            if after is not None:
                after(db)
    finally:
        db.close()


def init_app(app: Flask) -> None:
    """Register the kernel's own tables and the init-db and schema commands."""
    from core import commands, schema

    register_schema(schema.migrations)
    commands.init_app(app)


SCHEMA_HEADER = "-- The schema a fresh `flask --app app init-db` makes; `make schema` writes it."


def dump_schema(path: str) -> str:
    """The schema of a database as SQL, tables first, each followed by its indexes and triggers."""
    db = connect(path)
    try:
        rows = db.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master"
            " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
            " AND tbl_name != '_sqlite_migrations'"
            " ORDER BY tbl_name, type != 'table', type, name"
        ).fetchall()
    finally:
        db.close()
    statements = "\n\n".join(f"{_tidy(sql)};" for _, _, _, sql in rows)
    return f"{SCHEMA_HEADER}\n\n{statements}\n"


def _tidy(sql: str) -> str:
    """A statement as SQLite keeps it, its body re-indented by four spaces."""
    first, _, rest = sql.partition("\n")
    body = textwrap.indent(textwrap.dedent(rest), "    ").rstrip()
    return f"{first}\n{body}" if body else first
