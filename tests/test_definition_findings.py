"""Findings of issue #16: what an official writing definitions from the docs alone ran into."""

import pytest

from core.definitions import Label
from forms import citizen_input
from forms.answers import AnswerError, parse_answers
from forms.definition import FormDef, Option, Question, ShowIf, load_form

GOOD_START = "slug: thu\nversion: 1\ntitle: T\n"
POINTS = (
    "questions:\n  - key: a\n    type: single\n    label: A\n    options:\n"
    "      - {key: x, label: X, points: 2}\n      - {key: y, label: Y, points: 0}\n"
    "  - key: b\n    type: single\n    label: B\n    options:\n"
    "      - {key: x, label: X, points: 8}\n"
)  # totals 0 to 10


def problem_of(tmp_path, text: str) -> str:
    path = tmp_path / "thu.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_form(path)
    return str(caught.value).removeprefix(f"{path}:")


def test_satisfied_keys_must_name_an_option(tmp_path):
    text = GOOD_START + "satisfied: [hai-long, rat-hai-lon]\n"
    text += "questions:\n  - {key: a, type: rating3, label: A}\n"
    assert problem_of(tmp_path, text) == (
        "4: satisfied[1]: 'rat-hai-lon' không phải là lựa chọn của câu hỏi nào"
    )


@pytest.mark.parametrize(
    ("bands", "problem"),
    [
        (
            "  - {key: g, label: G, up_to: 5}\n  - {key: h, label: H, above: 4}\n",
            "grades[1]: 'h' chồng lên một mức xếp loại khác",
        ),
        (
            "  - {key: g, label: G, up_to: 4}\n  - {key: h, label: H, above: 6}\n",
            "grades[1]: tổng điểm trên 4 đến 6 không thuộc mức xếp loại nào",
        ),
        (
            "  - {key: g, label: G, up_to: 5}\n  - {key: g, label: H, above: 5}\n",
            "grades[1].key: 'g' đã được dùng cho một mức xếp loại trước",
        ),
        (
            "  - {key: g, label: G, up_to: 5}\n  - {key: h, label: H, up_to: 5}\n"
            "  - {key: i, label: I, above: 5}\n",
            "grades[1]: 'h' chồng lên một mức xếp loại khác",
        ),
        (
            "  - {key: g, label: G, above: 2, up_to: 5}\n  - {key: h, label: H, above: 5}\n",
            "grades[0]: tổng điểm từ 0 đến 2 không thuộc mức xếp loại nào",
        ),
        (
            "  - {key: g, label: G, up_to: 5}\n  - {key: h, label: H, above: 5, up_to: 8}\n",
            "grades: tổng điểm trên 8 đến 10 không thuộc mức xếp loại nào",
        ),
    ],
)
def test_grade_bands_must_not_overlap_leave_gaps_or_repeat(tmp_path, bands, problem):
    assert problem_of(tmp_path, GOOD_START + POINTS + "grades:\n" + bands).endswith(problem)


def test_grade_bands_that_tile_the_totals_load(tmp_path):
    path = tmp_path / "thu.yaml"
    bands = (
        "grades:\n  - {key: h, label: H, above: 5}\n  - {key: g, label: G, up_to: 5}\n"
        "  - {key: n, label: N, above: -3, up_to: 0}\n"
    )
    # n is inside g's open lower end: an overlap.
    path.write_text(GOOD_START + POINTS + bands, encoding="utf-8")
    with pytest.raises(Exception, match="chồng lên"):
        load_form(path)
    path.write_text(GOOD_START + POINTS + bands.rsplit("  - {key: n", 1)[0], encoding="utf-8")
    form = load_form(path)
    assert [form.grade(t).key for t in (0, 5, 5.5, 10)] == ["g", "g", "h", "h"]


@pytest.fixture
def _request(app):
    with app.test_request_context():
        yield


def q(qtype: str, **kw) -> Question:
    return Question(kw.pop("key", "x"), qtype, Label("Câu hỏi"), **kw)


def error_of(question: Question, value: str) -> str:
    with pytest.raises(AnswerError) as caught:
        question.kind.parse(question, [value])
    return str(caught.value)


