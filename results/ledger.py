"""Per-unit tallies kept in memory and brought up to date by the rows added since.

Only results/tallies.py reads ledgers; its callers never see one, so this module can
give way to roll-up tables without touching the results page, exports or minutes.

Counting a million responses is one scan of the live index, 0.5-1 s on the bench
machine, on every view. A ledger keeps, for all time, the finest groups
any report needs of one unit's answers to one form; a report then reads the groups
of its period, channel and counter in Python (a few thousand per year of a commune).

A ledger is never stale. Before every report it folds in the rows whose id is above
its high-water marks (the newest rows of each table, reached by rowid, no index), and
it is rebuilt whenever a row below the marks may have changed:

- rows change only when a paper batch is withdrawn (results.paper.withdraw_batch),
  which stamps paper_batches.withdrawn_at in the same transaction, or a burst of QR
  responses is (results.bursts.withdraw_burst), which adds a withdrawn_bursts row in
  its transaction, so the unit's withdrawn batches and bursts of the form (how many,
  and the sum of their ids) are part of what a ledger must match;
- a citizen's correction replaces a response's answer rows (forms.store), which
  writes a response_corrections row in the same transaction, so the unit's newest
  correction is part of what a ledger must match too;
- a database replaced under a running worker would not hold the same submission id
  at the responses mark, so that id is checked as well.

Rows are never deleted, so ids are never reused, and SQLite has one writer at a
time, so a row committed after a mark was read has an id above it. The marks and
the rows are read in one read transaction (one snapshot). A response's answers are
stored in the transaction of the response (forms.store), so the responses counted
per multiple-choice question never straddle two reads.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlite_utils

from core.db import read_snapshot
from forms.definition import FormDef
from forms.expand import expand_pending

# One ledger per (database, form, unit) in each worker; the least recently used go
# once the ledgers hold more groups than this (about 180 bytes each, 36 MB in all;
# a million responses of one commune over a year make 12,000 groups).
MAX_GROUPS = 200_000
_ledgers: OrderedDict = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class Shape:
    """What a form's ledger counts, from its definition (another definition rebuilds)."""

    slug: str
    choice: tuple[str, ...]
    multiple: tuple[str, ...]
    scored: tuple[str, ...]
    by_response: bool

    @classmethod
    def of(cls, form: FormDef) -> Shape:
        summary = form.question(form.summary) if form.summary else None
        return cls(
            form.slug,
            tuple(q.key for q in form.questions if q.is_choice),
            tuple(q.key for q in form.questions if q.kind.multiple),
            tuple(q.key for q in form.questions if any(o.points is not None for o in q.options)),
            # A required, always shown summary question is answered once per response,
            # so its answers count the responses; otherwise the responses table does.
            not (summary is not None and summary.required and summary.show_if is None),
        )


@dataclass
class Ledger:
    """All-time groups of one unit's live answers to one form, up to the marks."""

    answers_mark: int = 0
    responses_mark: int = 0
    anchor: str | None = None
    # The unit's withdrawn batches and bursts (how many, sum of ids, of each) and
    # its newest correction.
    withdrawals: tuple = (0, 0, 0, 0, 0)
    # (question, day, value, counter_id, channel) -> [answers, total of points]
    choice: dict = field(default_factory=dict)
    # (question, day, counter_id, channel) -> responses answering a multiple-choice question
    multiple: dict = field(default_factory=dict)
    # (day, counter_id, channel, total of points) -> responses
    totals: dict = field(default_factory=dict)
    # (day, counter_id, channel) -> responses (forms without a required summary)
    responses: dict = field(default_factory=dict)
    # (day, counter_id, 10-minute window since the epoch) -> QR responses (results/bursts.py)
    windows: dict = field(default_factory=dict)
    # The first day windows were counted from ("" for every day): see _scan_windows.
    windows_from: str = ""

    @property
    def size(self) -> int:
        """Groups held, the measure of its memory."""
        return (
            len(self.choice)
            + len(self.multiple)
            + len(self.totals)
            + len(self.responses)
            + len(self.windows)
        )

    def plus(self, delta: Ledger) -> Ledger:
        """A new ledger: this one's groups with delta's added (this one stays as it is)."""
        merged = Ledger(delta.answers_mark, delta.responses_mark, delta.anchor, delta.withdrawals)
        merged.windows_from = self.windows_from
        for name in ("choice", "multiple", "totals", "responses", "windows"):
            mine, theirs = getattr(self, name), getattr(delta, name)
            if not theirs:
                setattr(merged, name, mine)  # unchanged groups are shared, never mutated
                continue
            groups = dict(mine)
            for key, value in theirs.items():
                if name == "choice":
                    old = groups.get(key, (0, 0.0))
                    groups[key] = (old[0] + value[0], old[1] + value[1])
                else:
                    groups[key] = groups.get(key, 0) + value
            setattr(merged, name, groups)
        return merged


