"""Inspection pages (issue #4)."""

from flask import Blueprint

bp = Blueprint("inspections", __name__, url_prefix="/staff/inspections")
