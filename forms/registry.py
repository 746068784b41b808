"""The loaded form definitions of the running app, validated at start-up."""

from pathlib import Path

import sqlite_utils
from flask import Flask, current_app, has_app_context

from forms.definition import DEFINITIONS_DIR, FormDef, load_forms
from forms.store import register_versions


def init_app(app: Flask) -> None:
    """Load every definition now: a bad file stops start-up with file, line and field."""
    app.extensions["phieu_forms"] = load_forms(forms_dir(app))


def forms_dir(app: Flask | None = None) -> Path:
    """The definitions folder: FORMS_DIR in the configuration, else forms/definitions."""
    if app is None and has_app_context():
        app = current_app
    configured = app.config.get("FORMS_DIR") if app is not None else None
    return Path(configured) if configured else DEFINITIONS_DIR


def get_forms() -> dict[str, FormDef]:
    """Every form of the running app, by slug."""
    # Not through the proxy's attribute lookup, which is slow (forms.views.fill).
    return current_app._get_current_object().extensions["phieu_forms"]


def get_form(slug: str) -> FormDef | None:
    """A form by slug."""
    return get_forms().get(slug)


def after_migrations(db: sqlite_utils.Database) -> None:
    """Record the current definition versions (run by init-db)."""
    register_versions(db, load_forms(forms_dir()))
