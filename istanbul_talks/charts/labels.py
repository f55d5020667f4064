"""One vocabulary for every chart and finding: dates, sides, quantities, event titles.

Dates: a day is "16 May 2025", a month "May 2025" (ticks, hover text and findings alike).
Sides: ``palette.side_label``. Quantities: ids turned into words with sides named as labels.
Event titles: unique (a repeated title gets its date) and wrapped rather than cut.
"""

from __future__ import annotations

import math
import re
import textwrap

import matplotlib.dates as mdates
import pandas as pd

from .palette import SIDE_LABELS

DAY_FORMAT = "%-d %b %Y"
MONTH_FORMAT = "%b %Y"
SIDE_WORDS = {"russia": "Russia", "ukraine": "Ukraine", "turkey": "Türkiye", "usa": "the United States", "russian": "Russian",
              "ukrainian": "Ukrainian", "ukrainians": "Ukrainians", "medinsky": "Medinsky", "umerov": "Umerov", "mod": "MoD",
              "kursk": "Kursk", "pows": "POWs", "march": "March"}


def day(value) -> str:
    """'16 May 2025'; 'unknown' for a missing date."""
    return "unknown" if value is None or pd.isna(value) else pd.Timestamp(value).strftime(DAY_FORMAT)


def month(value) -> str:
    return "unknown" if value is None or pd.isna(value) else pd.Timestamp(value).strftime(MONTH_FORMAT)


def words(identifier) -> str:
    """An id as words, with sides and names capitalised: 'bodies_returned_to_ukraine' -> 'bodies returned to Ukraine'."""
    text = str(identifier).replace("_", " ")
    return re.sub(r"\b[a-z]+\b", lambda m: SIDE_WORDS.get(m.group(0), m.group(0)), text)


def sides(value) -> str:
    return SIDE_LABELS.get(str(value), words(value))


def clock(minutes) -> str:
    """Minutes after midnight as a clock time: 810 -> '13:30'."""
    minutes = int(round(float(minutes)))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def is_clock(unit) -> bool:
    return str(unit).startswith("minutes after")


def amount(value, unit) -> str:
    """A reported number in words a reader expects: clock times as times, large numbers with separators."""
    if is_clock(unit):
        zone = re.search(r"\((UTC[^)]*)\)", str(unit))
        return clock(value) + (f" ({zone.group(1)})" if zone else "")
    number = float(value)
    shown = f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"
    return f"{shown} {unit}"


def unique_titles(titles, dates) -> list[str]:
    """Titles with the date added to any title that occurs more than once."""
    titles = [str(t) for t in titles]
    counts = pd.Series(titles).value_counts()
    return [f"{t} ({day(d)})" if counts[t] > 1 else t for t, d in zip(titles, dates, strict=True)]


def wrap(text, width: int = 48, max_lines: int = 4) -> str:
    """Wrap a label onto lines of ``width`` characters. Real titles fit in ``max_lines``; only text
    longer than that (never seen in the data, but a report could carry it) loses its end to "…"."""
    lines = textwrap.wrap(str(text), width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def date_axis(ax, dates=None, axis: str = "x") -> None:
    """Ticks in the one date format: months ("May 2025") when the data span two months or more,
    otherwise days ("16 May 2025")."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    values = pd.to_datetime(pd.Series(list(dates) if dates is not None else []), errors="coerce").dropna()
    span_days = (values.max() - values.min()).days if len(values) else 365
    if span_days >= 60:
        step = max(1, math.ceil(span_days / 30.4 / 8))
        target.set_major_locator(mdates.MonthLocator(interval=step))
        target.set_major_formatter(mdates.DateFormatter(MONTH_FORMAT))
    else:
        target.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
        target.set_major_formatter(mdates.DateFormatter(DAY_FORMAT))
