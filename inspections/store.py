"""Writing inspections: creation, item changes with version checks, finalising, reopening."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from core import audit
from core.audit import now_utc
from core.db import get_db, rows_by_name, write_transaction
from core.units import Unit
from core.versions import record_version
from inspections.checklist import Checklist, Item
from inspections.model import Member

# Fields of an item a change may set; every other key is refused.
ITEM_FIELDS = ("result", "figure", "evidence", "note", "points")
EVIDENCE_MAX = 500
NOTE_MAX = 2000


class ItemError(ValueError):
    """A change that cannot be stored; the message is for the user (Vietnamese).

    `field` names the value it is about (figure, points, result...), so the page can show
    the message beside that field.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class Conflict(Exception):
    """A change made against an outdated version: what is stored now, and by whom."""

    theirs: dict
    version: int
    by: str | None
    at: str | None


class Locked(Exception):
    """The inspection is final: nothing changes until an admin reopens it."""


class ChangeIdTaken(Exception):
    """The change id already names a change of another inspection (ids are global)."""


def register_checklist(checklist: Checklist) -> None:
    """Record a checklist's version (see versions.record_version)."""
    record_version(get_db(), "checklist_versions", checklist)


@dataclass
class NewInspection:
    """What the creation form collects."""

    unit: Unit
    owner_unit: Unit
    kind: str
    checklist: Checklist
    year: int
    period_start: str
    period_end: str
    title: str
    legal_basis: str
    date: str
    started_at: str
    place: str
    team: list[Member]
    participants: list[Member]


def create_inspection(new: NewInspection, user_id: int | None) -> int:
    """Store an inspection with its team; returns its id."""
    register_checklist(new.checklist)
    db = get_db()
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO inspections (unit_id, owner_unit_id, kind, checklist_slug,"
            " checklist_version, year, period_start, period_end, title, legal_basis, date,"
            " started_at, place, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                new.unit.id,
                new.owner_unit.id,
                new.kind,
                new.checklist.slug,
                new.checklist.version,
                new.year,
                new.period_start,
                new.period_end,
                new.title,
                new.legal_basis,
                new.date,
                new.started_at,
                new.place,
                user_id,
                now_utc(),
            ],
        )
        inspection_id = cursor.lastrowid
        for side, members in (("team", new.team), ("unit", new.participants)):
            for position, m in enumerate(members):
                db.execute(
                    "INSERT INTO inspection_members (inspection_id, side, position, name,"
                    " title, role, user_id, honorific) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        inspection_id,
                        side,
                        position,
                        m.name,
                        m.title,
                        m.role,
                        m.user_id,
                        m.honorific,
                    ],
                )
        detail = {"kind": new.kind}
        audit.record(db, user_id, "create", "inspection", inspection_id, detail, new.unit.id)
    return inspection_id


def clean_change(item: Item, values: dict) -> dict:
    """Check a change's values against the item's shape; raises ItemError."""
    from flask_babel import gettext as _

    unknown = set(values) - set(ITEM_FIELDS)
    if unknown:
        raise ItemError(_("Trường không hợp lệ: %(names)s", names=", ".join(sorted(unknown))))
    if item.kind == "ratio":
        raise ItemError(_("Tỷ lệ được tính tự động, không nhập trực tiếp."))
    clean: dict = {}
    if "result" in values:
        result = values["result"] or None
        if result is not None and (not item.takes_result or result not in ("pass", "fail", "na")):
            raise ItemError(_("Kết quả phải là Đạt, Không đạt hoặc Không áp dụng."), "result")
        if result == "na" and not item.na_allowed:
            raise ItemError(_("Mục này không được chọn Không áp dụng."), "result")
        clean["result"] = result
    if "figure" in values:
        clean["figure"] = _number(values["figure"], item, item.kind == "figure", "figure")
    if "points" in values:
        points = _decimal(values["points"], "points")
        if points is not None and not 0 <= points <= item.points:
            raise ItemError(_("Điểm phải từ 0 đến %(max)s.", max=f"{item.points:g}"), "points")
        clean["points"] = points
    for name, limit in (("evidence", EVIDENCE_MAX), ("note", NOTE_MAX)):
        if name in values:
            text = values[name]
            if text is None:
                text = ""
            if not isinstance(text, str):
                raise ItemError(_("Nội dung ghi chú không hợp lệ."), name)
            text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
            if any(ord(c) < 32 and c not in "\n\t" or c == "\x7f" for c in text):
                raise ItemError(_("Ghi chú chứa ký tự không hợp lệ."), name)
            if len(text) > limit:
                raise ItemError(_("Ghi chú dài quá %(n)s ký tự.", n=limit), name)
            clean[name] = text
    return clean


