-- The schema a fresh `flask --app app init-db` makes; `make schema` writes it.

CREATE TABLE action_photos (
        id INTEGER PRIMARY KEY,
        action_id INTEGER NOT NULL REFERENCES actions(id),
        sha256 TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        uploaded_by INTEGER REFERENCES users(id),
        uploaded_at TEXT NOT NULL,
        UNIQUE (action_id, sha256)
    );

CREATE TABLE actions (
        id INTEGER PRIMARY KEY,
        inspection_id INTEGER NOT NULL REFERENCES inspections(id),
        -- The checklist item it follows from; NULL for one added from the conclusion.
        item_key TEXT,
        -- 'finding': made at finalising from an item not fully met; 'conclusion': added.
        source TEXT NOT NULL CHECK (source IN ('finding', 'conclusion')),
        finding TEXT NOT NULL DEFAULT '',
        what TEXT NOT NULL,
        -- The responsible unit (the inspected unit or one below it) and person.
        unit_id INTEGER NOT NULL REFERENCES units(id),
        person TEXT NOT NULL DEFAULT '',
        due TEXT NOT NULL,  -- ISO date
        status TEXT NOT NULL DEFAULT 'open'
            CHECK (status IN ('open', 'in_progress', 'fixed', 'returned', 'verified')),
        -- The inspected unit's last report, and the conducting unit's last review.
        report_note TEXT NOT NULL DEFAULT '',
        review_note TEXT NOT NULL DEFAULT '',
        created_by INTEGER REFERENCES users(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        fixed_at TEXT,
        closed_at TEXT,
        closed_by INTEGER REFERENCES users(id)
    );

CREATE INDEX actions_inspection ON actions(inspection_id, item_key);

CREATE INDEX actions_unit_status ON actions(unit_id, status, due);

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

CREATE INDEX answers_live_counts
    ON answers(form_slug, unit_id, question, day, counter_id, channel, value,
               number, response_id)
    WHERE withdrawn = 0;

CREATE INDEX answers_live_points
    ON answers(form_slug, unit_id, response_id, day, counter_id, channel, question, number)
    WHERE withdrawn = 0 AND number IS NOT NULL;

CREATE INDEX answers_response ON answers(response_id);

CREATE TABLE answers_expanded (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        up_to INTEGER NOT NULL
    );

CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user_id INTEGER REFERENCES users(id),
        unit_id INTEGER REFERENCES units(id),
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT,
        detail TEXT NOT NULL DEFAULT '{}'
    );

CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE TABLE checklist_publications (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL,
        version INTEGER NOT NULL,
        -- The root of the subtree that sees this version.
        unit_id INTEGER NOT NULL REFERENCES units(id),
        -- NULL: published from the command line.
        published_by INTEGER REFERENCES users(id),
        published_at TEXT NOT NULL,
        FOREIGN KEY (slug, version) REFERENCES checklist_versions(slug, version)
    );

CREATE INDEX checklist_publications_unit ON checklist_publications(unit_id);

CREATE TABLE checklist_versions (
        slug TEXT NOT NULL,
        version INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        definition TEXT NOT NULL,
        loaded_at TEXT NOT NULL,
        PRIMARY KEY (slug, version)
    );

CREATE TABLE counters (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES units(id),
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1, on_duty_id INTEGER REFERENCES users(id), on_duty_since TEXT,
        UNIQUE (unit_id, code)
    );

CREATE TRIGGER counters_delete_stamp AFTER DELETE ON counters BEGIN UPDATE targets_stamp SET stamp = random(); END;

CREATE TRIGGER counters_insert_stamp AFTER INSERT ON counters BEGIN UPDATE targets_stamp SET stamp = random(); END;

CREATE TRIGGER counters_update_stamp AFTER UPDATE ON counters BEGIN UPDATE targets_stamp SET stamp = random(); END;

CREATE TABLE form_closures (
        unit_id INTEGER NOT NULL REFERENCES units(id),
        form_slug TEXT NOT NULL,
        closed_at TEXT NOT NULL,
        closed_by INTEGER REFERENCES users(id),
        PRIMARY KEY (unit_id, form_slug)
    );

