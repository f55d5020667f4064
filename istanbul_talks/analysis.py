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
