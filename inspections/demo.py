"""Demo inspections (issue #4 adds the 2022 self-inspection of Ngọc Kỳ)."""


def seed() -> None:
    """Add the demo inspections."""
