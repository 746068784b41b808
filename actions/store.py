"""Writing corrective actions: made at finalising or by the team, reported, verified, sent back.

Each step is one conditional UPDATE (the status it starts from is in its WHERE), so two
people acting at once cannot both win, and each is written to the audit log (issue #15).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import current_app

from core import audit
from core.audit import now_utc
from core.db import get_db, write_transaction
from minutes.text import local_datetime

WHAT_MAX = 1000
PERSON_MAX = 200
NOTE_MAX = 2000


class ActionError(ValueError):
    """A step that cannot be taken; the message is for the user (Vietnamese)."""


class StaleStatus(Exception):
    """The action is no longer in a status this step starts from."""


def asks_for_fix(note: str) -> bool:
    """Whether an item's note asks for a fix (words from the ACTION_NOTE_WORDS setting)."""
    words = current_app.config["ACTION_NOTE_WORDS"]
    if not note or not words:
        return False
    pattern = r"(?<!\w)(" + "|".join(re.escape(w.lower()) for w in words) + r")(?!\w)"
    return re.search(pattern, note.lower()) is not None


def unmet(item) -> str | None:
    """Why an item of a finalised inspection needs an action, or None when it is fully met."""
    if item.result == "na":
        return None
    if item.result == "fail":
        return "Không đạt"
    if (
        item.result == "pass"
        and item.max_points
        and item.points is not None
        and item.points < item.max_points
    ):
        return f"Đạt một phần ({item.points:g}/{item.max_points:g} điểm)"
    if asks_for_fix(item.note):
        return "Có ghi chú đề nghị khắc phục"
    return None


def default_due(finalised_at: str) -> str:
    """The due date of an action made at finalising: ACTION_DUE_DAYS after that local day."""
    moment = local_datetime(finalised_at)
    day = moment.date() if moment else date.today()
    return (day + timedelta(days=int(current_app.config["ACTION_DUE_DAYS"]))).isoformat()


def create_for_inspection(inspection_id: int, user_id: int | None, at: str) -> list[int]:
    """Make an action for each item not fully met that has none yet (inspections' finalise hook)."""
    from inspections.model import load_inspection

    inspection = load_inspection(inspection_id)
    if inspection is None:
        return []
    taken = {
        r[0]
        for r in get_db().execute(
            "SELECT item_key FROM actions WHERE inspection_id = ? AND item_key IS NOT NULL",
            [inspection_id],
        )
    }
    person = inspection.participants[0].name if inspection.participants else ""
    due = default_due(at)
    made = []
    for area in inspection.areas:
        for item in area.items:
            reason = unmet(item)
            if reason is None or item.key in taken:
                continue
            finding = reason + (f": {item.note.strip()}" if item.note.strip() else "")
            made.append(
                _insert(
                    inspection_id,
                    item.key,
                    "finding",
                    finding,
                    f"Khắc phục: {item.label}",
                    inspection.unit.id,
                    person,
                    due,
                    user_id,
                )
            )
    return made


def _insert(inspection_id, item_key, source, finding, what, unit_id, person, due, user_id) -> int:
    now = now_utc()
    cursor = get_db().execute(
        "INSERT INTO actions (inspection_id, item_key, source, finding, what, unit_id, person,"
        " due, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [inspection_id, item_key, source, finding, what, unit_id, person, due, user_id, now, now],
    )
    action_id = cursor.lastrowid
    audit.record(
        get_db(),
        user_id,
        "action.create",
        "action",
        action_id,
        {"inspection": inspection_id, "item": item_key, "source": source, "due": due},
        unit_id,
    )
    return action_id


def add_action(
    inspection_id: int,
    item_key: str | None,
    what: str,
    unit_id: int,
    person: str,
    due: str,
    user_id: int | None,
) -> int:
    """An action the team adds from the conclusion; returns its id."""
    with write_transaction(get_db()):
        return _insert(
            inspection_id, item_key, "conclusion", "", what, unit_id, person, due, user_id
        )


def clean_text(value: object, limit: int, required: bool = False) -> str:
    """A note or name as stored: newlines unified, trimmed, checked for length and controls."""
    from flask_babel import gettext as _

    text = value if isinstance(value, str) else ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if any(ord(c) < 32 and c not in "\n\t" or c == "\x7f" for c in text):
        raise ActionError(_("Nội dung chứa ký tự không hợp lệ."))
    if len(text) > limit:
        raise ActionError(_("Nội dung dài quá %(n)s ký tự.", n=limit))
    if required and not text:
        raise ActionError(_("Hãy ghi nội dung."))
    return text


# Each step: the status it leaves the action in, and the statuses it may start from.
STEPS = {
    "in_progress": ("in_progress", ("open", "in_progress", "returned")),
    "fixed": ("fixed", ("open", "in_progress", "returned")),
    "verify": ("verified", ("fixed",)),
    "return": ("returned", ("fixed",)),
}


def take_step(action_id: int, step: str, note: str, user_id: int | None, unit_id: int) -> None:
    """Move an action one step (report progress or a fix; verify or send back); raises StaleStatus.

    The unit's report goes in report_note, the conducting unit's review in review_note.
    """
    status, starts = STEPS[step]
    now = now_utc()
    marks = ", ".join("?" * len(starts))
    if step in ("in_progress", "fixed"):
        sets = "report_note = ?, fixed_at = " + ("?" if step == "fixed" else "fixed_at")
        values = [note, now] if step == "fixed" else [note]
    elif step == "verify":
        sets, values = "review_note = ?, closed_at = ?, closed_by = ?", [note, now, user_id]
    else:
        sets, values = "review_note = ?", [note]
    db = get_db()
    with write_transaction(db):
        cursor = db.execute(
            f"UPDATE actions SET status = ?, {sets}, updated_at = ?"  # noqa: S608 - constant clauses
            f" WHERE id = ? AND status IN ({marks})",
            [status, *values, now, action_id, *starts],
        )
        if cursor.rowcount != 1:
            raise StaleStatus()
        audit.record(db, user_id, f"action.{step}", "action", action_id, {"note": note}, unit_id)


def add_photo(action_id: int, data: bytes, user_id: int | None, unit_id: int) -> str:
    """Clean and keep an evidence photo (as inspection photos are); returns its hash."""
    from inspections.photos import save_photo_file

    photo = save_photo_file(data)
    db = get_db()
    with write_transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO action_photos (action_id, sha256, width, height, bytes,"
            " uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [action_id, photo.sha256, photo.width, photo.height, photo.bytes, user_id, now_utc()],
        )
        detail = {"sha256": photo.sha256}
        audit.record(db, user_id, "action.photo", "action", action_id, detail, unit_id)
    return photo.sha256


def steps_of(action_id: int) -> list[dict]:
    """The audit log of an action, oldest first: who, when, which step, the note."""
    import json

    rows = (
        get_db()
        .execute(
            "SELECT l.at, u.full_name, l.action, l.detail FROM audit_log l"
            " LEFT JOIN users u ON u.id = l.user_id"
            " WHERE l.entity = 'action' AND l.entity_id = ? ORDER BY l.id",
            [str(action_id)],
        )
        .fetchall()
    )
    return [
        {
            "at": r[0],
            "by": r[1],
            "step": r[2].removeprefix("action."),
            "note": json.loads(r[3]).get("note", ""),
        }
        for r in rows
    ]
