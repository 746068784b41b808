"""The citizen forms: definitions, the public form pages and their submissions.

It imports the kernel (core) and auth's access checks; no other part.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the citizen form blueprint, the QR pages and the qr command."""
    from core import db, guards
    from forms import commands, definition_commands, migrations, posters, registry, views

    db.register_schema(migrations.migrations, after=registry.after_migrations)
    registry.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(posters.bp)
    # The form view checks its token itself, so that an expired token gives
    # the citizen their answers back instead of an error page (issue #2).
    # It refuses every malformed body itself (citizen_input.read_posted).
    app.extensions["csrf"].exempt(views.fill)
    guards.checks_own_body(views.fill)
    commands.init_app(app)
    definition_commands.init_app(app)
