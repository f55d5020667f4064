"""The dataset's own promises about evidence: key events are corroborated, disputes are kept."""

from __future__ import annotations

from loaded import real_data

from istanbul_talks import analysis

KEY_TYPES = ["talks_round", "prisoner_exchange", "body_repatriation", "memorandum"]


def key_event_support():
    data = real_data()
    key = data.events.loc[data.events["event_type"].isin(KEY_TYPES), "event_id"]
    return analysis.corroboration(data).reindex(key).fillna(0)


def test_every_round_exchange_and_memorandum_is_reported_by_two_independent_outlets():
    support = key_event_support()
    assert support[support["outlets"] < 2].index.tolist() == []


def test_every_round_exchange_and_memorandum_is_reported_by_outlets_of_two_sides():
    support = key_event_support()
    assert support[support["sides"] < 2].index.tolist() == []


def test_disagreeing_sources_are_all_kept():
    ranges = analysis.quantity_ranges(real_data())
    disputed = ranges[ranges["disputed"]]
    assert len(disputed) >= 5
    round_1 = ranges[(ranges["event_id"] == "istanbul_round_1") & (ranges["quantity"] == "duration")].iloc[0]
    assert round_1["low"] < round_1["high"] and round_1["sources"] >= 5


def test_outlets_of_every_side_are_represented():
    sides = set(analysis.sources_with_outlets(real_data())["outlet_side"])
    assert {"russia", "ukraine", "turkey", "international"} <= sides
