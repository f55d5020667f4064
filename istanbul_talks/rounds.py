"""The rounds of talks, one row each: who proposed it and when, who led, how long, what was agreed.

A round's proposal is its parent event (events.parent_event_id), so the lead time runs from the
day the round was proposed, not from the first report the dataset happens to hold. Durations are
kept per source in quantities.csv (``duration``); here they become a median and a range, with the
number of sources, because reports of the same round differ by up to an hour.
"""

from __future__ import annotations

import pandas as pd

PROPOSER_ROLES = ("proposer", "announcer", "author")
HEAD_ROLE = "head of delegation"


def _names(data, event_id, roles) -> list[str]:
    actors = data.actors.set_index("actor_id")["name"]
    rows = data.event_actors[(data.event_actors["event_id"] == event_id) & data.event_actors["role"].isin(roles)]
    return [str(actors.get(a, a)) for a in rows["actor_id"]]


def proposer(data, round_id: str) -> str:
    """Who proposed the round: actors with a proposer/announcer/author role on its proposal (or a
    proposer role on the round itself); failing that, when the parent is a proposal, the first backer
    of direct talks among the statements about it on its day; empty otherwise."""
    events = data.events.set_index("event_id")
    parent = events.loc[round_id, "parent_event_id"]
    names = _names(data, round_id, ("proposer",))
    if pd.notna(parent):
        names = _names(data, parent, PROPOSER_ROLES) + names
        if not names and events.loc[parent, "event_type"] == "proposal":
            names = _first_backer(data, parent, events.loc[parent, "date"])
    return ", ".join(dict.fromkeys(names))


def _first_backer(data, proposal: str, day) -> list[str]:
    """The principal of the first statement about the proposal made on its day that backs direct talks
    (in file order); else of the first statement on its day. Statements before that day answer
    rumours, not the proposal."""
    said = data.statements[(data.statements["event_id"] == proposal) & (data.statements["date"] == day)]
    backing = said[(said["topic_id"] == "direct_talks") & (said["stance"] == "support")]
    chosen = backing if len(backing) else said
    actors = data.actors.set_index("actor_id")["name"]
    return [str(actors.get(a, a)) for a in chosen["on_behalf_of"].fillna(chosen["actor_id"]).head(1)]


def durations(data) -> pd.DataFrame:
    """Per event with a reported ``duration``: median, lowest and highest value, unit and number of sources."""
    q = data.quantities[data.quantities["quantity"] == "duration"]
    grouped = q.groupby(["event_id", "unit"], observed=True)["value"]
    return grouped.agg(duration_median="median", duration_low="min", duration_high="max", duration_sources="count").reset_index()


def rounds_table(data, ledger_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per round of talks (events of type talks_round, held or not).

    ``lead_days``: from the proposal (parent event) to the round; ``off_by_days``: the round's day
    against the day or window the proposal named (0 inside it, positive: later). ``agreed``: the commitments made at the
    round (``made_at``); ``open``: those whose ledger status is not 'complete', and proposals made at
    the round that were never held (and that no commitment already covers). Pass the ledger (``ledger.ledger(data)``) to judge what stayed open.
    """
    events = data.events.set_index("event_id")
    rounds = data.events[data.events["event_type"] == "talks_round"].sort_values(["date", "event_id"])
    lasting = durations(data).set_index("event_id")
    rows = []
    for r in rounds.itertuples():
        parent = r.parent_event_id if pd.notna(r.parent_event_id) else None
        proposed_on = events.loc[parent, "date"] if parent else pd.NaT
        proposed_for = events.loc[parent, "proposed_for"] if parent else pd.NaT
        row = {"event_id": r.event_id, "title": r.title, "status": r.status, "held_on": r.date, "proposal": parent,
               "proposed_by": proposer(data, r.event_id), "proposed_on": proposed_on, "proposed_for": proposed_for,
               "lead_days": (r.date - proposed_on).days if pd.notna(proposed_on) and pd.notna(r.date) and r.status == "held" else pd.NA,
               "off_by_days": _off_by(r.date, proposed_for, events.loc[parent, "proposed_for_end"] if parent else pd.NaT) if r.status == "held" else pd.NA,
               "heads_of_delegation": ", ".join(_names(data, r.event_id, (HEAD_ROLE,)))}
        if r.event_id in lasting.index:
            d = lasting.loc[[r.event_id]].iloc[0]
            row.update(duration_median=float(d["duration_median"]), duration_low=int(d["duration_low"]), duration_high=int(d["duration_high"]),
                       duration_unit=d["unit"], duration_sources=int(d["duration_sources"]))
        row.update(_agreed_and_open(data, r.event_id, ledger_table))
        rows.append(row)
    table = pd.DataFrame(rows)
    counts = [c for c in ("lead_days", "off_by_days", "duration_low", "duration_high", "duration_sources") if c in table]
    return table.astype({c: "Int64" for c in counts})


def made_at(data, round_id: str) -> pd.DataFrame:
    """Commitments made at the round: coded on the round itself, or on an event that arose from it on
    the same day (a proposal or agreement announced at the round, e.g. the memorandums agreed)."""
    if "commitments" not in data:
        return pd.DataFrame(columns=["commitment_id", "event_id", "description"])
    events = data.events.set_index("event_id")
    day = events.loc[round_id, "date"]
    same_day = events[(events["parent_event_id"] == round_id) & (events["date"] == day)].index
    return data.commitments[data.commitments["event_id"].isin([round_id, *same_day])]


def _off_by(held, first, last):
    """Days between the round and the day (or window) its proposal named: 0 inside the window,
    positive when later, negative when earlier; empty when no day was named."""
    if pd.isna(held) or (pd.isna(first) and pd.isna(last)):
        return pd.NA
    first = first if pd.notna(first) else last
    last = last if pd.notna(last) else first
    if held > last:
        return (held - last).days
    return (held - first).days if held < first else 0


def _agreed_and_open(data, round_id: str, ledger_table: pd.DataFrame | None) -> dict:
    made = made_at(data, round_id)
    status = ledger_table.set_index("commitment_id")["status"] if ledger_table is not None and len(ledger_table) else pd.Series(dtype="string")
    still_open = [c for c in made["commitment_id"] if status.get(c, "unknown") != "complete"]
    realised = data.events.loc[data.events["status"] == "held", "parent_event_id"].dropna()
    proposals = data.events[(data.events["parent_event_id"] == round_id) & (data.events["event_type"] == "proposal")
                            & (data.events["status"] != "held") & ~data.events["event_id"].isin(realised)]
    covered = set(made["event_id"])
    proposals = proposals[~proposals["event_id"].isin(covered)]
    return {"agreed": len(made), "agreed_ids": ", ".join(made["commitment_id"]), "open_commitments": len(still_open),
            "open_ids": ", ".join(still_open), "proposals_not_held": len(proposals), "proposals_not_held_ids": ", ".join(proposals["event_id"])}
