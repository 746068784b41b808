"""Display-only questions (note, heading) and a definition's own required/constraint messages."""

import csv
import io
import re
import shutil

import pytest
import yaml

from app import create_app
from core import db
from core.definitions import DefinitionError, Label
from forms.answers import parse_answers
from forms.definition import DEFINITIONS_DIR, FormDef, Question, load_form
from forms.expand import answers_of
from forms.registry import get_forms
from forms.store import register_versions
from tests.conftest import TEST_CONFIG

SLUG = "co-ghi-chu"
DEFINITION = {
    "slug": SLUG,
    "version": 1,
    "title": "Phiếu có ghi chú",
    "questions": [
        {"key": "phan-1", "type": "heading", "label": {"vi": "Phần một", "en": "Part one"}},
        {"key": "loi-chao", "type": "note", "label": "Phiếu không ghi tên.", "hint": "Cảm ơn."},
        {
            "key": "so-lan",
            "type": "integer",
            "label": "Số lần đến?",
            "required": True,
            "min": 1,
            "max": 20,
            "required_message": {"vi": "Cho biết số lần.", "en": "Say how many times."},
            "constraint_message": "Từ 1 đến 20 lần.",
        },
        {"key": "y-kien", "type": "text", "label": "Ý kiến", "max_length": 5},
    ],
}


@pytest.fixture
def app(tmp_path, template_db):
    folder = tmp_path / "definitions"
    folder.mkdir()
    (folder / f"{SLUG}.yaml").write_text(yaml.safe_dump(DEFINITION, allow_unicode=True), "utf-8")
    path = tmp_path / "phieu.db"
    shutil.copyfile(template_db, path)
    app = create_app({**TEST_CONFIG, "DATABASE": str(path), "FORMS_DIR": str(folder)})
    with app.app_context():
        register_versions(db.get_db(), get_forms())
    yield app
    db.close_all()


def form(app) -> FormDef:
    with app.app_context():
        return get_forms()[SLUG]


def test_notes_and_headings_show_text_and_take_no_answer(app, client, login):
    page = client.get(f"/f/ngoc-ky/{SLUG}").get_data(as_text=True)
    assert '<h2 id="q-phan-1">Phần một</h2>' in page
    assert '<p class="note" id="q-loi-chao">Phiếu không ghi tên.</p>' in page
    assert 'name="loi-chao"' not in page and 'name="phan-1"' not in page
    token = re.search(r'name="csrf_token" value="([^"]*)"', page).group(1)
    sid = re.search(r'name="submission_id" value="([^"]*)"', page).group(1)
    sent = client.post(
        f"/f/ngoc-ky/{SLUG}/gui",
        data={"csrf_token": token, "submission_id": sid, "so-lan": "3", "loi-chao": "x"},
    )
    assert sent.status_code == 303
    with app.app_context():
        connection = db.get_db()
        (response_id,) = connection.execute("SELECT max(id) FROM responses").fetchone()
        assert answers_of(connection, response_id) == [["so-lan", "3", 3.0]]
    export = login("admin", "hai-duong").get(f"/staff/results/ngoc-ky/{SLUG}/export.csv")
    header = next(csv.reader(io.StringIO(export.data.decode("utf-8-sig"))))
    assert "Số lần đến?" in header and "Ý kiến" in header
    assert "Phần một" not in header and "Phiếu không ghi tên." not in header


def test_the_definitions_messages_replace_the_standard_ones(app):
    f = form(app)
    with app.test_request_context():
        assert parse_answers(f, {}).errors == {"so-lan": "Cho biết số lần."}
        assert parse_answers(f, {"so-lan": ["25"]}).errors == {"so-lan": "Từ 1 đến 20 lần."}
        # A malformed number is not a constraint: the standard message says what to type.
        assert parse_answers(f, {"so-lan": ["ba"]}).errors == {
            "so-lan": "Nhập một số nguyên, ví dụ 12."
        }
        # Without a constraint_message, the standard length message.
        errors = parse_answers(f, {"so-lan": ["2"], "y-kien": ["dài quá"]}).errors
        assert errors == {"y-kien": "Tối đa 5 ký tự (bạn đã nhập 7 ký tự)."}
    # Both languages are read, like every label.
    assert f.question("so-lan").required_message == Label("Cho biết số lần.", "Say how many times.")


def test_a_note_cannot_be_required(tmp_path):
    path = tmp_path / "ghi-chu.yaml"
    bad = {**DEFINITION, "slug": "ghi-chu"}
    bad["questions"] = [{"key": "a", "type": "note", "label": "A", "required": True}]
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), "utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_form(path)
    assert caught.value.field == "questions[0].required"


def test_a_display_question_has_no_answer_column_in_the_model():
    note = Question("n", "note", Label("N"))
    assert not note.kind.answered and note.kind.rows(note, "x") == []


def test_forms_without_messages_keep_the_digest_databases_recorded(app):
    # The digest covers the canonical JSON; the message keys, added with XLSForm,
    # appear in it only when used, so that init-db accepts the forms it recorded before.
    assert '"required_message"' in form(app).definition_json
    for path in DEFINITIONS_DIR.glob("*.yaml"):
        assert "_message" not in load_form(path).definition_json
