"""What a public form URL names: its unit, form and counter, kept per worker (core.fastpath)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from core import fastpath
from core.db import get_db, rows_by_name
from core.errors import fail
from core.units import Counter, Unit
from forms.definition import FormDef
from forms.registry import get_form


@dataclass(frozen=True)
class Target:
    """The unit, form and optional counter a public form URL names."""

    unit: Unit
    form: FormDef
    counter: Counter | None
    closed: bool = False


def resolve(unit_code: str, slug: str, counter_code: str = "") -> Target:
    """The target of a public form URL: 404 for an unknown unit, form or counter."""
    db = get_db()
    # Read before the rows: rows changed in between are kept under the older
    # stamp, so the next request looks them up again rather than trusting them.
    stamp = db.execute("SELECT stamp FROM targets_stamp").fetchone()[0]
    # Per app: each has its own database and form definitions.
    extensions = current_app._get_current_object().extensions
    kept = extensions.get("phieu_targets")
    if kept is None:
        kept = extensions["phieu_targets"] = fastpath.KeptByStamp()
    key = (unit_code, slug, counter_code.strip())
    return kept.get(key, stamp, lambda: _look_up(db, *key))


def _look_up(db, unit_code: str, slug: str, code: str) -> Target:
    """One statement for the unit, the counter and the closure; the form as the unit sees it."""
    row = rows_by_name(
        db,
        "SELECT u.id, u.code, u.name, u.level, u.parent_id, u.path, c.id AS counter_id,"
        " c.code AS counter_code, c.name AS counter_name, c.active AS counter_active,"
        " EXISTS (SELECT 1 FROM form_closures f WHERE f.unit_id = u.id AND f.form_slug = ?)"
        " AS closed"
        " FROM units u LEFT JOIN counters c"
        " ON c.unit_id = u.id AND c.code = ?"
        " WHERE u.code = ?",
        [slug, code[:64], unit_code],
    ).fetchone()
    if row is None:
        fail(404, _("Không tìm thấy đơn vị này. Vui lòng kiểm tra lại địa chỉ hoặc mã QR."))
    unit = Unit(
        id=row["id"],
        code=row["code"],
        name=row["name"],
        level=row["level"],
        parent_id=row["parent_id"],
        path=row["path"],
    )
    # Published forms change the stamp too (forms/migrations.py 008): a newly
    # published version is looked up here once, then kept like the rest.
    form = get_form(slug, unit)
    if form is None:
        fail(404, _("Không tìm thấy phiếu khảo sát này. Vui lòng kiểm tra lại địa chỉ."))
    if row["counter_id"] is not None and not row["counter_active"]:
        # A closed counter's QR code is still on the desk (issue #14): say so, not "scan again".
        fail(
            410,
            _(
                "Quầy này hiện không nhận đánh giá. Xin cảm ơn ông/bà; vui lòng đánh giá"
                " tại quầy đang làm việc hoặc hỏi cán bộ bộ phận một cửa."
            ),
        )
    counter = None
    if row["counter_id"] is not None:
        counter = Counter(
            id=row["counter_id"],
            unit_id=row["id"],
            code=row["counter_code"],
            name=row["counter_name"],
        )
    if code and (counter is None or len(code) > 64):
        fail(404, _("Không tìm thấy quầy này của đơn vị. Vui lòng quét lại mã QR tại quầy."))
    return Target(unit, form, counter, bool(row["closed"]))
