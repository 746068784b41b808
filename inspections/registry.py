"""The checklists of the running app: files checked at start-up, and published ones."""

from pathlib import Path

import sqlite_utils
from flask import Flask, current_app, has_app_context

from core.db import get_db, write_transaction
from core.units import Unit
from core.versions import record_version, refuse_unrecorded_edits
from inspections.checklist import CHECKLISTS_DIR, Checklist, load_checklists
from inspections.publishing import published_checklists


def init_app(app: Flask) -> None:
    """Load every checklist now: a bad file stops start-up with file, line and field."""
    checklists = load_checklists(checklists_dir(app))
    refuse_unrecorded_edits(app.config.get("DATABASE"), "checklist_versions", checklists)
    app.extensions["phieu_checklists"] = checklists


def checklists_dir(app: Flask | None = None) -> Path:
    """The checklists folder: CHECKLISTS_DIR in the configuration, else inspections/checklists."""
    if app is None and has_app_context():
        app = current_app
    configured = app.config.get("CHECKLISTS_DIR") if app is not None else None
    return Path(configured) if configured else CHECKLISTS_DIR


def file_checklists() -> dict[str, Checklist]:
    """The checklists of the folder, by slug: every unit sees them."""
    return current_app.extensions["phieu_checklists"]


def get_checklists(unit: Unit | None = None) -> dict[str, Checklist]:
    """Every checklist a unit sees, by slug: the folder's, and those published to its subtree."""
    published = published_checklists(get_db(), unit)
    files = file_checklists()
    return {**files, **published} if published else files


def after_migrations(db: sqlite_utils.Database) -> None:
    """Record the current checklist versions (run by init-db)."""
    with write_transaction(db):
        for checklist in load_checklists(checklists_dir()).values():
            record_version(db, "checklist_versions", checklist)
