"""Time both minutes files for an inspection with many survey responses in its period.

`bench_minutes()` is what `make bench` calls; `insert_ratings()` bulk-loads quick
ratings straight into responses/answers (tests use it for exact counts).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from core.db import get_db, write_transaction
from forms.expand import expand_pending

# (unit_id, counter_id or None, channel, level, ISO day, withdrawn)
Rating = tuple[int, int | None, str, str, str, bool]


def insert_ratings(ratings: Iterable[Rating]) -> int:
    """Store `hai-long` ratings as responses with their answer rows; returns how many."""
    from forms.definition import load_forms
    from forms.store import register_versions

    db = get_db()
    forms = load_forms()
    register_versions(db, forms)
    version = forms["hai-long"].version
    count = 0
    with write_transaction(db):
        for unit_id, counter_id, channel, level, day, withdrawn in ratings:
            cursor = db.execute(
                "INSERT INTO responses (submission_id, unit_id, form_slug, form_version,"
                " counter_id, channel, submitted_at, day, withdrawn)"
                " VALUES (?, ?, 'hai-long', ?, ?, ?, ?, ?, ?)",
                [
                    uuid.uuid4().hex,
                    unit_id,
                    version,
                    counter_id,
                    channel,
                    f"{day}T02:00:00+00:00",
                    day,
                    int(withdrawn),
                ],
            )
            db.execute(
                "INSERT INTO answers (response_id, unit_id, form_slug, day, counter_id,"
                " channel, withdrawn, question, value) VALUES (?, ?, 'hai-long', ?, ?, ?, ?,"
                " 'muc-do', ?)",
                [cursor.lastrowid, unit_id, day, counter_id, channel, int(withdrawn), level],
            )
            count += 1
    expand_pending(db)  # moves the mark of written answers past these rows
    return count


def random_ratings(unit_id: int, counter_ids: list[int], start: date, end: date, n: int):
    """n plausible ratings spread over a period and a unit's counters (fixed seed)."""
    rng = random.Random(5)
    days = (end - start).days + 1
    levels = ("rat-hai-long", "hai-long", "khong-hai-long")
    for _ in range(n):
        day = (start + timedelta(days=rng.randrange(days))).isoformat()
        level = rng.choices(levels, weights=(80, 17, 3))[0]
        channel = "qr" if rng.random() < 0.7 else "paper"
        yield unit_id, rng.choice(counter_ids), channel, level, day, False


def bench_minutes(inspection_id: int | None = None, responses: int = 100_000) -> dict:
    """Seconds to build and render .docx and .pdf with `responses` ratings in the period.

    Runs inside an app context on a scratch database that has the demo loaded. Each
    file is produced as the download route does: build the model, then render; each
    format twice, as a fresh worker's first download and as a later one.
    """
    from core.units import counters
    from inspections.model import list_inspections, load_inspection
    from minutes.model import build_minutes
    from minutes.render import render

    if inspection_id is None:
        finished = [row for row in list_inspections() if row.status == "final"]
        inspection_id = (finished or list_inspections())[0].id
    inspection = load_inspection(inspection_id)
    start = date.fromisoformat(inspection.period_start)
    end = date.fromisoformat(inspection.period_end)
    counter_ids = [c.id for c in counters(inspection.unit)] or [None]
    loaded = time.perf_counter()
    inserted = insert_ratings(
        random_ratings(inspection.unit.id, counter_ids, start, end, responses)
    )
    result = {"inspection": inspection_id, "responses_added": inserted}
    result["load_seconds"] = round(time.perf_counter() - loaded, 2)
    for fmt in ("docx", "pdf"):
        began = time.perf_counter()
        data = render(build_minutes(inspection_id), fmt)
        result[f"{fmt}_seconds"] = round(time.perf_counter() - began, 3)
        result[f"{fmt}_bytes"] = len(data)
    # The first file of each format above pays the imports (matplotlib with python-docx,
    # then ReportLab and the fonts) once per worker; a worker's later downloads cost this.
    for fmt in ("docx", "pdf"):
        began = time.perf_counter()
        render(build_minutes(inspection_id), fmt)
        result[f"{fmt}_again_seconds"] = round(time.perf_counter() - began, 3)
    began = time.perf_counter()
    build_minutes(inspection_id, charts=False)
    result["model_without_charts_seconds"] = round(time.perf_counter() - began, 3)
    return result