CREATE TRIGGER form_closures_delete_stamp AFTER DELETE ON form_closures BEGIN UPDATE targets_stamp SET stamp = random(); END;

CREATE TRIGGER form_closures_insert_stamp AFTER INSERT ON form_closures BEGIN UPDATE targets_stamp SET stamp = random(); END;

CREATE TRIGGER form_closures_update_stamp AFTER UPDATE ON form_closures BEGIN UPDATE targets_stamp SET stamp = random(); END;

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
    );

CREATE INDEX form_publications_unit ON form_publications(unit_id);

CREATE TRIGGER form_publications_delete_stamp AFTER DELETE ON form_publications BEGIN UPDATE targets_stamp SET stamp = random(); END;

CREATE TRIGGER form_publications_insert_stamp AFTER INSERT ON form_publications BEGIN UPDATE targets_stamp SET stamp = random(); END;

CREATE TRIGGER form_publications_update_stamp AFTER UPDATE ON form_publications BEGIN UPDATE targets_stamp SET stamp = random(); END;

CREATE TABLE form_versions (
        slug TEXT NOT NULL,
        version INTEGER NOT NULL,
        kind TEXT NOT NULL DEFAULT 'form',
        sha256 TEXT NOT NULL,
        definition TEXT NOT NULL,
        loaded_at TEXT NOT NULL, source TEXT,
        PRIMARY KEY (slug, version)
    );

CREATE TABLE inspection_changes (
        change_id TEXT PRIMARY KEY,
        inspection_id INTEGER NOT NULL REFERENCES inspections(id),
        item_key TEXT NOT NULL,
        user_id INTEGER REFERENCES users(id),
        at TEXT NOT NULL,
        response TEXT NOT NULL
    );

CREATE TABLE inspection_item_history (
        id INTEGER PRIMARY KEY,
        inspection_id INTEGER NOT NULL REFERENCES inspections(id),
        item_key TEXT NOT NULL,
        version INTEGER NOT NULL,
        user_id INTEGER REFERENCES users(id),
        at TEXT NOT NULL,
        old TEXT NOT NULL,
        new TEXT NOT NULL
    );

CREATE INDEX inspection_item_history_item
    ON inspection_item_history(inspection_id, item_key);

CREATE TABLE inspection_items (
        inspection_id INTEGER NOT NULL REFERENCES inspections(id),
        item_key TEXT NOT NULL,
        result TEXT CHECK (result IN ('pass', 'fail', 'na')),
        figure REAL,
        evidence TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        points REAL,
        version INTEGER NOT NULL,
        updated_by INTEGER REFERENCES users(id),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (inspection_id, item_key)
    );

CREATE TABLE inspection_members (
        id INTEGER PRIMARY KEY,
        inspection_id INTEGER NOT NULL REFERENCES inspections(id),
        side TEXT NOT NULL CHECK (side IN ('team', 'unit')),
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL CHECK (role IN ('head', 'member', 'secretary', 'participant')),
        user_id INTEGER REFERENCES users(id)
    , honorific TEXT NOT NULL DEFAULT ''
        CHECK (honorific IN ('', 'ong', 'ba')));

CREATE INDEX inspection_members_inspection ON inspection_members(inspection_id);

CREATE TABLE inspection_photos (
        id INTEGER PRIMARY KEY,
        inspection_id INTEGER NOT NULL REFERENCES inspections(id),
        item_key TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        uploaded_by INTEGER REFERENCES users(id),
        uploaded_at TEXT NOT NULL,
        UNIQUE (inspection_id, item_key, sha256)
    );

CREATE INDEX inspection_photos_sha ON inspection_photos(sha256);

