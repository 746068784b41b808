"""Core schema: the unit tree, counters, staff accounts and the audit log."""

from sqlite_utils import Database, Migrations

migrations = Migrations("core")


@migrations(name="001_units_counters_users")
def units_counters_users(db: Database) -> None:
    db.executescript(
        """
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

        CREATE TABLE counters (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            code TEXT NOT NULL,
            name TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1,
            UNIQUE (unit_id, code)
        );

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
        );
        """
    )


@migrations(name="002_audit_log")
def audit_log(db: Database) -> None:
    db.executescript(
        """
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
        """
    )


@migrations(name="003_session_version")
def session_version(db: Database) -> None:
    # Bumped by logout and by any password change: a session signed with an
    # older version is refused, so a captured cookie dies with them (issue #12).
    db.execute("ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0")


@migrations(name="004_rate_limits")
def rate_limits(db: Database) -> None:
    # One row per limited key (a client address, a login name), shared by every
    # worker and kept across restarts (issue #12); core/ratelimit.py prunes it.
    db.executescript(
        """
        CREATE TABLE rate_limits (
            key TEXT PRIMARY KEY,
            hits INTEGER NOT NULL,
            -- Unix seconds: the window ends, and the key's row may be pruned.
            until REAL NOT NULL,
            last_at REAL NOT NULL
        ) WITHOUT ROWID;
        """
    )
