"""Paper slips typed in one at a time: any form, each slip its own one-slip batch."""

from __future__ import annotations

from datetime import date, datetime, time

import sqlite_utils

from core import audit
from core.db import write_transaction
from core.units import Counter, Unit
from forms.definition import FormDef
from forms.store import VIETNAM, Answer, store_response
from results.paper import DuplicateBatch, new_batch


def enter_slip(
    db: sqlite_utils.Database,
    form: FormDef,
    unit: Unit,
    counter: Counter | None,
    day: date,
    answers: dict[str, Answer],
    *,
    user_id: int,
    submission_id: str,
    receipt_code: str | None = None,
) -> int:
    """Store one validated slip and its batch row in one transaction; returns the batch id.

    A batch of one keeps who entered the slip and when, and lets the existing
    withdrawal take a wrong slip out of the tallies. A retried POST carries the
    same submission id and raises DuplicateBatch; DuplicateReceipt (a dossier
    already rated) leaves nothing behind either.
    """
    submitted = datetime.combine(day, time(12), VIETNAM)
    # The write lock comes first, so a concurrent twin waits for this slip; a retry
    # rolls the batch row back when the slip turns out to be stored already.
    with write_transaction(db):
        batch_id = new_batch(db, form, unit, counter, day, user_id)
        stored = store_response(
            db,
            form,
            unit,
            answers,
            submission_id=submission_id,
            channel="paper",
            counter=counter,
            receipt_code=receipt_code,
            entered_by=user_id,
            batch_id=batch_id,
            submitted_at=submitted,
        )
        if not stored.created:
            earlier = db.execute(
                "SELECT batch_id FROM responses WHERE id = ?", [stored.response_id]
            ).fetchone()[0]
            raise DuplicateBatch(earlier)
        audit.record(
            db,
            user_id,
            "enter",
            "paper_batch",
            batch_id,
            {"form": form.slug, "day": day.isoformat(), "slips": 1, "slip": submission_id},
            unit.id,
        )
    return batch_id
