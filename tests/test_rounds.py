"""The rounds table and lead times: from the proposal, not from the first report."""

from __future__ import annotations

import pandas as pd

import istanbul_talks as it
from istanbul_talks import analysis, rounds
from istanbul_talks.tables import Dataset


def fixture():
    events = pd.DataFrame({
        "event_id": ["proposal_1", "round_1", "leaders", "swap", "proposal_2", "round_2"],
        "date": pd.to_datetime(["2025-05-11", "2025-05-16", "2025-05-16", "2025-05-23", "2025-05-28", "2025-06-02"]),
        "date_end": pd.NaT, "date_precision": "exact",
        "status": ["proposed", "held", "proposed", "held", "proposed", "held"],
        "event_type": ["proposal", "talks_round", "proposal", "prisoner_exchange", "proposal", "talks_round"],
        "title": ["Putin proposes talks", "Round 1", "Leaders' meeting", "Swap", "Lavrov proposes round 2", "Round 2"],
        "parent_event_id": pd.array([None, "proposal_1", "round_1", "round_1", "round_1", "proposal_2"], dtype="string"),
        "proposed_for": pd.to_datetime(["2025-05-15", None, None, None, "2025-06-02", None]),
        "proposed_for_end": pd.NaT,
    })
    return Dataset(
        events=events,
        actors=pd.DataFrame({"actor_id": ["putin", "medinsky", "umerov", "lavrov"], "name": ["Putin", "Medinsky", "Umerov", "Lavrov"]}),
        event_actors=pd.DataFrame({"event_id": ["round_1", "round_1", "round_2", "proposal_2"], "actor_id": ["medinsky", "umerov", "medinsky", "lavrov"],
                                   "role": ["head of delegation", "head of delegation", "head of delegation", "proposer"]}),
        statements=pd.DataFrame({"statement_id": ["s1"], "actor_id": ["putin"], "on_behalf_of": pd.array([None], dtype="string"),
                                 "date": pd.to_datetime(["2025-05-11"]), "topic_id": ["direct_talks"], "stance": ["support"], "event_id": ["proposal_1"]}),
        quantities=pd.DataFrame({"event_id": ["round_1"] * 3, "source_id": ["a", "b", "c"], "quantity": "duration", "value": [60, 110, 120], "unit": "minutes"}),
        commitments=pd.DataFrame({"commitment_id": ["c_swap", "c_memo"], "event_id": ["round_1", "round_1"], "description": ["swap", "memos"]}),
    )


def test_lead_time_runs_from_the_proposal_round_1_proposed_11_may_for_15_may_held_16_may():
    table = rounds.rounds_table(fixture()).set_index("event_id")
    row = table.loc["round_1"]
    assert row["proposed_on"] == pd.Timestamp("2025-05-11") and row["lead_days"] == 5 and row["off_by_days"] == 1
    assert row["proposed_by"] == "Putin"  # no proposer role coded: the first backer on the proposal's day
    assert table.loc["round_2", "proposed_by"] == "Lavrov" and table.loc["round_2", "off_by_days"] == 0


def test_heads_durations_agreed_and_open():
    ledger = pd.DataFrame({"commitment_id": ["c_swap", "c_memo"], "status": ["complete", "partial"]})
    row = rounds.rounds_table(fixture(), ledger).set_index("event_id").loc["round_1"]
    assert row["heads_of_delegation"] == "Medinsky, Umerov"
    assert (row["duration_median"], row["duration_low"], row["duration_high"], row["duration_sources"]) == (110, 60, 120, 3)
    assert (row["agreed"], row["open_ids"]) == (2, "c_memo")
    assert row["proposals_not_held_ids"] == "leaders"  # Lavrov's proposal became round 2: not open


def test_events_with_reports_measure_lead_from_the_proposal_on_the_real_data():
    events = analysis.events_with_reports(it.load()).set_index("event_id")
    first = events.loc["istanbul_round_1"]
    assert first["proposed_on"] == pd.Timestamp("2025-05-11") and first["lead_days"] == 5  # first report was only 15 May
    assert (events["lead_days"].dropna() >= 0).all(), "an event reported only after it began is not 'known ahead'"


def test_a_round_inside_the_proposed_window_is_not_late():
    assert rounds._off_by(pd.Timestamp("2025-07-23"), pd.Timestamp("2025-07-21"), pd.Timestamp("2025-07-27")) == 0
    assert rounds._off_by(pd.Timestamp("2025-09-02"), pd.NaT, pd.Timestamp("2025-08-31")) == 2
    assert rounds._off_by(pd.Timestamp("2025-05-30"), pd.Timestamp("2025-06-02"), pd.NaT) == -3
