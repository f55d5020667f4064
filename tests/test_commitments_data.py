"""The commitments ledger's data and the quantity vocabulary hold together.

- every commitment's delivery events exist and are of a type that can carry that kind of commitment;
- the coded stages of a series (e.g. the five body handovers of June 2025) add up to within the range
  of the totals that sources report for the whole series, so a stage that goes missing is noticed;
- every quantity name used anywhere is in the codebook's list (a new, unlisted name fails).
"""

from __future__ import annotations

import pandas as pd
import pytest

import istanbul_talks as it
from istanbul_talks.schema import Codebook

# Which event types can carry out which kind of commitment.
DELIVERING_TYPES = {
    "prisoner_exchange": {"prisoner_exchange"},
    "body_repatriation": {"body_repatriation"},
    "memorandum": {"memorandum"},
    "talks_round": {"talks_round"},
    "leaders_meeting": {"leaders_meeting"},
    "truce": {"ceasefire"},
    "working_groups": {"meeting", "other"},
    "other": None,  # anything
}


@pytest.fixture(scope="module")
def data():
    return it.load()


@pytest.fixture(scope="module")
def codebook():
    return Codebook.read()


def test_every_commitment_kind_has_a_rule_for_its_delivering_event_types(codebook):
    kinds = set(codebook.tables["commitments"].field("kind").enum)
    assert kinds == set(DELIVERING_TYPES)


def test_every_delivery_event_exists_and_fits_the_kind_of_commitment(data):
    events = data.events.set_index("event_id")
    kinds = data.commitments.set_index("commitment_id")["kind"].astype(str)
    problems = []
    for row in data.commitment_deliveries.itertuples():
        if row.event_id not in events.index:
            problems.append(f"{row.commitment_id}: {row.event_id} is not an event")
            continue
        allowed = DELIVERING_TYPES[kinds[row.commitment_id]]
        event_type = str(events.loc[row.event_id, "event_type"])
        if allowed is not None and event_type not in allowed:
            problems.append(f"{row.commitment_id}: {row.event_id} is a {event_type}, which cannot deliver a {kinds[row.commitment_id]}")
    assert problems == []


def test_no_delivery_happens_before_its_commitment_was_made(data):
    made = data.commitments.set_index("commitment_id")["date"]
    events = data.events.set_index("event_id")
    late = []
    for row in data.commitment_deliveries.itertuples():
        event = events.loc[row.event_id]
        # the latest day the delivery can have happened
        latest = event["date_end"] if pd.notna(event["date_end"]) else event["date"]
        if event["date_precision"] != "on_or_after" and pd.notna(latest) and latest < made[row.commitment_id]:
            late.append((row.commitment_id, row.event_id))
    assert late == []


def test_deliveries_are_stages_never_the_series_that_groups_them(data):
    parents = data.events.set_index("event_id")["parent_event_id"]
    for commitment_id, rows in data.commitment_deliveries.groupby("commitment_id"):
        linked = set(rows["event_id"])
        doubled = {e for e in linked if parents.get(e) in linked}
        assert not doubled, f"{commitment_id}: {doubled} and their series event are both linked (counted twice)"


def test_a_promised_amount_comes_with_its_unit(data):
    c = data.commitments
    assert (c["amount"].isna() | c["unit"].notna()).all()
    assert (c["quantity"].isna() | c["amount"].notna()).all()


def test_deadlines_do_not_precede_the_commitment(data):
    c = data.commitments.dropna(subset=["deadline"])
    assert (c["deadline"] >= c["date"]).all()


def _stage_sums(data, series_id: str, quantity: str) -> tuple[int, int, list[str]]:
    """Sum over the series' stages (children of the same event type) of each stage's lowest and highest value."""
    events = data.events
    kind = events.loc[events["event_id"] == series_id, "event_type"].iloc[0]
    stages = events.loc[(events["parent_event_id"] == series_id) & (events["event_type"] == kind), "event_id"].tolist()
    q = data.quantities[data.quantities["quantity"] == quantity]
    lows = highs = 0
    missing = []
    for stage in stages:
        values = q.loc[q["event_id"] == stage, "value"]
        if values.empty:
            missing.append(stage)
            continue
        lows += int(values.min())
        highs += int(values.max())
    return lows, highs, missing


def _reported_totals(data, series_id: str, quantity: str) -> pd.Series:
    q = data.quantities
    return q.loc[(q["event_id"] == series_id) & (q["quantity"] == quantity), "value"].astype(int)


def test_the_june_body_handovers_add_up_to_the_reported_total(data):
    """body_repatriation_6000: 6,057 (Ukraine) to 6,060 (Russia) reported; the stages must reach that range."""
    lows, highs, missing = _stage_sums(data, "body_repatriation_6000", "bodies_returned_to_ukraine")
    assert missing == [], f"stages with no number of bodies: {missing}"
    totals = _reported_totals(data, "body_repatriation_6000", "bodies_returned_to_ukraine")
    assert not totals.empty
    assert totals.min() <= highs and lows <= totals.max(), (
        f"coded handovers add up to {lows}-{highs}, reported totals are {totals.min()}-{totals.max()}: a handover is missing or wrong")


def test_every_series_with_numbered_stages_adds_up_where_totals_are_reported(data):
    """Generic form of the check above, for every series and every 'done' count."""
    names = pd.read_csv(it.REPO_ROOT / "data" / "quantity_names.csv", keep_default_na=False)
    done = names.loc[names["reported_as"] == "done", "quantity"]
    done = [n for n in done if not n.endswith("_cumulative") and n not in ("share_completed", "ukrainians_freed_since_march_2022")]
    series = data.events["parent_event_id"].dropna().unique()
    checked, problems = 0, []
    for series_id in series:
        for quantity in done:
            totals = _reported_totals(data, series_id, quantity)
            lows, highs, missing = _stage_sums(data, series_id, quantity)
            if totals.empty or missing:
                continue
            checked += 1
            if not (totals.min() <= highs and lows <= totals.max()):
                problems.append(f"{series_id} {quantity}: stages {lows}-{highs}, totals {totals.min()}-{totals.max()}")
    assert checked >= 2 and problems == []


def test_every_quantity_name_is_in_the_codebook_list(data, codebook):
    listed = set(codebook.tables["quantities"].field("quantity").enum)
    used = set(data.quantities["quantity"].astype(str)) | set(data.commitments["quantity"].dropna().astype(str))
    assert used - listed == set(), "quantity names not in the codebook's list (add them to quantity_names.csv and the enum)"


def test_the_codebook_list_and_quantity_names_csv_are_the_same_vocabulary(codebook):
    names = pd.read_csv(it.REPO_ROOT / "data" / "quantity_names.csv", keep_default_na=False)
    assert list(names["quantity"]) == list(codebook.tables["quantities"].field("quantity").enum)
    assert list(names["quantity"]) == list(codebook.tables["commitments"].field("quantity").enum)


def test_each_quantity_row_uses_its_names_unit(data):
    names = pd.read_csv(it.REPO_ROOT / "data" / "quantity_names.csv", keep_default_na=False).set_index("quantity")["unit"]
    q = data.quantities
    wrong = q[q["unit"].astype(str) != q["quantity"].astype(str).map(names)]
    assert wrong.empty, wrong[["event_id", "source_id", "quantity", "unit"]].to_string()
