"""`flask synth-province`: a synthetic province for tests and benchmarks (issue #18).

Communes with the demo's six counters go under the demo district, and their
quick ratings are generated inside SQLite from a counter, as bench/synthetic.py
does, with a multiplicative hash standing in for randomness: a run is
deterministic in its figures and a million responses take seconds. Each
response is stored as a citizen's submission stores it (its answer rows as JSON
in `pending_answers`, forms/store.py) and then expanded by forms/expand.py in
the same transaction, so the answers table, the expansion mark and anything
kept with the expansion see these rows exactly as they see real ones.
"""

from __future__ import annotations

import secrets
import sqlite3
import time

import click
from flask import Flask

from admin.demo import COUNTERS
from core.db import get_db, write_transaction
from core.units import add_counter, add_unit, get_unit_by_code
from forms.expand import expand_pending
from forms.registry import get_form

FORM = "hai-long"
CODE = "xa-mo-phong-{:03d}"
NAME = "Xã Mô Phỏng {:03d}"

COMMENT = "Cán bộ nhiệt tình, hướng dẫn rõ ràng. Cảm ơn & 'hẹn gặp lại'"

# One row per response: n counts from 0; the commune is n // :m, the counter one
# of its six, the day one of the year's, the hour within office hours (UTC+7).
# h, a hash of the id, picks the level (55 % very satisfied, 35 % satisfied,
# 10 % not); an unsatisfied citizen names one or two reasons (in the definition's
# order, as the form stores them); one in twenty leaves a comment.
# The JSON rows are [question, value, points], as store_response writes them.
INSERT = """
WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < :total),
made AS (
    SELECT n, :first + n AS id, ((:first + n) * 40503) % 100 AS h,
           date(:start, '+' || ((n * 48271) % :days) || ' days') AS day
    FROM seq
),
levelled AS (
    SELECT *, CASE WHEN h < 55 THEN 'rat-hai-long' WHEN h < 90 THEN 'hai-long'
                   ELSE 'khong-hai-long' END AS level,
           (id % 5) AS r1, ((id + 1) % 5) AS r2
    FROM made
)
INSERT INTO responses (id, submission_id, unit_id, form_slug, form_version, counter_id,
                       channel, submitted_at, day, pending_answers)
SELECT id,
       printf('synth-%s-%010d', :run, n),
       (SELECT unit_id FROM synth_communes WHERE k = n / :m),
       :slug, :version,
       (SELECT counter_id FROM synth_counters WHERE k = (n / :m) * 6 + (n * 7919) % 6),
       'qr',
       day || 'T' || printf('%02d:%02d', 1 + n % 9, n % 60) || ':00+00:00',
       day,
       '[' || json_array('muc-do', level, (SELECT points FROM synth_points WHERE level_key = level))
       || CASE WHEN level = 'khong-hai-long'
               THEN ',' || json_array('chua-hai-long', (SELECT key FROM synth_reasons
                   WHERE k = CASE WHEN id % 3 = 0 THEN min(r1, r2) ELSE r1 END))
               ELSE '' END
       || CASE WHEN level = 'khong-hai-long' AND id % 3 = 0
               THEN ',' || json_array('chua-hai-long', (SELECT key FROM synth_reasons
                   WHERE k = max(r1, r2)))
               ELSE '' END
       || CASE WHEN id % 20 = 0 THEN ',' || json_array('gop-y', :comment) ELSE '' END
       || ']'
FROM levelled
"""


class SynthError(Exception):
    """The arguments cannot make a province; the message says why, in Vietnamese."""


