"""Officers on duty and the ratings credited to them; the kiosk channel apart (issue #17)."""

import csv
import io
import sqlite3
from datetime import date, timedelta

from core import db as core_db
from core.db import get_db
from forms.expand import expand_pending
from tests.kiosk_helpers import csrf_of, pair, pair_link, rating
from tests.test_citizen_form import URL, open_form


def _rows(app, sql, params=()):
    with app.app_context():
        expand_pending(get_db())
        return get_db().execute(sql, params).fetchall()


def _on_duty(client, counter="tu-phap", off=False):
    page = client.get("/staff/kiosk/ngoc-ky/").get_data(as_text=True)
    action = "het-truc" if off else "truc"
    answer = client.post(
        f"/staff/kiosk/ngoc-ky/quay/{counter}/{action}", data={"csrf_token": csrf_of(page)}
    )
    assert answer.status_code == 302


def _qr_rating(client, level="hai-long"):
    fields = open_form(client)
    assert client.post(URL, data={**fields, "muc-do": level}).status_code == 303
    return fields["submission_id"]


def test_every_rating_at_the_counter_records_the_officer_on_duty(app, runner, client, login):
    an = login("staff", username="an")
    _on_duty(an)
    page = an.get("/staff/kiosk/ngoc-ky/").get_data(as_text=True)
    assert "Kết thúc ca trực của tôi" in page
    kiosk = app.test_client()
    pair(kiosk, pair_link(runner))
    assert kiosk.get("/k/trang-thai").json == {"counter": "Tu Phap", "officer": "An"}
    assert "Cán bộ trực:" in kiosk.get("/k/").get_data(as_text=True)
    qr = _qr_rating(client)
    body = rating()
    assert kiosk.post("/k/danh-gia", json=body).status_code == 201
    # Bình goes on duty at the same counter: later ratings are hers.
    binh = login("staff", username="binh")
    _on_duty(binh)
    later = _qr_rating(client)
    # Off duty: nobody is credited.
    _on_duty(binh, off=True)
    nobody = _qr_rating(client)
    found = dict(
        _rows(
            app,
            "SELECT r.submission_id, u.username FROM responses r"
            " LEFT JOIN users u ON u.id = r.officer_id",
        )
    )
    assert found == {qr: "an", body["submission_id"]: "an", later: "binh", nobody: None}
    assert _rows(app, "SELECT channel FROM responses ORDER BY id") == [
        ("qr",),
        ("kiosk",),
        ("qr",),
        ("qr",),
    ]


def test_going_on_duty_elsewhere_ends_the_first_duty(app, login):
    an = login("staff", username="an")
    _on_duty(an, "tu-phap")
    _on_duty(an, "dia-chinh")
    duty = _rows(app, "SELECT code, on_duty_id IS NOT NULL FROM counters WHERE unit_id = 3")
    assert dict(duty)["tu-phap"] == 0 and dict(duty)["dia-chinh"] == 1
    audit = _rows(app, "SELECT action FROM audit_log WHERE entity = 'counter' ORDER BY id")
    assert audit == [("on_duty",), ("on_duty",)]


def test_paper_slips_are_not_credited_to_whoever_is_on_duty(app, login):
    an = login("staff", username="an")
    _on_duty(an)
    with app.test_request_context():
        from core.units import get_counter, get_unit_by_code
        from forms.registry import get_form
        from results.paper import enter_batch, slips_from_counts

        unit = get_unit_by_code("ngoc-ky")
        form = get_form("hai-long")
        enter_batch(
            get_db(),
            form,
            unit,
            get_counter(unit, "tu-phap"),
            date(2022, 9, 1),
            slips_from_counts(form, {"hai-long": 2}),
            user_id=1,
            key="lo-giay-000001",
        )
    assert _rows(app, "SELECT channel, officer_id FROM responses") == [("paper", None)] * 2


def test_results_by_officer_for_leaders_and_each_officer_their_own(app, client, login):
    an, binh = login("staff", username="an"), login("staff", username="binh")
    _on_duty(an)
    _qr_rating(client, "rat-hai-long")
    _qr_rating(client, "khong-hai-long")
    _on_duty(binh)
    _qr_rating(client, "hai-long")
    url = "/staff/kiosk/ngoc-ky/can-bo/hai-long"
    leader = login("secretary").get(url).get_data(as_text=True)
    assert "An" in leader and "Binh" in leader and "50.0 %" in leader and "100.0 %" in leader
    own = an.get(url).get_data(as_text=True)
    assert "An" in own and "Binh" not in own
    assert an.get(url + "?channel=kiosk").get_data(as_text=True).count("<tr>") == 0
    assert an.get(url + "?channel=paper").status_code == 400
    assert an.get(url + "?period=month&date=2001-01-01").status_code == 200
    assert login("inspector").get(url).status_code == 403
    assert login("admin", "tan-ky").get(url).status_code == 403


