"""The kernel: database and migrations, definitions and versions, units, audit, limits, i18n,
errors and request guards.

It imports Flask and its extensions, never a feature package (forms, inspections,
results, minutes, auth, admin) and never app.py.
"""