def synth_province(district_code: str, communes: int, per_commune: int, year: int) -> int:
    """Add the communes, counters and responses; returns the number of responses."""
    if communes < 1:
        raise SynthError("--communes phải là số nguyên từ 1 trở lên.")
    if per_commune < 1:
        raise SynthError("--per-commune phải là số nguyên từ 1 trở lên.")
    if not 2000 <= year <= 2100:
        raise SynthError("--year phải trong khoảng 2000-2100.")
    db = get_db()
    try:
        district = get_unit_by_code(district_code)
    except sqlite3.OperationalError:  # no units table: init-db never ran
        raise SynthError("Chưa khởi tạo cơ sở dữ liệu: hãy chạy init-db và seed-demo.") from None
    if district is None:
        if db.execute("SELECT 1 FROM units LIMIT 1").fetchone() is None:
            raise SynthError("Chưa có dữ liệu mẫu: hãy chạy seed-demo trước.")
        raise SynthError(f"Không có đơn vị mã '{district_code}'.")
    form = get_form(FORM)
    if form is None:
        raise SynthError(f"Không có phiếu mã '{FORM}'.")
    levels = {o.key: o.points for o in form.question("muc-do").options}
    reasons = [o.key for o in form.question("chua-hai-long").options]
    conn = db.conn
    # A command's own connection: a large page cache keeps the index pages that
    # random days touch in memory (measured: 500,000 responses in 8.6 s rather than 11.9 s).
    conn.execute("PRAGMA cache_size = -262144")
    with write_transaction(db):
        # Pending rows of real submissions go first, so that the mark moves past
        # whole responses only (forms/expand.py).
        expand_pending(db)
        taken = conn.execute(
            "SELECT count(*) FROM units WHERE code LIKE 'xa-mo-phong-%'"
        ).fetchone()[0]
        conn.execute("CREATE TEMP TABLE synth_communes (k INTEGER PRIMARY KEY, unit_id INTEGER)")
        conn.execute("CREATE TEMP TABLE synth_counters (k INTEGER PRIMARY KEY, counter_id INTEGER)")
        conn.execute("CREATE TEMP TABLE synth_points (level_key TEXT PRIMARY KEY, points REAL)")
        conn.execute("CREATE TEMP TABLE synth_reasons (k INTEGER PRIMARY KEY, key TEXT)")
        try:
            conn.executemany("INSERT INTO synth_points VALUES (?, ?)", levels.items())
            conn.executemany("INSERT INTO synth_reasons VALUES (?, ?)", enumerate(reasons))
            for k in range(communes):
                number = taken + k + 1
                unit = add_unit(CODE.format(number), NAME.format(number), "xa", district)
                conn.execute("INSERT INTO synth_communes VALUES (?, ?)", [k, unit.id])
                for position, (code, name) in enumerate(COUNTERS):
                    counter = add_counter(unit, code, name, position)
                    conn.execute(
                        "INSERT INTO synth_counters VALUES (?, ?)", [k * 6 + position, counter.id]
                    )
            first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM responses").fetchone()[0]
            days = 366 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 365
            conn.execute(
                INSERT,
                {
                    "total": communes * per_commune,
                    "m": per_commune,
                    "first": first,
                    "run": secrets.token_hex(4),
                    "slug": FORM,
                    "version": form.version,
                    "start": f"{year}-01-01",
                    "days": days,
                    "comment": COMMENT,
                },
            )
            expand_pending(db)
        finally:
            for table in ("synth_communes", "synth_counters", "synth_points", "synth_reasons"):
                conn.execute(f"DROP TABLE temp.{table}")
    return communes * per_commune


def init_app(app: Flask) -> None:
    """Register the synth-province command."""

    @app.cli.command("synth-province")
    @click.option("--communes", type=int, required=True, help="Số xã thêm vào.")
    @click.option("--per-commune", type=int, required=True, help="Số phiếu mỗi xã.")
    @click.option("--year", type=int, default=2025, show_default=True, help="Năm của phiếu.")
    @click.option("--district", default="tu-ky", show_default=True, help="Mã huyện mẫu.")
    def synth_province_command(communes: int, per_commune: int, year: int, district: str):
        """Add N synthetic communes under the demo district, M quick ratings each."""
        started = time.perf_counter()
        try:
            total = synth_province(district, communes, per_commune, year)
        except SynthError as error:
            raise click.ClickException(str(error)) from None
        seconds = time.perf_counter() - started
        click.echo(
            f"Đã thêm {communes} xã, {communes * 6} quầy, {total} phiếu năm {year}"
            f" trong {seconds:.1f} s."
        )