CREATE TABLE inspections (
        id INTEGER PRIMARY KEY,
        -- The inspected unit, and the unit whose team inspects (itself for 'self').
        unit_id INTEGER NOT NULL REFERENCES units(id),
        owner_unit_id INTEGER NOT NULL REFERENCES units(id),
        kind TEXT NOT NULL CHECK (kind IN ('self', 'external')),
        checklist_slug TEXT NOT NULL,
        checklist_version INTEGER NOT NULL,
        year INTEGER NOT NULL,
        period_start TEXT NOT NULL,
        period_end TEXT NOT NULL,
        title TEXT NOT NULL,
        legal_basis TEXT NOT NULL,
        date TEXT NOT NULL,
        started_at TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
        conclusion TEXT NOT NULL DEFAULT '',
        recommendations TEXT NOT NULL DEFAULT '',
        created_by INTEGER REFERENCES users(id),
        created_at TEXT NOT NULL,
        finalised_at TEXT,
        finalised_by INTEGER REFERENCES users(id),
        FOREIGN KEY (checklist_slug, checklist_version)
            REFERENCES checklist_versions(slug, version)
    );

CREATE INDEX inspections_unit_year ON inspections(unit_id, year);

CREATE TABLE kiosk_pairings (
        token_hash TEXT PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES units(id),
        counter_id INTEGER NOT NULL REFERENCES counters(id),
        form_slug TEXT NOT NULL,
        -- NULL when made by `flask kiosk-pair`.
        created_by INTEGER REFERENCES users(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
    ) WITHOUT ROWID;

CREATE TABLE kiosks (
        id INTEGER PRIMARY KEY,
        credential_hash TEXT NOT NULL UNIQUE,
        unit_id INTEGER NOT NULL REFERENCES units(id),
        counter_id INTEGER NOT NULL REFERENCES counters(id),
        form_slug TEXT NOT NULL,
        paired_at TEXT NOT NULL,
        paired_by INTEGER REFERENCES users(id),
        last_seen_at TEXT,
        unpaired_at TEXT,
        unpaired_by INTEGER REFERENCES users(id)
    );

CREATE INDEX kiosks_unit ON kiosks(unit_id, counter_id);

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

CREATE INDEX paper_batches_list ON paper_batches(unit_id, form_slug, day, id);

CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        hits INTEGER NOT NULL,
        -- Unix seconds: the window ends, and the key's row may be pruned.
        until REAL NOT NULL,
        last_at REAL NOT NULL
    ) WITHOUT ROWID;

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

CREATE TABLE "responses" (
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
    );

CREATE INDEX responses_batch ON responses(batch_id) WHERE batch_id IS NOT NULL;

CREATE INDEX responses_live_tally
    ON responses(form_slug, unit_id, day, counter_id, channel, submitted_at, withdrawn)
    WHERE withdrawn = 0;

CREATE INDEX responses_officer ON responses(officer_id, form_slug, day)
    WHERE officer_id IS NOT NULL;

CREATE UNIQUE INDEX responses_receipt_canonical
    ON responses(unit_id, form_slug, receipt_canonical)
    WHERE receipt_canonical IS NOT NULL;

CREATE TABLE tallies_daily (
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

CREATE TABLE tallies_monthly (
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

CREATE TABLE targets_stamp (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        stamp INTEGER NOT NULL
    );

CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        level TEXT NOT NULL,
        parent_id INTEGER REFERENCES units(id),
        -- '/1/4/9/': lets 'WHERE path LIKE ?' select a whole subtree.
        path TEXT NOT NULL DEFAULT ''
    );

CREATE INDEX units_parent ON units(parent_id);

CREATE INDEX units_path ON units(path);

CREATE TRIGGER units_delete_stamp AFTER DELETE ON units BEGIN UPDATE targets_stamp SET stamp = random(); END;

CREATE TRIGGER units_insert_stamp AFTER INSERT ON units BEGIN UPDATE targets_stamp SET stamp = random(); END;

CREATE TRIGGER units_update_stamp AFTER UPDATE ON units BEGIN UPDATE targets_stamp SET stamp = random(); END;

CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        full_name TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL
            CHECK (role IN ('admin', 'secretary', 'inspector', 'staff')),
        unit_id INTEGER NOT NULL REFERENCES units(id),
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
    , session_version INTEGER NOT NULL DEFAULT 0);

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
