"""build_report on a small data set counted by hand, read from roll-ups kept current."""

from datetime import UTC, date, datetime

import pytest

from core.db import get_db
from core.units import counters, get_unit_by_code
from forms.registry import get_form
from forms.store import store_response
from results.paper import enter_batch, withdraw_batch
from results.periods import Period, containing
from results.report import build_report
from results.tallies import Filters
from tests.results_helpers import TTHC_12, load_known

EVERY = Filters(Period("all"))


def at(day: str) -> datetime:
    """10:00 in Vietnam on that day."""
    return datetime.fromisoformat(day).replace(hour=3, tzinfo=UTC)


@pytest.fixture
def seeded(app, make_user):
    """Seven QR responses and a paper batch of three, listed in the docstrings below."""
    clerk = make_user("nhapphieu", "staff", "ngoc-ky")
    with app.app_context():
        db, form = get_db(), get_form("hai-long")
        ngoc, tan = get_unit_by_code("ngoc-ky"), get_unit_by_code("tan-ky")
        c1, c2 = counters(ngoc)[:2]
        qr = [
            # (unit, day, counter, level, reasons)
            (ngoc, "2022-03-01", c1, "rat-hai-long", None),
            (ngoc, "2022-03-01", c1, "hai-long", None),
            (ngoc, "2022-03-02", c2, "khong-hai-long", ["thai-do", "thu-tuc"]),
            (ngoc, "2022-04-10", c2, "khong-hai-long", ["thai-do"]),
            (ngoc, "2022-04-10", None, "rat-hai-long", None),
            (tan, "2022-03-05", None, "hai-long", None),
            (tan, "2022-03-05", None, "khong-hai-long", ["khac"]),
        ]
        for n, (unit, day, counter, level, reasons) in enumerate(qr):
            answers = {"muc-do": level, **({"chua-hai-long": reasons} if reasons else {})}
            store_response(
                db,
                form,
                unit,
                answers,
                submission_id=f"qr-{n}",
                counter=counter,
                submitted_at=at(day),
            )
        slips = [{"muc-do": "rat-hai-long"}] * 2 + [{"muc-do": "hai-long"}]
        batch = enter_batch(
            db, form, ngoc, c1, date(2022, 4, 15), slips, user_id=clerk.id, key="seed"
        )
    return {"batch": batch, "c1": c1.id, "c2": c2.id, "clerk": clerk.id}


def report(code: str, slug: str = "hai-long", filters: Filters = EVERY):
    return build_report(get_db(), get_form(slug), get_unit_by_code(code), filters)


def levels(r) -> list[int]:
    return [n for n, _total, _label in r.summary_lines]


def reasons(r) -> tuple[dict, int]:
    tally = next(t for t in r.questions if t.question.key == "chua-hai-long")
    return {k: n for k, _label, n, _pct in tally.rows if n}, tally.answered


def test_every_figure_of_the_commune_counted_by_hand(app, seeded):
    with app.test_request_context():
        r = report("ngoc-ky")
        assert r.responses == 8
        assert levels(r) == [4, 2, 2]  # very satisfied, satisfied, not satisfied
        assert r.satisfied_rate == 75.0
        assert reasons(r) == ({"thai-do": 2, "thu-tuc": 1}, 2)
        assert r.by_channel.rows == [("Mã QR", [2, 1, 2]), ("Phiếu giấy", [2, 1, 0])]
        names = {c.id: c.name for c in counters(get_unit_by_code("ngoc-ky"))}
        assert r.by_counter.rows == [
            (names[seeded["c1"]], [3, 2, 0]),
            (names[seeded["c2"]], [0, 0, 2]),
            ("Không ghi quầy", [1, 0, 0]),
        ]
        assert r.by_period.rows == [("03/2022", [1, 1, 1]), ("04/2022", [3, 1, 1])]
        assert r.by_period.totals == [4, 2, 2]


