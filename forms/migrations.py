"""Schema of citizen responses: definitions by version, responses, answers, paper batches."""

from sqlite_utils import Database, Migrations

migrations = Migrations("forms")


@migrations(name="001_responses")
def responses(db: Database) -> None:
    db.executescript(
        """
        -- Every version of every definition a response may have answered.
        CREATE TABLE form_versions (
            slug TEXT NOT NULL,
            version INTEGER NOT NULL,
            kind TEXT NOT NULL DEFAULT 'form',
            sha256 TEXT NOT NULL,
            definition TEXT NOT NULL,
            loaded_at TEXT NOT NULL,
            PRIMARY KEY (slug, version)
        );

        -- A batch of paper slips typed in by staff; withdrawn, never deleted.
        CREATE TABLE paper_batches (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            form_slug TEXT NOT NULL,
            counter_id INTEGER REFERENCES counters(id),
            day TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            entered_by INTEGER NOT NULL REFERENCES users(id),
            entered_at TEXT NOT NULL,
            withdrawn_at TEXT,
            withdrawn_by INTEGER REFERENCES users(id),
            withdraw_reason TEXT
        );

        CREATE TABLE responses (
            id INTEGER PRIMARY KEY,
            -- Carried by every rendered form: a retried POST finds its row.
            submission_id TEXT NOT NULL UNIQUE,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            form_slug TEXT NOT NULL,
            form_version INTEGER NOT NULL,
            counter_id INTEGER REFERENCES counters(id),
            channel TEXT NOT NULL CHECK (channel IN ('qr', 'paper')),
            receipt_code TEXT,
            -- UTC instant, and the local (Asia/Ho_Chi_Minh) day for period tallies.
            submitted_at TEXT NOT NULL,
            day TEXT NOT NULL,
            -- Keyed hash of the client address; the raw address is never stored.
            client_hash TEXT,
            entered_by INTEGER REFERENCES users(id),
            batch_id INTEGER REFERENCES paper_batches(id),
            withdrawn INTEGER NOT NULL DEFAULT 0,
            FOREIGN KEY (form_slug, form_version) REFERENCES form_versions(slug, version)
        );
        CREATE UNIQUE INDEX responses_receipt
            ON responses(unit_id, form_slug, receipt_code)
            WHERE receipt_code IS NOT NULL;
        CREATE INDEX responses_unit_form_day ON responses(unit_id, form_slug, day);

        -- One row per answered question (several for multiple choice). The
        -- response's unit, form, day, counter and channel are copied here so
        -- that tallies are one GROUP BY over an index, with no join.
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            response_id INTEGER NOT NULL REFERENCES responses(id),
            unit_id INTEGER NOT NULL,
            form_slug TEXT NOT NULL,
            day TEXT NOT NULL,
            counter_id INTEGER,
            channel TEXT NOT NULL,
            withdrawn INTEGER NOT NULL DEFAULT 0,
            question TEXT NOT NULL,
            value TEXT,
            number REAL
        );
        CREATE INDEX answers_response ON answers(response_id);
        CREATE INDEX answers_tally
            ON answers(form_slug, unit_id, question, day, value);
        """
    )


@migrations(name="002_form_closures")
def form_closures(db: Database) -> None:
    db.executescript(
        """
        -- A form a unit has stopped taking (410 on its public URL); reopening
        -- deletes the row, and the audit log keeps who did what.
        CREATE TABLE form_closures (
            unit_id INTEGER NOT NULL REFERENCES units(id),
            form_slug TEXT NOT NULL,
            closed_at TEXT NOT NULL,
            closed_by INTEGER REFERENCES users(id),
            PRIMARY KEY (unit_id, form_slug)
        );
        """
    )


@migrations(name="003_pending_answers")
def pending_answers(db: Database) -> None:
    db.executescript(
        """
        -- A new response's answer rows, as JSON [[question, value, number], ...],
        -- until forms/expand.py writes them to the answers table in a batch and
        -- clears this column. A submission then writes one row in one B-tree
        -- plus its two indexes, rather than three rows across eight B-trees.
        ALTER TABLE responses ADD COLUMN pending_answers TEXT;
        -- Every response up to this id has its answer rows written: expansion
        -- looks above it only.
        CREATE TABLE answers_expanded (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            up_to INTEGER NOT NULL
        );
        INSERT INTO answers_expanded VALUES (1, coalesce((SELECT max(id) FROM responses), 0));
        """
    )


