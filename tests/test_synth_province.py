"""`flask synth-province`: communes, counters and responses as submissions leave them."""

import secrets
import sqlite3

import pytest

from app import create_app
from core import db
from forms.store import store_response
from tests.results_helpers import count, raw_answers, read_tables, vn_int, vn_pct

LEVELS = ("rat-hai-long", "hai-long", "khong-hai-long")


def synth(runner, *args):
    return runner.invoke(args=["synth-province", *args])


def test_adds_communes_counters_and_responses(app, runner):
    result = synth(runner, "--communes", "3", "--per-commune", "40", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert "3 xã, 18 quầy, 120 phiếu" in result.output
    conn = sqlite3.connect(app.config["DATABASE"])
    communes = conn.execute(
        "SELECT u.code, u.name, u.level, p.code FROM units u JOIN units p ON p.id = u.parent_id"
        " WHERE u.code LIKE 'xa-mo-phong-%' ORDER BY u.code"
    ).fetchall()
    assert communes == [
        (f"xa-mo-phong-00{k}", f"Xã Mô Phỏng 00{k}", "xa", "tu-ky") for k in (1, 2, 3)
    ]
    per_commune = conn.execute(
        "SELECT u.code, count(DISTINCT c.id), count(DISTINCT r.id), count(DISTINCT r.counter_id),"
        " min(r.day), max(r.day) FROM units u JOIN counters c ON c.unit_id = u.id"
        " JOIN responses r ON r.unit_id = u.id AND r.counter_id IN"
        " (SELECT id FROM counters WHERE unit_id = u.id)"
        " WHERE u.code LIKE 'xa-mo-phong-%' GROUP BY u.code"
    ).fetchall()
    assert [row[:4] for row in per_commune] == [(c[0], 6, 40, 6) for c in communes]
    assert all(row[4] >= "2024-01-01" and row[5] <= "2024-12-31" for row in per_commune)
    # Every answer is written and the mark is past every response: nothing pending.
    assert (
        conn.execute("SELECT count(*) FROM responses WHERE pending_answers IS NOT NULL").fetchone()[
            0
        ]
        == 0
    )
    assert (
        conn.execute("SELECT up_to FROM answers_expanded").fetchone()[0]
        == conn.execute("SELECT max(id) FROM responses").fetchone()[0]
    )
    # The answers a citizen's form leaves: one level each, reasons only when not satisfied.
    synthetic = [r for r in raw_answers(app, "hai-long") if r["unit"].startswith("xa-mo-phong")]
    levels = count(synthetic, "muc-do")
    assert sum(levels.values()) == 120 and set(levels) == set(LEVELS)
    unhappy = {
        r["response"]
        for r in synthetic
        if r["question"] == "muc-do" and r["value"] == "khong-hai-long"
    }
    assert {r["response"] for r in synthetic if r["question"] == "chua-hai-long"} == unhappy


def test_rows_match_what_a_real_submission_stores(app, runner):
    with app.app_context():
        from core.units import get_unit_by_code
        from forms.registry import get_form

        store_response(
            db.get_db(),
            get_form("hai-long"),
            get_unit_by_code("ngoc-ky"),
            {"muc-do": "khong-hai-long", "chua-hai-long": ["thai-do", "thu-tuc"], "gop-y": "Chậm"},
            submission_id=secrets.token_urlsafe(16),
        )
    assert synth(runner, "--communes", "1", "--per-commune", "60").exit_code == 0
    conn = sqlite3.connect(app.config["DATABASE"])
    shapes = {
        (question, number is None, value is not None)
        for question, value, number in conn.execute("SELECT question, value, number FROM answers")
    }
    # The same columns filled (rating3 options carry no points) as for the real one.
    assert shapes == {("muc-do", True, True), ("chua-hai-long", True, True), ("gop-y", True, True)}
    # The real submission pending before the run is written too, not stranded below the mark.
    assert conn.execute("SELECT count(*) FROM answers WHERE value = 'Chậm'").fetchone()[0] == 1


def test_the_district_results_page_shows_the_communes_side_by_side(app, runner, login):
    assert synth(runner, "--communes", "3", "--per-commune", "50", "--year", "2022").exit_code == 0
    rows = raw_answers(app, "hai-long")
    admin = login("admin", "hai-duong")
    response = admin.get("/staff/results/tu-ky/hai-long?period=all")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    table = read_tables(html)["units-table"]
    shown = {tuple(row[1:]) for row in table[1:]}
    for k in (1, 2, 3):
        levels = count(rows, "muc-do", unit=f"xa-mo-phong-00{k}")
        n = sum(levels.values())
        assert n == 50
        rate = 100 * (levels["rat-hai-long"] + levels["hai-long"]) / n
        row = (f"Xã Mô Phỏng 00{k}", vn_int(n), *[vn_int(levels[v]) for v in LEVELS], vn_pct(rate))
        assert row in shown
    total = len({r["response"] for r in rows})
    assert f'<span id="total-responses">{vn_int(total)}</span>' in html


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--communes", "0", "--per-commune", "5"], "--communes"),
        (["--communes", "2", "--per-commune", "0"], "--per-commune"),
        (["--communes", "2", "--per-commune", "5", "--year", "1900"], "--year"),
        (["--communes", "2", "--per-commune", "5", "--district", "khong-co"], "khong-co"),
    ],
)
def test_bad_arguments_exit_with_one_line(app, runner, args, reason):
    result = synth(runner, *args)
    assert result.exit_code != 0
    assert reason in result.output and len(result.output.strip().splitlines()) == 1
    conn = sqlite3.connect(app.config["DATABASE"])
    assert (
        conn.execute("SELECT count(*) FROM units WHERE code LIKE 'xa-mo-phong-%'").fetchone()[0]
        == 0
    )


def test_without_the_demo_it_says_to_seed_first(tmp_path):
    path = tmp_path / "empty.db"
    empty = create_app({"DATABASE": str(path), "SECRET_KEY": secrets.token_hex(32)})
    db.init_db(str(path))
    result = empty.test_cli_runner().invoke(
        args=["synth-province", "--communes", "1", "--per-commune", "1"]
    )
    db.close_all()
    assert result.exit_code != 0
    assert "seed-demo" in result.output
