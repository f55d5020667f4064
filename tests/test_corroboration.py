"""Independence counted honestly: republications count once, aggregators never, sides are parties and states."""

from __future__ import annotations

import re

import pandas as pd

import istanbul_talks as it
from istanbul_talks import corroboration

README = " ".join((it.REPO_ROOT / "README.md").read_text(encoding="utf-8").split())  # line breaks do not matter


def test_a_republication_is_credited_to_the_outlet_it_copies():
    data = it.load()
    origins = corroboration.original_outlets(data).set_index("source_id")
    for row in data.republications.itertuples():
        assert origins.loc[row.source_id, "original_outlet_id"] == row.original_outlet_id
        assert origins.loc[row.source_id, "republication"]


def test_aggregators_and_mirrors_never_count_as_independent():
    data = it.load()
    origins = corroboration.original_outlets(data)
    kinds = data.outlet_profiles.set_index("outlet_id")["kind"].astype(str)
    untraced = origins[~origins["republication"] & origins["outlet_id"].map(kinds).isin(["aggregator", "mirror"])]
    assert len(untraced) > 0
    assert not untraced["independent"].any()


def test_other_is_counted_apart_and_never_as_a_side():
    counts = corroboration.event_counts(it.load())
    assert "other" not in corroboration.SIDES
    assert (counts["independent_sides"] == (counts[corroboration.SIDES] > 0).sum(axis=1)).all()
    assert (counts["independent_sides"] <= 5).all()


def test_pages_not_found_again_are_dropped_only_when_asked():
    data = it.load()
    every = corroboration.key_event_counts(data)
    found = corroboration.key_event_counts(data, findable_only=True)
    assert (found["independent_outlets"] <= every["independent_outlets"]).all()
    lost = set(data.verification.loc[data.verification["result"] == "not_found", "source_id"])
    assert lost, "verification.csv records pages that were not found again"


def test_the_readme_corroboration_claim_matches_the_honest_count():
    data = it.load()
    claim = corroboration.claim(data)
    n = claim["key_events"]
    met = claim["independent_met"]
    flat = " ".join(README.split())
    assert (f"Of the {n} key events (every round, exchange and memorandum), {met} are reported by at least two "
            "independent original outlets from at least two sides") in flat
    if claim["short"]:
        stated_short = re.search(r"Short of that rule: ([^.]*)\.", flat)
        assert stated_short and set(re.findall(r"`([a-z0-9_]+)`", stated_short[1])) == set(claim["short"])
    else:
        assert "Short of that rule" not in flat
    stated = re.search(r"(\d+) of the (\d+) are reported by both a Russian and a Ukrainian original", flat)
    assert stated and (int(stated[1]), int(stated[2])) == (claim["both_parties"], n)
    stated = re.search(r"Counting only pages that could be found again, (\d+) of the (\d+)", flat)
    assert stated and (int(stated[1]), int(stated[2])) == (claim["findable_met"], n)


def test_the_readme_verification_counts_match_verification_csv():
    results = it.load().verification["result"].astype(str).value_counts()
    total = int(results.sum())
    stated = (f"all {total} sources without stored text were searched for again: {results.get('found', 0)} found, "
              f"{results.get('found_as_copy', 0)} found only as a copy, {results.get('replaced', 0)} replaced by another "
              f"page, {results.get('not_found', 0)} not found")
    assert stated in README


def test_every_source_without_stored_text_has_one_verification_row():
    data = it.load()
    without_text = set(data.sources.loc[data.sources["path"].isna() | (data.sources["path"].astype("string") == ""), "source_id"])
    checked = data.verification["source_id"]
    assert checked.is_unique
    assert set(checked) == without_text
    assert pd.api.types.is_string_dtype(checked) or checked.dtype == object
