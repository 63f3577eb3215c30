"""Dates as authors write them: ``1920``, ``1920-06`` or ``1920-06-05``."""

from __future__ import annotations

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_date(date: str) -> str:
    """``1920-06-05`` as ``5 June 1920``; partial dates stay partial; empty stays empty."""
    parts = date.split("-") if date else []
    if len(parts) < 2:
        return date
    month = MONTHS[int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def date_key(date: str) -> tuple[float, float, float]:
    """A sort key that places a partial date in the middle of its period.

    ``1921`` means "some time in 1921", so it sorts at mid-year rather than before January;
    ``1920-06`` sorts mid-June. An empty date sorts last.
    """
    if not date:
        return (float("inf"), 0.0, 0.0)
    parts = [int(part) for part in date.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 6.5
    day = parts[2] if len(parts) > 2 else 15.5
    return (year, month, day)