def test_filters_select_groups_counted_by_hand(app, seeded):
    with app.test_request_context():
        april_qr = Filters(containing("month", date(2022, 4, 1)), "qr")
        r = report("ngoc-ky", filters=april_qr)
        assert (r.responses, levels(r)) == (2, [1, 0, 1])
        assert reasons(r) == ({"thai-do": 1}, 1)
        assert r.by_period.rows == [("10/04/2022", [1, 0, 1])]  # a month goes by day

        r = report("ngoc-ky", filters=Filters(Period("all"), counter_id=seeded["c2"]))
        assert (r.responses, levels(r)) == (2, [0, 0, 2])
        assert reasons(r) == ({"thai-do": 2, "thu-tuc": 1}, 2)

        r = report("ngoc-ky", filters=Filters(containing("day", date(2022, 4, 15)), "paper"))
        assert (r.responses, levels(r), reasons(r)) == (3, [2, 1, 0], ({}, 0))

        r = report("ngoc-ky", filters=Filters(containing("year", date(2021, 6, 1))))
        assert (r.responses, levels(r), r.by_period.rows) == (0, [0, 0, 0], [])


def test_district_ranks_its_communes_counted_by_hand(app, seeded):
    with app.test_request_context():
        r = report("tu-ky")
        assert r.responses == 10
        assert levels(r) == [4, 3, 3]
        assert reasons(r) == ({"thai-do": 2, "thu-tuc": 1, "khac": 1}, 3)
        ranked = [(u.rank, u.unit.code, u.responses, u.levels, u.score) for u in r.units]
        assert ranked == [
            (1, "ngoc-ky", 8, [4, 2, 2], 75.0),
            (2, "tan-ky", 2, [0, 1, 1], 50.0),
        ]


def test_a_new_submission_counts_at_once(app, seeded):
    with app.test_request_context():
        before = report("tu-ky")
        assert before.responses == 10
        db = get_db()
        store_response(
            db,
            get_form("hai-long"),
            get_unit_by_code("ngoc-ky"),
            {"muc-do": "khong-hai-long", "chua-hai-long": ["phi-le-phi", "thai-do"]},
            submission_id="late-one",
            submitted_at=at("2022-03-01"),
        )
        r = report("ngoc-ky")
        assert (r.responses, levels(r)) == (9, [4, 2, 3])
        assert reasons(r) == ({"thai-do": 3, "thu-tuc": 1, "phi-le-phi": 1}, 3)
        assert r.by_period.rows == [("03/2022", [1, 1, 2]), ("04/2022", [3, 1, 1])]
        assert report("tu-ky").responses == 11


def test_a_withdrawn_batch_leaves_at_once(app, seeded):
    with app.test_request_context():
        assert report("ngoc-ky").responses == 8
        db, form = get_db(), get_form("hai-long")
        ngoc, tan = get_unit_by_code("ngoc-ky"), get_unit_by_code("tan-ky")
        other = report("tan-ky")
        assert withdraw_batch(
            db, seeded["batch"], ngoc, user_id=seeded["clerk"], reason="Nhập nhầm ngày"
        )
        r = report("ngoc-ky")
        assert (r.responses, levels(r)) == (5, [2, 1, 2])
        assert r.by_channel.rows == [("Mã QR", [2, 1, 2])]
        assert report("tan-ky").responses == other.responses == 2
        assert (tan.id, form.slug) not in {
            tuple(row) for row in db.execute("SELECT unit_id, form_slug FROM paper_batches")
        }


def test_a_short_period_counts_its_days(app, seeded):
    with app.test_request_context():
        april = Filters(containing("month", date(2022, 4, 1)))
        r = report("ngoc-ky", filters=april)
        # r4, r5 and the three paper slips of 15 April.
        assert (r.responses, levels(r), reasons(r)) == (5, [3, 1, 1], ({"thai-do": 1}, 1))
        assert report("ngoc-ky").responses == 8


def test_a_report_inside_a_rolled_back_transaction_leaves_no_count(app, seeded):
    with app.test_request_context():
        db, form = get_db(), get_form("hai-long")
        ngoc = get_unit_by_code("ngoc-ky")
        with pytest.raises(RuntimeError), db.atomic():
            store_response(db, form, ngoc, {"muc-do": "hai-long"}, submission_id="undone")
            assert report("ngoc-ky").responses == 9
            raise RuntimeError("roll back")
        assert report("ngoc-ky").responses == 8


