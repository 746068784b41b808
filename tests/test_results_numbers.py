"""Integer and decimal answers summarised: count, mean, median, extremes and spread (issue #16)."""

import shutil

import pytest
import yaml

from app import create_app
from core import db
from core.units import get_unit_by_code
from forms.registry import get_forms
from forms.store import register_versions, store_response
from results.periods import Period
from results.report import build_report
from results.tallies import Filters, NumberTally
from tests.conftest import TEST_CONFIG

SLUG = "cho-doi"
FORM = {
    "slug": SLUG,
    "version": 1,
    "title": "Thời gian chờ",
    "questions": [
        {"key": "tuoi", "type": "integer", "label": "Tuổi", "min": 0, "max": 120},
        {"key": "phut", "type": "decimal", "label": "Số phút chờ", "min": 0},
        {"key": "gop-y", "type": "text", "label": "Góp ý"},
    ],
}
AGES = [30, 42, 42, 55, 61, 18]
MINUTES = ["2,5", "10", "7,25"]


@pytest.fixture
def app(tmp_path, template_db):
    folder = tmp_path / "definitions"
    folder.mkdir()
    (folder / f"{SLUG}.yaml").write_text(yaml.safe_dump(FORM, allow_unicode=True), "utf-8")
    path = tmp_path / "phieu.db"
    shutil.copyfile(template_db, path)
    app = create_app({**TEST_CONFIG, "DATABASE": str(path), "FORMS_DIR": str(folder)})
    with app.app_context():
        register_versions(db.get_db(), get_forms())
        form, unit = get_forms()[SLUG], get_unit_by_code("ngoc-ky")
        for n, age in enumerate(AGES):
            answers = {"tuoi": age, "gop-y": f"ý kiến {n}"}
            if n < len(MINUTES):
                answers["phut"] = float(MINUTES[n].replace(",", "."))
            store_response(db.get_db(), form, unit, answers, submission_id=f"n-{n}")
    yield app
    db.close_all()


def test_number_figures_from_the_roll_ups(app):
    with app.test_request_context():
        form = get_forms()[SLUG]
        report = build_report(
            db.get_db(), form, get_unit_by_code("ngoc-ky"), Filters(Period("all"))
        )
        ages, waits = report.numbers
        assert (ages.count, ages.minimum, ages.maximum) == (6, 18.0, 61.0)
        assert ages.mean == pytest.approx(sum(AGES) / 6)
        assert ages.median == 42.0  # 18 30 42 42 55 61: the middle two are 42 and 42
        assert ages.histogram() == [(v, v, AGES.count(v)) for v in sorted(set(AGES))]
        assert (waits.count, waits.median, waits.minimum, waits.maximum) == (3, 7.25, 2.5, 10.0)
        assert report.responses == 6


def test_median_of_an_even_count_and_a_wide_histogram():
    tally = NumberTally(None, {1.0: 1, 2.0: 1, 10.0: 1, 100.0: 1})
    assert tally.median == 6.0
    tally = NumberTally(None, {float(v): 1 for v in range(0, 101, 5)})
    bars = tally.histogram(bins=10)
    assert len(bars) == 10 and sum(n for *_span, n in bars) == 21
    assert bars[0][:2] == (0.0, 10.0) and bars[-1][2] == 3  # 90, 95 and the maximum 100
    assert NumberTally(None, {}).median is None and NumberTally(None, {}).histogram() == []


def test_results_page_and_xlsx_tallies_show_them(app, login):
    admin = login("admin", "hai-duong")
    page = admin.get(f"/staff/results/ngoc-ky/{SLUG}").get_data(as_text=True)
    assert 'id="n-tuoi"' in page and 'id="n-phut-spread"' in page
    assert "Trung vị" in page and "7,25" in page and "41,33" in page  # mean age 248/6
    assert 'id="n-gop-y"' not in page  # free text is not summarised
    with app.test_request_context():
        from results.export import tally_frame

        form = get_forms()[SLUG]
        report = build_report(
            db.get_db(), form, get_unit_by_code("ngoc-ky"), Filters(Period("all"))
        )
        rows = tally_frame(report).values.tolist()
    assert ["Tuổi", "Trung bình", 6, 41.33] in rows
    assert ["Số phút chờ", "Phân bố: 7,25", 1, None] in [
        [a, b, c, None if d != d else d] for a, b, c, d in rows
    ]
