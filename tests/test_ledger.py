"""The commitments ledger on tiny hand-made data: status, lags, sides, and parts against totals."""

from __future__ import annotations

import pandas as pd
import pytest

from istanbul_talks import ledger as lg
from istanbul_talks.tables import Dataset


def events(*rows):
    """rows: (event_id, date, date_end, status, event_type, parent_event_id)."""
    frame = pd.DataFrame(rows, columns=["event_id", "date", "date_end", "status", "event_type", "parent_event_id"])
    for column in ("date", "date_end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame.astype({"parent_event_id": "string"})


def commitments(*rows):
    """rows: (commitment_id, event_id, date, kind, quantity, amount, deadline)."""
    frame = pd.DataFrame(rows, columns=["commitment_id", "event_id", "date", "kind", "quantity", "amount", "deadline"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["deadline"] = pd.to_datetime(frame["deadline"])
    return frame.assign(made_by="russia", made_to="ukraine", unit="people").astype({"amount": "Int64", "quantity": "string"})


def quantities(*rows):
    """rows: (event_id, source_id, quantity, value)."""
    return pd.DataFrame(rows, columns=["event_id", "source_id", "quantity", "value"]).assign(unit="people", note=pd.NA).astype({"value": "Int64"})


EVENTS = events(
    ("round", "2025-06-02", None, "held", "talks_round", None),
    ("bodies", "2025-06-11", "2025-06-16", "held", "body_repatriation", "round"),
    ("stage_1", "2025-06-11", None, "held", "body_repatriation", "bodies"),
    ("stage_2", "2025-06-13", None, "held", "body_repatriation", "bodies"),
    ("stage_3", "2025-06-16", None, "held", "body_repatriation", "bodies"),
    ("dispute", "2025-06-07", None, "held", "other", "bodies"),  # not a stage: another type
    ("swap", "2025-07-25", None, "partly_held", "prisoner_exchange", "round"),
    ("memo", "2025-06-02", None, "held", "memorandum", "round"),
    ("truce", None, None, "proposed", "ceasefire", "round"),
    ("contested", "2025-06-20", None, "disputed", "prisoner_exchange", "round"),
)
QUANTITIES = quantities(
    ("bodies", "a", "bodies_returned_to_ukraine", 6000), ("bodies", "b", "bodies_returned_to_ukraine", 6060),
    ("bodies", "b", "bodies_returned_to_russia", 78),
    ("stage_1", "a", "bodies_returned_to_ukraine", 1212), ("stage_1", "c", "bodies_returned_to_ukraine", 1212),
    ("stage_2", "a", "bodies_returned_to_ukraine", 1200), ("stage_3", "d", "bodies_returned_to_ukraine", 1245),
    ("stage_3", "e", "bodies_returned_to_ukraine", 1248),
    ("swap", "a", "prisoners_each_side", 250), ("swap", "b", "prisoners_each_side", 360),
    ("contested", "a", "prisoners_each_side", 100),
)


def dataset(deliveries, quantities_=QUANTITIES, events_=EVENTS):
    return Dataset(
        events=events_, quantities=quantities_,
        commitments=commitments(
            ("c_bodies", "round", "2025-06-02", "body_repatriation", "bodies_returned_to_ukraine", 6000, None),
            ("c_swap", "round", "2025-06-02", "prisoner_exchange", "prisoners_each_side", 1200, "2025-08-31"),
            ("c_memo", "round", None, "memorandum", None, None, None),
            ("c_truce", "round", "2025-06-02", "truce", None, None, None),
            ("c_contested", "round", "2025-06-02", "prisoner_exchange", "prisoners_each_side", 100, None),
        ),
        commitment_deliveries=pd.DataFrame(deliveries, columns=["commitment_id", "event_id"]).assign(note=pd.NA),
    )


STAGES = [("c_bodies", "stage_1"), ("c_bodies", "stage_2"), ("c_bodies", "stage_3")]
ALL = [*STAGES, ("c_swap", "swap"), ("c_memo", "memo"), ("c_truce", "truce"), ("c_contested", "contested")]


@pytest.fixture
def table():
    return lg.ledger(dataset(ALL)).set_index("commitment_id")


def test_quantity_names_say_whose_count_it_is():
    assert lg.counted_for("prisoners_each_side") == "each side"
    assert lg.counted_for("bodies_returned_to_ukraine") == "ukraine"
    assert lg.mirrored("bodies_returned_to_ukraine") == "bodies_returned_to_russia"
    assert lg.mirrored("prisoners_each_side") is None


def test_listed_stages_are_parts_and_their_series_gives_the_totals():
    links = lg.delivery_events(dataset(ALL))
    bodies = links[links["commitment_id"] == "c_bodies"].set_index("event_id")["role"].to_dict()
    assert bodies == {"bodies": "total", "stage_1": "part", "stage_2": "part", "stage_3": "part"}
    swap = links[links["commitment_id"] == "c_swap"].set_index("event_id")["role"].to_dict()
    assert swap == {"swap": "part"}  # its parent is the round, another event type: no total


def test_status_complete_partial_none_disputed(table):
    assert table.loc["c_bodies", "status"] == "complete"  # lowest total 6,000 reaches 6,000
    assert table.loc["c_swap", "status"] == "partial"  # 250-360 of 1,200, event partly held
    assert table.loc["c_memo", "status"] == "complete"  # no number promised, its event held
    assert table.loc["c_truce", "status"] == "none"  # only proposed
    assert table.loc["c_contested", "status"] == "disputed"  # the event is coded disputed


def test_sources_range_straddling_the_amount_is_disputed():
    data = dataset(ALL)
    data["commitments"].loc[data["commitments"]["commitment_id"] == "c_bodies", "amount"] = 6050
    assert lg.ledger(data).set_index("commitment_id").loc["c_bodies", "status"] == "disputed"  # 6,000 says short, 6,060 says done


def test_lags_dates_and_amounts_keep_the_sources_range(table):
    bodies = table.loc["c_bodies"]
    assert (bodies["first_delivery"], bodies["last_delivery"]) == (pd.Timestamp("2025-06-11"), pd.Timestamp("2025-06-16"))
    assert (bodies["lag_first"], bodies["lag_last"]) == (9, 14)
    assert (bodies["delivered_low"], bodies["delivered_high"], bodies["delivered_from"]) == (6000, 6060, "totals")
    assert (bodies["other_side_low"], bodies["other_side_high"]) == (78, 78)  # bodies returned to Russia
    assert bodies["sources"] == 5 and bodies["counted_for"] == "ukraine" and bodies["measured"]
    swap = table.loc["c_swap"]
    assert (swap["delivered_from"], swap["share_low"], swap["share_high"]) == ("parts", 250 / 1200, 0.3)
    assert swap["lag_first"] == 53 and swap["deadline_met"] is True
    assert table.loc["c_memo", "lag_first"] == 0  # memorandums handed over at the round where they were promised


def test_a_commitment_without_a_date_takes_its_events_date(table):
    assert table.loc["c_memo", "promised_on"] == pd.Timestamp("2025-06-02")


def test_parts_that_add_up_are_not_flagged():
    check = lg.parts_vs_totals(dataset(ALL)).set_index("commitment_id")
    row = check.loc["c_bodies"]
    assert (row["parts_low"], row["parts_high"], row["parts"], row["flag"]) == (3657, 3660, 3, True)  # three stages: 6,000 not reached


def test_unnumbered_deliveries_make_a_lower_bound_and_the_status_follows_the_events():
    numbers = QUANTITIES[QUANTITIES["event_id"] != "swap"]
    numbers = pd.concat([numbers, quantities(("swap", "a", "prisoners_each_side", 250))], ignore_index=True)
    two = pd.concat([EVENTS, events(("swap_2", "2025-08-01", None, "held", "prisoner_exchange", "round"))], ignore_index=True)
    two.loc[two["event_id"] == "swap", "status"] = "held"
    row = lg.ledger(dataset([*ALL, ("c_swap", "swap_2")], numbers, two)).set_index("commitment_id").loc["c_swap"]
    assert (row["delivered_low"], row["measured"], row["deliveries_without_number"]) == (250, False, 1)
    assert row["status"] == "complete"  # both deliveries held; 250 is only a lower bound


def test_parts_vs_totals_catches_a_missing_part():
    complete = pd.concat([EVENTS, events(("stage_4", "2025-06-14", None, "held", "body_repatriation", "bodies"),
                                         ("stage_5", "2025-06-15", None, "held", "body_repatriation", "bodies"))], ignore_index=True)
    five = [*ALL, ("c_bodies", "stage_4"), ("c_bodies", "stage_5")]
    numbers = pd.concat([QUANTITIES, quantities(("stage_4", "f", "bodies_returned_to_ukraine", 1200), ("stage_5", "f", "bodies_returned_to_ukraine", 1200))],
                        ignore_index=True)
    check = lg.parts_vs_totals(dataset(five, numbers, complete)).set_index("commitment_id")
    assert not check.loc["c_bodies", "flag"] and check.loc["c_bodies", "parts_low"] == 6057  # 6,057-6,060 overlaps 6,000-6,060
    four = [link for link in five if link[1] != "stage_5"]
    missing = lg.parts_vs_totals(dataset(four, numbers[numbers["event_id"] != "stage_5"], complete[complete["event_id"] != "stage_5"]))
    row = missing.set_index("commitment_id").loc["c_bodies"]
    assert row["flag"] and row["missing"] == 6000 - 4860


def test_on_the_real_data_dropping_one_june_handover_is_caught():
    import istanbul_talks as it

    data = it.load()
    assert not lg.parts_vs_totals(data).set_index("commitment_id").loc["r2_bodies_6000_to_ukraine", "flag"]
    links = data.commitment_deliveries
    data["commitment_deliveries"] = links[~((links["commitment_id"] == "r2_bodies_6000_to_ukraine") & (links["event_id"] == "body_repatriation_2025_06_14"))]
    assert lg.parts_vs_totals(data).set_index("commitment_id").loc["r2_bodies_6000_to_ukraine", "flag"]


def test_a_disputed_series_makes_its_commitment_disputed():
    disputed = EVENTS.copy()
    disputed.loc[disputed["event_id"] == "bodies", "status"] = "disputed"
    assert lg.ledger(dataset(ALL, events_=disputed)).set_index("commitment_id").loc["c_bodies", "status"] == "disputed"


def test_promises_are_counted_by_kind_group_and_status():
    book = pd.DataFrame({"commitment_id": ["a", "b", "c", "d"], "kind": ["prisoner_exchange", "body_repatriation", "truce", "leaders_meeting"],
                         "status": ["complete", "partial", "none", "none"]})
    counts = lg.status_by_kind(book)
    assert list(counts.index) == list(lg.KIND_GROUPS)  # every group listed, in order, even an empty one
    people = counts.loc["Prisoners and bodies"]
    assert (people["complete"], people["partial"], people["none"], people["total"], people["commitments"]) == (1, 1, 0, 2, "a, b")
    settlement = counts.loc["Toward a settlement: leaders' meetings, truces, working groups"]
    assert (settlement["none"], settlement["total"]) == (2, 2)
    assert counts.loc["Other", "total"] == 0 and counts["total"].sum() == len(book)


def test_a_kind_in_no_group_is_an_error_not_a_lost_row():
    book = pd.DataFrame({"commitment_id": ["a"], "kind": ["referendum"], "status": ["none"]})
    with pytest.raises(ValueError, match="referendum"):
        lg.status_by_kind(book)


def test_every_kind_the_codebook_allows_is_in_exactly_one_group():
    import json

    from istanbul_talks.paths import REPO_ROOT

    package = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    table = next(r for r in package["resources"] if r["name"] == "commitments")
    allowed = next(f for f in table["schema"]["fields"] if f["name"] == "kind")["constraints"]["enum"]
    grouped = [kind for kinds in lg.KIND_GROUPS.values() for kind in kinds]
    assert sorted(grouped) == sorted(allowed) and len(grouped) == len(set(grouped))
