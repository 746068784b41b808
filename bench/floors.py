"""The floors the app is compared with: bare Flask routes served by the same gunicorn.

`page_app` returns a fixed 2 KB page; `insert_app` does one SQLite insert on a
connection kept per worker, with the same pragmas as db.connect. Their speed on
this machine, in this run, is what 'fast' means for the real routes.
"""

import os
import sqlite3
import threading

from flask import Flask

PAGE = ("<!doctype html><title>floor</title><p>" + "x" * 2000 + "</p>").encode()


def page_app() -> Flask:
    """A route returning a fixed 2 KB page."""
    app = Flask(__name__)

    @app.route("/")
    def page():
        return PAGE, 200, {"Content-Type": "text/html; charset=utf-8"}

    return app


def insert_app() -> Flask:
    """A route doing one committed SQLite insert on a per-worker connection."""
    app = Flask(__name__)
    path = os.environ["BENCH_FLOOR_DATABASE"]
    local = threading.local()

    @app.route("/", methods=["GET", "POST"])
    def insert():
        conn = getattr(local, "conn", None)
        if conn is None:
            # Opened lazily so each forked worker (or gthread thread) has its own,
            # kept for its lifetime as db.get_db keeps the app's.
            conn = local.conn = sqlite3.connect(path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("INSERT INTO hits (at, note) VALUES (datetime('now'), ?)", ["floor"])
        return PAGE[:200], 200, {"Content-Type": "text/html; charset=utf-8"}

    return app


def init_insert_database(path: str) -> None:
    """Create the floor's table in WAL mode, as db.init_db does for the app."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS hits (id INTEGER PRIMARY KEY, at TEXT, note TEXT)")
    conn.commit()
    conn.close()
