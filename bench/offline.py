"""Timings on big data, in-process: tallies, results page, exports, minutes."""

import os
import secrets
import sqlite3
import time
from pathlib import Path

from bench import synthetic
from bench.citizen import prepare_database

MONTH = "?period=month&date=2022-06-01"


def _app(database: str):
    from app import create_app

    return create_app({"DATABASE": database, "SECRET_KEY": secrets.token_hex(32)})


def _admin_client(app):
    """A test client signed in as the demo admin (province level: sees every unit)."""
    from core.db import get_db

    with app.app_context():
        admin_id = get_db().execute("SELECT id FROM users WHERE username = 'admin'").fetchone()[0]
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(admin_id)
        session["_fresh"] = True
    return client


def _timed(call, repeat: int = 1) -> tuple[float, object]:
    """Best wall time of `repeat` calls, in seconds, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - began)
    return round(best, 3), result


def _get(client, url: str) -> tuple[int, int]:
    """Status and body size of a full GET (streamed bodies are read to the end)."""
    response = client.get(url, buffered=True)
    return response.status_code, len(response.get_data())


def _store_one(db, form, unit) -> None:
    """One more citizen response, as the public form stores it."""
    from forms.store import store_response

    store_response(db, form, unit, {"muc-do": "hai-long"}, submission_id="bench-one-more-000")


def million(tmp: Path, count: int) -> dict:
    """Tallies, the results page and full exports over `count` synthetic responses."""
    database = str(tmp / "million.db")
    prepare_database(database)
    began = time.perf_counter()
    synthetic.fill(database, count)
    timings = {"responses": count, "load_seconds": round(time.perf_counter() - began, 1)}
    app = _app(database)
    # A request context: the report's labels are translated for the request's locale.
    with app.test_request_context():
        from core.db import get_db
        from core.units import get_unit_by_code
        from forms.registry import get_form
        from results.periods import parse_period
        from results.report import build_report
        from results.tallies import Filters

        unit, form = get_unit_by_code("ngoc-ky"), get_form("hai-long")
        every = Filters(parse_period({}))
        year = Filters(parse_period({"period": "year", "date": "2022-06-01"}))
        # Reports read the roll-up tables (forms/rollups.py): the first in a worker
        # costs what the later ones do.
        timings["tallies_first_in_worker_seconds"], _ = _timed(
            lambda: build_report(get_db(), form, unit, every)
        )
        timings["tallies_all_seconds"], report = _timed(
            lambda: build_report(get_db(), form, unit, every), 2
        )
        timings["tallies_year_seconds"], _ = _timed(
            lambda: build_report(get_db(), form, unit, year), 2
        )
        timings["tallied_responses"] = report.responses
        _store_one(get_db(), form, unit)
        timings["tallies_after_new_response_seconds"], after = _timed(
            lambda: build_report(get_db(), form, unit, every)
        )
        if after.responses != report.responses + 1:
            raise RuntimeError(f"the new response was not counted: {after.responses}")
        timings["tallied_responses"] = report.responses
    client = _admin_client(app)
    page = "/staff/results/ngoc-ky/hai-long"
    for name, url, repeat in (
        # Best of two for the first page: the first request also imports matplotlib.
        ("results_page_all", page, 2),
        ("results_page_year", page + "?period=year&date=2022-06-01", 1),
        ("results_page_province", "/staff/results/hai-duong/hai-long", 1),
    ):
        seconds, (status, size) = _timed(lambda url=url: _get(client, url), repeat)
        timings[f"{name}_seconds"] = seconds
        timings[f"{name}_status"] = status
    # XlsxWriter writes about 6,000-7,000 rows/s here (openpyxl 3,600-5,000), so a full
    # million-row XLSX takes minutes: by default the XLSX covers one month,
    # BENCH_FULL_XLSX=1 does all.
    xlsx_query = "" if os.environ.get("BENCH_FULL_XLSX") == "1" else MONTH
    for fmt, query in (("csv", ""), ("xlsx", xlsx_query)):
        seconds, (status, size) = _timed(
            lambda url=f"{page}/export.{fmt}{query}": _get(client, url)
        )
        rows = _rows(database, query)
        timings[f"export_{fmt}"] = {
            "rows": rows,
            "seconds": seconds,
            "rows_per_second": round(rows / seconds) if seconds else None,
            "bytes": size,
            "status": status,
        }
    return timings


def _rows(database: str, query: str) -> int:
    """Responses an export covers: all of them, or June 2022."""
    where = "AND day BETWEEN '2022-06-01' AND '2022-06-30'" if query else ""
    with sqlite3.connect(database) as conn:
        return conn.execute(
            "SELECT count(*) FROM responses WHERE form_slug = 'hai-long' AND withdrawn = 0"
            f" AND unit_id = (SELECT id FROM units WHERE code = 'ngoc-ky') {where}"
        ).fetchone()[0]


def minutes(tmp: Path, count: int) -> dict:
    """Both minutes files for the demo inspection with `count` responses in its period."""
    from minutes.bench import bench_minutes

    database = str(tmp / "minutes.db")
    prepare_database(database)
    with _app(database).test_request_context():
        return bench_minutes(responses=count)
