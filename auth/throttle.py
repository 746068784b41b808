"""Slowing down password guessing without locking out the honest (issue #12, item 4).

Only failed logins count. An address that keeps failing waits longer and longer
(up to a minute); a login name attacked from many addresses waits at most half
a minute, never a lock its owner cannot get past, and a browser that has signed
in as that name before carries a signed device cookie that lets it past the
name's wait at once (OWASP's "device cookies").
"""

from __future__ import annotations

import math

from flask import Flask, Request, Response
from itsdangerous import BadData, URLSafeTimedSerializer

from core.db import get_db
from core.ratelimit import Backoff, client_hash, forget, record_failure, wait_seconds

# Seconds: an address that keeps failing, and a name attacked from everywhere.
ADDRESS_CAP = 60.0
ACCOUNT_CAP = 30.0
# Failures are forgotten after a quarter of an hour without one.
FORGET_AFTER = 15 * 60.0

DEVICE_COOKIE = "phieu_device"
DEVICE_DAYS = 180
# Names remembered per browser: an office PC may be shared by a few people.
DEVICE_NAMES = 5


class LoginAttempt:
    """One sign-in attempt: its address and the login name it tries."""

    def __init__(self, app: Flask, request: Request, username: str):
        self.app = app
        self.secret = app.secret_key
        self.request = request
        free = app.config["RATE_LIMIT_LOGINS"]
        name = client_hash(username.strip().lower(), self.secret)
        self.name_key = f"login-name:{name}"
        self.address_key = f"login-address:{client_hash(request.remote_addr, self.secret)}"
        self.backoffs = {
            self.address_key: Backoff(free, ADDRESS_CAP, FORGET_AFTER),
            self.name_key: Backoff(free, ACCOUNT_CAP, FORGET_AFTER),
        }
        self.known_device = name in self._device_names()

    def wait(self) -> int:
        """Whole seconds before this attempt may be checked; 0 to go ahead.

        Read before the password is checked and counted after: attempts that
        arrive together all pass, a handful at most with our few worker threads.
        """
        backoffs = self.backoffs
        if self.known_device:
            backoffs = {self.address_key: backoffs[self.address_key]}
        return math.ceil(wait_seconds(get_db(), backoffs))

    def failed(self) -> None:
        """Count a wrong name or password against the address and the name."""
        record_failure(get_db(), self.backoffs)

    def succeeded(self, response: Response) -> None:
        """Forget the name's failures and remember this browser for it."""
        forget(get_db(), self.name_key)
        name = self.name_key.removeprefix("login-name:")
        names = [name, *(n for n in self._device_names() if n != name)][:DEVICE_NAMES]
        response.set_cookie(
            DEVICE_COOKIE,
            self._serializer().dumps(names),
            max_age=DEVICE_DAYS * 24 * 3600,
            path=self.request.script_root + "/staff/login",
            secure=self.app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )

    def _device_names(self) -> list[str]:
        """The login names (as keyed hashes) this browser has signed in with."""
        cookie = self.request.cookies.get(DEVICE_COOKIE)
        if not cookie:
            return []
        try:
            names = self._serializer().loads(cookie, max_age=DEVICE_DAYS * 24 * 3600)
        except BadData:
            return []
        return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt="phieu-device-cookie")
