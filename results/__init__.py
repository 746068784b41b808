"""Satisfaction results: tallies, charts, exports and paper slips.

It imports core, auth and forms (the definitions it counts).
"""

from flask import Flask

from core import dates
from core.numbers import decimal_text


def vn_int(value) -> str:
    """1302 as '1.302' (Vietnamese thousands separator)."""
    return f"{int(value):,}".replace(",", ".")


def vn_dec(value, places: int = 1) -> str:
    """12.5 as '12,5'."""
    return decimal_text(value, places)


def vn_num(value) -> str:
    """A figure with at most two decimals and no trailing zeros: 42.0 as '42', 2.5 as '2,5'."""
    return decimal_text(value, 2, trim=True)


def vn_pct(value) -> str:
    """A percentage with one decimal, '100,0%'."""
    return vn_dec(value, 1) + "%"


def vn_day(value: str) -> str:
    """'2022-09-30' as '30/09/2022'."""
    return dates.format_day(value)


def vn_instant(value: str) -> str:
    """A stored UTC instant in Vietnam's local time, 'dd/mm/yyyy hh:mm'."""
    return dates.format_instant(value)


def init_app(app: Flask) -> None:
    """Register the results blueprint, its number filters and the export command."""
    from core import db
    from results import commands, migrations, views

    db.register_schema(migrations.migrations)
    app.register_blueprint(views.bp)
    app.jinja_env.filters.update(
        vn_int=vn_int,
        vn_dec=vn_dec,
        vn_num=vn_num,
        vn_pct=vn_pct,
        vn_day=vn_day,
        vn_instant=vn_instant,
    )
    commands.init_app(app)
