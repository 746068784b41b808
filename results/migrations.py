"""Schema additions of the results part (indexes for tallies at scale)."""

from sqlite_utils import Migrations

migrations = Migrations("results")