@pytest.mark.usefixtures("_request")
@pytest.mark.parametrize("typed", ["1.500", "1,500", "12.250", "-999.000", "1 .500"])
def test_a_decimal_that_may_hold_a_thousands_separator_is_refused(typed):
    assert error_of(q("decimal"), typed).startswith("Không rõ đây là số thập phân")


@pytest.mark.usefixtures("_request")
def test_decimals_that_cannot_be_thousands_still_pass():
    decimal = q("decimal")
    parsed = [decimal.kind.parse(decimal, [v]) for v in ("0.500", "1.50", "1,5000", "1500")]
    assert parsed == [0.5, 1.5, 1.5, 1500]


@pytest.mark.usefixtures("_request")
@pytest.mark.parametrize(
    "character", ["\t", "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069"]
)
def test_tab_separators_and_bidi_controls_are_refused_in_text(character):
    for qtype in ("text", "textarea"):
        question = q(qtype, max_length=200)
        assert error_of(question, f"tốt{character}lắm") == "Câu trả lời chứa ký tự không hợp lệ."


@pytest.mark.usefixtures("_request")
def test_a_required_multiple_choice_asks_for_at_least_one():
    options = (Option("a", Label("A")), Option("b", Label("B")))
    form = FormDef("thu", 1, Label("T"), None, (q("multiple", options=options, required=True),))
    assert parse_answers(form, {}).errors == {
        "x": "Hãy chọn ít nhất một câu trả lời cho câu hỏi: Câu hỏi"
    }


def test_date_bounds_load_and_refuse_days_outside(tmp_path, app):
    path = tmp_path / "thu.yaml"
    path.write_text(
        GOOD_START + "questions:\n  - {key: d, type: date, label: D, min: 2025-07-01,"
        " max: '2025-12-31'}\n",
        encoding="utf-8",
    )
    day = load_form(path).question("d")
    assert (day.min, day.max) == ("2025-07-01", "2025-12-31")
    with app.test_request_context():
        assert day.kind.parse(day, ["15/08/2025"]) == "2025-08-15"
        assert error_of(day, "30/06/2025") == "Nhập một ngày từ 01/07/2025 đến 31/12/2025."
        assert error_of(day, "2026-01-01") == "Nhập một ngày từ 01/07/2025 đến 31/12/2025."


@pytest.mark.parametrize(
    ("bounds", "problem"),
    [
        ("min: 2025-12-31, max: 2025-07-01", "questions[0].max: max (2025-07-01) sớm hơn min"),
        ("min: hôm qua", "questions[0].min: phải là một ngày viết dạng 2025-07-01"),
        ("max: 12", "questions[0].max: phải là một ngày viết dạng 2025-07-01"),
    ],
)
def test_bad_date_bounds_are_refused(tmp_path, bounds, problem):
    text = GOOD_START + f"questions:\n  - {{key: d, type: date, label: D, {bounds}}}\n"
    assert problem in problem_of(tmp_path, text)


def test_the_date_picker_carries_the_bounds(client, tmp_path, app):
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "thu.yaml").write_text(
        GOOD_START + "questions:\n  - {key: d, type: date, label: D, min: 2025-07-01}\n",
        encoding="utf-8",
    )
    from forms.definition import load_forms

    app.extensions["phieu_forms"] = load_forms(folder)
    page = client.get("/f/ngoc-ky/thu").get_data(as_text=True)
    assert 'type="date" min="2025-07-01"' in page


def test_a_chained_follow_up_is_hidden_with_its_parent():
    """C shown by B shown by A carries B's condition and A's: style.css hides it with A."""
    yes_no = (Option("co", Label("Có")), Option("khong", Label("Không")))
    form = FormDef(
        "thu",
        1,
        Label("T"),
        None,
        (
            q("single", key="a", options=yes_no),
            q("single", key="b", options=yes_no, show_if=ShowIf("a", ("co",))),
            q("text", key="c", max_length=10, show_if=ShowIf("b", ("co",))),
            q("text", key="d", max_length=10, show_if=ShowIf("c", ("co",))),
        ),
    )
    hooks = citizen_input.conditions(form)
    assert hooks["shows"] == {"b": 1, "c": 2, "d": 3}
    assert hooks["unders"] == {"c": (1,), "d": (1, 2)}
