"""Schema additions of the results part: covering indexes for tallies at scale."""

from sqlite_utils import Database, Migrations

migrations = Migrations("results")


@migrations(name="001_tally_indexes")
def tally_indexes(db: Database) -> None:
    # Partial covering indexes over live rows only: a tally reads the index alone,
    # never the table, and withdrawn paper batches drop out without a filter on
    # every row. The column order matches the GROUP BY of results/tallies.py, so
    # for one unit SQLite streams the groups in index order with no temp B-tree.
    db.executescript(
        """
        CREATE INDEX answers_live_tally
            ON answers(form_slug, unit_id, question, day, value, counter_id, channel, number)
            WHERE withdrawn = 0;
        CREATE INDEX responses_live_tally
            ON responses(form_slug, unit_id, day, counter_id, channel)
            WHERE withdrawn = 0;
        -- Per-response point totals (danh-gia-tthc): answers carrying points, in
        -- response order, so SUM(number) GROUP BY response_id needs no sort.
        CREATE INDEX answers_live_points
            ON answers(form_slug, unit_id, response_id, day, counter_id, channel, question, number)
            WHERE withdrawn = 0 AND number IS NOT NULL;
        """
    )


@migrations(name="002_drop_superseded_indexes")
def drop_superseded_indexes(db: Database) -> None:
    # Every tally, export and minutes query filters on withdrawn = 0 and uses the
    # live indexes above; the two older indexes only cost each submission two
    # more B-tree writes (bench: submissions against the insert floor). Paper
    # batch withdrawal looked responses up by batch_id with no index at all.
    db.executescript(
        """
        DROP INDEX IF EXISTS answers_tally;
        DROP INDEX IF EXISTS responses_unit_form_day;
        CREATE INDEX responses_batch ON responses(batch_id) WHERE batch_id IS NOT NULL;
        """
    )


@migrations(name="003_tally_index_with_response")
def tally_index_with_response(db: Database) -> None:
    # Replaces answers_live_tally by the same index with response_id appended, so
    # the responses answering a multiple-choice question (count(DISTINCT
    # response_id)) come from the index alone: before, each of its answers was a
    # table look-up (130,000 of them, 0.3-0.6 s, at a million responses). One index
    # in place of another: a submission writes as many B-tree entries as before.
    db.executescript(
        """
        DROP INDEX IF EXISTS answers_live_tally;
        CREATE INDEX answers_live_groups
            ON answers(form_slug, unit_id, question, day, value, counter_id, channel,
                       number, response_id)
            WHERE withdrawn = 0;
        """
    )


@migrations(name="004_tally_index_value_last")
def tally_index_value_last(db: Database) -> None:
    # answers_live_groups again with value moved after counter_id and channel: the
    # responses answering a multiple-choice question are counted per (question,
    # day, counter, channel), which is now the index order, so that count streams
    # instead of sorting its rows first. A first report of a million responses
    # (results/ledger.py) took 0.58-0.68 s instead of 0.75-0.88 s (best and median
    # of 7, both indexes on one database). One index in place of another.
    db.executescript(
        """
        DROP INDEX IF EXISTS answers_live_groups;
        CREATE INDEX answers_live_counts
            ON answers(form_slug, unit_id, question, day, counter_id, channel, value,
                       number, response_id)
            WHERE withdrawn = 0;
        """
    )


@migrations(name="005_withdrawn_bursts")
def withdrawn_bursts(db: Database) -> None:
    # A burst of QR responses far above a counter's normal rate, withdrawn by staff
    # with a reason (results/bursts.py). Its responses and answers are marked
    # withdrawn = 0 -> 1 in the same transaction, never deleted; results/ledger.py
    # sees the change through this table, as it sees a withdrawn paper batch.
    db.executescript(
        """
        CREATE TABLE withdrawn_bursts (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            form_slug TEXT NOT NULL,
            counter_id INTEGER REFERENCES counters(id),
            -- UTC instants: the first 10-minute window's start, the last one's end.
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            responses INTEGER NOT NULL,
            normal REAL NOT NULL,
            withdrawn_at TEXT NOT NULL,
            withdrawn_by INTEGER NOT NULL REFERENCES users(id),
            reason TEXT NOT NULL
        );
        CREATE INDEX withdrawn_bursts_unit ON withdrawn_bursts(unit_id, form_slug);
        """
    )


@migrations(name="006_live_tally_with_time")
def live_tally_with_time(db: Database) -> None:
    # The burst check counts QR responses per counter and 10-minute window
    # (results/ledger.py _scan_windows). With submitted_at at the end of the index
    # every submission already writes, that count reads the index alone instead of
    # looking up each row: a worker's first report over a million responses spent
    # seconds on those look-ups. No B-tree is added to a submission. withdrawn is
    # always 0 here, but SQLite 3.40 counts an index as covering only if it holds
    # every column the query names, those of the partial index's WHERE included.
    db.executescript(
        """
        DROP INDEX responses_live_tally;
        CREATE INDEX responses_live_tally
            ON responses(form_slug, unit_id, day, counter_id, channel, submitted_at, withdrawn)
            WHERE withdrawn = 0;
        """
    )


@migrations(name="007_tallies_rollups")
def tallies_rollups(db: Database) -> None:
    # Issue #18: the tallies kept in SQLite (forms/rollups.py), at the two grains
    # reports read: whole months from the monthly one, a period's edges from the
    # daily one. Keyed in the order reports filter (form, unit, period), so a
    # province's year is one range per commune; WITHOUT ROWID, since the key is
    # the row. counter_id 0 stands for "no counter": a NULL in a key never conflicts.
    from forms import rollups

    for grain in rollups.GRAINS:
        db.executescript(
            f"""
            CREATE TABLE {grain} (
                form_slug TEXT NOT NULL,
                unit_id INTEGER NOT NULL,
                period TEXT NOT NULL,
                counter_id INTEGER NOT NULL,
                channel TEXT NOT NULL,
                form_version INTEGER NOT NULL,
                question TEXT NOT NULL,
                value TEXT NOT NULL,
                answers INTEGER NOT NULL,
                points REAL NOT NULL,
                PRIMARY KEY (form_slug, unit_id, period, counter_id, channel, form_version,
                             question, value)
            ) WITHOUT ROWID;
            """
        )
    # Responses already stored are counted now. A database whose forms part is
    # older than its pending answers (forms 003) has none expanded yet to count.
    if db["answers_expanded"].exists():
        rollups.rebuild(db)


@migrations(name="008_paper_batch_pages")
def paper_batch_pages(db: Database) -> None:
    # The batch list is shown 25 a page, newest day first (issue #14, item 8). Slips
    # typed in one by one are a batch each, so a busy unit has thousands; without
    # this index every page, and the count of pages, scanned and sorted them all
    # (500,000 batches of 200 units: 197 ms a page before, 0.4 ms after).
    db.executescript(
        """
        CREATE INDEX paper_batches_list ON paper_batches(unit_id, form_slug, day, id);
        """
    )
