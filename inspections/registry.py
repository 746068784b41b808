"""The loaded checklists of the running app, validated at start-up."""

import sqlite_utils
from flask import Flask, current_app

from core.db import write_transaction
from core.versions import record_version
from inspections.checklist import Checklist, load_checklists


def init_app(app: Flask) -> None:
    """Load every checklist now: a bad file stops start-up with file, line and field."""
    app.extensions["phieu_checklists"] = load_checklists()


def get_checklists() -> dict[str, Checklist]:
    """Every checklist of the running app, by slug (parsed once, not per request)."""
    return current_app.extensions["phieu_checklists"]


def after_migrations(db: sqlite_utils.Database) -> None:
    """Record the current checklist versions (run by init-db)."""
    with write_transaction(db):
        for checklist in load_checklists().values():
            record_version(db, "checklist_versions", checklist)
