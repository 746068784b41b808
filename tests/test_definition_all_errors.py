"""A definition file's problems are reported all at once, one line each, naming the place."""

import pytest

from core.definitions import DefinitionError
from forms.definition import load_form
from inspections.checklist import load_checklist


def problems_of(load, path, text: str) -> list[str]:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load(path)
    lines = str(caught.value).splitlines()
    assert len(caught.value.problems) == len(lines)
    return [line.removeprefix(f"{path}:") for line in lines]


def test_every_problem_of_a_form_at_once_in_file_order(tmp_path):
    text = (
        "slug: thu\n"  # 1
        "version: 0\n"  # 2
        "title: T\n"  # 3
        "titel: x\n"  # 4
        "satisfied: [rat-hai-long]\n"  # 5
        "questions:\n"  # 6
        "  - {key: a, type: rating3, label: A}\n"  # 7
        "  - {key: b, type: slider, label: B}\n"  # 8
        "  - {key: c, type: text, label: C, max_length: 5000}\n"  # 9
        "  - {key: d, type: text, label: D, show_if: {question: b, in: [x]}}\n"  # 10
        "  - {key: e, type: text, label: E, show_if: {question: zz, in: [x]}}\n"  # 11
        "  - {key: a, type: date, label: F}\n"  # 12
    )
    assert problems_of(load_form, tmp_path / "thu.yaml", text) == [
        "2: version: phải từ 1 trở lên",
        "4: titel: khóa không hợp lệ (các khóa hợp lệ: grades, intro, questions, receipt_code,"
        " satisfied, slug, summary, title, version)",
        "8: questions[1].type: phải là một trong các giá trị: single, multiple, rating3, rating5,"
        " text, textarea, integer, decimal, date, note, heading",
        "9: questions[2].max_length: không được lớn hơn 200",
        "11: questions[4].show_if.question: 'zz' không phải là câu hỏi đứng trước",
        "12: questions[5].key: 'a' đã được dùng cho một câu hỏi trước",
    ]


def test_a_key_given_twice_is_reported_with_the_rest(tmp_path):
    text = "slug: thu\nversion: 1\nversion: 2\ntitle: T\nquestions: [{key: a, type: x, label: A}]\n"
    assert problems_of(load_form, tmp_path / "thu.yaml", text) == [
        "3: version: khóa này được ghi hai lần",
        "5: questions[0].type: phải là một trong các giá trị: single, multiple, rating3, rating5,"
        " text, textarea, integer, decimal, date, note, heading",
    ]


def test_an_unquoted_label_with_a_comma_gets_a_hint(tmp_path):
    text = (
        "slug: thu\nversion: 1\ntitle: T\nquestions:\n  - {key: a, type: text, label: Có, không}\n"
    )
    [problem] = problems_of(load_form, tmp_path / "thu.yaml", text)
    assert problem.startswith("5: questions[0].không: khóa không hợp lệ")
    assert problem.endswith(
        "nếu đây là phần cuối của một văn bản có dấu phẩy, hãy đặt cả văn bản trong dấu ngoặc kép"
    )


def test_an_unquoted_label_with_a_colon_gets_a_hint(tmp_path):
    text = "slug: thu\nversion: 1\ntitle: Ông/bà: hài lòng?\n"
    [problem] = problems_of(load_form, tmp_path / "thu.yaml", text)
    assert problem == (
        "3: (file): YAML không hợp lệ: mapping values are not allowed here; văn bản có ': '"
        ' phải đặt trong dấu ngoặc kép, ví dụ label: "Ông/bà: hài lòng"'
    )


def test_every_problem_of_a_checklist_at_once(tmp_path):
    text = (
        "slug: thu\nversion: 1\ntitle: T\ntotal_points: 2\nareas:\n"  # 1-5
        "  - key: a\n    title: A\n    points: 2\n    items:\n"  # 6-9
        "      - {key: x, kind: check, label: X, points: 1, colour: red}\n"  # 10
        "      - {key: y, kind: guess, label: Y, points: 1}\n"  # 11
    )
    assert problems_of(load_checklist, tmp_path / "thu.yaml", text) == [
        "10: areas[0].items[0].colour: khóa không hợp lệ (các khóa hợp lệ: denominator, evidence,"
        " guidance, key, kind, label, max, min, na_allowed, number, numerator, photo, points,"
        " target, unit)",
        "11: areas[0].items[1].kind: phải là một trong các giá trị: document, check, figure, ratio",
    ]


def test_init_db_prints_every_problem_one_line_each_without_a_traceback(app, tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "thu.yaml").write_text(
        "slug: thu\nversion: 0\ntitle: T\nquestions: [{key: a, type: x, label: A}]\n",
        encoding="utf-8",
    )
    app.config["FORMS_DIR"] = str(folder)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert lines[0].endswith("thu.yaml:2: version: phải từ 1 trở lên")
    assert lines[1].endswith(
        "thu.yaml:4: questions[0].type: phải là một trong các giá trị: single, multiple,"
        " rating3, rating5, text, textarea, integer, decimal, date, note, heading"
    )
    assert len(lines) == 2 and "Traceback" not in result.output