def _decimal(value, field: str) -> float | None:
    """A number from JSON or a form field ('1.302', '65,89' are refused as ambiguous)."""
    from flask_babel import gettext as _

    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ItemError(_("Giá trị phải là một số."), field)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # Vietnamese decimal comma: 65,89
        try:
            number = float(text)
        except ValueError:
            raise ItemError(_("Giá trị phải là một số."), field) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ItemError(_("Giá trị phải là một số."), field)
    return number


def _number(value, item: Item, allowed: bool, field: str) -> float | None:
    """A figure within the item's bounds."""
    from flask_babel import gettext as _

    number = _decimal(value, field)
    if number is None:
        return None
    if not allowed:
        raise ItemError(_("Mục này không nhập số liệu."), field)
    if item.number == "integer" and number != int(number):
        raise ItemError(_("Số liệu phải là số nguyên."), field)
    if item.min is not None and number < item.min:
        raise ItemError(_("Số liệu phải từ %(n)s trở lên.", n=f"{item.min:g}"), field)
    if item.max is not None and number > item.max:
        raise ItemError(_("Số liệu không được vượt quá %(n)s.", n=f"{item.max:g}"), field)
    return number


def stored_figures(inspection_id: int) -> dict[str, float | None]:
    """The figures typed so far in an inspection, by item key."""
    rows = get_db().execute(
        "SELECT item_key, figure FROM inspection_items WHERE inspection_id = ?",
        [inspection_id],
    )
    return dict(rows.fetchall())


def check_ratios(checklist: Checklist, item: Item, figure: float | None, figures: dict) -> None:
    """Refuse a figure that would put a ratio's part above its whole (a ratio above 100 %).

    `figures` holds the other figures as they will be (stored, or sent in the same form);
    a missing one is not checked yet: the check runs again when it is typed (issue #15).
    """
    from flask_babel import gettext as _

    if figure is None:
        return
    for ratio in checklist.ratios_of(item.key):
        if item.key == ratio.numerator:
            whole = figures.get(ratio.denominator)
            if whole is not None and figure > whole:
                other = checklist.item(ratio.denominator)
                raise ItemError(
                    _(
                        "Số liệu không được lớn hơn “%(label)s” (%(n)s): tỷ lệ “%(ratio)s”"
                        " sẽ vượt 100 %%.",
                        label=str(other.label),
                        n=f"{whole:g}",
                        ratio=str(ratio.label),
                    ),
                    "figure",
                )
        else:
            part = figures.get(ratio.numerator)
            if part is not None and figure < part:
                other = checklist.item(ratio.numerator)
                raise ItemError(
                    _(
                        "Số liệu không được nhỏ hơn “%(label)s” (%(n)s): tỷ lệ “%(ratio)s”"
                        " sẽ vượt 100 %%.",
                        label=str(other.label),
                        n=f"{part:g}",
                        ratio=str(ratio.label),
                    ),
                    "figure",
                )


ITEM_COLUMNS = "result, figure, evidence, note, points"


