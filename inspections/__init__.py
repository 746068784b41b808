"""Inspections: checklists ticked on tablets, team, photos, finalising.

It imports core and auth; the parts that follow an inspection up hook into it.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the inspections blueprint, its template filters and its commands."""
    from core import db, guards
    from inspections import (
        commands,
        definition_commands,
        filters,
        migrations,
        registry,
        tablet,
        views,
    )

    db.register_schema(migrations.migrations, after=registry.after_migrations)
    registry.init_app(app)
    guards.takes_json(tablet.save_item)
    assert tablet.bp is views.bp  # the tablet routes live on the same blueprint
    app.register_blueprint(views.bp)
    filters.init_app(app)
    commands.init_app(app)
    definition_commands.init_app(app)
