"""Forms published from the database to a subtree of units (issue #16): what a unit sees."""

from __future__ import annotations

import json

import sqlite_utils

from core import fastpath, versions
from core.definitions import Source
from core.units import Unit
from forms.definition import FormDef, form_from

# A version never changes once stored, so its validated form is kept per process.


def stored_name(slug: str) -> str:
    """The source name a published form is validated under: its sha256 depends on it."""
    return f"{slug}.published"


def published_forms(db: sqlite_utils.Database, unit: Unit | None) -> dict[str, FormDef]:
    """Each slug's version a unit sees: the latest publication to it or to a unit above it.

    With no unit (the command line), the latest publication of each slug anywhere.
    """
    sql = (
        "SELECT p.slug, p.version, v.sha256, v.source FROM form_publications p"
        " JOIN form_versions v ON v.slug = p.slug AND v.version = p.version"
    )
    params: list = []
    if unit is not None:
        sql += " JOIN units u ON u.id = p.unit_id WHERE substr(?, 1, length(u.path)) = u.path"
        params.append(unit.path)
    latest: dict[str, tuple[int, str, str]] = {}
    for slug, version, sha256, source in db.execute(sql + " ORDER BY p.id", params):
        latest[slug] = (version, sha256, source)
    return {slug: stored_form(slug, *row) for slug, row in latest.items()}


def stored_form(slug: str, version: int, sha256: str, source: str) -> FormDef:
    """A stored version's form, validated again once per process."""
    return fastpath.validated_forms.get(
        (slug, version),
        sha256,
        lambda: form_from(Source(stored_name(slug), json.loads(source), {})),
    )


def publications(db: sqlite_utils.Database, units: list[Unit] | None = None) -> list[dict]:
    """Form publications, newest first, with their unit and who published: all, or to these."""
    return versions.publications(db, "form_publications", units)
