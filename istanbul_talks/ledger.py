"""The commitments ledger: what was promised at the rounds, and what the sources say was delivered.

A commitment (data/commitments.csv) names the quantity in quantities.csv that measures its
delivery; commitment_deliveries.csv names the events that carried it out. The amounts delivered
are read from the quantities those events' sources report, one row per source, so disagreements
are kept as a range (low, high) rather than resolved.

Events form trees: an exchange ("1,200 for 1,200") may be coded as an umbrella event with one child
per stage. The umbrella's numbers are the **totals** sources report; the stages' numbers are the
**parts**. Delivered amounts come from the totals where any source reports one (they include stages
that may be missing from the data) and from the sum of the parts otherwise; ``parts_vs_totals``
flags a commitment whose parts do not reach (or exceed) the totals' range, so a missing stage shows.
"""

from __future__ import annotations

import pandas as pd

DONE = ("held",)  # event statuses that count as carried out
PARTLY = ("partly_held",)
DISPUTED = ("disputed",)
MIRROR = {"to_ukraine": "to_russia", "to_russia": "to_ukraine"}


# --- quantities: which side a number counts for ---------------------------------------------------------


def counted_for(quantity: str) -> str:
    """Which side a quantity counts: 'each side' (…_each_side), 'ukraine' (…to_ukraine…), 'russia' (…to_russia…), or 'unspecified'."""
    if quantity.endswith("each_side"):
        return "each side"
    for direction in MIRROR:
        if direction in quantity:
            return direction.removeprefix("to_")
    return "unspecified"


def mirrored(quantity: str) -> str | None:
    """The same count in the other direction (bodies_returned_to_ukraine -> bodies_returned_to_russia), or None."""
    for direction, other in MIRROR.items():
        if direction in quantity:
            return quantity.replace(direction, other)
    return None


# --- which events carried a commitment out -------------------------------------------------------------


def delivery_events(data) -> pd.DataFrame:
    """Per commitment, the events that carried it out (``role`` 'part': the stages listed in
    commitment_deliveries.csv) and the series events that group them (``role`` 'total': a listed
    stage's parent of the same event type, whose numbers are the totals sources report for the whole
    series). A series that is the commitment's own event (a promise of more bodies made at a
    handover) is not its total."""
    events = data.events.set_index("event_id")
    made_at = data.commitments.set_index("commitment_id")["event_id"]
    rows = []
    for commitment, group in data.commitment_deliveries.groupby("commitment_id", observed=True):
        parts = [str(e) for e in group["event_id"]]
        series = []
        for event in parts:
            parent = events.loc[event, "parent_event_id"]
            if pd.notna(parent) and parent in events.index and events.loc[parent, "event_type"] == events.loc[event, "event_type"] \
                    and parent != made_at.get(commitment) and parent not in parts:
                series.append(str(parent))
        rows += [{"commitment_id": commitment, "event_id": e, "role": "part"} for e in parts]
        rows += [{"commitment_id": commitment, "event_id": e, "role": "total"} for e in dict.fromkeys(series)]
    return pd.DataFrame(rows, columns=["commitment_id", "event_id", "role"])


def deliveries_by_source(data) -> pd.DataFrame:
    """Every number a source reports for a delivery event of a commitment, on the commitment's
    quantity (``side`` as counted_for) and on its mirror (the other direction), one row per source."""
    links = delivery_events(data).merge(data.commitments[["commitment_id", "quantity"]], on="commitment_id")
    links = links.dropna(subset=["quantity"])
    wanted = pd.concat([links.assign(measures=links["quantity"]), links.assign(measures=links["quantity"].map(mirrored)).dropna(subset=["measures"])])
    rows = wanted.merge(data.quantities.rename(columns={"quantity": "measures"}), on=["event_id", "measures"], how="inner")
    rows["side"] = rows["measures"].astype(str).map(counted_for)
    return rows[["commitment_id", "event_id", "role", "measures", "side", "source_id", "value", "unit", "note"]].reset_index(drop=True)


# --- the ledger --------------------------------------------------------------------------------------