def test_points_totals_and_grades_follow_new_responses(app, seeded):
    with app.test_request_context():
        db, form = get_db(), get_form("danh-gia-tthc")
        ngoc = get_unit_by_code("ngoc-ky")
        top = dict.fromkeys(TTHC_12, "2")
        for n, answers in enumerate((TTHC_12, top)):
            store_response(db, form, ngoc, answers, submission_id=f"t-{n}", receipt_code=f"H{n}")
        r = report("ngoc-ky", "danh-gia-tthc")
        assert (r.responses, r.totals, r.mean_total) == (2, {12.0: 1, 18.0: 1}, 15.0)
        store_response(db, form, ngoc, TTHC_12, submission_id="t-2", receipt_code="H2")
        r = report("ngoc-ky", "danh-gia-tthc")
        assert (r.responses, r.totals, r.mean_total) == (3, {12.0: 2, 18.0: 1}, 14.0)
        # Khá: 9 < total <= 12; Xuất sắc: above 15 (the definition's bands).
        assert {label: n for label, _range, n, _pct in r.grades if n} == {"Khá": 2, "Xuất sắc": 1}


def added(reports) -> dict:
    """The figures of several reports added up, each as a plain dict of counts."""
    total: dict = {"responses": 0, "questions": {}, "numbers": {}, "totals": {}}
    for name in ("by_counter", "by_period", "by_channel"):
        total[name] = {}
    for r in reports:
        total["responses"] += r.responses
        for t in r.questions:
            found = total["questions"].setdefault(t.question.key, [{}, 0, 0.0])
            for key, n in t.counts.items():
                found[0][key] = found[0].get(key, 0) + n
            found[1] += t.answered
            found[2] += t.points_sum
        for t in r.numbers:
            found = total["numbers"].setdefault(t.question.key, {})
            for value, n in t.values.items():
                found[value] = found.get(value, 0) + n
        for value, n in r.totals.items():
            total["totals"][value] = total["totals"].get(value, 0) + n
        for name in ("by_counter", "by_period", "by_channel"):
            tab = getattr(r, name)
            for key, counts in zip(tab.keys, tab.counts, strict=True):
                before = total[name].get(key, [0] * len(counts))
                total[name][key] = [a + b for a, b in zip(before, counts, strict=True)]
    for t in total["questions"].values():
        t[0] = {k: n for k, n in t[0].items() if n}
    return total


@pytest.mark.parametrize("slug", ["hai-long", "sipas", "danh-gia-tthc"])
@pytest.mark.parametrize(
    "filters",
    [
        EVERY,
        Filters(containing("year", date(2022, 6, 1))),
        Filters(containing("month", date(2022, 6, 1))),
        Filters(Period("range", date(2022, 3, 15), date(2022, 7, 10)), "qr"),
    ],
    ids=["all", "year", "month", "range-qr"],
)
def test_the_province_is_the_sum_of_its_communes(app, make_user, slug, filters):
    """Folded in SQL over every commune at once, a province adds up its communes' reports."""
    load_known(app, make_user)
    with app.test_request_context():
        from core.units import children, subtree

        province = get_unit_by_code("hai-duong")
        communes = [u for u in subtree(province) if not children(u)]
        leaf_ids = {u.id for u in communes}
        own = get_db().execute("SELECT DISTINCT unit_id FROM responses").fetchall()
        assert {unit_id for (unit_id,) in own} <= leaf_ids  # no unit above a commune holds any
        whole = report("hai-duong", slug, filters)
        parts = [report(u.code, slug, filters) for u in communes]
        assert whole.responses > 0 or filters is not EVERY
        assert added([whole]) == added(parts)
        # Each district's row of the side by side adds up its own communes.
        for row in whole.units:
            mine = [r for r in parts if row.unit.contains(r.unit)]
            assert row.responses == sum(r.responses for r in mine)
            if whole.summary:
                assert row.levels == [sum(r) for r in zip(*(levels(r) for r in mine), strict=True)]
            if whole.form.grades:
                points = sum(t.points_sum for r in mine for t in r.questions)
                assert row.points == pytest.approx(points)
