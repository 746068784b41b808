"""The title an inspection gets when the team leaves it blank, worded as the seed words it.

The title is printed in the minutes, a Vietnamese document, so it is not translated:
"Kiểm tra công tác cải cách hành chính, hoạt động công vụ năm 2022 tại UBND xã Ngọc Kỳ"
(DOMAIN.md, 'Minutes layout'; issue #14, item 9).
"""

from __future__ import annotations

from core.units import Unit

SUBJECT = "công tác cải cách hành chính, hoạt động công vụ"
OPENINGS = {"self": "Tự kiểm tra", "external": "Kiểm tra"}
# A unit named by its People's Committee already: "UBND xã ...", "Ủy ban nhân dân ...".
COMMITTEE_PREFIXES = ("ubnd", "ủy ban", "uỷ ban")


def committee_name(unit: Unit) -> str:
    """The unit's People's Committee as documents name it: 'Xã Ngọc Kỳ' -> 'UBND xã Ngọc Kỳ'."""
    name = unit.name.strip()
    if name.lower().startswith(COMMITTEE_PREFIXES):
        return name
    return f"UBND {name[:1].lower()}{name[1:]}"


def title_pattern(kind: str) -> str:
    """The default title with {year} and {committee} left to fill (the page's script fills them)."""
    return f"{OPENINGS.get(kind, OPENINGS['external'])} {SUBJECT} năm {{year}} tại {{committee}}"


def default_title(kind: str, year: int, unit: Unit) -> str:
    """'Tự kiểm tra ...' or 'Kiểm tra ... năm YYYY tại UBND xã ...'."""
    return title_pattern(kind).format(year=year, committee=committee_name(unit))