def _range_sum(numbers: pd.DataFrame, role: str) -> tuple[float, float, int]:
    """Sum over events of each event's lowest and highest reported value; and how many events have one."""
    rows = numbers[numbers["role"] == role]
    per_event = rows.groupby("event_id")["value"].agg(["min", "max"])
    if per_event.empty:
        return float("nan"), float("nan"), 0
    return float(per_event["min"].sum()), float(per_event["max"].sum()), len(per_event)


def _totals(numbers: pd.DataFrame) -> tuple[float, float]:
    """Totals sources report on umbrella events: the lowest and highest value (one umbrella per commitment
    in practice; with several, their ranges are summed)."""
    low, high, _ = _range_sum(numbers, "total")
    return low, high


def ledger(data) -> pd.DataFrame:
    """Per commitment: delivery events, dates, lags, amount delivered (range across sources) per side,
    completion share and a status.

    ``status``: 'disputed' when a delivery event (or the series grouping it) is coded disputed or the sources' range straddles
    the promised amount; 'none' when no delivery event was held (or partly held); 'complete' when the
    lowest reported delivery reaches the amount; 'partial' when it falls short. Where the amount is
    not measured (no number promised, or some deliveries carry no number and no total is reported:
    ``measured`` False, the delivered amount is then a lower bound), the status follows the events:
    'complete' when every delivery was held, 'partial' when one was only partly held. Lags are days
    from the promise to the first and last delivery day.
    """
    events = data.events.set_index("event_id")
    links = delivery_events(data)
    numbers = deliveries_by_source(data)
    rows = [_ledger_row(c, links[links["commitment_id"] == c.commitment_id], numbers[numbers["commitment_id"] == c.commitment_id], events)
            for c in data.commitments.itertuples()]
    return pd.DataFrame(rows)


def _ledger_row(c, links: pd.DataFrame, numbers: pd.DataFrame, events: pd.DataFrame) -> dict:
    promised_on = c.date if pd.notna(c.date) else events.loc[c.event_id, "date"]
    parts = links[links["role"] == "part"]
    carried = events.loc[parts["event_id"]] if len(parts) else events.iloc[0:0]
    done = carried[carried["status"].astype(str).isin(DONE + PARTLY)]
    first = done["date"].min() if len(done) else pd.NaT
    last = done["date_end"].fillna(done["date"]).max() if len(done) else pd.NaT
    main = numbers[numbers["measures"] == c.quantity]
    other = numbers[numbers["measures"] != c.quantity]
    low, high, basis = _delivered(main)
    unnumbered = len(set(parts["event_id"]) - set(main.loc[main["role"] == "part", "event_id"])) if pd.notna(c.quantity) else 0
    other_low, other_high, _ = _delivered(other)
    amount = float(c.amount) if pd.notna(c.amount) else float("nan")
    row = {
        "commitment_id": c.commitment_id, "kind": c.kind, "event_id": c.event_id, "made_by": c.made_by, "made_to": c.made_to,
        "promised_on": promised_on, "amount": amount, "unit": c.unit, "quantity": c.quantity,
        "counted_for": counted_for(str(c.quantity)) if pd.notna(c.quantity) else pd.NA,
        "delivery_events": len(parts), "held": len(done), "first_delivery": first, "last_delivery": last,
        "lag_first": (first - promised_on).days if pd.notna(first) and pd.notna(promised_on) else pd.NA,
        "lag_last": (last - promised_on).days if pd.notna(last) and pd.notna(promised_on) else pd.NA,
        "delivered_low": low, "delivered_high": high, "delivered_from": basis, "sources": int(main["source_id"].nunique()),
        "measured": basis == "totals" or (basis == "parts" and unnumbered == 0), "deliveries_without_number": unnumbered,
        "other_side_low": other_low, "other_side_high": other_high,
        "share_low": low / amount if amount else float("nan"), "share_high": high / amount if amount else float("nan"),
        "deadline": c.deadline,
        "deadline_met": bool(pd.notna(last) and last <= c.deadline) if pd.notna(c.deadline) else pd.NA,
    }
    series = events.loc[links.loc[links["role"] == "total", "event_id"], "status"].astype(str) if (links["role"] == "total").any() else []
    row["status"] = _status(row, carried, set(series))
    return row