@migrations(name="004_targets_stamp")
def targets_stamp(db: Database) -> None:
    # Triggers, so that no code path that changes a unit, counter or closure can
    # forget it: each worker keeps the public URLs it has resolved and reads
    # this one row instead of joining three tables on every citizen request
    # (forms/targets.py). A random stamp rather than a counter: a database
    # restored from a backup never repeats the stamp a worker remembers.
    statements = [
        """
        CREATE TABLE targets_stamp (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            stamp INTEGER NOT NULL
        )
        """,
        "INSERT INTO targets_stamp VALUES (1, random())",
    ]
    for table in ("units", "counters", "form_closures"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER {table}_{event.lower()}_stamp AFTER {event} ON {table}"  # noqa: S608 - names are the loop's constants
                " BEGIN UPDATE targets_stamp SET stamp = random(); END"
            )
    db.executescript(";\n".join(statements) + ";")


@migrations(name="005_receipt_code_canonical")
def receipt_code_canonical(db: Database) -> None:
    # One dossier, however its code was typed, is one rating (issue #12, item 9):
    # uniqueness moves from the code as typed to its canonical form. receipt_code
    # keeps the code as the citizen typed it, for display.
    from forms.receipts import canonical

    db.execute("ALTER TABLE responses ADD COLUMN receipt_canonical TEXT")
    claimed: set[tuple] = set()
    rows = db.execute(
        "SELECT id, unit_id, form_slug, receipt_code FROM responses"
        " WHERE receipt_code IS NOT NULL ORDER BY id"
    ).fetchall()
    for response_id, unit_id, slug, code in rows:
        key = (unit_id, slug, canonical(code))
        # Two ratings stored before this rule for one dossier both stay counted;
        # the first keeps the claim, so no third one can join them.
        if key in claimed:
            continue
        claimed.add(key)
        db.execute("UPDATE responses SET receipt_canonical = ? WHERE id = ?", [key[2], response_id])
    db.executescript(
        """
        DROP INDEX responses_receipt;
        CREATE UNIQUE INDEX responses_receipt_canonical
            ON responses(unit_id, form_slug, receipt_canonical)
            WHERE receipt_canonical IS NOT NULL;
        """
    )


@migrations(name="006_response_corrections")
def response_corrections(db: Database) -> None:
    db.executescript(
        """
        -- A citizen's second send from the same page replaces their answers
        -- (issue #12, item 7); what it replaced is kept here (the roll-ups,
        -- forms/rollups.py, are adjusted in the same transaction).
        CREATE TABLE response_corrections (
            id INTEGER PRIMARY KEY,
            response_id INTEGER NOT NULL REFERENCES responses(id),
            unit_id INTEGER NOT NULL,
            form_slug TEXT NOT NULL,
            corrected_at TEXT NOT NULL,
            previous_answers TEXT NOT NULL,
            previous_receipt_code TEXT
        );
        CREATE INDEX response_corrections_form
            ON response_corrections(form_slug, unit_id);
        """
    )


# The responses table as 007 rebuilds it: the channel may be 'kiosk' (issue #17),
# and officer_id names the officer on duty at the counter when it was rated.
RESPONSES_007 = """
CREATE TABLE responses_007 (
    id INTEGER PRIMARY KEY,
    -- Carried by every rendered form: a retried POST finds its row.
    submission_id TEXT NOT NULL UNIQUE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    form_slug TEXT NOT NULL,
    form_version INTEGER NOT NULL,
    counter_id INTEGER REFERENCES counters(id),
    channel TEXT NOT NULL CHECK (channel IN ('qr', 'paper', 'kiosk')),
    receipt_code TEXT,
    -- UTC instant, and the local (Asia/Ho_Chi_Minh) day for period tallies.
    submitted_at TEXT NOT NULL,
    day TEXT NOT NULL,
    -- Keyed hash of the client address; the raw address is never stored.
    client_hash TEXT,
    entered_by INTEGER REFERENCES users(id),
    batch_id INTEGER REFERENCES paper_batches(id),
    withdrawn INTEGER NOT NULL DEFAULT 0,
    pending_answers TEXT,
    receipt_canonical TEXT,
    -- The officer on duty at the counter when a QR or kiosk rating was stored.
    officer_id INTEGER REFERENCES users(id),
    FOREIGN KEY (form_slug, form_version) REFERENCES form_versions(slug, version)
)
"""
RESPONSES_COPIED = (
    "id, submission_id, unit_id, form_slug, form_version, counter_id, channel, receipt_code,"
    " submitted_at, day, client_hash, entered_by, batch_id, withdrawn, pending_answers,"
    " receipt_canonical"
)


