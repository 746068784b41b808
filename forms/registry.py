"""The loaded form definitions of the running app, validated at start-up."""

import sqlite_utils
from flask import Flask, current_app

from forms.definition import FormDef, load_forms
from forms.store import register_versions


def init_app(app: Flask) -> None:
    """Load every definition now: a bad file stops start-up with file, line and field."""
    app.extensions["phieu_forms"] = load_forms()


def get_forms() -> dict[str, FormDef]:
    """Every form of the running app, by slug."""
    return current_app.extensions["phieu_forms"]


def get_form(slug: str) -> FormDef | None:
    """A form by slug."""
    return get_forms().get(slug)


def after_migrations(db: sqlite_utils.Database) -> None:
    """Record the current definition versions (run by init-db)."""
    register_versions(db, load_forms())
