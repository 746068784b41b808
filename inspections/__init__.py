"""Inspections: checklists ticked on tablets, team, photos, finalising."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the inspections blueprint."""
    from inspections import views

    app.register_blueprint(views.bp)
