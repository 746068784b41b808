"""CSRF protection of the citizen form without a session cookie.

The token is a keyed BLAKE2 MAC of the page's submission id and the time the
page was served, so it cannot be made without the secret key, it is good for one
submission only, and it expires after WTF_CSRF_TIME_LIMIT seconds. A browser
posting from another site is also refused by its Origin header, which every
current browser sends with a form POST. Keeping citizens free of a session
cookie halved the cost of serving the form (docs/PERFORMANCE.md) and leaves
nothing on the phone that ties two ratings together.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from enum import Enum
from functools import cache
from urllib.parse import urlsplit

from flask import Request


class Problem(Enum):
    """Why a token was refused."""

    EXPIRED = "expired"
    INVALID = "invalid"


@cache
def _key(secret: str) -> bytes:
    """A key of its own, derived from the app's secret key (once per key)."""
    return hmac.new(secret.encode(), b"phieu-citizen-form-csrf", hashlib.sha256).digest()


def _signature(submission_id: str, issued: int, secret: str) -> str:
    message = f"{submission_id}|{issued}".encode()
    # Keyed BLAKE2 (a MAC by design): a third of the time of an OpenSSL HMAC.
    return hashlib.blake2b(message, key=_key(secret), digest_size=16).hexdigest()


def make_token(submission_id: str, secret: str, now: float | None = None) -> str:
    """The token a rendered page carries for its submission id."""
    issued = int(now if now is not None else time.time())
    return f"{issued}.{_signature(submission_id, issued, secret)}"


def check_token(
    token: str | None,
    submission_id: str,
    secret: str,
    max_age: float,
    now: float | None = None,
) -> Problem | None:
    """None for a good token; EXPIRED for one that was good once; INVALID otherwise."""
    if not token or len(token) > 64 or "." not in token:
        return Problem.INVALID
    issued_text, signature = token.split(".", 1)
    if not issued_text.isdigit():
        return Problem.INVALID
    issued = int(issued_text)
    if not hmac.compare_digest(signature, _signature(submission_id, issued, secret)):
        return Problem.INVALID
    now = now if now is not None else time.time()
    if issued > now + 60:
        return Problem.INVALID
    if now - issued > max_age:
        return Problem.EXPIRED
    return None


def cross_origin(request: Request) -> bool:
    """Whether the browser says the POST comes from a page of another site."""
    origin = request.headers.get("Origin")
    if origin is None:
        return False  # not sent by older browsers; the token still protects
    own = urlsplit(request.host_url)
    theirs = urlsplit(origin)
    return (theirs.scheme, theirs.netloc) != (own.scheme, own.netloc)