def test_the_kiosk_channel_is_counted_apart_in_results_and_exports(
    app, runner, client, login, tmp_path
):
    kiosk = app.test_client()
    pair(kiosk, pair_link(runner))
    for _ in range(2):
        assert kiosk.post("/k/danh-gia", json=rating()).status_code == 201
    _qr_rating(client)
    staff = login("staff")
    page = staff.get("/staff/results/ngoc-ky/hai-long").get_data(as_text=True)
    assert "Máy đánh giá tại quầy" in page
    only = staff.get("/staff/results/ngoc-ky/hai-long?channel=kiosk")
    assert only.status_code == 200
    export = staff.get("/staff/results/ngoc-ky/hai-long/export.csv?channel=kiosk")
    lines = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(lines) == 3 and all("Máy đánh giá tại quầy" in line for line in lines[1:])
    out = runner.invoke(
        args=["export-responses", "--unit", "ngoc-ky", "--form", "hai-long", "--format", "csv"]
        + ["-o", str(tmp_path / "x.csv"), "--channel", "kiosk"]
    )
    assert out.exit_code == 0, out.output
    assert "Máy đánh giá tại quầy" in (tmp_path / "x.csv").read_text(encoding="utf-8-sig")


def test_the_minutes_name_the_kiosk_beside_qr_and_paper(app, runner):
    kiosk = app.test_client()
    pair(kiosk, pair_link(runner))
    assert kiosk.post("/k/danh-gia", json=rating()).status_code == 201
    with app.test_request_context():
        from core.units import get_unit_by_code
        from minutes import satisfaction
        from minutes.survey import count_survey

        today = date.today()  # the machine's day; the rating's is Vietnam's
        counts = count_survey(
            get_unit_by_code("ngoc-ky"), today - timedelta(days=2), today + timedelta(days=2)
        )
        text = repr(satisfaction.blocks(counts, charts=False))
    assert "máy đánh giá tại quầy: 1 phiếu" in text and "Máy đánh giá tại quầy" in text


def test_migration_007_keeps_every_response_and_its_links(tmp_path):
    """On a database with responses, answers and corrections, 007 loses nothing."""
    from forms.migrations import migrations as forms_migrations

    path = str(tmp_path / "old.db")
    db = core_db.connect(path)
    sets = core_db.migration_sets()
    for migrations in sets:
        if migrations is forms_migrations:
            migrations.apply(db, stop_before="007_kiosk_channel_and_officer")
            break
        migrations.apply(db)
    with db.conn:
        db.executescript(
            """
            INSERT INTO units (id, code, name, level, path) VALUES (1, 'x', 'X', 'xa', '/1/');
            INSERT INTO counters (id, unit_id, code, name) VALUES (1, 1, 'q', 'Q');
            INSERT INTO form_versions VALUES ('hai-long', 1, 'form', 'h', '{}', 'now');
            INSERT INTO responses (id, submission_id, unit_id, form_slug, form_version,
                counter_id, channel, submitted_at, day, receipt_canonical)
                VALUES (7, 'abcdefghijklmnop', 1, 'hai-long', 1, 1, 'qr', 'now', '2024-01-01',
                'R1');
            INSERT INTO answers (response_id, unit_id, form_slug, day, channel, question, value)
                VALUES (7, 1, 'hai-long', '2024-01-01', 'qr', 'muc-do', 'hai-long');
            """
        )
    for migrations in sets:
        migrations.apply(db)
    assert db.execute("SELECT id, channel, officer_id FROM responses").fetchall() == [
        (7, "qr", None)
    ]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    indexes = {r[0] for r in db.execute("SELECT name FROM pragma_index_list('responses')")}
    assert {"responses_receipt_canonical", "responses_live_tally", "responses_officer"} <= indexes
    with db.conn:
        db.execute(
            "INSERT INTO responses (submission_id, unit_id, form_slug, form_version, channel,"
            " submitted_at, day) VALUES ('k' || hex(randomblob(8)), 1, 'hai-long', 1, 'kiosk',"
            " 'now', '2024-01-02')"
        )
    try:
        with db.conn:
            db.execute("UPDATE responses SET channel = 'fax'")
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("the channel CHECK was lost")
    db.close()


def test_results_by_officer_take_the_counter_filter(app, client, login):
    an = login("staff", username="an")
    _on_duty(an)  # at tu-phap, where URL's ratings are given
    _qr_rating(client, "rat-hai-long")
    url = "/staff/kiosk/ngoc-ky/can-bo/hai-long"
    leader = login("secretary")
    assert "An" in leader.get(url + "?counter=tu-phap").get_data(as_text=True)
    elsewhere = leader.get(url + "?counter=dia-chinh").get_data(as_text=True)
    assert '<table id="by-officer">' not in elsewhere
    assert leader.get(url + "?counter=khong-co").status_code == 400
