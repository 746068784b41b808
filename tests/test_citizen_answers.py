"""Each question type parses and validates posted values; hidden questions are dropped."""

import pytest

from core.definitions import Label
from forms.answers import AnswerError, is_shown, parse_answers
from forms.definition import Option, Question, ShowIf
from forms.types import QUESTION_TYPES
from forms.types.choice import Rating


@pytest.fixture(autouse=True)
def _context(app):
    with app.test_request_context():
        yield


def q(qtype: str, **kw) -> Question:
    options = kw.pop("options", ())
    kind = QUESTION_TYPES[qtype]
    if isinstance(kind, Rating):
        options = kind.levels
    return Question(kw.pop("key", "x"), qtype, Label("Câu hỏi", "Question"), options=options, **kw)


def parse(question: Question, *values: str):
    return question.kind.parse(question, list(values))


def error_of(question: Question, *values: str) -> str:
    with pytest.raises(AnswerError) as caught:
        parse(question, *values)
    return str(caught.value)


CHOICES = (Option("a", Label("A")), Option("b", Label("B")), Option("c", Label("C")))


def test_single_choice():
    single = q("single", options=CHOICES)
    assert parse(single, "b") == "b"
    assert parse(single, " b ") == "b"
    assert parse(single) is None
    assert parse(single, "") is None
    assert error_of(single, "z") == "Lựa chọn không có trong danh sách."
    assert error_of(single, "a", "b") == "Chỉ chọn hoặc nhập một câu trả lời."


@pytest.mark.parametrize("qtype", ["rating3", "rating5"])
def test_ratings_take_only_their_levels(qtype):
    rating = q(qtype)
    assert parse(rating, "khong-hai-long") == "khong-hai-long"
    other = "binh-thuong"
    if qtype == "rating5":
        assert parse(rating, other) == other
    else:
        assert error_of(rating, other) == "Lựa chọn không có trong danh sách."


def test_multiple_choice_keeps_definition_order_without_duplicates():
    multiple = q("multiple", options=CHOICES)
    assert parse(multiple, "c", "a", "c") == ["a", "c"]
    assert parse(multiple) is None
    assert error_of(multiple, "a", "zz") == "Lựa chọn không có trong danh sách."


def test_text_is_one_line_within_its_limit():
    text = q("text", max_length=10)
    assert parse(text, "  Tốt  ") == "Tốt"
    assert parse(text, "   ") is None
    assert error_of(text, "a\nb") == "Chỉ nhập một dòng."
    assert error_of(text, "x" * 11) == "Tối đa 10 ký tự (bạn đã nhập 11 ký tự)."
    assert error_of(text, "bad\x00byte") == "Câu trả lời chứa ký tự không hợp lệ."


def test_textarea_keeps_lines_and_counts_composed_characters():
    textarea = q("textarea", max_length=5)
    assert parse(textarea, "a\r\nb") == "a\nb"
    # 'ệ' typed as e + two combining marks is one character after NFC.
    assert parse(textarea, "Vie\u0323\u0302t") == "Việt"
    assert error_of(textarea, "abcdef").startswith("Tối đa 5 ký tự")


def test_integer_with_bounds():
    integer = q("integer", min=0, max=100)
    assert parse(integer, "42") == 42
    # Spaces typed as thousands separators are ignored.
    assert parse(q("integer"), " 1 000 ") == 1000
    assert parse(integer, "") is None
    assert error_of(integer, "4.5") == "Nhập một số nguyên, ví dụ 12."
    assert error_of(integer, "abc") == "Nhập một số nguyên, ví dụ 12."
    assert error_of(integer, "101") == "Nhập một số từ 0 đến 100."
    assert error_of(integer, "9" * 40) == "Nhập một số nguyên, ví dụ 12."
    assert error_of(q("integer", min=5), "4") == "Nhập một số không nhỏ hơn 5."
    assert error_of(q("integer", max=5), "6") == "Nhập một số không lớn hơn 5."


def test_decimal_accepts_comma_or_point():
    decimal = q("decimal", min=0, max=2.5)
    assert parse(decimal, "2,5") == 2.5
    assert parse(decimal, "1.25") == 1.25
    assert error_of(decimal, "2,6") == "Nhập một số từ 0 đến 2,5."
    assert error_of(decimal, "1.500,5") == "Nhập một số, ví dụ 2,5."
    assert error_of(decimal, "nan") == "Nhập một số, ví dụ 2,5."
    assert error_of(decimal, "inf") == "Nhập một số, ví dụ 2,5."


def test_date_from_picker_or_typed():
    day = q("date")
    assert parse(day, "2025-07-01") == "2025-07-01"
    assert parse(day, "01/07/2025") == "2025-07-01"
    message = "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/07/2025."
    assert error_of(day, "31/02/2025") == message
    assert error_of(day, "hôm qua") == message
    assert error_of(day, "01/01/1850") == message


def form_with(*questions):
    from forms.definition import FormDef

    return FormDef("thu", 1, Label("Thử"), None, tuple(questions))


def test_required_questions_and_messages():
    form = form_with(
        q("rating3", key="muc-do", required=True),
        q("textarea", key="y-kien", required=True, max_length=100),
    )
    parsed = parse_answers(form, {})
    assert parsed.answers == {}
    assert parsed.errors == {
        "muc-do": "Hãy chọn một câu trả lời cho câu hỏi: Câu hỏi",
        "y-kien": "Hãy trả lời câu hỏi: Câu hỏi",
    }


def test_hidden_questions_are_dropped_even_when_invalid():
    follow_up = q(
        "multiple",
        key="vi-sao",
        options=CHOICES,
        required=True,
        show_if=ShowIf("muc-do", ("khong-hai-long",)),
    )
    then = q("text", key="chi-tiet", max_length=5, show_if=ShowIf("vi-sao", ("c",)))
    form = form_with(q("rating3", key="muc-do", required=True), follow_up, then)
    posted = {"muc-do": ["hai-long"], "vi-sao": ["zz"], "chi-tiet": ["far too long"]}
    assert parse_answers(form, posted).answers == {"muc-do": "hai-long"}
    assert parse_answers(form, posted).errors == {}
    unhappy = {"muc-do": ["khong-hai-long"], "vi-sao": ["a"], "chi-tiet": ["x"]}
    # chi-tiet depends on vi-sao = c, which was not chosen.
    assert parse_answers(form, unhappy).answers == {"muc-do": "khong-hai-long", "vi-sao": ["a"]}
    missing = parse_answers(form, {"muc-do": ["khong-hai-long"]})
    assert set(missing.errors) == {"vi-sao"}
    assert is_shown(then, {"vi-sao": ["a", "c"]})
