"""Demo satisfaction data (issue #3 adds the seed's 695 paper slips)."""


def seed() -> None:
    """Add the demo's survey responses."""
