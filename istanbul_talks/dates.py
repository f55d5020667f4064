"""Dates as the sources give them: weekdays, ranges and bounds.

Reports say "on Friday" or "earlier this month"; the dataset stores a resolved ISO date plus its
precision and a note. These helpers do the resolving the same way every time, and turn a coded
date into the interval a chart should draw.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday_on_or_before(anchor: date, weekday: str) -> date:
    """The latest ``weekday`` on or before ``anchor``: "on Friday" in a text written on ``anchor``."""
    target = WEEKDAYS.index(weekday.lower())
    return anchor - timedelta(days=(anchor.weekday() - target) % 7)


def weekday_of(day: date) -> str:
    return WEEKDAYS[day.weekday()].capitalize()


def bounds(start, end, precision: str) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """Earliest and latest day a coded date allows (None where unbounded or unknown).

    An exact date with an end is a multi-day event; a range is one unknown day between the two.
    Both draw as an interval; a bound ("on or before") draws as an open interval.
    """
    start = None if pd.isna(start) else pd.Timestamp(start)
    end = None if pd.isna(end) else pd.Timestamp(end)
    if precision in ("exact", "range"):
        return start, end if end is not None else start
    if precision == "on_or_before":
        return None, start
    if precision == "on_or_after":
        return start, None
    return None, None
