"""Pairing a tablet with a counter, and recognising it afterwards (issue #17).

A pairing link carries a random token good for ten minutes and one use. Opening
it turns the browser into the counter's kiosk: it receives a long random
credential in a cookie that only the kiosk's own pages are sent, and the
database keeps a hash of it. No staff login stays on the tablet; unpairing
marks the row, and the next request of the tablet is refused (403).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from core.audit import now_utc
from core.db import get_db, rows_by_name, write_transaction
from core.units import Counter, Unit

PAIRING_TTL = timedelta(minutes=10)
COOKIE = "phieu_kiosk"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_pairing(unit: Unit, counter: Counter, form_slug: str, user_id: int | None) -> str:
    """A new pairing token for a counter; only its hash is stored."""
    token = secrets.token_urlsafe(24)
    now = datetime.now(UTC)
    db = get_db()
    with write_transaction(db):
        db.execute(
            "INSERT INTO kiosk_pairings (token_hash, unit_id, counter_id, form_slug,"
            " created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                _hash(token),
                unit.id,
                counter.id,
                form_slug,
                user_id,
                now.isoformat(timespec="seconds"),
                (now + PAIRING_TTL).isoformat(timespec="seconds"),
            ],
        )
    return token


@dataclass(frozen=True)
class Pairing:
    """What an unused pairing link would pair a tablet with."""

    unit: Unit
    counter: Counter
    form_slug: str


PAIRING_SQL = (
    "SELECT u.id AS unit_id, u.code AS unit_code, u.name AS unit_name, u.level, u.parent_id,"
    " u.path, c.id AS counter_id, c.code AS counter_code, c.name AS counter_name, p.form_slug"
    " FROM kiosk_pairings p JOIN units u ON u.id = p.unit_id"
    " JOIN counters c ON c.id = p.counter_id AND c.active = 1"
    " WHERE p.token_hash = ? AND p.used_at IS NULL AND p.expires_at > ?"
)


def open_pairing(token: str) -> Pairing | None:
    """The pairing a token names, if it is unused and not expired."""
    if len(token) > 64:
        return None
    row = rows_by_name(get_db(), PAIRING_SQL, [_hash(token), now_utc()]).fetchone()
    if row is None:
        return None
    return Pairing(_unit(row), _counter(row), row["form_slug"])


def use_pairing(token: str) -> tuple[Pairing, str] | None:
    """Spend a pairing token and create the kiosk: (pairing, credential), or None.

    One UPDATE claims the token, so two tablets opening one link at once
    cannot both become kiosks.
    """
    pairing = open_pairing(token)
    if pairing is None:
        return None
    db = get_db()
    credential = secrets.token_urlsafe(32)
    now = now_utc()
    with write_transaction(db):
        claimed = db.execute(
            "UPDATE kiosk_pairings SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
            " AND expires_at > ?",
            [now, _hash(token), now],
        ).rowcount
        if not claimed:
            return None
        created_by = db.execute(
            "SELECT created_by FROM kiosk_pairings WHERE token_hash = ?", [_hash(token)]
        ).fetchone()[0]
        db.execute(
            "INSERT INTO kiosks (credential_hash, unit_id, counter_id, form_slug, paired_at,"
            " paired_by, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                _hash(credential),
                pairing.unit.id,
                pairing.counter.id,
                pairing.form_slug,
                now,
                created_by,
                now,
            ],
        )
    return pairing, credential


@dataclass(frozen=True)
class Kiosk:
    """A paired tablet: its counter, form and the officer on duty there."""

    id: int
    unit: Unit
    counter: Counter
    form_slug: str
    officer: str | None


KIOSK_SQL = (
    "SELECT k.id AS kiosk_id, u.id AS unit_id, u.code AS unit_code, u.name AS unit_name,"
    " u.level, u.parent_id, u.path, c.id AS counter_id, c.code AS counter_code,"
    " c.name AS counter_name, k.form_slug, o.full_name AS officer"
    " FROM kiosks k JOIN units u ON u.id = k.unit_id"
    " JOIN counters c ON c.id = k.counter_id AND c.active = 1"
    " LEFT JOIN users o ON o.id = c.on_duty_id AND o.active = 1"
    " WHERE k.credential_hash = ? AND k.unpaired_at IS NULL"
)


def find_kiosk(credential: str | None) -> Kiosk | None:
    """The paired kiosk a cookie's credential names, noting its contact; None if unpaired."""
    if not credential or len(credential) > 128:
        return None
    db = get_db()
    row = rows_by_name(db, KIOSK_SQL, [_hash(credential)]).fetchone()
    if row is None:
        return None
    with write_transaction(db):
        db.execute("UPDATE kiosks SET last_seen_at = ? WHERE id = ?", [now_utc(), row["kiosk_id"]])
    return Kiosk(row["kiosk_id"], _unit(row), _counter(row), row["form_slug"], row["officer"])


def _unit(row) -> Unit:
    """The unit of a pairing or kiosk row."""
    return Unit(
        id=row["unit_id"],
        code=row["unit_code"],
        name=row["unit_name"],
        level=row["level"],
        parent_id=row["parent_id"],
        path=row["path"],
    )


def _counter(row) -> Counter:
    """The counter of a pairing or kiosk row."""
    return Counter(
        id=row["counter_id"],
        unit_id=row["unit_id"],
        code=row["counter_code"],
        name=row["counter_name"],
    )


@dataclass(frozen=True)
class PairedKiosk:
    """A row of the staff page: a kiosk with its counter and last contact."""

    id: int
    counter_id: int
    counter_name: str
    form_slug: str
    paired_at: str
    last_seen_at: str | None


def paired_kiosks(unit: Unit) -> list[PairedKiosk]:
    """The unit's kiosks still paired, by counter."""
    rows = (
        get_db()
        .execute(
            "SELECT k.id, c.id, c.name, k.form_slug, k.paired_at, k.last_seen_at"
            " FROM kiosks k JOIN counters c ON c.id = k.counter_id"
            " WHERE k.unit_id = ? AND k.unpaired_at IS NULL ORDER BY c.position, c.id, k.id",
            [unit.id],
        )
        .fetchall()
    )
    return [PairedKiosk(*row) for row in rows]


def unpair(unit: Unit, kiosk_id: int, user_id: int) -> bool:
    """Unpair a kiosk of the unit; its next request is refused. False if none."""
    db = get_db()
    with write_transaction(db):
        changed = db.execute(
            "UPDATE kiosks SET unpaired_at = ?, unpaired_by = ?"
            " WHERE id = ? AND unit_id = ? AND unpaired_at IS NULL",
            [now_utc(), user_id, kiosk_id, unit.id],
        ).rowcount
    return bool(changed)


def pairing_url(token: str) -> str:
    """The link a tablet opens to pair: PUBLIC_BASE_URL/k/ghep/<token>."""
    from flask import current_app

    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/k/ghep/{token}"


def kiosk_forms(forms: dict) -> list:
    """The forms a kiosk can show: those that ask for no receipt code (it has no keyboard)."""
    return [form for form in forms.values() if form.receipt_code == "none"]
