"""Timing of tallies, the results page and full exports over synthetic responses.

`fill_synthetic()` writes responses straight into responses/answers with executemany
(a million in well under a minute); `measure()` times what staff wait for. The bench
harness calls both; `python -m results.bench [N]` runs them on a temporary database.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from flask import Flask

from forms.expand import expand_pending

LEVELS = ("rat-hai-long", "hai-long", "khong-hai-long")
WEIGHTS = (70, 24, 6)
REASONS = ("thai-do", "thoi-gian-cho", "thu-tuc", "phi-le-phi", "khac")


def fill_synthetic(db, unit_id: int, counter_ids: list[int], n: int, seed: int = 1) -> None:
    """Insert n hai-long responses over 2022 (QR and paper), with their answer rows."""
    rng = random.Random(seed)
    start = date(2022, 1, 1)
    days = [(start + timedelta(days=i)).isoformat() for i in range(365)]
    first = (db.execute("SELECT max(id) FROM responses").fetchone()[0] or 0) + 1
    chunk = 100_000
    conn = db.conn
    for offset in range(0, n, chunk):
        responses, answers = [], []
        for i in range(offset, min(n, offset + chunk)):
            rid = first + i
            day = rng.choice(days)
            counter = rng.choice(counter_ids)
            channel = "paper" if rng.random() < 0.3 else "qr"
            level = rng.choices(LEVELS, WEIGHTS)[0]
            responses.append(
                (
                    rid,
                    f"bench-{seed}-{rid}",
                    unit_id,
                    counter,
                    channel,
                    f"{day}T03:00:00+00:00",
                    day,
                )
            )
            answers.append((rid, unit_id, day, counter, channel, "muc-do", level))
            if level == "khong-hai-long":
                answers.append(
                    (rid, unit_id, day, counter, channel, "chua-hai-long", rng.choice(REASONS))
                )
        with db.atomic():
            conn.executemany(
                "INSERT INTO responses (id, submission_id, unit_id, form_slug, form_version,"
                " counter_id, channel, submitted_at, day)"
                " VALUES (?, ?, ?, 'hai-long', 1, ?, ?, ?, ?)",
                responses,
            )
            conn.executemany(
                "INSERT INTO answers (response_id, unit_id, form_slug, day, counter_id, channel,"
                " question, value) VALUES (?, ?, 'hai-long', ?, ?, ?, ?, ?)",
                answers,
            )
    expand_pending(db)  # moves the mark of written answers past these rows
    conn.execute("ANALYZE")


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def measure(app: Flask, unit_code: str = "ngoc-ky", form_slug: str = "hai-long") -> dict:
    """Seconds for the tallies, the results page, and full CSV and XLSX exports."""
    from core.db import get_db
    from core.units import get_unit_by_code
    from forms.registry import get_form
    from results import export
    from results.periods import Period
    from results.report import build_report
    from results.tallies import Filters

    figures: dict = {}
    with app.test_request_context():
        db = get_db()
        unit, form = get_unit_by_code(unit_code), get_form(form_slug)
        filters = Filters(Period("all"))
        figures["responses"] = db.execute(
            "SELECT count(*) FROM responses WHERE form_slug = ? AND withdrawn = 0", [form_slug]
        ).fetchone()[0]
        # The first report scans (cold); the second reads the ledger it left.
        figures["tallies_s"] = _timed(lambda: build_report(db, form, unit, filters))
        figures["tallies_again_s"] = _timed(lambda: build_report(db, form, unit, filters))
        year = Filters(Period("year", date(2022, 1, 1), date(2022, 12, 31)), "paper")
        figures["tallies_paper_year_s"] = _timed(lambda: build_report(db, form, unit, year))
        figures["plan"] = [
            row[-1]
            for row in db.execute(
                # The first report's scan in results/ledger.py (later ones read new rows only).
                "EXPLAIN QUERY PLAN SELECT question, day, counter_id, channel, value,"
                " count(*), 0.0 FROM answers WHERE form_slug = ? AND unit_id = ?"
                " AND withdrawn = 0 AND question IN (?, ?)"
                " GROUP BY question, day, counter_id, channel, value",
                [form_slug, unit.id, "muc-do", "chua-hai-long"],
            ).fetchall()
        ]
        figures["csv_s"] = _timed(
            lambda: sum(len(p) for p in export.csv_parts(db, form, unit, filters))
        )
        report = build_report(db, form, unit, filters)
        with tempfile.TemporaryFile() as out:
            figures["xlsx_s"] = _timed(lambda: export.write_xlsx(out, db, form, unit, report))
            figures["xlsx_bytes"] = out.tell()
    client = app.test_client()
    admin = _admin_id(app)
    with client.session_transaction() as session:
        session["_user_id"] = str(admin)
    url = f"/staff/results/{unit_code}/{form_slug}"
    client.get(url)  # first render loads matplotlib; staff wait for the later ones
    figures["page_s"] = _timed(lambda: client.get(url))
    page = client.get(url)
    figures["page_status"] = page.status_code
    figures["page_bytes"] = len(page.data)
    return figures


def _admin_id(app: Flask) -> int:
    from core.db import get_db

    with app.app_context():
        return get_db().execute("SELECT id FROM users WHERE role = 'admin' LIMIT 1").fetchone()[0]


def main(n: int) -> dict:
    """Build a demo database with n synthetic responses and measure it."""
    import db as database

    from admin.demo import seed_demo
    from app import create_app
    from core.units import counters, get_unit_by_code

    folder = Path(tempfile.mkdtemp(prefix="phieu-results-bench-"))
    path = folder / "bench.db"
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "bench-" + "x" * 32})
    database.init_db(str(path))
    with app.app_context():
        seed_demo()
        unit = get_unit_by_code("ngoc-ky")
        ids = [c.id for c in counters(unit)]
        started = time.perf_counter()
        fill_synthetic(database.get_db(), unit.id, ids, n)
        fill_s = time.perf_counter() - started
    figures = {"fill_s": fill_s, **measure(app)}
    database.close_all()
    return figures


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    for key, value in main(count).items():
        print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")
