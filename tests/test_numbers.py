"""One rounding for every figure: half up from the decimal the figure is, comma decimals."""

from fractions import Fraction

import pytest

from core.numbers import decimal_text, rounded
from minutes.text import number, percent_value
from results import vn_dec, vn_pct


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (8.075, 2, "8,08"),
        (1.675, 2, "1,68"),
        (2.5, 0, "3"),
        (3.5, 0, "4"),
        (323 / 40, 2, "8,08"),  # a mean computed in floats: the same 8.075
        (Fraction(1675, 1000), 2, "1,68"),
        (1234567.005, 2, "1.234.567,01"),
        (0.0, 1, "0,0"),
        (12, 1, "12,0"),
    ],
)
def test_half_up_with_a_decimal_comma(value, places, text):
    assert decimal_text(value, places) == text


def test_python_round_would_differ_on_these():
    # The failure this module exists for: round() and format() go to the binary neighbour.
    assert f"{8.075:.2f}" == "8.07" and round(2.5) == 2
    assert rounded(8.075, 2) == 8.08 and rounded(2.5, 0) == 3.0


def test_results_page_minutes_and_charts_agree():
    from results.charts import _percent

    assert vn_dec(8.075, 2) == "8,08"
    assert vn_pct(99.95) == "100,0%"
    assert number(1.675) == "1,68" and number(1302) == "1.302" and number(18.0) == "18"
    assert percent_value(65.8986) == "65,9%"
    assert _percent(1, 8) == "12,5%"  # 12.5 exactly, one place: not to the even 12
    assert _percent(1, 16) == "6,3%"
