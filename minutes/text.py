"""Numbers, dates and times written the way Vietnamese administrative documents write them."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from core.numbers import decimal_text

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# Level prefixes dropped from a unit's name for the place in "Ngọc Kỳ, ngày ...".
LEVEL_PREFIXES = ("Tỉnh ", "Thành phố ", "Huyện ", "Quận ", "Thị xã ", "Xã ", "Phường ")
LEVEL_PREFIXES += ("Thị trấn ", "Đặc khu ")


def number(value: float | int | None, decimals: int = 2) -> str:
    """1302 -> '1.302', 65.894 -> '65,89', 18.0 -> '18' (dot groups, comma decimals)."""
    if value is None:
        return ""
    return decimal_text(value, decimals, trim=True)


def percent(part: float, whole: float, decimals: int = 2) -> str:
    """A share as the seed writes it: 153 of 1302 -> '11,75%'; an empty whole gives '-'."""
    if not whole:
        return "-"
    return percent_value(100 * part / whole, decimals)


def percent_value(value: float, decimals: int = 2) -> str:
    """A percentage already computed: 65.8986 -> '65,90%'."""
    return decimal_text(value, decimals, trim=True) + "%"


def official_date(day: date) -> str:
    """'ngày 05 tháng 9 năm 2022': days under 10 and months 1-2 take a leading zero (NĐ 30)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_name(unit_name: str) -> str:
    """'Xã Ngọc Kỳ' -> 'Ngọc Kỳ', for the place in the header's date line."""
    for prefix in LEVEL_PREFIXES:
        if unit_name.startswith(prefix):
            return unit_name[len(prefix) :]
    return unit_name


def body_name(unit_name: str) -> str:
    """The People's Committee of a unit: 'Xã Ngọc Kỳ' -> 'UBND xã Ngọc Kỳ'."""
    for prefix in LEVEL_PREFIXES:
        if unit_name.startswith(prefix):
            return "UBND " + prefix.lower() + unit_name[len(prefix) :]
    return "UBND " + unit_name


def local_datetime(value: datetime | str | None) -> datetime | None:
    """An instant (ISO text or datetime; naive means UTC, as tables store) in local time."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(LOCAL_ZONE)


def clock(value: time | datetime) -> str:
    """'08 giờ 30 phút'."""
    return f"{value.hour:02d} giờ {value.minute:02d} phút"


def as_date(value: date | datetime | str | None) -> date | None:
    """A date from a date, a datetime or ISO text; None when absent or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
