"""Pending answers: stored on the response, written to the answers table in batches."""

import sqlite3
import time

from core.db import connect, get_db
from core.units import get_counter, get_unit_by_code
from forms import expand
from forms.expand import EXPAND_EVERY, expand_after_submission, expand_pending
from forms.registry import get_form
from forms.store import store_response
from tests.results_helpers import TTHC_12

ANSWER_COLUMNS = (
    "response_id, unit_id, form_slug, day, counter_id, channel, withdrawn, question, value, number"
)


def answer_rows(db):
    return db.execute(f"SELECT {ANSWER_COLUMNS} FROM answers ORDER BY id").fetchall()


def pending(db):
    return db.execute(
        "SELECT count(*) FROM responses WHERE pending_answers IS NOT NULL"
    ).fetchone()[0]


def test_answers_wait_on_the_response_until_expanded(app):
    with app.app_context():
        db, form = get_db(), get_form("hai-long")
        unit = get_unit_by_code("ngoc-ky")
        desk = get_counter(unit, "tu-phap")
        first = store_response(
            db,
            form,
            unit,
            {"muc-do": "khong-hai-long", "chua-hai-long": ["thai-do", "khac"], "gop-y": "Chờ lâu"},
            submission_id="a1",
            counter=desk,
        )
        second = store_response(db, form, unit, {"muc-do": "rat-hai-long"}, submission_id="a2")
        assert answer_rows(db) == [] and pending(db) == 2

        assert expand_pending(db) == 2
        day = db.execute("SELECT day FROM responses WHERE id = ?", [first.response_id]).fetchone()
        facts = (unit.id, "hai-long", day[0])
        assert answer_rows(db) == [
            (first.response_id, *facts, desk.id, "qr", 0, "muc-do", "khong-hai-long", None),
            (first.response_id, *facts, desk.id, "qr", 0, "chua-hai-long", "thai-do", None),
            (first.response_id, *facts, desk.id, "qr", 0, "chua-hai-long", "khac", None),
            (first.response_id, *facts, desk.id, "qr", 0, "gop-y", "Chờ lâu", None),
            (second.response_id, *facts, None, "qr", 0, "muc-do", "rat-hai-long", None),
        ]
        assert pending(db) == 0
        assert db.execute("SELECT up_to FROM answers_expanded").fetchone()[0] == second.response_id

        # Nothing new: no write at all, so a reader takes no lock.
        changes = db.conn.total_changes
        assert expand_pending(db) == 0
        assert db.conn.total_changes == changes


def test_points_and_numbers_keep_their_values(app):
    with app.app_context():
        db, form = get_db(), get_form("danh-gia-tthc")
        unit = get_unit_by_code("ngoc-ky")
        store_response(db, form, unit, TTHC_12, submission_id="p1", receipt_code="H-1")
        expand_pending(db)
        stored = dict(
            db.execute("SELECT question, number FROM answers WHERE number IS NOT NULL").fetchall()
        )
        expected = {
            q.key: float(q.option(TTHC_12[q.key]).points)
            for q in form.questions
            if q.key in TTHC_12 and q.option(TTHC_12[q.key]).points is not None
        }
        assert stored == expected and sum(stored.values()) == 12


