"""Writing responses' pending answers to the answers table, in batches.

A citizen's submission stores its answer rows as JSON on the response row
(forms/store.py): one row in one table. Writing them to `answers` as well
meant eight B-trees per submission, and under load the pages each commit
re-read and wrote, while another worker wrote too, set the ceiling
(docs/PERFORMANCE.md); written 64 at a time, a few index pages take them all.
So every reader of `answers` calls expand_pending() first, and every
EXPAND_EVERY-th submission expands what has gathered, so that a reader never
finds more than about that many. A reader that counts responses next to their
answers counts those up to the mark only (expanded_up_to), so that a response
stored while it reads is left out of both, not counted in one.

Pending responses are always above the id answers_expanded.up_to: responses
are never deleted, so ids only grow, and each expansion takes every pending
row and moves the mark to the newest response. So they are found by id, with
no index of their own for every submission to keep up.
"""

from __future__ import annotations

import json
import sqlite3

import sqlite_utils

from core.db import write_transaction
from forms import rollups

EXPAND_EVERY = 64

EXPAND = """
INSERT INTO answers (response_id, unit_id, form_slug, day, counter_id, channel, withdrawn,
                     question, value, number)
SELECT r.id, r.unit_id, r.form_slug, r.day, r.counter_id, r.channel, r.withdrawn,
       json_extract(a.value, '$[0]'), json_extract(a.value, '$[1]'), json_extract(a.value, '$[2]')
FROM responses r, json_each(r.pending_answers) a
WHERE r.id > :since AND r.pending_answers IS NOT NULL
ORDER BY r.id, a.key
"""


# One response's answer rows, from JSON given rather than its pending column.
EXPAND_ONE = """
INSERT INTO answers (response_id, unit_id, form_slug, day, counter_id, channel, withdrawn,
                     question, value, number)
SELECT r.id, r.unit_id, r.form_slug, r.day, r.counter_id, r.channel, r.withdrawn,
       json_extract(a.value, '$[0]'), json_extract(a.value, '$[1]'), json_extract(a.value, '$[2]')
FROM responses r, json_each(:rows) a
WHERE r.id = :id
ORDER BY a.key
"""


def answers_of(db: sqlite_utils.Database, response_id: int) -> list[list]:
    """A response's answer rows [question, value, number], pending or written."""
    conn = db.conn
    pending = conn.execute(
        "SELECT pending_answers FROM responses WHERE id = ?", [response_id]
    ).fetchone()[0]
    if pending is not None:
        return json.loads(pending)
    return [
        list(row)
        for row in conn.execute(
            "SELECT question, value, number FROM answers WHERE response_id = ? ORDER BY id",
            [response_id],
        )
    ]


def replace_answers(db: sqlite_utils.Database, response_id: int, rows: str) -> None:
    """Give a stored response new answer rows (JSON), inside the caller's write transaction.

    A response still pending just gets new pending rows. One already expanded
    (at or below the mark) has its rows replaced here and now, since expansion
    looks above the mark only; the caller uncounts and counts it in the roll-ups
    (forms/rollups.py) around the change.
    """
    conn = db.conn
    conn.execute("DELETE FROM answers WHERE response_id = ?", [response_id])
    if response_id > expanded_up_to(db):
        conn.execute("UPDATE responses SET pending_answers = ? WHERE id = ?", [rows, response_id])
    else:
        conn.execute(EXPAND_ONE, {"rows": rows, "id": response_id})


def expand_pending(db: sqlite_utils.Database, patience: float = 10.0) -> int:
    """Write every pending response's answer rows; the number of responses expanded."""
    conn = db.conn
    if not _behind(conn):
        return 0  # no response since the last expansion: no write lock taken
    with write_transaction(db, patience):
        since = expanded_up_to(db)
        conn.execute(EXPAND, {"since": since})
        expanded = conn.execute(
            "UPDATE responses SET pending_answers = NULL"
            " WHERE id > ? AND pending_answers IS NOT NULL",
            [since],
        ).rowcount
        (up_to,) = conn.execute("SELECT coalesce(max(id), 0) FROM responses").fetchone()
        conn.execute("UPDATE answers_expanded SET up_to = ?", [up_to])
        # The roll-ups count the batch in its own transaction (forms/rollups.py).
        rollups.count_expanded(db, since, up_to)
        return expanded


def expand_after_submission(db: sqlite_utils.Database, response_id: int) -> None:
    """Expand the gathered responses on every EXPAND_EVERY-th one, if the lock is free soon."""
    if response_id % EXPAND_EVERY:
        return
    try:
        expand_pending(db, patience=0.05)
    except sqlite3.OperationalError as error:
        # The submission is stored already: a busy database only postpones this.
        if error.sqlite_errorcode not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise


def _behind(conn: sqlite3.Connection) -> bool:
    """Whether any response came after the mark (even one written with its answers)."""
    return bool(
        conn.execute(
            "SELECT coalesce((SELECT max(id) FROM responses), 0) > up_to FROM answers_expanded"
        ).fetchone()[0]
    )


def expanded_up_to(db: sqlite_utils.Database) -> int:
    """The mark: responses up to it have their answer rows, every pending one is above it."""
    return db.conn.execute("SELECT up_to FROM answers_expanded").fetchone()[0]
