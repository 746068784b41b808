"""URL converters: an id in a staff URL is one SQLite can hold, or the route does not match."""

from flask import Flask
from werkzeug.routing import IntegerConverter


class SqliteId(IntegerConverter):
    """`<int:...>` of at most 18 digits: a bigger id is a 404, not a 500.

    SQLite's INTEGER is a signed 64-bit number (at most 9,223,372,036,854,775,807);
    binding a larger Python int raised OverflowError, a 500 on seven staff URLs
    (issue #12, item 12). Refused by the pattern rather than by a `max` check, so
    the path matches no rule at all: a `max` check fails after werkzeug has
    matched the path for another method, which answers 405.
    """

    regex = r"\d{1,18}"


def init_app(app: Flask) -> None:
    """Make `int` mean SqliteId; called before any blueprint adds its routes."""
    app.url_map.converters["int"] = SqliteId
