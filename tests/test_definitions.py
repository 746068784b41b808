"""Form definition files: the shipped ones load, and each malformed one names file, line, field."""

import shutil

import pytest

from app import create_app
from core import db
from core.definitions import DefinitionError
from forms.definition import DEFINITIONS_DIR, load_form, load_forms

GOOD_START = """\
slug: thu
version: 1
title: {vi: Phiếu thử, en: Test form}
"""

# (YAML text, line, field, problem): each must give exactly this message.
MALFORMED = [
    (
        "slug: thu\nversion: 1\ntitle: [unclosed\n",
        4,
        "(file)",
        "YAML không hợp lệ: expected ',' or ']', but got '<stream end>'; có dấu ngoặc chưa"
        " đóng, hoặc một văn bản có dấu phẩy hay dấu ngoặc cần đặt trong dấu ngoặc kép",
    ),
    ("# only a comment\n", 1, "(file)", "tệp trống"),
    (
        "slug: khac\nversion: 1\ntitle: T\nquestions: [{key: a, type: text, label: A}]\n",
        1,
        "slug",
        "'khac' phải trùng với tên tệp 'thu'",
    ),
    (
        GOOD_START + "titel: x\nquestions: [{key: a, type: text, label: A}]\n",
        4,
        "titel",
        "khóa không hợp lệ (các khóa hợp lệ: grades, intro, questions, receipt_code, satisfied,"
        " slug, summary, title, version)",
    ),
    (
        "slug: thu\ntitle: T\nquestions: [{key: a, type: text, label: A}]\n",
        1,
        "(file)",
        "thiếu khóa bắt buộc 'version'",
    ),
    (
        "slug: thu\nversion: 0\ntitle: T\nquestions: [{key: a, type: text, label: A}]\n",
        2,
        "version",
        "phải từ 1 trở lên",
    ),
    (
        GOOD_START + "questions:\n  - key: a\n    type: slider\n    label: A\n",
        6,
        "questions[0].type",
        "phải là một trong các giá trị: single, multiple, rating3, rating5, text, textarea,"
        " integer, decimal, date, note, heading",
    ),
    (
        GOOD_START + "questions:\n  - {key: a, type: text, label: A}\n"
        "  - {key: a, type: date, label: B}\n",
        6,
        "questions[1].key",
        "'a' đã được dùng cho một câu hỏi trước",
    ),
    (
        GOOD_START + "questions:\n  - key: a\n    type: single\n    label: A\n",
        5,
        "questions[0]",
        "thiếu khóa bắt buộc 'options'",
    ),
    (
        GOOD_START + "questions:\n  - key: a\n    type: text\n    label: A\n"
        "    show_if: {question: b, in: [x]}\n  - {key: b, type: rating3, label: B}\n",
        8,
        "questions[0].show_if.question",
        "'b' không phải là câu hỏi đứng trước",
    ),
    (
        GOOD_START + "questions:\n  - {key: a, type: rating3, label: A}\n  - key: b\n"
        "    type: textarea\n    label: B\n    show_if:\n      question: a\n"
        "      in: [hai-long, rat-te]\n",
        11,
        "questions[1].show_if.in[1]",
        "'rat-te' không phải là lựa chọn của 'a'",
    ),
    (
        GOOD_START + "questions:\n  - key: a\n    type: integer\n    label: A\n"
        "    min: 5\n    max: 1\n",
        9,
        "questions[0].max",
        "max (1) nhỏ hơn min (5)",
    ),
    (
        GOOD_START + "questions:\n  - key: a\n    type: integer\n    label: A\n"
        "    max_length: 20\n",
        8,
        "questions[0].max_length",
        "chỉ dùng cho câu hỏi kiểu text, textarea",
    ),
    (
        GOOD_START + "questions:\n  - key: a\n    type: textarea\n    label: A\n"
        "    max_length: 5000\n",
        8,
        "questions[0].max_length",
        "không được lớn hơn 2000",
    ),
    (
        GOOD_START + "questions:\n  - key: a\n    type: rating3\n    label: A\n"
        "    options: [{key: x, label: X}]\n",
        8,
        "questions[0].options",
        "các mức đánh giá là cố định; hãy dùng kiểu 'single' thay thế",
    ),
    (
        GOOD_START + "questions:\n  - key: a\n    type: text\n    label: {en: Only English}\n",
        7,
        "questions[0].label",
        "thiếu khóa bắt buộc 'vi'",
    ),
    (
        GOOD_START + "questions:\n  - key: a\n    type: single\n    label: A\n    options:\n"
        "      - {key: x, label: X, points: 1}\n      - {key: x, label: Y, points: 0}\n",
        10,
        "questions[0].options[1].key",
        "'x' đã được dùng cho một lựa chọn trước",
    ),
    (
        GOOD_START + "questions:\n  - {key: a, type: text, label: A}\nsummary: a\n",
        6,
        "summary",
        "phải là khóa của một câu hỏi đánh giá (rating3, rating5) hoặc chọn một (single)",
    ),
    (
        GOOD_START + "questions:\n  - key: a\n    type: single\n    label: A\n    options:\n"
        "      - {key: x, label: X, points: 2}\n"
        "grades:\n  - {key: g, label: G, above: 5, up_to: 3}\n",
        11,
        "grades[0].up_to",
        "phải lớn hơn 'above'",
    ),
    (
        GOOD_START + "receipt_code: always\nquestions:\n  - {key: a, type: text, label: A}\n",
        4,
        "receipt_code",
        "phải là một trong các giá trị: none, optional, required",
    ),
    (
        GOOD_START + "version: 2\nquestions:\n  - {key: a, type: text, label: A}\n",
        4,
        "version",
        "khóa này được ghi hai lần",
    ),
    (
        GOOD_START + "questions:\n  - {key: a, type: text, label: A, required: 'yes'}\n",
        5,
        "questions[0].required",
        "phải là true hoặc false",
    ),
    (
        GOOD_START + "questions:\n  - {key: Câu-1, type: text, label: A}\n",
        5,
        "questions[0].key",
        "'Câu-1' chỉ được gồm chữ thường không dấu (a-z), chữ số và '-'",
    ),
]


