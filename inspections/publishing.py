"""Checklists published from a file to a subtree of units (issue #16): store, publish, look up."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from core import fastpath
from core.db import write_transaction
from core.definitions import (
    Source,
    display_name,
    plain_data,
    read_yaml_or_workbook,
)
from core.units import Unit
from core.versions import publications, record_version
from inspections.checklist import Checklist, from_json, parse

# What an uploaded or imported checklist file may be.
SUFFIXES = (".yaml", ".yml", ".xlsx")


def read_checklist_file(path: Path, name: str | None = None) -> Source:
    """The checklist a YAML or XLSForm file holds, parsed but not yet validated."""
    return read_yaml_or_workbook(path, name or display_name(path), _xlsform_source)


def _xlsform_source(path: Path, name: str) -> Source:
    """An XLSForm checklist as the plain dict a YAML file parses into (no line numbers)."""
    # Imported here: pyxform and openpyxl stay out of the citizen's worker
    # (tests/test_reliability_imports.py).
    from core.xlsform.problems import XLSFormError
    from inspections.xlsform import read_checklist_xlsform

    try:
        data = read_checklist_xlsform(path)
    except XLSFormError as error:
        # One problem a line, each named by sheet and cell: `survey!F7 (points): ...`.
        raise error.definition_error(name) from None
    return Source(name, data, {})


def prepare_checklist(source: Source, slug: str | None = None) -> tuple[Checklist, dict]:
    """The validated checklist and its data, under `slug` or its own with '_' turned into '-'."""
    data = source.data
    if isinstance(data, dict):
        data = plain_data(dict(data))
        given = slug if slug is not None else data.get("slug")
        if isinstance(given, str):
            data["slug"] = given.strip().replace("_", "-")
    return parse(Source(source.file, data, source.lines, source.problems)), data


def publish_checklist(
    db: sqlite_utils.Database, data: dict, units: list[Unit], published_by: int | None = None
) -> Checklist:
    """Store the checklist as a new version (or the same one again) and publish it to units."""
    if not units:
        raise ValueError("publish to at least one unit")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with write_transaction(db):
        checklist = _versioned(db, data)
        record_version(db, "checklist_versions", checklist)
        for unit in units:
            db.execute(
                "INSERT INTO checklist_publications (slug, version, unit_id, published_by,"
                " published_at) VALUES (?, ?, ?, ?, ?)",
                [checklist.slug, checklist.version, unit.id, published_by, now],
            )
    return checklist


def _versioned(db: sqlite_utils.Database, data: dict) -> Checklist:
    """Its own version when free and above every stored one or stored the same; else the next."""
    stored = dict(
        db.execute(
            "SELECT version, sha256 FROM checklist_versions WHERE slug = ?", [data["slug"]]
        ).fetchall()
    )
    checklist = parse(Source(data["slug"], data, {}))
    if stored.get(checklist.version) == checklist.sha256:
        return checklist
    if checklist.version > max(stored, default=0):
        return checklist
    for version in sorted(stored, reverse=True):
        same = parse(Source(data["slug"], {**data, "version": version}, {}))
        if stored[version] == same.sha256:
            return same
    return parse(Source(data["slug"], {**data, "version": max(stored) + 1}, {}))


def published_checklists(db: sqlite_utils.Database, unit: Unit | None) -> dict[str, Checklist]:
    """Each slug's version a unit sees: the latest publication to it or to a unit above it."""
    sql = (
        "SELECT p.slug, p.version, v.sha256, v.definition FROM checklist_publications p"
        " JOIN checklist_versions v ON v.slug = p.slug AND v.version = p.version"
    )
    params: list = []
    if unit is not None:
        sql += " JOIN units u ON u.id = p.unit_id WHERE substr(?, 1, length(u.path)) = u.path"
        params.append(unit.path)
    latest = {}
    for slug, version, sha256, definition in db.execute(sql + " ORDER BY p.id", params):
        latest[slug] = (version, sha256, definition)
    found = {}
    for slug, (version, sha256, definition) in latest.items():
        found[slug] = fastpath.validated_checklists.get(
            (slug, version),
            sha256,
            lambda slug=slug, version=version, definition=definition: from_json(
                definition, f"{slug}@{version}"
            ),
        )
    return found


def checklist_publications(db: sqlite_utils.Database, units: list[Unit]) -> list[dict]:
    """Checklist publications to these units, newest first, with their unit and who published."""
    return publications(db, "checklist_publications", units)


def stored_definition(db: sqlite_utils.Database, slug: str, version: int) -> dict[str, Any]:
    """A stored version's data, as written."""
    row = db.execute(
        "SELECT definition FROM checklist_versions WHERE slug = ? AND version = ?", [slug, version]
    ).fetchone()
    return json.loads(row[0])
