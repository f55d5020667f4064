"""Derived tables the notebooks share: joins, counts and scores computed from the coded data.

Notebooks call these rather than re-deriving them, so every notebook counts the same way.
"""

from __future__ import annotations

import pandas as pd

from .dates import bounds

STANCE_SCORE = {"support": 1.0, "conditional": 0.5, "neutral": 0.0, "oppose": -1.0}
SIDES = ["russia", "ukraine", "turkey", "usa", "europe", "other"]
OUTLET_SIDES = ["russia", "ukraine", "turkey", "international", "unknown"]


def outlet_side(country) -> str:
    """Whose press is it? Russian, Ukrainian, Turkish, international, or unknown (no country)."""
    if not isinstance(country, str):
        return "unknown"
    return {"RU": "russia", "UA": "ukraine", "TR": "turkey"}.get(country, "international")


def table_sizes(data) -> pd.DataFrame:
    return pd.DataFrame({"table": list(data), "rows": [len(t) for t in data.values()], "columns": [t.shape[1] for t in data.values()]}).set_index("table")


def sources_with_outlets(data) -> pd.DataFrame:
    sources = data.sources.merge(data.outlets, on="outlet_id", how="left", validate="many_to_one")
    sources["outlet_side"] = pd.Categorical(sources["country"].map(outlet_side), OUTLET_SIDES)
    return sources


def coded_through(data) -> pd.Timestamp:
    """The latest publication date in the dataset: how far the coding reaches."""
    latest = data.sources["published_end"].fillna(data.sources["published"])
    return latest.max()


def statements_enriched(data) -> pd.DataFrame:
    """Statements with speaker, principal, topic label, stance score and outlet attached."""
    actors = data.actors.set_index("actor_id")
    frame = data.statements.copy()
    frame["actor"] = frame["actor_id"].map(actors["name"])
    frame["side"] = pd.Categorical(frame["actor_id"].map(actors["side"]).astype("string"), SIDES)
    frame["principal_id"] = frame["on_behalf_of"].fillna(frame["actor_id"])
    frame["principal"] = frame["principal_id"].map(actors["name"])
    frame["topic"] = frame["topic_id"].map(data.topics.set_index("topic_id")["label"])
    frame["score"] = frame["stance"].astype("string").map(STANCE_SCORE).astype(float)
    sources = sources_with_outlets(data).set_index("source_id")
    frame["outlet"] = frame["source_id"].map(sources["name"])
    frame["outlet_side"] = frame["source_id"].map(sources["outlet_side"].astype("string"))
    return frame


