"""Independence counted honestly: how many independent original outlets, from how many sides, report each event.

`analysis.corroboration` counts every outlet that published a page, and takes an outlet's side
from its country with "international" as a side of its own. Here:

- a republication (a row in `republications.csv`: an aggregator's copy, a mirror, a "via Reuters"
  item, a translation of an agency report) is credited to the outlet it republishes, so a report
  and its copies count once;
- a page of an aggregator or mirror (`outlet_profiles.kind`) that is not traced to an original
  never counts as an independent outlet;
- an outlet's side is the party or state it belongs to (`outlet_profiles.side`: russia, ukraine,
  turkey, usa, europe); outlets of other countries, international outlets and the unknown outlet
  are counted apart (`other`), never as a side;
- optionally (``findable_only=True``) a page that could not be found again (`verification.result`
  is ``not_found``) is not counted at all: a fact stands only on a page that can be read.
"""

from __future__ import annotations

import pandas as pd

SIDES = ["russia", "ukraine", "turkey", "usa", "europe"]
NOT_INDEPENDENT = {"aggregator", "mirror"}
KEY_TYPES = ("talks_round", "prisoner_exchange", "body_repatriation", "memorandum")


def original_outlets(data) -> pd.DataFrame:
    """One row per source: the outlet that published it, the outlet whose original report it is, and whether that counts.

    Columns: source_id, outlet_id, original_outlet_id (the republished outlet, or the outlet itself),
    republication (bool), kind and side of the original outlet, independent (bool: an original
    report, or a republication traced to one, from an outlet that is not an aggregator or mirror),
    findable (bool: the page was found again, or has stored text; false when `verification.result`
    is not_found).
    """
    profiles = data.outlet_profiles.set_index("outlet_id")
    republished = data.republications.set_index("source_id")["original_outlet_id"].astype("string")
    frame = data.sources[["source_id", "outlet_id"]].copy()
    frame["outlet_id"] = frame["outlet_id"].astype("string")
    frame["republication"] = frame["source_id"].isin(republished.index)
    frame["original_outlet_id"] = frame["source_id"].map(republished).fillna(frame["outlet_id"]).astype("string")
    frame["kind"] = frame["original_outlet_id"].map(profiles["kind"].astype("string"))
    frame["side"] = frame["original_outlet_id"].map(profiles["side"].astype("string"))
    frame["independent"] = ~frame["kind"].isin(NOT_INDEPENDENT) & (frame["original_outlet_id"] != "unknown")
    lost = set(data.verification.loc[data.verification["result"] == "not_found", "source_id"].astype(str))
    frame["findable"] = ~frame["source_id"].astype(str).isin(lost)
    return frame.reset_index(drop=True)


def event_counts(data, findable_only: bool = False) -> pd.DataFrame:
    """Per event that any source reports: raw and independent counts side by side.

    - ``raw_outlets``: distinct outlets that published a page on it (every page's own outlet,
      aggregators and mirrors included) - the old count;
    - ``raw_sides``: distinct outlet countries grouped the old way (Russia, Ukraine, Türkiye,
      "international", "unknown", each counted as a side);
    - ``independent_outlets``: distinct original outlets (republications credited to the original,
      aggregators and mirrors dropped);
    - one column per side (``russia`` ... ``europe``) and ``other``: independent original outlets
      of that side;
    - ``independent_sides``: how many of the five sides have at least one independent original.

    With ``findable_only`` the independent columns count only pages that were found again.
    """
    from . import analysis

    old = analysis.corroboration(data)
    origins = original_outlets(data).set_index("source_id")
    reports = data.event_sources[["event_id", "source_id"]].copy()
    reports = reports.join(origins, on="source_id")
    keep = reports["independent"] & (reports["findable"] if findable_only else True)
    counted = reports[keep].drop_duplicates(["event_id", "original_outlet_id"])
    per_side = (counted.pivot_table(index="event_id", columns="side", values="original_outlet_id", aggfunc="count", fill_value=0, observed=True)
                .reindex(columns=[*SIDES, "other"], fill_value=0))
    events = pd.Index(reports["event_id"].astype("string").unique(), name="event_id").sort_values()
    table = pd.DataFrame(index=events)
    table["raw_outlets"] = old["outlets"].reindex(events).fillna(0).astype(int)
    table["raw_sides"] = old["sides"].reindex(events).fillna(0).astype(int)
    table = table.join(per_side.reindex(events, fill_value=0).astype(int))
    table["independent_outlets"] = table[[*SIDES, "other"]].sum(axis=1)
    table["independent_sides"] = (table[SIDES] > 0).sum(axis=1)
    return table


def key_event_counts(data, types=KEY_TYPES, findable_only: bool = False) -> pd.DataFrame:
    """`event_counts` for the key events (rounds, exchanges, repatriations, memorandums), with type and title; events no source reports get zeros."""
    events = data.events[data.events["event_type"].isin(types)].set_index("event_id")
    table = event_counts(data, findable_only).reindex(events.index.astype("string"), fill_value=0)
    table.insert(0, "title", events["title"].astype("string").to_numpy())
    table.insert(0, "event_type", events["event_type"].astype("string").to_numpy())
    return table


def claim(data, outlets: int = 2, sides: int = 2, types=KEY_TYPES) -> dict:
    """How many key events meet 'at least `outlets` independent originals from at least `sides` sides', raw and independent.

    Returns the totals (raw; independent; independent counting only pages found again), how many
    key events have both a Russian and a Ukrainian independent original, and the ids of the events
    that fall short under the honest count.
    """
    table = key_event_counts(data, types)
    findable = key_event_counts(data, types, findable_only=True)
    raw_ok = (table["raw_outlets"] >= outlets) & (table["raw_sides"] >= sides)
    ok = (table["independent_outlets"] >= outlets) & (table["independent_sides"] >= sides)
    ok_found = (findable["independent_outlets"] >= outlets) & (findable["independent_sides"] >= sides)
    return {
        "key_events": len(table),
        "raw_met": int(raw_ok.sum()),
        "independent_met": int(ok.sum()),
        "findable_met": int(ok_found.sum()),
        "both_parties": int(((table["russia"] > 0) & (table["ukraine"] > 0)).sum()),
        "short": table.index[~ok].tolist(),
        "short_findable": findable.index[~ok_found].tolist(),
    }
