"""Every registered question type has its partials and goes the whole way round.

A definition using it loads, the citizen form renders it, a post is parsed and
stored, the export shows it, and the results count it (choice types) or leave it
out. A new type in forms/types/ fails here until it has a line in SAMPLES.
"""

import csv
import io
import re
import shutil

import pytest
import yaml

from app import create_app
from core import db
from forms.expand import answers_of
from forms.registry import get_forms
from forms.store import register_versions
from forms.types import QUESTION_TYPES
from tests.conftest import TEST_CONFIG

# type -> (its own definition keys, the values posted, the answer rows stored as
# [value, number], the export cell as the CSV reads, the options counted or None).
SAMPLES = {
    "single": (
        {"options": [{"key": "a", "label": "Sớm", "points": 2}, {"key": "b", "label": "Muộn"}]},
        ["a"],
        [["a", 2.0]],
        "Sớm",
        {"a": 1},
    ),
    "multiple": (
        {"options": [{"key": k, "label": k.upper()} for k in ("x", "y", "z")]},
        ["z", "x"],
        [["x", None], ["z", None]],
        "X; Z",
        {"x": 1, "z": 1},
    ),
    "rating3": ({}, ["khong-hai-long"], [["khong-hai-long", None]], "Không hài lòng", None),
    "rating5": ({}, ["binh-thuong"], [["binh-thuong", None]], "Bình thường", None),
    "text": ({"max_length": 20}, ["  Tốt lắm "], [["Tốt lắm", None]], "Tốt lắm", None),
    "textarea": ({}, ["Dòng 1\r\nDòng 2"], [["Dòng 1\nDòng 2", None]], "Dòng 1\nDòng 2", None),
    "integer": ({"min": 0, "max": 100}, ["42"], [["42", 42.0]], "42", None),
    "decimal": ({"min": 0.5}, ["2,5"], [["2.5", 2.5]], "2.5", None),
    "date": ({}, ["01/07/2025"], [["2025-07-01", None]], "2025-07-01", None),
}
# The ratings count their posted level.
for _name in ("rating3", "rating5"):
    _own, _posted, _rows, _cell, _ = SAMPLES[_name]
    SAMPLES[_name] = (_own, _posted, _rows, _cell, {_posted[0]: 1})

SLUG = "moi-loai"


def definition() -> dict:
    """A form asking one question of every type, keyed by the type's name."""
    return {
        "slug": SLUG,
        "version": 1,
        "title": "Mọi loại câu hỏi",
        "questions": [
            {"key": name, "type": name, "label": f"Câu hỏi {name}", **own}
            for name, (own, *_rest) in SAMPLES.items()
        ],
    }


@pytest.fixture
def app(tmp_path, template_db):
    """The app with one form, asking one question of every type, recorded."""
    folder = tmp_path / "definitions"
    folder.mkdir()
    (folder / f"{SLUG}.yaml").write_text(
        yaml.safe_dump(definition(), allow_unicode=True), encoding="utf-8"
    )
    path = tmp_path / "phieu.db"
    shutil.copyfile(template_db, path)
    app = create_app({**TEST_CONFIG, "DATABASE": str(path), "FORMS_DIR": str(folder)})
    with app.app_context():
        register_versions(db.get_db(), get_forms())
    yield app
    db.close_all()


def test_every_type_has_a_sample():
    # Display-only types (note, heading) take no answer: tests/test_display_questions.py.
    assert list(SAMPLES) == [name for name, kind in QUESTION_TYPES.items() if kind.answered]


@pytest.mark.parametrize("name", list(QUESTION_TYPES))
def test_every_type_has_its_partials(app, name):
    kind = QUESTION_TYPES[name]
    assert kind.name == name
    app.jinja_env.get_template(kind.template)
    if kind.choice:
        assert kind.results_template, "the results page counts every choice type"
    if kind.results_template:
        app.jinja_env.get_template(kind.results_template)


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


@pytest.mark.parametrize("name", list(SAMPLES))
def test_a_type_goes_the_whole_way_round(app, client, login, name):
    _own, posted, rows, cell, counted = SAMPLES[name]
    with app.app_context():
        question = get_forms()[SLUG].question(name)
    kind = question.kind
    assert question.type == name and kind is QUESTION_TYPES[name]

    page = client.get(f"/f/ngoc-ky/{SLUG}").get_data(as_text=True)
    assert f'id="{kind.field_id(question)}"' in page and f'name="{name}"' in page
    sent = client.post(
        f"/f/ngoc-ky/{SLUG}/gui",
        data={
            "csrf_token": hidden(page, "csrf_token"),
            "submission_id": hidden(page, "submission_id"),
            name: posted,
        },
    )
    assert sent.status_code == 303, sent.get_data(as_text=True)[:2000]

    with app.app_context():
        connection = db.get_db()
        (response_id,) = connection.execute("SELECT max(id) FROM responses").fetchone()
        assert answers_of(connection, response_id) == [[name, *row] for row in rows]

    admin = login("admin", "hai-duong")
    export = admin.get(f"/staff/results/ngoc-ky/{SLUG}/export.csv")
    records = list(csv.DictReader(io.StringIO(export.data.decode("utf-8-sig"), newline="")))
    assert [r[str(question.label)] for r in records] == [cell]

    results = admin.get(f"/staff/results/ngoc-ky/{SLUG}").get_data(as_text=True)
    table = re.search(rf'<table id="q-{name}">(.*?)</table>', results, re.S)
    if counted is None:
        assert table is None, "only choice types are counted on the results page"
        return
    shown = dict(
        re.findall(
            r'data-option="([^"]+)"><th scope="row">[^<]*</th><td class="num">(\d+)', table.group(1)
        )
    )
    assert {key: int(n) for key, n in shown.items() if int(n)} == counted
    assert set(shown) == {o.key for o in question.options}
