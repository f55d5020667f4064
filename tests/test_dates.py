"""Date resolution: the weekdays of the source article and how coded dates become intervals."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
from loaded import real_data

from istanbul_talks.dates import bounds, weekday_of, weekday_on_or_before


def test_the_articles_anchor_is_a_monday():
    # The article says the next round "is expected to be held on Monday, June 2": 2025 is the year
    # in which 2 June falls on a Monday, so the article is about 2025.
    assert weekday_of(date(2025, 6, 2)) == "Monday"
    assert [y for y in range(2022, 2028) if date(y, 6, 2).weekday() == 0] == [2025]


@pytest.mark.parametrize(("weekday", "expected"), [("Wednesday", date(2025, 5, 28)), ("Thursday", date(2025, 5, 29)), ("Friday", date(2025, 5, 30))])
def test_weekdays_resolve_to_the_week_before_the_round(weekday, expected):
    # Written between Friday 30 May and Sunday 1 June: any of those days gives the same answer.
    for written in (date(2025, 5, 30), date(2025, 5, 31), date(2025, 6, 1)):
        assert weekday_on_or_before(written, weekday) == expected


def test_a_weekday_on_the_anchor_day_is_that_day():
    assert weekday_on_or_before(date(2025, 5, 30), "friday") == date(2025, 5, 30)


WEEKDAY_NOTE = re.compile(r"'on (monday|tuesday|wednesday|thursday|friday|saturday|sunday)'", re.IGNORECASE)


def test_coded_weekday_dates_agree_with_the_resolver():
    """Wherever a date note resolves "on <weekday>", the coded date is that weekday in the week before publication."""
    data = real_data()
    sources = data.sources.set_index("source_id")
    latest = sources["published_end"].fillna(sources["published"])
    checked, wrong = 0, []
    for row in data.statements.itertuples():
        match = WEEKDAY_NOTE.search(row.date_note) if isinstance(row.date_note, str) else None
        if match and row.date_precision == "exact" and pd.notna(latest[row.source_id]):
            checked += 1
            expected = weekday_on_or_before(latest[row.source_id].date(), match.group(1))
            if row.date.date() != expected:
                wrong.append((row.statement_id, str(row.date.date()), str(expected)))
    assert wrong == []
    assert checked >= 6


def test_bounds_turn_precisions_into_intervals():
    d, e = pd.Timestamp("2025-05-16"), pd.Timestamp("2025-06-01")
    assert bounds(d, pd.NaT, "exact") == (d, d)
    assert bounds(d, e, "exact") == (d, e)
    assert bounds(d, e, "range") == (d, e)
    assert bounds(d, pd.NaT, "on_or_before") == (None, d)
    assert bounds(d, pd.NaT, "on_or_after") == (d, None)
    assert bounds(pd.NaT, pd.NaT, "unknown") == (None, None)
