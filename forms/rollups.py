"""Roll-up tables: the tallies kept in SQLite, in the transaction that writes what they count.

Two grains of one shape (issue #18): `tallies_daily` per day and `tallies_monthly` per
month ('2022-03'), each keyed by form, unit, period, counter (0: none), channel, form
version, question and value, holding answers and their total of points. Besides the
answers of counted questions (choice, integer, decimal; never free text), three kinds
of row count responses, so that no report reads the raw tables:

- question '' and value '': the responses themselves;
- question Q and value '': responses answering the multiple-choice question Q;
- question '' and value T: responses whose choice answers' points total T.

Only live (withdrawn = 0), expanded responses (id at or below answers_expanded.up_to,
forms/expand.py) are counted. Whoever changes what is counted calls `count` after or
`uncount` before, in the same transaction: the expansion of pending answers, a
citizen's correction, the withdrawal of a paper batch or a burst. `rebuild` recounts
everything from the raw rows; tests/test_rollups.py checks that both agree.
"""

from __future__ import annotations

import json

import sqlite_utils

from forms.types import QUESTION_TYPES
from forms.types.number import Number

GRAINS = ("tallies_daily", "tallies_monthly")

# Which responses a change concerns: a fixed set of clauses, never caller text.
_CHOSEN = {
    "after": "r.id > :since AND r.id <= :up_to",
    "ids": "r.id IN (SELECT value FROM json_each(:ids)) AND r.id <= :up_to",
    "all": "r.id <= :up_to",
}

# The groups of the chosen live responses, as (form_slug, unit_id, period, counter_id,
# channel, form_version, question, value, answers, points). Question types come from
# the stored definition of the version each response answered.
_DELTA = """
WITH counted AS (
    SELECT v.slug, v.version, json_extract(q.value, '$.key') AS question,
           json_extract(q.value, '$.type') IN (SELECT value FROM json_each(:multiple)) AS multiple,
           json_extract(q.value, '$.type') IN (SELECT value FROM json_each(:choice)) AS choice
    FROM form_versions v, json_each(v.definition, '$.questions') q
    WHERE json_extract(q.value, '$.type') IN (SELECT value FROM json_each(:counted))
),
picked AS (
    SELECT r.id, r.form_slug, r.unit_id, r.day, coalesce(r.counter_id, 0) AS counter_id,
           r.channel, r.form_version
    FROM responses r WHERE {chosen} AND r.withdrawn = 0
),
rows AS (
    SELECT p.*, a.question, coalesce(a.value, '') AS value, a.number, c.multiple, c.choice
    FROM picked p JOIN answers a ON a.response_id = p.id
    JOIN counted c ON c.slug = p.form_slug AND c.version = p.form_version
                  AND c.question = a.question
)
SELECT form_slug, unit_id, day, counter_id, channel, form_version, question, value,
       count(*) AS n, total(number) AS points
FROM rows GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
UNION ALL
SELECT form_slug, unit_id, day, counter_id, channel, form_version, question, '',
       count(DISTINCT id), 0.0
FROM rows WHERE multiple GROUP BY 1, 2, 3, 4, 5, 6, 7
UNION ALL
SELECT form_slug, unit_id, day, counter_id, channel, form_version, '', '', count(*), 0.0
FROM picked GROUP BY 1, 2, 3, 4, 5, 6
UNION ALL
SELECT form_slug, unit_id, day, counter_id, channel, form_version, '', CAST(total AS TEXT),
       count(*), 0.0
FROM (SELECT id, form_slug, unit_id, day, counter_id, channel, form_version,
             sum(number) AS total
      FROM rows WHERE choice AND number IS NOT NULL GROUP BY id)
GROUP BY 1, 2, 3, 4, 5, 6, 8
"""

_UPSERT = """
INSERT INTO {grain} (form_slug, unit_id, period, counter_id, channel, form_version,
                     question, value, answers, points)
SELECT form_slug, unit_id, {period}, counter_id, channel, form_version, question, value,
       :sign * sum(n), :sign * sum(points)
FROM temp.tallies_delta
WHERE true GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
ON CONFLICT DO UPDATE SET answers = answers + excluded.answers,
                          points = points + excluded.points
"""


def _types() -> dict[str, str]:
    """The question types as JSON lists: counted, multiple and choice ones."""
    counted = [n for n, k in QUESTION_TYPES.items() if k.choice or isinstance(k, Number)]
    return {
        "counted": json.dumps(counted),
        "multiple": json.dumps([n for n, k in QUESTION_TYPES.items() if k.multiple]),
        "choice": json.dumps([n for n, k in QUESTION_TYPES.items() if k.choice]),
    }


def _apply(db: sqlite_utils.Database, chosen: str, sign: int, **params) -> None:
    """Add (sign 1) or take away (-1) the chosen responses' groups at both grains."""
    conn = db.conn
    if "up_to" not in params:
        params["up_to"] = conn.execute("SELECT up_to FROM answers_expanded").fetchone()[0]
    # The delta is computed once into a temporary table (this connection's own, kept in
    # memory) rather than once per grain: the submission path pays for it every
    # EXPAND_EVERY responses (docs/PERFORMANCE.md).
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS tallies_delta (form_slug, unit_id, day, counter_id,"
        " channel, form_version, question, value, n, points)"
    )
    conn.execute("DELETE FROM temp.tallies_delta")
    conn.execute(
        "INSERT INTO temp.tallies_delta " + _DELTA.format(chosen=_CHOSEN[chosen]),
        {**_types(), **params},
    )
    for grain, period in zip(GRAINS, ("day", "substr(day, 1, 7)"), strict=True):
        conn.execute(_UPSERT.format(grain=grain, period=period), {"sign": sign})
    if sign < 0:
        # Groups counted down to nothing go, so that a report never lists empty rows.
        for grain in GRAINS:
            conn.execute(
                f"DELETE FROM {grain} WHERE answers = 0 AND (form_slug, unit_id) IN"  # noqa: S608 - grain is a constant
                " (SELECT DISTINCT form_slug, unit_id FROM responses"
                "  WHERE id IN (SELECT value FROM json_each(:ids)))",
                {"ids": params["ids"]},
            )


def count_expanded(db: sqlite_utils.Database, since: int, up_to: int) -> None:
    """Count the responses just expanded (ids above since, up to up_to)."""
    _apply(db, "after", 1, since=since, up_to=up_to)


def count(db: sqlite_utils.Database, response_ids: list[int]) -> None:
    """Count these responses again, after their answers or version changed."""
    _apply(db, "ids", 1, ids=json.dumps(response_ids))


def uncount(db: sqlite_utils.Database, response_ids: list[int]) -> None:
    """Take these responses out, before they are withdrawn or their answers replaced."""
    _apply(db, "ids", -1, ids=json.dumps(response_ids))


def rebuild(db: sqlite_utils.Database) -> int:
    """Empty both grains and count every expanded live response again; the rows written."""
    for grain in GRAINS:
        db.conn.execute(f"DELETE FROM {grain}")  # noqa: S608 - grain is a constant
    _apply(db, "all", 1)
    return db.conn.execute("SELECT count(*) FROM tallies_daily").fetchone()[0]