def ledgers(
    db: sqlite_utils.Database,
    form: FormDef,
    unit_ids: list[int],
    window: tuple[str, str] | None = None,
) -> list[tuple]:
    """(unit_id, Ledger) for each unit, current as of one snapshot of the database.

    window: the first and last day of a short period. A unit whose ledger would
    have to be built from scratch then gets the groups of those days only, kept
    for no later report: a month of a million-response commune is 80,000 rows to
    count, its all time a million.
    """
    shape = Shape.of(form)
    path = db.execute("PRAGMA database_list").fetchone()[2]
    # Expanding writes, so it comes before the snapshot, which must stay read-only.
    expand_pending(db)
    with read_snapshot(db) as own:  # one snapshot for the marks and every group read
        top = db.execute(
            "SELECT coalesce((SELECT max(id) FROM answers), 0), up_to FROM answers_expanded"
        ).fetchone()
        # Per unit: a batch withdrawn in one commune leaves the others' ledgers be.
        # Which batches (the sum of their ids), not only how many: a copy of the
        # database that withdrew another batch does not match either.
        withdrawn: dict = {}
        for unit_id, batches, batch_ids, bursts, burst_ids in db.execute(
            "SELECT unit_id, sum(batch), sum(batch * id), sum(1 - batch), sum((1 - batch) * id)"
            " FROM (SELECT unit_id, id, 1 AS batch FROM paper_batches WHERE form_slug = ?"
            " AND withdrawn_at IS NOT NULL UNION ALL SELECT unit_id, id, 0 FROM"
            " withdrawn_bursts WHERE form_slug = ?) GROUP BY unit_id",
            [form.slug, form.slug],
        ):
            withdrawn[unit_id] = (batches, batch_ids, bursts, burst_ids)
        # A citizen's correction replaces answer rows below the marks (forms/store.py):
        # the newest correction of each unit is part of what a ledger must match.
        corrected = dict(
            db.execute(
                "SELECT unit_id, max(id) FROM response_corrections WHERE form_slug = ?"
                " GROUP BY unit_id",
                [form.slug],
            ).fetchall()
        )
        found = []
        for unit_id in unit_ids:
            key = (path, shape, unit_id)
            with _lock:
                old = _ledgers.get(key)
            marks = (*top, (*withdrawn.get(unit_id, (0, 0, 0, 0)), corrected.get(unit_id, 0)))
            ledger, whole = _current(db, shape, unit_id, old, marks, window)
            found.append((unit_id, ledger))
            if not own or not whole:
                # Inside the caller's transaction the rows read may yet be rolled
                # back, and a window's groups are not all time: use once, keep none.
                continue
            with _lock:
                _ledgers[key] = ledger
                _ledgers.move_to_end(key)
                held = sum(book.size for book in _ledgers.values())
                while held > MAX_GROUPS and len(_ledgers) > 1:
                    held -= _ledgers.popitem(last=False)[1].size
        return found


