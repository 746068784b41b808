"""The form definitions of the running app: files checked at start-up, and published ones."""

from pathlib import Path

import sqlite_utils
from flask import Flask, current_app, has_app_context

from core.db import get_db
from core.units import Unit
from core.versions import refuse_unrecorded_edits
from forms.definition import DEFINITIONS_DIR, FormDef, load_forms
from forms.published import published_forms
from forms.store import register_versions


def init_app(app: Flask) -> None:
    """Load every definition now: a bad file stops start-up with file, line and field."""
    forms = load_forms(forms_dir(app))
    refuse_unrecorded_edits(app.config.get("DATABASE"), "form_versions", forms)
    app.extensions["phieu_forms"] = forms


def forms_dir(app: Flask | None = None) -> Path:
    """The definitions folder: FORMS_DIR in the configuration, else forms/definitions."""
    if app is None and has_app_context():
        app = current_app
    configured = app.config.get("FORMS_DIR") if app is not None else None
    return Path(configured) if configured else DEFINITIONS_DIR


def file_forms() -> dict[str, FormDef]:
    """The forms of the definitions folder, by slug: every unit sees them."""
    # Not through the proxy's attribute lookup, which is slow (forms.views.fill).
    return current_app._get_current_object().extensions["phieu_forms"]


def get_forms(unit: Unit | None = None) -> dict[str, FormDef]:
    """Every form a unit sees, by slug: the folder's, and those published to its subtree.

    A published version replaces the file of the same slug for the units it was
    published to. Without a unit (command line): the latest publication anywhere.
    """
    files = file_forms()
    published = published_forms(get_db(), unit)
    return {**files, **published} if published else files


def get_form(slug: str, unit: Unit | None = None) -> FormDef | None:
    """A form by slug, as a unit sees it."""
    return get_forms(unit).get(slug)


def after_migrations(db: sqlite_utils.Database) -> None:
    """Record the current definition versions (run by init-db)."""
    register_versions(db, load_forms(forms_dir()))
