"""Schema of corrective actions: what an inspection asks the inspected unit to fix (issue #15)."""

from sqlite_utils import Database, Migrations

migrations = Migrations("actions")


@migrations(name="001_actions")
def actions(db: Database) -> None:
    db.executescript(
        """
        -- One corrective action (kiến nghị, biện pháp khắc phục) of an inspection.
        -- open -> in_progress -> fixed (reported by the inspected unit) -> verified
        -- (closed by the conducting unit), or fixed -> returned (sent back) -> fixed ...
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

        -- Evidence photos, cleaned as inspection photos are and stored beside them by hash.
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
        """
    )
