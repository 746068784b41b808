"""The citizen forms: definitions, the public form pages and their submissions."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the citizen form blueprint."""
    from forms import registry, views

    registry.init_app(app)
    app.register_blueprint(views.bp)
