"""Rate limits counted in the database, so every worker sees them and a restart keeps them.

One row per key in `rate_limits` (core/schema.py, 004_rate_limits). Citizen
submissions use fixed windows counted inside the transaction that stores them
(`spend`); logins count failures only and answer with a growing, capped wait
(`Backoff`). Issue #12: counts kept in each worker's memory let N workers allow
N times the limit, and a restart forgot them.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import random
import time
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from core.db import write_transaction

if TYPE_CHECKING:
    from sqlite_utils import Database

# The limits' clock, in Unix seconds (tests move it forward instead of sleeping).
clock = time.time

# One counting call in this many also deletes the rows whose window has ended:
# the table holds only keys active in the last window or so, and the cost of the
# scan is spread thin.
PRUNE_ONE_IN = 1000


class RateLimited(Exception):
    """A key is over its limit; `retry_after` is the whole seconds to wait."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Limit:
    """At most `allowed` events of one key in each fixed window of `window` seconds."""

    key: str
    allowed: int
    window: float


# The first event of a key opens its window; later ones count in it until it
# ends. A key at its limit is left as it is, so the statement changes no row: the
# refusal costs no second statement, nor RETURNING's (a fifth of its time). In
# an UPDATE every right-hand side reads the row as it was.
_SPEND = (
    "INSERT INTO rate_limits (key, hits, until, last_at) VALUES (?1, 1, ?2 + ?3, ?2)"
    " ON CONFLICT (key) DO UPDATE SET"
    " hits = CASE WHEN until > ?2 THEN hits + 1 ELSE 1 END,"
    " until = CASE WHEN until > ?2 THEN until ELSE ?2 + ?3 END,"
    " last_at = ?2"
    " WHERE until <= ?2 OR hits < ?4"
)


def spend(db: Database, limit: Limit) -> None:
    """Count one event against a limit; raise RateLimited past it.

    Run it inside the write transaction that stores what is counted: a refused
    event rolls back with it, and only what is stored spends the allowance.
    """
    now = clock()
    counted = db.execute(_SPEND, [limit.key, now, limit.window, limit.allowed]).rowcount
    _maybe_prune(db, now)
    if not counted:
        (until,) = db.execute("SELECT until FROM rate_limits WHERE key = ?", [limit.key]).fetchone()
        raise RateLimited(max(1, math.ceil(until - now)))


@dataclass(frozen=True)
class Backoff:
    """Some failures free, then a wait doubling from one second up to a cap.

    A key's failures are forgotten after `forget_after` quiet seconds; while
    they go on, the wait stays at the cap and never grows into a lock-out.
    """

    free: int
    cap: float
    forget_after: float

    def wait_after(self, failures: int) -> float:
        """Seconds to wait after the last of so many failures."""
        if failures < self.free:
            return 0.0
        return min(2.0 ** (failures - self.free), self.cap)


# Every failure pushes the moment the key is forgotten further away.
_FAIL = (
    "INSERT INTO rate_limits (key, hits, until, last_at) VALUES (?1, 1, ?2 + ?3, ?2)"
    " ON CONFLICT (key) DO UPDATE SET"
    " hits = CASE WHEN until > ?2 THEN hits + 1 ELSE 1 END,"
    " until = ?2 + ?3,"
    " last_at = ?2"
)


def wait_seconds(db: Database, backoffs: dict[str, Backoff]) -> float:
    """How long the most slowed-down of these keys must still wait; 0 when none."""
    now = clock()
    marks = ", ".join("?" * len(backoffs))
    rows = db.execute(
        f"SELECT key, hits, until, last_at FROM rate_limits WHERE key IN ({marks})",  # noqa: S608 - placeholders only
        list(backoffs),
    ).fetchall()
    waits = [
        last_at + backoffs[key].wait_after(hits) - now
        for key, hits, until, last_at in rows
        if until > now
    ]
    return max([0.0, *waits])


def record_failure(db: Database, backoffs: dict[str, Backoff]) -> None:
    """Count a failure against every one of these keys."""
    now = clock()
    with write_transaction(db):
        for key, backoff in backoffs.items():
            db.execute(_FAIL, [key, now, backoff.forget_after])
        _maybe_prune(db, now)


def forget(db: Database, key: str) -> None:
    """Drop a key's count (its owner proved who they are)."""
    with write_transaction(db):
        db.execute("DELETE FROM rate_limits WHERE key = ?", [key])


def _maybe_prune(db: Database, now: float) -> None:
    """Now and then, delete the rows whose window has ended."""
    if random.random() * PRUNE_ONE_IN < 1:
        db.execute("DELETE FROM rate_limits WHERE until <= ?", [now])


@cache
def _address_key(secret: str) -> bytes:
    """A key of its own for client addresses, derived from the app's secret key once."""
    return hmac.new(secret.encode(), b"phieu-client-address", hashlib.sha256).digest()


def client_hash(address: str | None, secret: str) -> str:
    """A keyed hash of a client address (or a login name): enough to count, never the raw text."""
    # Keyed BLAKE2 is a MAC by design (RFC 7693) and Python's own C code: 1.4 us
    # against 4.2 us for an OpenSSL HMAC, which looks its algorithm up each call.
    key = _address_key(secret)
    return hashlib.blake2b((address or "unknown").encode(), key=key, digest_size=8).hexdigest()
