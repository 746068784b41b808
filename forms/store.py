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
from forms.definition import FormDef

# Vietnam keeps UTC+7 all year, so a fixed offset needs no tz database.
VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

# An answer as the store takes it: option keys for choices (a list for multiple
# choice), text, a number, or an ISO date.
Answer = str | int | float | list[str]


class DuplicateReceipt(Exception):
    """This dossier code has already been rated on this form."""


@dataclass(frozen=True)
class Stored:
    """The outcome of a store: the response id and whether this call created it."""

    response_id: int
    created: bool


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
) -> Stored:
    """Store a validated response, its answer rows pending on it, in one transaction.

    The same submission id stored twice, even at the same instant from two
    workers, yields one row: the second INSERT meets the UNIQUE constraint
    and finds the first (ODK's instanceID habit). A new response spends one
    of its client's `limit` in the same transaction, and a refused one
    (RateLimited) is rolled back: only what is stored counts, once (issue #12).
    """
    when = (submitted_at or datetime.now(UTC)).astimezone(UTC)
    day = when.astimezone(VIETNAM).date().isoformat()
    # Built before the write lock is taken: other workers wait for every
    # microsecond spent inside the transaction. The answer rows are written to
    # the answers table later, in batches (forms/expand.py).
    pending = json.dumps(
        list(answer_rows(form, answers)), ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    with write_transaction(db):
        try:
            cursor = db.execute(
                "INSERT INTO responses (submission_id, unit_id, form_slug, form_version,"
                " counter_id, channel, receipt_code, submitted_at, day, client_hash,"
                " entered_by, batch_id, pending_answers)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (submission_id) DO NOTHING",
                [
                    submission_id,
                    unit.id,
                    form.slug,
                    form.version,
                    counter.id if counter else None,
                    channel,
                    receipt_code,
                    when.isoformat(timespec="seconds"),
                    day,
                    client_hash,
                    entered_by,
                    batch_id,
                    pending,
                ],
            )
        except sqlite3.IntegrityError as error:
            if "receipt_code" in str(error):
                raise DuplicateReceipt(receipt_code) from error
            raise
        if cursor.rowcount == 0:
            row = db.execute(
                "SELECT id FROM responses WHERE submission_id = ?", [submission_id]
            ).fetchone()
            return Stored(row[0], False)
        response_id = cursor.lastrowid
        if limit is not None:
            spend(db, limit)
    return Stored(response_id, True)


def answer_rows(form: FormDef, answers: dict[str, Answer]):
    """(question, value, number) rows: one per chosen option, text or number."""
    for question in form.questions:
        if question.key not in answers:
            continue
        answer = answers[question.key]
        values = answer if isinstance(answer, list) else [answer]
        for value in values:
            if question.is_choice:
                option = question.option(str(value))
                yield question.key, str(value), option.points if option else None
            elif question.type in ("integer", "decimal"):
                yield question.key, str(value), float(value)
            else:
                yield question.key, str(value), None


def register_versions(db: sqlite_utils.Database, forms: dict[str, FormDef]) -> None:
    """Record each form definition's version (see versions.record_version)."""
    with db.atomic():
        for form in forms.values():
            record_version(db, "form_versions", form)
