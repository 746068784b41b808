"""Minutes (biên bản) of an inspection as Word and PDF in the Nghị định 30/2020 layout.

It imports core, auth, forms, results (the tallies) and inspections.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the download routes, the `minutes` command and the link helper."""
    from minutes import commands, views

    app.register_blueprint(views.bp)
    commands.init_app(app)
    app.jinja_env.globals.update(minutes_links=views.minutes_links)