def _delivered(numbers: pd.DataFrame) -> tuple[float, float, str]:
    low, high = _totals(numbers)
    if pd.notna(low):
        return low, high, "totals"
    low, high, n = _range_sum(numbers, "part")
    return (low, high, "parts") if n else (float("nan"), float("nan"), "no number")


def _status(row: dict, carried: pd.DataFrame, series: set[str]) -> str:
    statuses = set(carried["status"].astype(str))
    amount, low, high = row["amount"], row["delivered_low"], row["delivered_high"]
    if (statuses | series) & set(DISPUTED) or (pd.notna(amount) and pd.notna(low) and low < amount <= high):
        return "disputed"
    if not statuses & set(DONE + PARTLY):
        return "none"
    if pd.notna(amount) and pd.notna(low) and row["measured"]:
        return "complete" if low >= amount else "partial"
    return "partial" if statuses & set(PARTLY) or not statuses <= set(DONE) else "complete"


def parts_vs_totals(data) -> pd.DataFrame:
    """Per commitment with both a reported total and coded parts: do the parts add up?

    ``flag`` is True when the sum of the parts (each part at its lowest and highest reported value)
    does not overlap the range of totals the sources report: a stage is missing from the data, a
    part carries no number, or the sources' totals are off. ``missing`` is the shortfall (negative
    when the parts exceed the totals).
    """
    numbers = deliveries_by_source(data).merge(data.commitments[["commitment_id", "quantity"]], on="commitment_id")
    numbers = numbers[numbers["measures"] == numbers["quantity"]]
    links = delivery_events(data)
    rows = []
    for commitment, group in numbers.groupby("commitment_id"):
        total_low, total_high = _totals(group)
        parts_low, parts_high, with_number = _range_sum(group, "part")
        if pd.isna(total_low) or not with_number:
            continue
        parts = int(((links["commitment_id"] == commitment) & (links["role"] == "part")).sum())
        flag = parts_high < total_low or parts_low > total_high
        missing = total_low - parts_high if parts_high < total_low else (total_high - parts_low if parts_low > total_high else 0.0)
        rows.append({"commitment_id": commitment, "total_low": total_low, "total_high": total_high, "parts_low": parts_low,
                     "parts_high": parts_high, "parts": parts, "parts_without_number": parts - with_number, "missing": missing, "flag": flag})
    columns = ["commitment_id", "total_low", "total_high", "parts_low", "parts_high", "parts", "parts_without_number", "missing", "flag"]
    return pd.DataFrame(rows, columns=columns)


# --- which kinds of promise were kept ---------------------------------------------------------------------

# Commitment kinds (the codebook's vocabulary) grouped by what they would have moved: people, the talks
# themselves, or the road to a settlement. Every kind is in exactly one group.
KIND_GROUPS = {
    "Prisoners and bodies": ("prisoner_exchange", "body_repatriation"),
    "The talks: rounds and memorandums": ("talks_round", "memorandum"),
    "Toward a settlement: leaders' meetings, truces, working groups": ("leaders_meeting", "truce", "working_groups"),
    "Other": ("other",),
}
STATUSES = ("complete", "partial", "disputed", "none")


def status_by_kind(book: pd.DataFrame, groups: dict[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """How many commitments of each group (``KIND_GROUPS``) ended in each status, with the total and
    the commitments' ids: the ledger (``ledger()``) read by what kind of promise was made."""
    groups = groups or KIND_GROUPS
    group_of = {kind: label for label, kinds in groups.items() for kind in kinds}
    unknown = sorted(set(book["kind"].astype(str)) - set(group_of))
    if unknown:
        raise ValueError(f"commitment kinds in no group: {', '.join(unknown)}")
    frame = book.assign(group=book["kind"].astype(str).map(group_of))
    counts = frame.groupby(["group", "status"]).size().unstack("status", fill_value=0).reindex(index=list(groups), columns=list(STATUSES), fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts["commitments"] = frame.groupby("group")["commitment_id"].agg(lambda ids: ", ".join(ids)).reindex(list(groups)).fillna("")
    return counts.rename_axis(index="kind of promise", columns=None)
