"""Satisfaction results: tallies, charts, exports and paper slips."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the results blueprint."""
    from results import views

    app.register_blueprint(views.bp)
