"""The roll-up tables kept with every write equal a fresh count of the raw rows."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from core.db import get_db
from core.units import counters, get_unit_by_code
from forms import rollups
from forms.expand import expand_pending
from forms.registry import get_form
from forms.store import store_response
from results.bursts import WINDOW_SECONDS, Burst, withdraw_burst
from results.paper import enter_batch, withdraw_batch
from tests.results_helpers import TTHC_12

LEVELS = ("rat-hai-long", "hai-long", "khong-hai-long")
REASONS = ("thai-do", "thu-tuc", "phi-le-phi", "khac")


def grains(db) -> dict[str, list[tuple]]:
    """Every row of both grains, in key order."""
    return {
        grain: db.execute(
            f"SELECT * FROM {grain} ORDER BY form_slug, unit_id, period, counter_id, channel,"  # noqa: S608 - grain is a constant
            " form_version, question, value"
        ).fetchall()
        for grain in rollups.GRAINS
    }


def hai_long(rng: random.Random) -> dict:
    level = rng.choice(LEVELS)
    answers = {"muc-do": level}
    if level == "khong-hai-long" and rng.random() < 0.7:
        answers["chua-hai-long"] = sorted(rng.sample(REASONS, rng.randint(1, 3)))
    return answers


def tthc(rng: random.Random) -> dict:
    return {key: rng.choice(("0", "1", "2")) if key in TTHC_12 else v for key, v in TTHC_12.items()}


def scramble(app, make_user, seed: int) -> None:
    """Random submissions, corrections, paper batches and withdrawals, some left pending."""
    rng = random.Random(seed)
    clerk = make_user(f"clerk{seed}", "staff", "ngoc-ky")
    db = get_db()
    units = [get_unit_by_code("ngoc-ky"), get_unit_by_code("tan-ky")]
    stored: list[tuple] = []  # (submission id, unit, form slug, receipt code)
    batches: list[tuple] = []
    for step in range(120):
        unit = rng.choice(units)
        counter = rng.choice([None, *counters(unit)[:2]])
        day = date(2022, rng.randint(1, 3), rng.randint(1, 28))
        when = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=3)
        kind = rng.random()
        if kind < 0.5:
            slug = rng.choice(("hai-long", "danh-gia-tthc"))
            code = f"H{step}" if slug == "danh-gia-tthc" else None
            answers = hai_long(rng) if slug == "hai-long" else tthc(rng)
            store_response(
                db, get_form(slug), unit, answers, submission_id=f"s{step}",
                counter=counter, submitted_at=when, receipt_code=code,
                channel=rng.choice(("qr", "kiosk")),
            )  # fmt: skip
            stored.append((f"s{step}", unit, slug, code))
        elif kind < 0.65 and stored:
            sid, unit, slug, code = rng.choice(stored)
            answers = hai_long(rng) if slug == "hai-long" else tthc(rng)
            store_response(
                db, get_form(slug), unit, answers, submission_id=sid, receipt_code=code,
                correct_within=timedelta(days=3650),
            )  # fmt: skip
        elif kind < 0.8:
            slips = [hai_long(rng) for _ in range(rng.randint(1, 4))]
            batch = enter_batch(
                db, get_form("hai-long"), unit, counter, day, slips,
                user_id=clerk.id, key=f"b{step}",
            )  # fmt: skip
            batches.append((batch, unit))
        elif kind < 0.88 and batches:
            batch, unit = rng.choice(batches)
            withdraw_batch(db, batch, unit, user_id=clerk.id, reason="Nhập nhầm")
        elif kind < 0.93:
            # A burst of the QR responses of one day's 10:00 window at one counter.
            slot = int(when.timestamp()) // WINDOW_SECONDS
            burst = Burst(unit, counter.id if counter else None, None, slot, slot, 0, 1.0)
            withdraw_burst(db, get_form("hai-long"), burst, user_id=clerk.id, reason="Dồn phiếu")
        else:
            expand_pending(db)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_roll_ups_kept_with_every_write_equal_a_rebuild(app, make_user, seed):
    with app.test_request_context():
        scramble(app, make_user, seed)
        db = get_db()
        expand_pending(db)
        kept = grains(db)
        assert kept["tallies_daily"], "the scramble counted nothing"
        with db.atomic():
            rollups.rebuild(db)
        assert grains(db) == kept


def test_roll_ups_equal_a_plain_group_by_of_the_live_rows(app, make_user):
    with app.test_request_context():
        scramble(app, make_user, 7)
        db = get_db()
        expand_pending(db)
        responses = db.execute(
            "SELECT form_slug, unit_id, day, coalesce(counter_id, 0), channel, count(*)"
            " FROM responses WHERE withdrawn = 0 GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
        ).fetchall()
        assert (
            responses
            == db.execute(
                "SELECT form_slug, unit_id, period, counter_id, channel, sum(answers)"
                " FROM tallies_daily WHERE question = '' AND value = ''"
                " GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
            ).fetchall()
        )
        levels = db.execute(
            "SELECT substr(day, 1, 7), value, count(*) FROM answers WHERE withdrawn = 0"
            " AND question = 'muc-do' GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
        assert (
            levels
            == db.execute(
                "SELECT period, value, sum(answers) FROM tallies_monthly WHERE question = 'muc-do'"
                " AND value != '' GROUP BY 1, 2 ORDER BY 1, 2"
            ).fetchall()
        )
        # The months add up the days.
        assert (
            db.execute(
                "SELECT substr(period, 1, 7), sum(answers), total(points) FROM tallies_daily"
                " GROUP BY 1 ORDER BY 1"
            ).fetchall()
            == db.execute(
                "SELECT period, sum(answers), total(points) FROM tallies_monthly"
                " GROUP BY 1 ORDER BY 1"
            ).fetchall()
        )
        # Free text is never rolled up.
        assert not db.execute("SELECT 1 FROM tallies_daily WHERE question = 'gop-y'").fetchall()


def test_the_rebuild_command_mends_a_hand_edit(app, make_user, runner):
    with app.test_request_context():
        scramble(app, make_user, 4)
        db = get_db()
        expand_pending(db)
        kept = grains(db)
        with db.atomic():
            db.execute("UPDATE tallies_daily SET answers = answers + 5")
            db.execute(
                "DELETE FROM tallies_monthly"
                " WHERE period = (SELECT min(period) FROM tallies_monthly)"
            )
    result = runner.invoke(args=["rebuild-tallies"])
    assert result.exit_code == 0, result.output
    assert "daily tally rows rebuilt" in result.output
    with app.app_context():
        assert grains(get_db()) == kept
