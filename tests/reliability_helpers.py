"""A real gunicorn on a temporary database, and a citizen posting to it over HTTP."""

import http.client
import re
import secrets
import sqlite3
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import sqlite_utils

from app import create_app
from bench.server import Gunicorn
from core import db
from forms.expand import expand_pending
from tests import factories

FORM = "/f/ngoc-ky/hai-long?counter=tu-phap"


def prepare_database(path: Path) -> None:
    """Schema, definition versions and the demo unit tree, as the fixtures make them."""
    app = create_app({"DATABASE": str(path), "SECRET_KEY": secrets.token_hex(32)})
    db.init_db(str(path))
    with app.app_context():
        factories.make_units()
    db.close_all()


def serve(path: Path, worker_class: str = "gthread", threads: int = 4) -> Gunicorn:
    """gunicorn serving the app on the database, CSRF on, the rate limit lifted."""
    env = {
        "FLASK_DATABASE": str(path),
        "FLASK_SECRET_KEY": "reliability-" + secrets.token_hex(16),
        "FLASK_RATE_LIMIT_SUBMISSIONS": "1000000",
    }
    return Gunicorn("app:create_app()", env, 2, worker_class, threads, "/healthz")


class Citizen:
    """One phone: opens real form pages and posts them back with their tokens."""

    # submission id -> the CSRF token its page carried (shared: two phones may
    # post one page, as a retry from another connection does).
    tokens: dict[str, str] = {}

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port

    def open_form(self) -> str:
        """GET the form as a phone does; returns the submission id the page carries."""
        status, _, body = self.request("GET", FORM)
        assert status == 200, body[:500]
        fields = dict(re.findall(r'name="(csrf_token|submission_id)" value="([^"]+)"', body))
        Citizen.tokens[fields["submission_id"]] = fields["csrf_token"]
        return fields["submission_id"]

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        """One request on a fresh connection: (status, headers, body text)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def submit(self, submission_id: str, level: str = "hai-long", comment: str = ""):
        """POST one rating; (status, Location, body)."""
        body = urlencode(
            {
                "csrf_token": Citizen.tokens[submission_id],
                "submission_id": submission_id,
                "muc-do": level,
                "gop-y": comment,
            }
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, response_headers, text = self.request("POST", FORM, body, headers)
        return status, response_headers.get("Location"), text


def thanks_path(submission_id: str) -> str:
    return f"/f/ngoc-ky/hai-long/cam-on/{submission_id}"


def wait_until(condition, seconds: float = 30) -> None:
    """Poll a condition; fail the test rather than hang when it never comes true."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the load"
        time.sleep(0.05)


def expand_file(path: Path) -> int:
    """Write a database file's pending answer rows, as the service's next reader would."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        return expand_pending(sqlite_utils.Database(conn))
    finally:
        conn.close()
