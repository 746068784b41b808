"""Public citizen form pages (filled in by issue #2's work)."""

from flask import Blueprint, jsonify

from db import get_db

bp = Blueprint("forms", __name__)


@bp.route("/healthz")
def healthz():
    """Answer ok when the database is reachable."""
    get_db().execute("SELECT 1").fetchone()
    return jsonify(status="ok")
