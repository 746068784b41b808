"""The citizen form under gunicorn beside the floors: throughput, worker memory, bytes."""

import secrets
import sqlite3
import urllib.request
from contextlib import ExitStack
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin

from bench.load import connections
from bench.server import mapped_libraries, rss_kib
from bench.throughput import Scenario, floor_apps, in_rounds, serve

FORM_PATH = "/f/ngoc-ky/hai-long?counter=tu-phap"
# Packages with compiled extensions, so visible in /proc/<pid>/maps once imported.
HEAVY = ("pandas", "matplotlib", "numpy", "PIL", "lxml")


def prepare_database(path: str) -> None:
    """A fresh database with the demo loaded, as `make run` makes it."""
    from admin import demo
    from app import create_app
    from core import db

    app = create_app({"DATABASE": path, "SECRET_KEY": secrets.token_hex(32)})
    db.init_db(path)
    with app.app_context():
        demo.seed_demo()
    db.close_all()


def app_env(database: str) -> dict[str, str]:
    """The app's configuration for the load run (prefixed environment, DESIGN.md).

    CSRF is switched off for the load generator only: wrk cannot carry a session
    cookie per submission, and the token check is not what is measured. The rate
    limit is lifted because every request comes from one address.
    """
    return {
        "FLASK_DATABASE": database,
        "FLASK_SECRET_KEY": secrets.token_hex(32),
        "FLASK_WTF_CSRF_ENABLED": "false",
        "FLASK_RATE_LIMIT_SUBMISSIONS": "1000000000",
    }


class FormFields(HTMLParser):
    """The named controls of the page's form: hidden values and the choices offered."""

    def __init__(self):
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.choices: dict[str, list[str]] = {}
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.hidden[a["name"]] = a.get("value") or ""
        elif tag == "input" and a.get("type") in ("radio", "checkbox") and a.get("name"):
            self.choices.setdefault(a["name"], []).append(a.get("value") or "")
        elif tag == "link" and "stylesheet" in (a.get("rel") or "") and a.get("href"):
            self.assets.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.assets.append(a["src"])


def submission_body(base_url: str) -> tuple[str, str]:
    """The POST body split around the submission id: (prefix, suffix) for submit.lua."""
    with urllib.request.urlopen(base_url + FORM_PATH) as page:
        fields = FormFields()
        fields.feed(page.read().decode())
    if "submission_id" not in fields.hidden or "muc-do" not in fields.choices:
        raise RuntimeError(f"unexpected form fields: {fields.hidden} {fields.choices}")
    # 'Hài lòng': a valid answer that shows no follow-up question.
    answers = {k: v for k, v in fields.hidden.items() if k not in ("submission_id", "csrf_token")}
    answers["muc-do"] = "hai-long"
    answers["gop-y"] = "Cán bộ hướng dẫn tận tình."
    prefix = urlencode(answers) + "&submission_id="
    return prefix, ""


def transferred_bytes(base_url: str) -> dict:
    """Bytes on the wire for a first visit to the citizen form: the page and what it loads."""
    total_headers = 0

    def fetch(url: str) -> bytes:
        nonlocal total_headers
        with urllib.request.urlopen(url) as response:
            body = response.read()
            total_headers += len(str(response.headers)) + len("HTTP/1.1 200 OK\r\n")
            return body

    html = fetch(base_url + FORM_PATH)
    fields = FormFields()
    fields.feed(html.decode())
    assets = {href: len(fetch(urljoin(base_url + FORM_PATH, href))) for href in fields.assets}
    body = len(html) + sum(assets.values())
    return {
        "html": len(html),
        "assets": assets,
        "bodies_total": body,
        "with_headers": body + total_headers,
        "budget": 25 * 1024,
    }


def worker_memory(server, label: str) -> dict:
    """RSS of each worker and which heavy packages it has loaded."""
    result = {}
    for pid in server.worker_pids():
        result[f"{label}_rss_kib"] = max(result.get(f"{label}_rss_kib", 0), rss_kib(pid))
        heavy = sorted(set(result.get(f"{label}_heavy", [])) | set(mapped_libraries(pid, HEAVY)))
        result[f"{label}_heavy"] = heavy
    return result


def run(tmp: Path, seconds: float) -> tuple[dict, dict, dict]:
    """Floors and citizen routes in alternating rounds; memory and bytes of the form."""
    database = str(tmp / "citizen.db")
    prepare_database(database)
    memory: dict = {}
    with ExitStack() as servers:
        page, insert = (servers.enter_context(serve(*floor)) for floor in floor_apps(tmp))
        app = servers.enter_context(
            serve("app:create_app()", app_env(database), ready_path="/healthz")
        )
        memory.update(worker_memory(app, "idle_worker"))
        form_view = Scenario("citizen_form_view", app.url + FORM_PATH, "get.lua")
        form_view.warm_up()
        # Before any submission: a worker that has served the form only.
        memory.update(worker_memory(app, "form_only_worker"))
        size = transferred_bytes(app.url)
        prefix, suffix = submission_body(app.url)
        submit_env = {"BENCH_BODY_PREFIX": prefix, "BENCH_BODY_SUFFIX": suffix}
        before = _count(database)
        throughput = in_rounds(
            [
                Scenario("floor_page", page.url + "/", "get.lua"),
                form_view,
                Scenario("floor_insert", insert.url + "/", "insert.lua"),
                Scenario("citizen_submission", app.url + FORM_PATH, "submit.lua", submit_env),
            ],
            seconds,
        )
        stored = _count(database) - before
    # Every post answered without error (303 to the thank-you) must be one row:
    # wrk may count a request cut off at the end of a run, so allow that many
    # extra rows per run.
    s = throughput["citizen_submission"]
    acknowledged = s["requests"] - s["errors"] + s["warmup_requests"] - s["warmup_errors"]
    s["acknowledged"], s["stored"] = acknowledged, stored
    runs = len(s["rounds_rps"]) + 1
    s["all_acknowledged_stored"] = acknowledged <= stored <= acknowledged + runs * connections()
    return throughput, memory, size


def _count(database: str) -> int:
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT count(*) FROM responses").fetchone()[0]
