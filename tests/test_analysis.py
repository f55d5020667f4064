"""Derived tables: planned against held, corroboration, positions and the agreement network."""

from __future__ import annotations

import pandas as pd
from loaded import real_data

from istanbul_talks import analysis


def test_planned_against_held_on_the_real_data():
    table = analysis.proposals_and_outcomes(real_data()).set_index("event_id")
    assert table.loc["putin_proposes_direct_talks", "verdict"] == "held 1 day later"  # proposed for 15 May, held 16 May
    assert table.loc["round2_proposal_lavrov", "verdict"] == "held as proposed"
    assert table.loc["zelensky_offers_to_meet_putin", "verdict"] == "not held"


def test_verdicts_cover_windows_deadlines_and_early_events():
    row = lambda **k: pd.Series({"outcome_id": "x", "outcome_status": "held", "proposed_for": pd.NaT, "proposed_for_end": pd.NaT, **k})  # noqa: E731
    day = pd.Timestamp
    assert analysis._verdict(row(proposed_for=day("2025-06-20"), proposed_for_end=day("2025-06-30"), held_on=day("2025-06-25"))) == "held as proposed"
    assert analysis._verdict(row(proposed_for_end=day("2025-08-31"), held_on=day("2025-09-02"))) == "held 2 days later"
    assert analysis._verdict(row(proposed_for=day("2025-06-02"), held_on=day("2025-05-30"))) == "held 3 days earlier"
    assert analysis._verdict(row(proposed_for=day("2025-06-02"), held_on=day("2025-06-02"), outcome_status="planned")) == "not held"


def test_agreement_edges_link_same_stances_and_support_against_oppose_only():
    statements = pd.DataFrame({
        "statement_id": list("abcdef"),
        "principal_id": ["x", "y", "z", "x", "y", "z"],
        "topic_id": ["t1", "t1", "t1", "t2", "t2", "t2"],
        "stance": pd.Categorical(["support", "support", "oppose", "conditional", "oppose", "neutral"]),
        "score": [1.0, 1.0, -1.0, 0.5, -1.0, 0.0],
    })
    edges = analysis.agreement_edges(statements)
    assert set(map(tuple, edges[["a", "b", "relation", "topics"]].to_numpy())) == {
        ("x", "y", "agree", "t1"), ("x", "z", "conflict", "t1"), ("y", "z", "conflict", "t1")}


def test_modal_stance_reports_ties_as_mixed():
    assert analysis.modal_stance(pd.Series(["support", "oppose"])) == "mixed"
    assert analysis.modal_stance(pd.Series(["support", "oppose", "support"])) == "support"


def test_corroboration_counts_outlets_not_pages():
    data = real_data()
    table = analysis.corroboration(data)
    reports = data.event_sources.merge(data.sources[["source_id", "outlet_id"]], on="source_id")
    expected = reports.groupby("event_id")["outlet_id"].nunique()
    assert (table["outlets"] == expected.reindex(table.index)).all()
