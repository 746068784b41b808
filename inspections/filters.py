"""Template filters for inspection pages: numbers and instants the Vietnamese way."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_decimal

from core import dates


def number(value: float | None, digits: int = 2) -> str:
    """1302 -> '1.302', 65.89 -> '65,89' in Vietnamese; '' for no value."""
    if value is None:
        return ""
    return format_decimal(round(value, digits), format="#,##0.##")


def raw(value: float | None) -> str:
    """A number as typed into an input: 1302.0 -> '1302'."""
    if value is None:
        return ""
    return f"{value:g}" if abs(value) < 1e15 else str(int(value))


def when(value: str | None) -> str:
    """An ISO UTC instant shown in local time (Asia/Ho_Chi_Minh), short."""
    return dates.format_instant(value)


def day(value: str | None) -> str:
    """An ISO date as dd/mm/yyyy, as Vietnamese documents write it."""
    return dates.format_day(value)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(insp_number=number, insp_raw=raw, insp_when=when, insp_day=day)
