"""Results pages (issue #3)."""

from flask import Blueprint

bp = Blueprint("results", __name__, url_prefix="/staff/results")
