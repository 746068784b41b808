"""Numbers written the Vietnamese way: the one rounding every screen and document uses."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction


def exact(value: float | int | Decimal | Fraction) -> Decimal:
    """The value as a Decimal: a float by its shortest repr, so 8.075 stays 8.075.

    Decimal(8.075) would be 8.07499999999999928..., the binary neighbour, and round
    down; repr gives back the decimal the figure was computed as (323 / 40).
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        with localcontext() as context:
            context.prec = 40
            return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def decimal_text(
    value: float | int | Decimal | Fraction, places: int = 2, *, trim: bool = False
) -> str:
    """Rounded half up to places, dot thousands and a decimal comma: 8.075 -> '8,08'.

    trim drops trailing zeros and a bare comma ('18' rather than '18,00').
    """
    rounded = exact(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def rounded(value: float | int | Decimal | Fraction, places: int = 2) -> float:
    """The same rounding as a number, for spreadsheet cells: 8.075 -> 8.08."""
    return float(exact(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
