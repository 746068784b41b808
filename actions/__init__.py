"""Corrective actions: what an inspection asks the inspected unit to fix, tracked to closure.

It imports core, auth, inspections (the finalise hook) and minutes (the layout).
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the schema, the finalise hook, the pages, the minutes' section and commands."""
    from actions import commands, documents, migrations, store, views
    from core import db
    from inspections import store as inspection_store
    from minutes import model as minutes_model

    # Days from finalising to an action's default deadline; the team changes it per action.
    app.config.setdefault("ACTION_DUE_DAYS", 60)
    # Words that make a note on a met item ask for a fix (unconfirmed rule: a setting).
    app.config.setdefault(
        "ACTION_NOTE_WORDS", ["cần", "đề nghị", "yêu cầu", "khắc phục", "bổ sung", "chấn chỉnh"]
    )
    db.register_schema(migrations.migrations)
    if store.create_for_inspection not in inspection_store.FINALISE_HOOKS:
        inspection_store.FINALISE_HOOKS.append(store.create_for_inspection)
    minutes_model.provide_recommendations(documents.recommendation_blocks)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(prior_actions=views.prior_actions)
    commands.init_app(app)