@pytest.mark.parametrize(("text", "line", "field", "problem"), MALFORMED)
def test_malformed_definition_names_file_line_and_field(tmp_path, text, line, field, problem):
    path = tmp_path / "thu.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_form(path)
    assert str(caught.value) == f"{path}:{line}: {field}: {problem}"


def test_more_show_if_conditions_than_the_stylesheet_reveals(tmp_path):
    lines = [GOOD_START, "questions:\n"]
    for i in range(13):
        lines.append(f"  - {{key: c{i}, type: rating3, label: C{i}}}\n")
        lines.append(f"  - {{key: f{i}, type: text, label: F{i}, ")
        lines.append(f"show_if: {{question: c{i}, in: khong-hai-long}}}}\n")
    path = tmp_path / "thu.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"thu.yaml:5: questions: có hơn 12"):
        load_form(path)


def test_not_utf8_definition(tmp_path):
    path = tmp_path / "thu.yaml"
    path.write_bytes("title: Phiếu".encode("cp1258", errors="replace") + b"\xff\n")
    with pytest.raises(
        DefinitionError, match=r"thu.yaml:1: \(file\): tệp không phải văn bản UTF-8"
    ):
        load_form(path)


def test_shipped_definitions_load():
    forms = load_forms()
    assert set(forms) == {"hai-long", "danh-gia-tthc", "sipas"}
    hai_long = forms["hai-long"]
    assert [o.key for o in hai_long.question("muc-do").options] == [
        "rat-hai-long",
        "hai-long",
        "khong-hai-long",
    ]
    assert hai_long.question("chua-hai-long").show_if.values == ("khong-hai-long",)
    tthc = forms["danh-gia-tthc"]
    assert tthc.receipt_code == "required"
    assert tthc.max_points == 18
    assert [tthc.grade(t).key for t in (18, 15, 12.5, 9, 6, 0)] == [
        "xuat-sac",
        "tot",
        "tot",
        "trung-binh",
        "yeu",
        "yeu",
    ]
    sipas = forms["sipas"]
    assert sum(q.type == "rating5" for q in sipas.questions) == 5


def _bad_definitions(tmp_path):
    folder = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS_DIR, folder)
    bad = folder / "hai-long.yaml"
    text = bad.read_text(encoding="utf-8").replace("type: rating3", "type: rating4")
    bad.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    type: rating4") + 1
    return folder, f"{bad}:{line}: questions[0].type: phải là một trong các giá trị"


def test_bad_definition_stops_start_up(tmp_path):
    folder, message = _bad_definitions(tmp_path)
    with pytest.raises(DefinitionError) as caught:
        create_app(
            {"SECRET_KEY": "k" * 32, "DATABASE": str(tmp_path / "x.db"), "FORMS_DIR": str(folder)}
        )
    assert str(caught.value).startswith(message)


def test_bad_definition_fails_init_db(app, tmp_path):
    folder, message = _bad_definitions(tmp_path)
    app.config["FORMS_DIR"] = str(folder)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code != 0
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_edited_definition_without_new_version_fails_init_db(app, tmp_path):
    folder = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS_DIR, folder)
    edited = folder / "sipas.yaml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("Tiếp cận dịch vụ", "Tiếp cận"),
        encoding="utf-8",
    )
    app.config["FORMS_DIR"] = str(folder)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code != 0
    assert "hãy tăng số phiên bản" in result.output


def test_init_db_records_each_version(app):
    with app.app_context():
        rows = db.get_db().execute("SELECT slug, version FROM form_versions ORDER BY slug")
        assert list(rows) == [("danh-gia-tthc", 1), ("hai-long", 1), ("sipas", 1)]


def test_docs_describe_every_definition_key():
    """docs/FORMS.md documents every key the loader accepts (Datasette's habit)."""
    from pathlib import Path

    from forms.definition import QUESTION_KEYS, QUESTION_TYPES, TOP_KEYS

    docs = (Path(__file__).parent.parent / "docs" / "FORMS.md").read_text(encoding="utf-8")
    for key in sorted(TOP_KEYS | QUESTION_KEYS | set(QUESTION_TYPES)):
        assert f"`{key}`" in docs, key
