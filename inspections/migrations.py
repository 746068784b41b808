"""Schema of inspections: checklists, inspections, team, item results, photos."""

from sqlite_utils import Migrations

migrations = Migrations("inspections")
