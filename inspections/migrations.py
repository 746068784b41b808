"""Schema of inspections: checklists, inspections, team, item results, photos."""

from sqlite_utils import Database, Migrations

migrations = Migrations("inspections")


@migrations(name="001_inspections")
def inspections(db: Database) -> None:
    db.executescript(
        """
        -- Every version of a checklist an inspection used; an edited file never
        -- rewrites an old inspection (DESIGN.md, 'Forms are data').
        CREATE TABLE checklist_versions (
            slug TEXT NOT NULL,
            version INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            definition TEXT NOT NULL,
            loaded_at TEXT NOT NULL,
            PRIMARY KEY (slug, version)
        );

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

        -- The team (side 'team': head, member, secretary) and the unit's participants.
        CREATE TABLE inspection_members (
            id INTEGER PRIMARY KEY,
            inspection_id INTEGER NOT NULL REFERENCES inspections(id),
            side TEXT NOT NULL CHECK (side IN ('team', 'unit')),
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL CHECK (role IN ('head', 'member', 'secretary', 'participant')),
            user_id INTEGER REFERENCES users(id)
        );
        CREATE INDEX inspection_members_inspection ON inspection_members(inspection_id);

        -- One row per item once someone has touched it. 'version' counts changes:
        -- a change must name the version it was made against (issue #4).
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

        -- Every change of every item: who, when, old and new values (JSON).
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

        -- Idempotency keys of stored changes: a replayed change gets the stored answer.
        CREATE TABLE inspection_changes (
            change_id TEXT PRIMARY KEY,
            inspection_id INTEGER NOT NULL REFERENCES inspections(id),
            item_key TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            at TEXT NOT NULL,
            response TEXT NOT NULL
        );

        -- Photos by content hash (the file is UPLOAD_DIR/inspections/<sha256>.jpg).
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
        """
    )


@migrations(name="002_member_honorific")
def member_honorific(db: Database) -> None:
    # How the minutes address each person: "Ông Nguyễn Văn A", "Bà Vũ Thị Lan"; '' for
    # rows stored before the creation form asked (the minutes then write "Ông/bà").
    # Issue #14, item 9.
    db.executescript(
        """
        ALTER TABLE inspection_members ADD COLUMN honorific TEXT NOT NULL DEFAULT ''
            CHECK (honorific IN ('', 'ong', 'ba'));
        """
    )


@migrations(name="003_checklist_publications")
def checklist_publications(db: Database) -> None:
    # Checklists uploaded or imported on the command line live in the database
    # (issue #16): the stored version's definition is the checklist as written,
    # and a publication says which subtree's new inspections may use it.
    db.executescript(
        """
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
        """
    )
