"""The unit tree (tỉnh > huyện > xã, or tỉnh > xã since July 2025) and its counters."""

from dataclasses import dataclass

from core.db import get_db, rows_by_name, write_transaction


@dataclass(frozen=True)
class Unit:
    """An administrative unit: a province, district or commune People's Committee."""

    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    path: str

    def contains(self, other: "Unit") -> bool:
        """Whether other is this unit or lies below it."""
        return other.path.startswith(self.path)


UNIT_COLUMNS = "id, code, name, level, parent_id, path"


def get_unit(unit_id: int) -> Unit | None:
    """A unit by id."""
    row = rows_by_name(
        get_db(),
        f"SELECT {UNIT_COLUMNS} FROM units WHERE id = ?",  # noqa: S608 - columns are constants
        [unit_id],
    ).fetchone()
    return Unit(**row) if row else None


def get_unit_by_code(code: str) -> Unit | None:
    """A unit by its public code, as printed in QR URLs."""
    row = rows_by_name(
        get_db(),
        f"SELECT {UNIT_COLUMNS} FROM units WHERE code = ?",  # noqa: S608 - columns are constants
        [code],
    ).fetchone()
    return Unit(**row) if row else None


def subtree(unit: Unit) -> list[Unit]:
    """The unit and every unit below it, parents before children."""
    rows = rows_by_name(
        get_db(),
        f"SELECT {UNIT_COLUMNS} FROM units WHERE path LIKE ? ORDER BY path",  # noqa: S608 - columns are constants
        [unit.path + "%"],
    )
    return [Unit(**row) for row in rows]


def roots() -> list[Unit]:
    """The units at the top of the tree: publishing to them is publishing to all."""
    return [
        Unit(*row)
        for row in get_db().execute(
            f"SELECT {UNIT_COLUMNS} FROM units WHERE parent_id IS NULL ORDER BY path"  # noqa: S608 - columns are constants
        )
    ]


def children(unit: Unit) -> list[Unit]:
    """The units directly below a unit."""
    rows = rows_by_name(
        get_db(),
        f"SELECT {UNIT_COLUMNS} FROM units WHERE parent_id = ? ORDER BY name",  # noqa: S608 - columns are constants
        [unit.id],
    )
    return [Unit(**row) for row in rows]


def ancestors(unit: Unit) -> list[Unit]:
    """The units above a unit, from the top down (for document headers)."""
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1]]
    found = {u.id: u for u in map(get_unit, ids) if u}
    return [found[i] for i in ids if i in found]


def add_unit(code: str, name: str, level: str, parent: Unit | None = None) -> Unit:
    """Create a unit below a parent and fill in its path."""
    db = get_db()
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO units (code, name, level, parent_id) VALUES (?, ?, ?, ?)",
            [code, name, level, parent.id if parent else None],
        )
        unit_id = cursor.lastrowid
        path = f"{parent.path if parent else '/'}{unit_id}/"
        db.execute("UPDATE units SET path = ? WHERE id = ?", [path, unit_id])
    return Unit(unit_id, code, name, level, parent.id if parent else None, path)


@dataclass(frozen=True)
class Counter:
    """A counter (quầy) of a unit's one-stop shop."""

    id: int
    unit_id: int
    code: str
    name: str


COUNTER_COLUMNS = "id, unit_id, code, name"


def counters(unit: Unit, active_only: bool = True) -> list[Counter]:
    """A unit's counters in their display order."""
    rows = rows_by_name(
        get_db(),
        f"SELECT {COUNTER_COLUMNS} FROM counters WHERE unit_id = ?"  # noqa: S608 - columns and filter are constants
        + (" AND active = 1" if active_only else "")
        + " ORDER BY position, id",
        [unit.id],
    )
    return [Counter(**row) for row in rows]


def get_counter(unit: Unit, code: str) -> Counter | None:
    """An active counter of a unit by its code."""
    row = rows_by_name(
        get_db(),
        f"SELECT {COUNTER_COLUMNS} FROM counters WHERE unit_id = ? AND code = ? AND active = 1",  # noqa: S608 - columns are constants
        [unit.id, code],
    ).fetchone()
    return Counter(**row) if row else None


def add_counter(unit: Unit, code: str, name: str, position: int = 0) -> Counter:
    """Create a counter for a unit."""
    cursor = get_db().execute(
        "INSERT INTO counters (unit_id, code, name, position) VALUES (?, ?, ?, ?)",
        [unit.id, code, name, position],
    )
    return Counter(cursor.lastrowid, unit.id, code, name)
