"""The counter kiosk (issue #17): a tablet at each counter that citizens rate on.

It imports core, auth, forms (storing a rating) and results (the officers' counts).
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the kiosk's tables, its device and staff pages, and kiosk-pair."""
    from core import db, guards
    from kiosk import commands, migrations, staff, views

    db.register_schema(migrations.migrations)
    app.register_blueprint(views.bp)
    app.register_blueprint(staff.bp)
    # The rating is posted as JSON by the kiosk's script, possibly hours after the
    # page was served (kept through an outage): no CSRF token could still be
    # valid. The credential cookie is SameSite=Strict and the view refuses a
    # foreign Origin; JSON from a form cannot be sent across sites without CORS.
    app.extensions["csrf"].exempt(views.rate)
    guards.takes_json(views.rate)
    commands.init_app(app)