@migrations(name="007_kiosk_channel_and_officer")
def kiosk_channel_and_officer(db: Database) -> None:
    # SQLite cannot alter a CHECK constraint: the table is rebuilt as sqlite-utils'
    # table.transform() does it inside a transaction (foreign keys deferred, not
    # switched off, which is impossible in a transaction; no ON DELETE actions on
    # responses to fire), and every index and trigger on it is made again from
    # sqlite_master, whichever part created it (results adds its own).
    kept = db.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'responses'"
        " AND type IN ('index', 'trigger') AND sql IS NOT NULL"
    ).fetchall()
    db.execute("PRAGMA defer_foreign_keys = ON")
    db.execute(RESPONSES_007)
    db.execute(
        f"INSERT INTO responses_007 ({RESPONSES_COPIED}) SELECT {RESPONSES_COPIED} FROM responses"  # noqa: S608 - columns are constants
    )
    db.execute("DROP TABLE responses")
    db.execute("ALTER TABLE responses_007 RENAME TO responses")
    for (sql,) in kept:
        db.execute(sql)
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"007: foreign keys broken by the rebuild: {problems[:5]}")
    # Switched off, the pragma forgets the violations the DROP counted (the rows
    # referencing responses, which the rename has given their table back);
    # left on, COMMIT would refuse them. The check above found none real.
    db.execute("PRAGMA defer_foreign_keys = OFF")
    # The officer on duty is kept on the counter's row, so that a citizen's
    # submission reads it by the counter's primary key inside the INSERT that
    # stores it (forms/store.py): no other statement on the citizen's path.
    db.executescript(
        """
        ALTER TABLE counters ADD COLUMN on_duty_id INTEGER REFERENCES users(id);
        ALTER TABLE counters ADD COLUMN on_duty_since TEXT;
        CREATE INDEX responses_officer ON responses(officer_id, form_slug, day)
            WHERE officer_id IS NOT NULL;
        """
    )


@migrations(name="008_form_publications")
def form_publications(db: Database) -> None:
    # Forms uploaded by an admin or imported on the command line live in the
    # database, not in a folder (issue #16): the definition as written (`source`,
    # JSON) is validated again to serve it, and a publication says which subtree
    # sees which version. Units outside every publication of a slug see its file,
    # if there is one. The stamp triggers make every worker's kept public URLs
    # (forms/targets.py) look the form up again at once, without a restart.
    statements = [
        "ALTER TABLE form_versions ADD COLUMN source TEXT",
        """
        CREATE TABLE form_publications (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL,
            version INTEGER NOT NULL,
            -- The root of the subtree that sees this version.
            unit_id INTEGER NOT NULL REFERENCES units(id),
            -- NULL: published from the command line.
            published_by INTEGER REFERENCES users(id),
            published_at TEXT NOT NULL,
            FOREIGN KEY (slug, version) REFERENCES form_versions(slug, version)
        )
        """,
        "CREATE INDEX form_publications_unit ON form_publications(unit_id)",
    ]
    for event in ("INSERT", "UPDATE", "DELETE"):
        statements.append(
            f"CREATE TRIGGER form_publications_{event.lower()}_stamp"  # noqa: S608 - the loop's constants
            f" AFTER {event} ON form_publications"
            " BEGIN UPDATE targets_stamp SET stamp = random(); END"
        )
    db.executescript(";\n".join(statements) + ";")


@migrations(name="009_form_sha256_without_path")
def form_sha256_without_path(db: Database) -> None:
    # A form's sha256 once covered the path of the file it was read from, so the
    # same definition in another FORMS_DIR, or uploaded, looked edited (issue #16).
    # Stored versions get the digest the loader now takes (forms.definition.canonical_json).
    import hashlib
    import json

    from forms.definition import canonical_json

    for slug, version, definition in db.execute(
        "SELECT slug, version, definition FROM form_versions"
    ).fetchall():
        digest = hashlib.sha256(canonical_json(json.loads(definition)).encode()).hexdigest()
        db.execute(
            "UPDATE form_versions SET sha256 = ? WHERE slug = ? AND version = ?",
            [digest, slug, version],
        )