def current_item(inspection_id: int, item_key: str) -> tuple[dict, int, str | None, str | None]:
    """An item's stored values, version, and who changed it last and when."""
    row = rows_by_name(
        get_db(),
        f"SELECT {ITEM_COLUMNS}, version, u.full_name AS by_name, updated_at FROM inspection_items"  # noqa: S608 - columns are constants
        " LEFT JOIN users u ON u.id = updated_by WHERE inspection_id = ? AND item_key = ?",
        [inspection_id, item_key],
    ).fetchone()
    if row is None:
        return dict.fromkeys(ITEM_FIELDS) | {"evidence": "", "note": ""}, 0, None, None
    values = {name: row[name] for name in ITEM_FIELDS}
    return values, row["version"], row["by_name"], row["updated_at"]


def save_item(
    inspection_id: int,
    item_key: str,
    base_version: int,
    values: dict,
    user_id: int | None,
    change_id: str | None = None,
) -> dict:
    """Apply one checked change if the item is still at base_version.

    One conditional statement decides the race (UPDATE ... WHERE version = ?, or an
    INSERT for the first write), so two writers can never both win. Returns the stored
    answer, which a replay of the same change_id receives again.
    """
    db = get_db()
    if change_id:
        stored = stored_change(change_id, inspection_id)
        if stored is not None:
            return stored
    # Versions only grow, so if the write below succeeds these are the base version's values.
    old, _version, _by, _at = current_item(inspection_id, item_key)
    now = now_utc()
    try:
        with write_transaction(db):
            # The version check and the write are the same statement.
            if base_version == 0:
                new = dict.fromkeys(ITEM_FIELDS) | {"evidence": "", "note": ""} | values
                cursor = db.execute(
                    f"INSERT INTO inspection_items (inspection_id, item_key, {ITEM_COLUMNS},"  # noqa: S608 - columns are constants
                    " version, updated_by, updated_at)"
                    " SELECT ?, ?, ?, ?, ?, ?, ?, 1, ?, ?"
                    " WHERE EXISTS (SELECT 1 FROM inspections WHERE id = ? AND status = 'draft')"
                    " ON CONFLICT (inspection_id, item_key) DO NOTHING",
                    [inspection_id, item_key, *(new[f] for f in ITEM_FIELDS)]
                    + [user_id, now, inspection_id],
                )
            else:
                sets = ", ".join(f"{name} = ?" for name in values)
                cursor = db.execute(
                    f"UPDATE inspection_items SET {sets}{', ' if sets else ''}"  # noqa: S608 - columns are ITEM_FIELDS (clean_change)
                    " version = version + 1, updated_by = ?, updated_at = ?"
                    " WHERE inspection_id = ? AND item_key = ? AND version = ?"
                    " AND EXISTS (SELECT 1 FROM inspections WHERE id = ? AND status = 'draft')",
                    [*values.values(), user_id, now, inspection_id, item_key, base_version]
                    + [inspection_id],
                )
            if cursor.rowcount != 1:
                raise _refusal(inspection_id, item_key)
            # Read inside the transaction: these are the values this change produced.
            new, version, by, at = current_item(inspection_id, item_key)
            db.execute(
                "INSERT INTO inspection_item_history (inspection_id, item_key, version,"
                " user_id, at, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    inspection_id,
                    item_key,
                    version,
                    user_id,
                    now,
                    json.dumps({k: old[k] for k in values}, ensure_ascii=False),
                    json.dumps({k: new[k] for k in values}, ensure_ascii=False),
                ],
            )
            answer = {"item": item_key, "version": version, "values": new, "by": by, "at": at}
            if change_id:
                db.execute(
                    "INSERT INTO inspection_changes (change_id, inspection_id, item_key,"
                    " user_id, at, response) VALUES (?, ?, ?, ?, ?, ?)",
                    [change_id, inspection_id, item_key, user_id, now, json.dumps(answer)],
                )
    except sqlite3.IntegrityError:
        # The same change_id stored by a concurrent replay: answer as it was answered.
        stored = stored_change(change_id, inspection_id) if change_id else None
        if stored is not None:
            return stored
        # Or one already used on another inspection: nothing was written (issue #12).
        if change_id and _change_id_used(change_id):
            raise ChangeIdTaken() from None
        raise

    return answer


