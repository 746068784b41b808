"""Inspections: checklists ticked on tablets, team, photos, finalising."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the inspections blueprint, its template filters and its commands."""
    from inspections import commands, filters, registry, tablet, views

    registry.init_app(app)
    assert tablet.bp is views.bp  # the tablet routes live on the same blueprint
    app.register_blueprint(views.bp)
    filters.init_app(app)
    commands.init_app(app)