def _anchor(db: sqlite_utils.Database, responses_mark: int) -> str | None:
    row = db.execute("SELECT submission_id FROM responses WHERE id = ?", [responses_mark])
    found = row.fetchone()
    return found[0] if found else None


def _current(
    db, shape: Shape, unit_id: int, old: Ledger | None, marks: tuple, window: tuple | None
) -> tuple[Ledger, bool]:
    """The old ledger if still current, with the new rows folded in, or a new one.

    The flag says whether it holds all time (a window's groups are for one report).
    """
    answers_mark, responses_mark, withdrawals = marks
    if (
        old is None
        or old.withdrawals != withdrawals
        or old.answers_mark > answers_mark
        or old.responses_mark > responses_mark
        or _anchor(db, old.responses_mark) != old.anchor
    ):
        if window:
            return _scan(db, shape, unit_id, responses_mark, None, window), False
        fresh = _scan(db, shape, unit_id, responses_mark, None)
    elif (old.answers_mark, old.responses_mark) == (answers_mark, responses_mark):
        return old, True
    else:
        fresh = old.plus(_scan(db, shape, unit_id, responses_mark, old))
    fresh.answers_mark, fresh.responses_mark, fresh.withdrawals = marks
    fresh.anchor = _anchor(db, responses_mark)
    return fresh, True


def _scan(
    db,
    shape: Shape,
    unit_id: int,
    responses_mark: int,
    since: Ledger | None,
    window: tuple | None = None,
) -> Ledger:
    """Groups of every live row, or (since a ledger) of the rows above its marks.

    Responses are counted up to responses_mark, the last whose answer rows are
    written (forms/expand.py): a response stored meanwhile waits for the next report.

    Every row: one ordered pass over a covering partial index per query. Rows above
    the marks: a rowid range at the end of the table (NOT INDEXED keeps the planner
    from walking the whole live index for a handful of new rows).
    """
    found = Ledger()
    if since is None:
        answers, responses = "answers WHERE", "responses WHERE"
        params: list = []
        rparams: list = []
    else:
        answers = "answers NOT INDEXED WHERE id > ? AND"
        responses = "responses NOT INDEXED WHERE id > ? AND"
        params, rparams = [since.answers_mark], [since.responses_mark]
    live = " form_slug = ? AND unit_id = ? AND withdrawn = 0"
    params += [shape.slug, unit_id]
    rparams += [shape.slug, unit_id]
    unit_params = list(rparams)  # before the window's days: bursts reach back further
    if window:
        live += " AND day BETWEEN ? AND ?"
        params += window
        rparams += window
    # Points only matter for forms whose options carry them: one aggregate less.
    points = "total(number)" if shape.scored else "0.0"
    if shape.choice:
        marks = ", ".join("?" * len(shape.choice))
        # In the order of answers_live_counts (results/migrations.py): no sort.
        for question, day, counter, channel, value, n, total in db.execute(
            f"SELECT question, day, counter_id, channel, value, count(*), {points}"  # noqa: S608 - constant clauses, placeholders only
            f" FROM {answers}{live} AND question IN ({marks})"
            " GROUP BY question, day, counter_id, channel, value",
            [*params, *shape.choice],
        ):
            key = (_same(question), _same(day), _same(value), counter, _same(channel))
            found.choice[key] = (n, total)
    if shape.multiple:
        marks = ", ".join("?" * len(shape.multiple))
        for question, day, counter, channel, n in db.execute(
            "SELECT question, day, counter_id, channel, count(DISTINCT response_id)"  # noqa: S608 - constant clauses, placeholders only
            f" FROM {answers}{live} AND question IN ({marks})"
            " GROUP BY question, day, counter_id, channel",
            [*params, *shape.multiple],
        ):
            found.multiple[(_same(question), _same(day), counter, _same(channel))] = n
    if shape.scored:
        marks = ", ".join("?" * len(shape.scored))
        # A response's rows share its day, counter and channel: one total per response.
        for day, counter, channel, total, n in db.execute(
            "SELECT day, counter_id, channel, total, count(*) FROM (SELECT day, counter_id,"  # noqa: S608 - constant clauses, placeholders only
            f" channel, sum(number) AS total FROM {answers}{live} AND number IS NOT NULL"
            f" AND question IN ({marks}) GROUP BY response_id)"
            " GROUP BY day, counter_id, channel, total",
            [*params, *shape.scored],
        ):
            key = (_same(day), counter, _same(channel), float(total))
            found.totals[key] = found.totals.get(key, 0) + n
    if shape.by_response:
        for day, counter, channel, n in db.execute(
            f"SELECT day, counter_id, channel, count(*) FROM {responses}{live} AND id <= ?"  # noqa: S608 - constant clauses, placeholders only
            " GROUP BY day, counter_id, channel",
            [*rparams, responses_mark],
        ):
            found.responses[(_same(day), counter, _same(channel))] = n
    _scan_windows(db, found, responses, unit_params, responses_mark, window, since is None)
    return found


