"""Phases: every day of the process falls in exactly one phase, boundaries included."""

from __future__ import annotations

import pandas as pd

import istanbul_talks as it
from istanbul_talks.phases import labels, phase_categories, phase_of

PHASES = pd.DataFrame({
    "phase_id": ["pre_talks", "round_1", "later"],
    "label": ["Before", "Round 1", "Later"],
    "start": pd.to_datetime(["2025-05-10", "2025-05-16", "2025-06-01"]),
    "end": pd.to_datetime(["2025-05-15", "2025-05-31", None]),
})


def test_boundaries_are_inclusive_and_the_last_phase_is_open():
    days = pd.to_datetime(["2025-05-10", "2025-05-15", "2025-05-16", "2025-05-31", "2025-06-01", "2030-01-01"])
    assert phase_of(days, PHASES).tolist() == ["pre_talks", "pre_talks", "round_1", "round_1", "later", "later"]


def test_missing_and_earlier_dates_have_no_phase():
    days = pd.Series(pd.to_datetime([None, "2025-05-09"]))
    assert phase_of(days, PHASES).isna().all()


def test_categories_follow_time_not_the_alphabet():
    shuffled = PHASES.iloc[[2, 0, 1]]
    assert list(phase_categories(shuffled).categories) == ["pre_talks", "round_1", "later"]
    assert labels(PHASES)["round_1"] == "Round 1"


def test_the_real_phases_put_each_round_in_its_own_phase():
    data = it.load()
    rounds = data.events.set_index("event_id").loc[["istanbul_round_1", "istanbul_round_2", "istanbul_round_3"], "date"]
    assert phase_of(rounds, data.phases).tolist() == ["round_1", "round_2", "round_3"]
    dated = data.events["date"].dropna()
    assert phase_of(dated, data.phases).notna().all(), "every dated event falls in a phase"
