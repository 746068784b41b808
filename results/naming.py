"""Export file names: ASCII slugs of unit, form and period (issue #14, item 3)."""

from __future__ import annotations

from urllib.parse import quote

from core.units import Unit
from results.periods import Period


def export_name(unit: Unit, form, period: Period, fmt: str) -> str:
    """ket-qua-ngoc-ky-hai-long-2022.xlsx: which unit, form and period, readable in a folder."""
    # Unit codes and form slugs are ASCII already (they are in the citizens' URLs).
    return f"ket-qua-{unit.code}-{form.slug}-{period.slug}.{fmt}"


def attachment(name: str) -> str:
    """A Content-Disposition naming the file both ways (RFC 6266: filename and filename*)."""
    plain = name.encode("ascii", "replace").decode().replace('"', "")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