def test_every_nth_submission_expands_what_gathered(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    for n in range(1, EXPAND_EVERY + 1):
        response = client.post(
            "/f/ngoc-ky/hai-long",
            data={"submission_id": f"submission-{n:06d}", "muc-do": "hai-long"},
        )
        assert response.status_code == 303
        with app.app_context():
            written = get_db().execute("SELECT count(*) FROM answers").fetchone()[0]
        assert written == (0 if n < EXPAND_EVERY else EXPAND_EVERY), n


def test_a_busy_database_postpones_expansion_not_the_submission(app):
    with app.app_context():
        db, form = get_db(), get_form("hai-long")
        unit = get_unit_by_code("ngoc-ky")
        for n in range(EXPAND_EVERY):
            stored = store_response(db, form, unit, {"muc-do": "hai-long"}, submission_id=f"b{n}")
        writer = sqlite3.connect(app.config["DATABASE"], isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        try:
            started = time.monotonic()
            expand_after_submission(db, stored.response_id)  # gives up quietly
            assert time.monotonic() - started < 1
        finally:
            writer.execute("ROLLBACK")
            writer.close()
        assert pending(db) == EXPAND_EVERY
        assert expand_pending(db) == EXPAND_EVERY


def test_responses_written_with_their_answers_move_the_mark(app, tmp_path):
    # Bulk loaders (the benchmark's synthetic data) write answers directly.
    with app.app_context():
        db, form = get_db(), get_form("hai-long")
        unit = get_unit_by_code("ngoc-ky")
        store_response(db, form, unit, {"muc-do": "hai-long"}, submission_id="m1")
        expand_pending(db)
        with db.atomic():
            rid = db.execute(
                "INSERT INTO responses (submission_id, unit_id, form_slug, form_version, channel,"
                " submitted_at, day) VALUES ('bulk', ?, 'hai-long', ?, 'qr', '2022-05-01T01:00:00',"
                " '2022-05-01')",
                [unit.id, form.version],
            ).lastrowid
            db.execute(
                "INSERT INTO answers (response_id, unit_id, form_slug, day, channel, question,"
                " value) VALUES (?, ?, 'hai-long', '2022-05-01', 'qr', 'muc-do', 'hai-long')",
                [rid, unit.id],
            )
        assert expand_pending(db) == 0
        assert db.execute("SELECT up_to FROM answers_expanded").fetchone()[0] == rid
        assert len(answer_rows(db)) == 2


def test_a_report_counts_a_response_with_its_answers_or_not_at_all(app, monkeypatch):
    # A response whose answers are still pending is in no roll-up: a report that
    # could not expand counts it neither among responses nor among answers.
    from results import tallies
    from results.periods import parse_period

    with app.test_request_context():
        db, form = get_db(), get_form("danh-gia-tthc")
        unit = get_unit_by_code("ngoc-ky")
        every = tallies.Filters(parse_period({}))
        store_response(db, form, unit, TTHC_12, submission_id="r1", receipt_code="H-1")
        store_response(db, form, unit, TTHC_12, submission_id="r2", receipt_code="H-2")
        assert tallies.count_form(db, form, unit, every).responses == 2

        monkeypatch.setattr(tallies, "expand_pending", lambda db: 0)
        store_response(db, form, unit, TTHC_12, submission_id="r3", receipt_code="H-3")
        during = tallies.count_form(db, form, unit, every)
        assert during.responses == 2
        assert during.questions[0].answered == 2

        monkeypatch.setattr(tallies, "expand_pending", expand.expand_pending)
        after = tallies.count_form(db, form, unit, every)
        assert (after.responses, after.questions[0].answered) == (3, 3)


def test_an_older_database_is_marked_up_to_its_newest_response(tmp_path):
    # Migration 003 on a database that already holds responses with their answers.
    from core.db import migration_sets

    database = connect(str(tmp_path / "old.db"))
    for migrations in migration_sets():
        stop = "003_pending_answers" if migrations.name == "forms" else None
        migrations.apply(database, stop_before=stop)
    database.execute(
        "INSERT INTO units (code, name, level, path) VALUES ('x', 'Xã X', 'xa', '/x/')"
    )
    database.execute(
        "INSERT INTO form_versions (slug, version, sha256, definition, loaded_at)"
        " VALUES ('hai-long', 1, '0', '{}', '2022-01-01')"
    )
    for n in (1, 2):
        database.execute(
            "INSERT INTO responses (submission_id, unit_id, form_slug, form_version, channel,"
            " submitted_at, day) VALUES (?, 1, 'hai-long', 1, 'qr', '2022-05-01T01:00:00',"
            " '2022-05-01')",
            [f"old-{n}"],
        )
    database.conn.commit()
    for migrations in migration_sets():
        migrations.apply(database)
    assert database.execute("SELECT up_to FROM answers_expanded").fetchone()[0] == 2
    assert expand_pending(database) == 0