def _scan_windows(
    db,
    found: Ledger,
    responses: str,
    params: list,
    responses_mark: int,
    window: tuple | None,
    whole: bool = False,
) -> None:
    """QR responses per counter and 10-minute window, for results/bursts.py.

    The live-tally index ends with submitted_at (results/migrations.py 006), so the
    scan reads that index alone, and a window is the first 15 characters of the
    instant ("2022-05-01T01:2"), cheaper than a date function per row. A worker's
    first scan of all time reaches back BURST_DAYS from the unit's newest day:
    bursts are looked for where they are acted on, and a million responses cost a
    second of a worker's first report otherwise. Later scans read the rows above
    the marks; a short period's scan reaches back the days its normal rate needs.
    """
    from results.bursts import BASELINE_DAYS, BURST_DAYS, WINDOW_SECONDS

    live = " form_slug = ? AND unit_id = ? AND withdrawn = 0 AND channel = 'qr'"
    params = list(params)
    if window:
        first = date.fromisoformat(window[0]) - timedelta(days=BASELINE_DAYS)
        live += " AND day BETWEEN ? AND ?"
        params += [first.isoformat(), window[1]]
    elif whole:
        (newest,) = db.execute(
            "SELECT max(day) FROM responses WHERE form_slug = ? AND unit_id = ? AND withdrawn = 0",
            params[-2:],
        ).fetchone()
        if newest is None:
            return
        first = date.fromisoformat(newest) - timedelta(days=BURST_DAYS + BASELINE_DAYS)
        found.windows_from = first.isoformat()
        live += " AND day >= ?"
        params.append(found.windows_from)
    for day, counter, bucket, n in db.execute(
        f"SELECT day, counter_id, substr(submitted_at, 1, 15), count(*) FROM {responses}{live}"  # noqa: S608 - constant clauses, placeholders only
        " AND id <= ? GROUP BY 1, 2, 3",
        [*params, responses_mark],
    ):
        slot = int(datetime.fromisoformat(f"{bucket}0:00+00:00").timestamp()) // WINDOW_SECONDS
        found.windows[(_same(day), counter, slot)] = n


def windows_between(db, form: FormDef, unit_id: int, book: Ledger, lo: str, hi: str) -> dict:
    """A unit's windows of days lo to hi and the baseline before them, for a short period
    that reaches before what its all-time ledger counted (Ledger.windows_from)."""
    found = Ledger()
    params = [Shape.of(form).slug, unit_id]
    _scan_windows(db, found, "responses WHERE", params, book.responses_mark, (lo, hi))
    return found.windows


def _same(text: str | None) -> str | None:
    """One string object per distinct day, question, value or channel across ledgers."""
    return text if text is None else sys.intern(text)
