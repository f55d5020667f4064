"""Phases of the process (data/phases.csv): which phase a day falls in, and the phases in order.

Positions, statements and events are compared phase by phase (before the talks, each round, the
memorandum dispute, implementation, the pause, later tracks) rather than month by month, because
the rounds, not the calendar, are what changed the parties' positions. The phases are an analytical
division made by the coders; every notebook groups by the same table so they agree.
"""

from __future__ import annotations

import pandas as pd


def ordered(phases: pd.DataFrame) -> pd.DataFrame:
    """The phases sorted by start, with an open ``end`` (the last phase) kept as NaT."""
    return phases.sort_values("start", kind="stable").reset_index(drop=True)


def phase_of(dates, phases: pd.DataFrame) -> pd.Series:
    """The phase_id of each date (inclusive start and end); <NA> for a missing date or one outside every phase.

    A date exactly on a boundary belongs to the phase whose inclusive range holds it; phases are
    contiguous (data/phases.csv), so every day from the first start onwards has exactly one phase.
    """
    days = pd.Series(pd.to_datetime(pd.Series(dates)), copy=False).reset_index(drop=True)
    table = ordered(phases)
    out = pd.Series(pd.NA, index=days.index, dtype="string")
    for row in table.itertuples():
        inside = days.ge(row.start) & (days.le(row.end) if pd.notna(row.end) else True)
        out = out.mask(inside.fillna(False).astype(bool) & out.isna(), row.phase_id)
    return out


def phase_categories(phases: pd.DataFrame) -> pd.CategoricalDtype:
    """An ordered categorical dtype of phase ids, so tables and charts list phases in time order."""
    return pd.CategoricalDtype(ordered(phases)["phase_id"].astype(str).tolist(), ordered=True)


def labels(phases: pd.DataFrame) -> dict[str, str]:
    """phase_id -> label, for chart axes and table headers."""
    return dict(zip(phases["phase_id"].astype(str), phases["label"].astype(str), strict=True))


# Windows of phases "at and around" each round, shared by notebooks 2 and 4: positions stated in the
# run-up to a round and while its agreements were carried out belong with that round (Ukraine handed
# its memorandum over before round 2, Russia at it).
ROUND_WINDOWS = {
    "Round 1": ["pre_talks", "round_1"],
    "Round 2": ["memorandum_dispute", "round_2", "implementation"],
    "Round 3": ["round_3"],
    "After the rounds": ["pause", "later_tracks"],
}