def _refusal(inspection_id: int, item_key: str) -> Exception:
    """Why a conditional write touched no row: the inspection is final, or a conflict."""
    status = (
        get_db().execute("SELECT status FROM inspections WHERE id = ?", [inspection_id]).fetchone()
    )
    if status is None or status[0] != "draft":
        return Locked()
    theirs, version, by, at = current_item(inspection_id, item_key)
    return Conflict(theirs, version, by, at)


def _change_id_used(change_id: str) -> bool:
    """Whether any inspection has a change stored under this id."""
    row = (
        get_db()
        .execute("SELECT 1 FROM inspection_changes WHERE change_id = ?", [change_id])
        .fetchone()
    )
    return row is not None


def stored_change(change_id: str, inspection_id: int) -> dict | None:
    """The answer given to a change already stored under this idempotency key."""
    row = (
        get_db()
        .execute(
            "SELECT response FROM inspection_changes WHERE change_id = ? AND inspection_id = ?",
            [change_id, inspection_id],
        )
        .fetchone()
    )
    return json.loads(row[0]) if row else None


def set_conclusion(inspection_id: int, conclusion: str, recommendations: str) -> bool:
    """Save the conclusion and recommendations of a draft; False when final."""
    cursor = get_db().execute(
        "UPDATE inspections SET conclusion = ?, recommendations = ?"
        " WHERE id = ? AND status = 'draft'",
        [conclusion, recommendations, inspection_id],
    )
    return cursor.rowcount == 1


# Called inside finalise's transaction with (inspection_id, user_id, at): other parts
# hang their work on it (corrective actions, issue #15) without inspections importing them.
FINALISE_HOOKS: list[Callable[[int, int | None, str], None]] = []


def finalise(inspection_id: int, user_id: int | None, unit_id: int, at: str | None = None) -> bool:
    """Lock a draft inspection (now, or at a past instant for loaded records)."""
    db = get_db()
    at = at or now_utc()
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE inspections SET status = 'final', finalised_at = ?, finalised_by = ?"
            " WHERE id = ? AND status = 'draft'",
            [at, user_id, inspection_id],
        )
        if cursor.rowcount != 1:
            return False
        audit.record(db, user_id, "finalise", "inspection", inspection_id, {}, unit_id)
        for hook in FINALISE_HOOKS:
            hook(inspection_id, user_id, at)
    return True


def reopen(inspection_id: int, reason: str, user_id: int | None, unit_id: int) -> bool:
    """Unlock a final inspection (an admin act), keeping the reason in the audit log."""
    db = get_db()
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE inspections SET status = 'draft', finalised_at = NULL, finalised_by = NULL"
            " WHERE id = ? AND status = 'final'",
            [inspection_id],
        )
        if cursor.rowcount != 1:
            return False
        detail = {"reason": reason}
        audit.record(db, user_id, "reopen", "inspection", inspection_id, detail, unit_id)
    return True


def item_history(inspection_id: int, item_key: str | None = None) -> list[dict]:
    """Changes of an inspection's items, newest first."""
    sql = (
        "SELECT h.item_key AS item, h.version, u.full_name AS by_name, h.at, h.old, h.new"
        " FROM inspection_item_history h LEFT JOIN users u ON u.id = h.user_id"
        " WHERE h.inspection_id = ?"
    )
    params: list = [inspection_id]
    if item_key:
        sql += " AND h.item_key = ?"
        params.append(item_key)
    rows = rows_by_name(get_db(), sql + " ORDER BY h.id DESC", params)
    return [
        {
            "item": r["item"],
            "version": r["version"],
            "by": r["by_name"],
            "at": r["at"],
            "old": json.loads(r["old"]),
            "new": json.loads(r["new"]),
        }
        for r in rows
    ]