def with_bounds(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``earliest``/``latest`` day columns that a coded date allows (see dates.bounds)."""
    pairs = [bounds(a, b, str(p)) for a, b, p in zip(frame["date"], frame["date_end"], frame["date_precision"], strict=True)]
    out = frame.copy()
    out["earliest"] = pd.to_datetime([p[0] for p in pairs]).astype("datetime64[s]")
    out["latest"] = pd.to_datetime([p[1] for p in pairs]).astype("datetime64[s]")
    return out


def monthly_counts(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Rows per calendar month (of ``date``) and per value of ``by``; undated rows are left out and counted apart."""
    dated = frame.dropna(subset=["date"])
    months = dated["date"].dt.to_period("M").dt.to_timestamp()
    return dated.groupby([months.rename("month"), by], observed=True).size().unstack(fill_value=0)


# --- events -------------------------------------------------------------------------------------------


def first_reported(data) -> pd.Series:
    """For each event, the earliest day any source or statement refers to it.

    A source's day is its publication date (the end of its range, to stay on the safe side); a
    statement's its date. The gap between this day and the event is how far ahead it was known.
    """
    sources = data.sources.set_index("source_id")
    published = sources["published_end"].fillna(sources["published"])
    via_sources = data.event_sources.assign(day=data.event_sources["source_id"].map(published)).groupby("event_id")["day"].min()
    via_statements = data.statements.dropna(subset=["event_id"]).groupby("event_id")["date"].min()
    both = pd.concat([via_sources, via_statements], axis=1).min(axis=1)
    return both.reindex(data.events["event_id"]).astype("datetime64[s]")


AGREEING_TYPES = ("talks_round", "meeting", "leaders_meeting", "phone_call")  # where things were agreed
AGREED_TYPES = ("prisoner_exchange", "body_repatriation", "memorandum", "talks_round", "leaders_meeting", "ceasefire")


def proposed_on(data) -> pd.Series:
    """For each event, the day it was proposed or agreed: the date of its parent when the parent is a
    proposal, or when the parent is a round, meeting or call and the event is something agreed
    there (an exchange, a handover, a memorandum, a round, a truce). Empty otherwise, and when the
    parent came after the event's earliest possible day.

    This is where "known ahead" starts: round 1 was proposed by Putin on 11 May for 15 May, so it
    was known five days before it was held on 16 May, whatever day the first coded report printed.
    A meeting that merely followed a round (a report to Putin) was not announced at the round.
    """
    events = data.events.set_index("event_id")
    parents = events["parent_event_id"]
    parent_date = parents.map(events["date"])
    parent_type = parents.map(events["event_type"].astype("string"))
    own_type = events["event_type"].astype("string")
    own = pd.Series([bounds(a, b, str(p))[0] for a, b, p in zip(events["date"], events["date_end"], events["date_precision"], strict=True)],
                    index=events.index, dtype="datetime64[s]")
    promised = (parent_type == "proposal") | (parent_type.isin(AGREEING_TYPES) & own_type.isin(AGREED_TYPES))
    usable = promised & parent_date.notna() & (own.isna() | (parent_date <= own))
    return parent_date.where(usable).reindex(data.events["event_id"]).astype("datetime64[s]")


def events_with_reports(data) -> pd.DataFrame:
    """Events with date bounds, number of sources and outlets, the first day they were reported, the day
    they were proposed or agreed (``proposed_on``), and how many days ahead they were known
    (``lead_days``: from the earlier of the two to the event's earliest possible day)."""
    sources = sources_with_outlets(data).set_index("source_id")
    reports = data.event_sources.assign(outlet_id=data.event_sources["source_id"].map(sources["outlet_id"]))
    counts = reports.groupby("event_id").agg(sources=("source_id", "nunique"), outlets=("outlet_id", "nunique"))
    events = with_bounds(data.events).merge(counts, left_on="event_id", right_index=True, how="left", validate="one_to_one")
    events["first_reported"] = first_reported(data).to_numpy()
    events["proposed_on"] = proposed_on(data).to_numpy()
    events["known_since"] = events[["first_reported", "proposed_on"]].min(axis=1)
    lead = (events["earliest"] - events["known_since"]).dt.days
    events["lead_days"] = lead.where(lead >= 0)  # empty: first reported only after it began, nothing known ahead
    events["day"] = events["earliest"].fillna(events["latest"])  # where to place it in a sequence
    return events.sort_values(["day", "latest", "event_id"], na_position="last", kind="stable").reset_index(drop=True)


OUTCOME_TYPES = ("talks_round", "leaders_meeting", "meeting", "ceasefire")


def proposals_and_outcomes(data) -> pd.DataFrame:
    """Planned against held: every proposal that named a day or window, and what became of it.

    The outcome is an event of a meeting or ceasefire type whose ``parent_event_id`` is the
    proposal. ``verdict`` says whether it was held within the window, how many days off, or not
    (yet) held according to the coded sources.
    """
    events = data.events
    proposals = events[events["proposed_for"].notna() | events["proposed_for_end"].notna()]
    outcomes = events[events["event_type"].isin(OUTCOME_TYPES) & events["parent_event_id"].notna()]
    table = proposals[["event_id", "title", "date", "proposed_for", "proposed_for_end"]].merge(
        outcomes[["parent_event_id", "event_id", "status", "date"]].rename(columns={"event_id": "outcome_id", "status": "outcome_status", "date": "held_on"}),
        left_on="event_id", right_on="parent_event_id", how="left").drop(columns="parent_event_id")
    table["verdict"] = [_verdict(r) for r in table.itertuples()]
    return table.rename(columns={"date": "proposed_on"}).reset_index(drop=True)


def _verdict(row) -> str:
    if pd.isna(row.outcome_id) or row.outcome_status != "held":
        return "not held"
    first = row.proposed_for if pd.notna(row.proposed_for) else row.proposed_for_end
    last = row.proposed_for_end if pd.notna(row.proposed_for_end) else row.proposed_for
    if first <= row.held_on <= last:
        return "held as proposed"
    days = (row.held_on - last).days if row.held_on > last else (row.held_on - first).days
    return f"held {abs(days)} day{'s' if abs(days) != 1 else ''} {'later' if days > 0 else 'earlier'}"


def corroboration(data) -> pd.DataFrame:
    """Per event, how many distinct outlets of each side report it (independent outlets, not pages)."""
    sources = sources_with_outlets(data).set_index("source_id")
    reports = data.event_sources.assign(outlet_id=data.event_sources["source_id"].map(sources["outlet_id"]),
                                        outlet_side=data.event_sources["source_id"].map(sources["outlet_side"].astype("string")))
    distinct = reports.drop_duplicates(["event_id", "outlet_id"])
    table = distinct.pivot_table(index="event_id", columns="outlet_side", values="outlet_id", aggfunc="count", fill_value=0)
    table = table.reindex(columns=[s for s in OUTLET_SIDES if s in table.columns])
    table["outlets"] = table.sum(axis=1)
    table["sides"] = (table.drop(columns="outlets") > 0).sum(axis=1)
    return table


def quantity_ranges(data) -> pd.DataFrame:
    """For each event and quantity, the lowest and highest value sources report, and how many sources."""
    q = data.quantities
    grouped = q.groupby(["event_id", "quantity", "unit"], observed=True)["value"]
    ranges = grouped.agg(low="min", high="max", sources="count").reset_index()
    ranges["disputed"] = ranges["low"] != ranges["high"]
    return ranges


# --- statements and positions ---------------------------------------------------------------------------


def relays(statements: pd.DataFrame) -> pd.DataFrame:
    """Who speaks for whom: statements made on someone else's behalf, by speaker and principal."""
    relayed = statements.dropna(subset=["on_behalf_of"])
    return relayed.groupby(["actor", "principal"]).size().rename("statements").sort_values(ascending=False).reset_index()


def modal_stance(values: pd.Series) -> str:
    """The most frequent stance, or 'mixed' when two stances tie."""
    counts = values.astype("string").value_counts()
    return "mixed" if len(counts) > 1 and counts.iloc[0] == counts.iloc[1] else str(counts.index[0])


def positions(statements: pd.DataFrame, by: str = "principal_id") -> pd.DataFrame:
    """Each actor's (or side's) position per topic: statements, mean stance score, modal stance.

    Positions are attributed to the principal: a spokesman relaying the president states the
    president's position.
    """
    grouped = statements.groupby([by, "topic_id"], observed=True)
    table = grouped.agg(statements=("statement_id", "size"), score=("score", "mean")).reset_index()
    table["stance"] = grouped["stance"].apply(modal_stance).to_numpy()
    return table


def agreement_edges(statements: pd.DataFrame, by: str = "principal_id") -> pd.DataFrame:
    """Pairs of actors that take a position on the same topic: agree (same modal stance) or conflict.

    Discourse network analysis links two actors through the concepts they both speak about; here a
    link is a topic, and its sign says whether they stand together (same stance) or against each
    other (one supports, the other opposes). Conditional, neutral and mixed positions make no link.
    """
    pos = positions(statements, by)
    pos = pos[pos["stance"].isin(["support", "oppose", "conditional"])]
    pairs = pos.merge(pos, on="topic_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs[f"{by}_a"] < pairs[f"{by}_b"]]
    same = pairs["stance_a"] == pairs["stance_b"]
    clash = pairs[["stance_a", "stance_b"]].apply(frozenset, axis=1) == frozenset({"support", "oppose"})
    pairs = pairs.assign(relation=pd.Series(pd.NA, index=pairs.index, dtype="string").mask(same, "agree").mask(clash, "conflict")).dropna(subset=["relation"])
    edges = pairs.groupby([f"{by}_a", f"{by}_b", "relation"]).agg(topics=("topic_id", lambda t: ", ".join(sorted(t))), weight=("topic_id", "size"))
    return edges.reset_index().rename(columns={f"{by}_a": "a", f"{by}_b": "b"})
