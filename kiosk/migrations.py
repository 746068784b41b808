"""Schema of the counter kiosk (issue #17): pairing links and paired tablets."""

from sqlite_utils import Database, Migrations

migrations = Migrations("kiosk")


@migrations(name="001_kiosks")
def kiosks(db: Database) -> None:
    db.executescript(
        """
        -- A pairing link: good for ten minutes and one use. Only a hash of its
        -- token is kept, so the table cannot be read back into working links.
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

        -- A tablet turned into a counter's kiosk. Its browser holds the
        -- credential in a cookie; the hash here finds it. Unpaired, never deleted.
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
        """
    )
