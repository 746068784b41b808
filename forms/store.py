"""Storing responses: once per submission id, whole or not at all."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import sqlite_utils

from core.db import write_transaction
from core.ratelimit import Limit, spend
from core.units import Counter, Unit
from core.versions import record_version
from forms import rollups
from forms.definition import FormDef
from forms.expand import answers_of, replace_answers
from forms.receipts import canonical
from forms.types import QUESTION_TYPES, Answer, Row

# Vietnam keeps UTC+7 all year, so a fixed offset needs no tz database.
VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

# A second send from the same page within this time of the first replaces its
# answers: the citizen pressed Back and changed their mind (issue #12, item 7).
CORRECTION_WINDOW = timedelta(minutes=10)


class DuplicateReceipt(Exception):
    """This dossier code has already been rated on this form."""

    def __init__(self, code: str | None, correcting: bool = False):
        super().__init__(code)
        # Raised by a correction: the code clashes with another submission's.
        self.correcting = correcting


@dataclass(frozen=True)
class Stored:
    """The outcome of a store: the response id, whether this call created or corrected it."""

    response_id: int
    created: bool
    corrected: bool = False


def store_response(
    db: sqlite_utils.Database,
    form: FormDef,
    unit: Unit,
    answers: dict[str, Answer],
    *,
    submission_id: str,
    channel: str = "qr",
    counter: Counter | None = None,
    receipt_code: str | None = None,
    client_hash: str | None = None,
    entered_by: int | None = None,
    batch_id: int | None = None,
    submitted_at: datetime | None = None,
    limit: Limit | None = None,
    correct_within: timedelta | None = None,
) -> Stored:
    """Store a validated response, its answer rows pending on it, in one transaction.

    The same submission id stored twice, even at the same instant from two
    workers, yields one row: the second INSERT meets the UNIQUE constraint
    and finds the first (ODK's instanceID habit). A new response spends one
    of its client's `limit` in the same transaction, and a refused one
    (RateLimited) is rolled back: only what is stored counts, once (issue #12).
    With correct_within, a submission id stored less than that long ago with
    other answers, on the same unit and form, has them replaced: a correction,
    not a second response.
    """
    when = (submitted_at or datetime.now(UTC)).astimezone(UTC)
    day = when.astimezone(VIETNAM).date().isoformat()
    # Built before the write lock is taken: other workers wait for every
    # microsecond spent inside the transaction. The answer rows are written to
    # the answers table later, in batches (forms/expand.py).
    pending = json.dumps(
        answer_rows(form, answers), ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    receipt_canonical = canonical(receipt_code) if receipt_code else None
    with write_transaction(db):
        try:
            cursor = db.execute(
                "INSERT INTO responses (submission_id, unit_id, form_slug, form_version,"
                " counter_id, channel, receipt_code, receipt_canonical, submitted_at, day,"
                " client_hash, entered_by, batch_id, pending_answers, officer_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                # The officer on duty, read by the counter's primary key in this
                # statement and this transaction: a rating can never be credited
                # to the officer of another moment (issue #17). Paper slips are
                # typed in later, when whoever is on duty did not serve them.
                " (SELECT on_duty_id FROM counters WHERE id = ?))"
                " ON CONFLICT (submission_id) DO NOTHING",
                [
                    submission_id,
                    unit.id,
                    form.slug,
                    form.version,
                    counter.id if counter else None,
                    channel,
                    receipt_code,
                    receipt_canonical,
                    when.isoformat(timespec="seconds"),
                    day,
                    client_hash,
                    entered_by,
                    batch_id,
                    pending,
                    counter.id if counter and channel != "paper" else None,
                ],
            )
        except sqlite3.IntegrityError as error:
            if "receipt_canonical" in str(error):
                raise DuplicateReceipt(receipt_code) from error
            raise
        if cursor.rowcount == 0:
            # Only a retry or a correction comes here: a first send pays nothing more.
            row = db.execute(
                "SELECT id, unit_id, form_slug, submitted_at, receipt_code"
                " FROM responses WHERE submission_id = ?",
                [submission_id],
            ).fetchone()
            stored_id, stored_unit, stored_slug, stored_at, stored_code = row
            if (
                correct_within is None
                or (stored_unit, stored_slug) != (unit.id, form.slug)
                or _instant(stored_at) < when - correct_within
            ):
                return Stored(stored_id, False)
            previous = answers_of(db, stored_id)
            if previous == json.loads(pending) and stored_code == receipt_code:
                return Stored(stored_id, False)  # the same answers again: a retry
            _correct(db, stored_id, form, receipt_code, receipt_canonical, pending)
            db.execute(
                "INSERT INTO response_corrections (response_id, unit_id, form_slug,"
                " corrected_at, previous_answers, previous_receipt_code)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    stored_id,
                    unit.id,
                    form.slug,
                    when.isoformat(timespec="seconds"),
                    json.dumps(previous, ensure_ascii=False, separators=(",", ":")),
                    stored_code,
                ],
            )
            return Stored(stored_id, False, corrected=True)
        response_id = cursor.lastrowid
        if limit is not None:
            spend(db, limit)
    return Stored(response_id, True)


def _instant(stored: str) -> datetime:
    """A stored submitted_at as an aware instant (UTC when written without an offset)."""
    instant = datetime.fromisoformat(stored)
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def _correct(
    db: sqlite_utils.Database,
    response_id: int,
    form: FormDef,
    receipt_code: str | None,
    receipt_canonical: str | None,
    pending: str,
) -> None:
    """Give a stored response the corrected answers, inside the caller's transaction."""
    # Out of the roll-ups with its old version and answers, back in with the new ones.
    rollups.uncount(db, [response_id])
    try:
        db.execute(
            "UPDATE responses SET form_version = ?, receipt_code = ?, receipt_canonical = ?"
            " WHERE id = ?",
            [form.version, receipt_code, receipt_canonical, response_id],
        )
    except sqlite3.IntegrityError as error:
        if "receipt_canonical" in str(error):
            raise DuplicateReceipt(receipt_code, correcting=True) from error
        raise
    replace_answers(db, response_id, pending)
    rollups.count(db, [response_id])


def answer_rows(form: FormDef, answers: dict[str, Answer]) -> list[Row]:
    """(question, value, number) rows, each answer as its question's type stores it."""
    rows: list[Row] = []
    for question in form.questions:
        if question.key in answers:
            rows += QUESTION_TYPES[question.type].rows(question, answers[question.key])
    return rows


def register_versions(db: sqlite_utils.Database, forms: dict[str, FormDef]) -> None:
    """Record each form definition's version (see versions.record_version)."""
    with write_transaction(db):
        for form in forms.values():
            record_version(db, "form_versions", form)
