"""Synthetic citizen responses written straight into responses/answers by SQL.

Going around the app's store is deliberate: a million responses through the
view would take minutes; what is measured is reading them back. The rows are
generated inside SQLite from a counter, with a multiplicative hash standing in
for randomness, so a run is deterministic and a million rows take seconds.
"""

import sqlite3

import sqlite_utils

from forms.expand import expand_pending

# Shares of the three levels (per cent): 55 very satisfied, 35 satisfied, 10 not.
LEVELS_SQL = (
    "CASE WHEN h < 55 THEN 'rat-hai-long' WHEN h < 90 THEN 'hai-long' ELSE 'khong-hai-long' END"
)
POINTS_SQL = "CASE WHEN h < 55 THEN 3.0 WHEN h < 90 THEN 2.0 ELSE 1.0 END"
REASONS = ("thai-do", "thoi-gian-cho", "thu-tuc", "phi-le-phi", "khac")
COMMENT = "Cán bộ nhiệt tình, hướng dẫn rõ ràng. <b>Cảm ơn</b> & 'hẹn gặp lại'"


def fill(
    path: str,
    count: int,
    unit_code: str = "ngoc-ky",
    year: int = 2022,
    form_slug: str = "hai-long",
    seed: int = 6,
) -> int:
    """Add `count` QR and paper responses to a unit's form; returns the first new id."""
    conn = sqlite3.connect(path, isolation_level=None)
    # A bulk load into a scratch file: no journal, a large cache, and the
    # indexes rebuilt once at the end rather than updated row by row.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    unit_id = conn.execute("SELECT id FROM units WHERE code = ?", [unit_code]).fetchone()[0]
    version = conn.execute(
        "SELECT max(version) FROM form_versions WHERE slug = ?", [form_slug]
    ).fetchone()[0]
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM responses").fetchone()[0]
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('responses', 'answers')"
    ).fetchall()
    conn.execute("BEGIN")
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    conn.execute("CREATE TEMP TABLE bench_counters (k INTEGER PRIMARY KEY, id INTEGER)")
    conn.execute(
        "INSERT INTO bench_counters (k, id) SELECT row_number() OVER (ORDER BY id) - 1, id"
        " FROM counters WHERE unit_id = ?",
        [unit_id],
    )
    counters = conn.execute("SELECT count(*) FROM bench_counters").fetchone()[0] or 1
    params = {
        "n": count,
        "first": first,
        "unit": unit_id,
        "slug": form_slug,
        "version": version,
        "seed": seed,
        "k": counters,
        "start": f"{year}-01-01",
    }
    conn.execute(
        """
        WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < :n)
        INSERT INTO responses (id, submission_id, unit_id, form_slug, form_version,
                               counter_id, channel, submitted_at, day)
        SELECT :first + n,
               printf('%08x-0000-4000-8000-%012x', :seed, n),
               :unit, :slug, :version,
               (SELECT id FROM bench_counters WHERE k = (n * 7919) % :k),
               CASE WHEN (n * 2654435761) % 5 = 0 THEN 'paper' ELSE 'qr' END,
               date(:start, '+' || ((n * 48271) % 365) || ' days') || 'T02:00:00+00:00',
               date(:start, '+' || ((n * 48271) % 365) || ' days')
        FROM seq
        """,
        params,
    )
    answer_columns = (
        "INSERT INTO answers (response_id, unit_id, form_slug, day, counter_id, channel,"
        " question, value, number) "
    )
    # h: the response's level, a hash of its id so the three inserts agree.
    scope = (
        "FROM (SELECT *, (id * 40503) % 100 AS h FROM responses"
        " WHERE id >= :first AND unit_id = :unit AND form_slug = :slug)"
    )
    conn.execute(
        answer_columns + "SELECT id, unit_id, form_slug, day, counter_id, channel, 'muc-do', "
        f"{LEVELS_SQL}, {POINTS_SQL} {scope}",
        params,
    )
    for i, reason in enumerate(REASONS):
        # Each unsatisfied response names one or two reasons.
        conn.execute(
            answer_columns + "SELECT id, unit_id, form_slug, day, counter_id, channel,"
            f" 'chua-hai-long', '{reason}', NULL {scope}"
            f" WHERE h >= 90 AND (id % 5 = {i} OR (id % 3 = 0 AND (id + 1) % 5 = {i}))",
            params,
        )
    conn.execute(
        answer_columns + "SELECT id, unit_id, form_slug, day, counter_id, channel,"
        f" 'gop-y', :comment, NULL {scope} WHERE id % 20 = 0",
        {**params, "comment": COMMENT},
    )
    for _, sql in indexes:
        conn.execute(sql)
    # These rows came with their answer rows: move the mark of written answers
    # (forms/expand.py) past them, expanding whatever the demo left pending.
    expand_pending(sqlite_utils.Database(conn))
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("ANALYZE")
    conn.close()
    return first
