"""Publishing a form definition from a file (YAML or XLSForm) as a new version (issue #16)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from core.db import write_transaction
from core.definitions import (
    Source,
    display_name,
    plain_data,
    read_yaml_or_workbook,
)
from core.units import Unit
from core.versions import record_version
from forms.definition import FormDef, form_from
from forms.published import stored_name

# What an uploaded or imported definition file may be.
SUFFIXES = (".yaml", ".yml", ".xlsx")


def read_definition(path: Path, name: str | None = None) -> Source:
    """The definition a YAML or XLSForm file holds, parsed but not yet validated."""
    return read_yaml_or_workbook(path, name or display_name(path), _xlsform_source)


def _xlsform_source(path: Path, name: str) -> Source:
    """An XLSForm as the plain dict a Phiếu YAML parses into (no line numbers)."""
    # Imported here: pyxform and openpyxl stay out of the citizen's worker
    # (tests/test_reliability_imports.py).
    from forms import xlsform

    try:
        data = xlsform.read_xlsform(path)
    except xlsform.XLSFormError as error:
        # One problem a line, each named by sheet and cell: `survey!C7 (relevant): ...`.
        raise error.definition_error(name) from None
    return Source(name, data, {})


def prepare_form(source: Source, slug: str | None = None) -> tuple[FormDef, dict[str, Any]]:
    """The validated form and the data it came from, under its slug for publishing.

    The slug is `slug` if given, else the file's own (an XLSForm form_id), with
    '_' turned into '-': a file's name does not matter, so it need not match.
    """
    data = source.data
    if isinstance(data, dict):
        data = dict(data)
        given = slug if slug is not None else data.get("slug")
        if isinstance(given, str):
            data["slug"] = given.strip().replace("_", "-")
    form = form_from(Source(source.file, data, source.lines, source.problems))
    return form, plain_data(data)


def publish_form(
    db: sqlite_utils.Database,
    data: dict[str, Any],
    units: list[Unit],
    published_by: int | None = None,
) -> FormDef:
    """Store the definition as a new version (or the same one again) and publish it to units.

    An unchanged definition keeps its version; a changed one gets the next
    version after every stored one, whatever the file says: a version number
    never names two contents (old responses keep the definition they answered).
    """
    if not units:
        raise ValueError("publish to at least one unit")
    data = plain_data(data)
    slug = data["slug"]
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with write_transaction(db):
        form = _versioned(db, slug, data)
        record_version(db, "form_versions", form)
        db.execute(
            "UPDATE form_versions SET source = ? WHERE slug = ? AND version = ?",
            [json.dumps({**data, "version": form.version}, ensure_ascii=False), slug, form.version],
        )
        for unit in units:
            db.execute(
                "INSERT INTO form_publications (slug, version, unit_id, published_by,"
                " published_at) VALUES (?, ?, ?, ?, ?)",
                [slug, form.version, unit.id, published_by, now],
            )
    return form


def _versioned(db: sqlite_utils.Database, slug: str, data: dict[str, Any]) -> FormDef:
    """The form at the version it is stored under.

    Its own version when that is free and above every stored one, or stored
    with the same content; the stored version of the same content; else the next.
    """
    stored = dict(
        db.execute("SELECT version, sha256 FROM form_versions WHERE slug = ?", [slug]).fetchall()
    )
    form = _stored_shape(data)
    if stored.get(form.version) == form.sha256 or form.version > max(stored, default=0):
        return form
    for version in sorted(stored, reverse=True):
        same = _stored_shape({**data, "version": version})
        if stored[version] == same.sha256:
            return same
    return _stored_shape({**data, "version": max(stored) + 1})


def _stored_shape(data: dict[str, Any]) -> FormDef:
    """The form as it is stored and served: validated under its stored name."""
    return form_from(Source(stored_name(data["slug"]), data, {}))
