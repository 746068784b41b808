"""The few XLSForm expressions Phiếu understands: show-if conditions, bounds and lengths.

Anything else raises Unsupported with the reason, which the reader reports at
the cell. The writer uses the same shapes, so an export reads back unchanged.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

NUMBER = r"-?\d+(?:\.\d+)?"
VALUE = r"""(?:'([^']*)'|"([^"]*)")"""
# ${q} = 'v'
EQUALS = re.compile(rf"\$\{{(\w+)\}}\s*=\s*{VALUE}")
# selected(${q}, 'v')
SELECTED = re.compile(rf"selected\(\s*\$\{{(\w+)\}}\s*,\s*{VALUE}\s*\)")
# . >= 1, . <= 10
BOUND = re.compile(rf"\.\s*(>=|<=)\s*({NUMBER})")
# string-length(.) <= 200
LENGTH = re.compile(r"string-length\(\s*\.\s*\)\s*<=\s*(\d+)")


class Unsupported(ValueError):
    """An expression outside the subset; the message says which part."""


def _terms(expression: str, joiner: str) -> list[str]:
    """The parts of an expression joined by 'and' or 'or', outer parentheses dropped."""
    text = expression.strip()
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return [t.strip() for t in re.split(rf"\s+{joiner}\s+", text)]


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def relevant(expression: str) -> list[tuple[str, str, str]]:
    """(question name, '=' or 'selected', value) per term of `a or b or ...`."""
    if re.search(r"\sand\s", expression):
        raise Unsupported(_("chưa hỗ trợ 'and': điều kiện hiện câu hỏi chỉ dựa vào một câu hỏi"))
    found = []
    for term in _terms(expression, "or"):
        inner = _terms(term, "or")[0] if term.startswith("(") else term
        match = EQUALS.fullmatch(inner) or SELECTED.fullmatch(inner)
        if match is None:
            raise Unsupported(
                _(
                    "chưa hỗ trợ '%(term)s': hãy viết ${question} = 'value'"
                    " hoặc selected(${question}, 'value'), nối bằng 'or'",
                    term=inner,
                )
            )
        how = "=" if match.re is EQUALS else "selected"
        found.append((match.group(1), how, match.group(2) or match.group(3) or ""))
    names = {name for name, _how, _value in found}
    if len(names) > 1:
        raise Unsupported(
            _(
                "chưa hỗ trợ 'or' giữa các câu hỏi khác nhau (%(names)s)",
                names=", ".join(sorted(names)),
            )
        )
    return found


def bounds(expression: str) -> tuple[float | None, float | None]:
    """(min, max) of `. >= a and . <= b`, either part optional."""
    low = high = None
    for term in _terms(expression, "and"):
        match = BOUND.fullmatch(term)
        if match is None:
            raise Unsupported(_("chưa hỗ trợ '%(term)s': hãy viết . >= a and . <= b", term=term))
        value = float(match.group(2))
        if match.group(1) == ">=":
            if low is not None:
                raise Unsupported(_("có hai giới hạn dưới"))
            low = value
        else:
            if high is not None:
                raise Unsupported(_("có hai giới hạn trên"))
            high = value
    return low, high


def max_length(expression: str) -> int:
    """N of `string-length(.) <= N`."""
    match = LENGTH.fullmatch(expression.strip())
    if match is None:
        raise Unsupported(
            _(
                "chưa hỗ trợ '%(expression)s' cho câu hỏi text: hãy viết string-length(.) <= N",
                expression=expression,
            )
        )
    return int(match.group(1))


def write_relevant(name: str, values: tuple[str, ...], multiple: bool) -> str:
    """The relevant expression of a show-if, as relevant() reads it back."""
    if multiple:
        return " or ".join(f"selected(${{{name}}}, '{v}')" for v in values)
    return " or ".join(f"${{{name}}} = '{v}'" for v in values)


def write_bounds(low: float | None, high: float | None) -> str:
    """The constraint of a number's bounds."""
    parts = [f". >= {_number(low)}"] if low is not None else []
    parts += [f". <= {_number(high)}"] if high is not None else []
    return " and ".join(parts)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
