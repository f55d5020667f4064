"""Issue scales and positions: the scales are pinned, both sides are covered, both memorandums are
coded on every issue they address, and the validator rejects a bad position with file/line/field."""

from __future__ import annotations

import csv

import pytest

import istanbul_talks as it
from istanbul_talks import validate

FIXED_ISSUES = {"ceasefire", "territory", "neutrality", "armed_forces", "sanctions", "leaders_meeting", "elections", "damages", "humanitarian"}

# The issues each memorandum addresses, as found in the sources that print or summarise its text:
# Russia's (handed over on 2 June 2025): Sputnik, TASS, Babel and the Pravda-network copy list its
# three sections (settlement parameters, two ceasefire options, a timetable ending in elections and
# a treaty approved by the UN Security Council). It does not address a leaders' meeting.
RUSSIAN_MEMORANDUM = {"ceasefire", "territory", "neutrality", "armed_forces", "sanctions", "damages", "language_religion",
                      "humanitarian", "elections", "security_guarantees"}
# Ukraine's (text released by Suspilne and Reuters on 1 June 2025): ceasefire, confidence-building
# (prisoners, children, civilians), guarantees, sovereignty (no neutrality, no limits on forces),
# territory, sanctions with snapback, reparations, and a leaders' meeting in its roadmap. It does not
# address elections or language and church.
UKRAINIAN_MEMORANDUM = {"ceasefire", "territory", "neutrality", "armed_forces", "sanctions", "damages", "humanitarian",
                        "security_guarantees", "leaders_meeting"}
MEMORANDUMS = {
    "russia": ("russian_delegation", "memorandums_exchanged", RUSSIAN_MEMORANDUM),
    "ukraine": ("ukrainian_delegation", "ukraine_memorandum_submitted", UKRAINIAN_MEMORANDUM),
}


@pytest.fixture(scope="module")
def data():
    return it.load()


@pytest.fixture(scope="module")
def positions(data):
    sides = data.actors.set_index("actor_id")["side"].astype(str)
    frame = data.positions.copy()
    frame["side"] = frame["actor_id"].astype(str).map(sides)
    return frame


def test_the_fixed_issues_exist_and_each_has_both_poles(data):
    issues = data.negotiation_issues.set_index("issue_id")
    assert set(issues.index) >= FIXED_ISSUES
    for column in ("question", "pole_0", "pole_100"):
        assert issues[column].notna().all() and (issues[column].str.len() > 20).all(), column


def test_every_value_and_salience_is_on_the_scale(positions):
    assert positions["value"].notna().all()
    assert positions["value"].between(0, 100).all()
    salience = positions["salience"].dropna()
    assert salience.between(0, 100).all()


@pytest.mark.parametrize("side", ["russia", "ukraine"])
def test_each_side_has_sourced_positions_on_at_least_seven_issues(positions, side):
    own = positions[positions["side"] == side]
    assert own["issue_id"].nunique() >= 7
    assert own["source_id"].notna().all()


@pytest.mark.parametrize("side", sorted(MEMORANDUMS))
def test_each_memorandum_is_coded_on_every_issue_it_addresses(positions, side):
    actor, event, addressed = MEMORANDUMS[side]
    rows = positions[(positions["actor_id"] == actor) & (positions["event_id"] == event)]
    assert set(rows["issue_id"].astype(str)) == addressed
    assert rows["issue_id"].is_unique, "one row per issue for a memorandum"
    assert (rows["reported_by"] == "own").all()


def test_the_main_issues_have_several_dated_points_per_side(positions):
    for issue in ("ceasefire", "territory", "neutrality", "leaders_meeting"):
        for side in ("russia", "ukraine"):
            rows = positions[(positions["issue_id"] == issue) & (positions["side"] == side)]
            assert rows["date"].nunique() >= 2, (issue, side)


def test_a_position_reported_only_by_the_other_side_says_so(positions):
    others = positions[positions["reported_by"] == "other_party"]
    assert len(others) >= 1
    assert others["summary"].str.contains("Ukrainian side|Russian side", regex=True).all()


def _set_cell(dataset, position_id: str, column: str, value: str) -> int:
    """Set one cell of a position in the copy; return the CSV line of that row (header = 1)."""
    path = dataset.path("data/positions.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    index = next(i for i, r in enumerate(rows) if r[0] == position_id)
    rows[index][header.index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return index + 1  # no position spans several lines


BAD = [
    ("value-too-high", "value", "101", "value", "breaks the constraint"),
    ("value-negative", "value", "-5", "value", "breaks the constraint"),
    ("value-missing", "value", "", "value", "is required but empty"),
    ("salience-too-high", "salience", "150", "salience", "breaks the constraint"),
    ("unknown-issue", "issue_id", "ceasefire_now", "issue_id", "'ceasefire_now' matches no issue_id in data/negotiation_issues.csv"),
    ("unknown-actor", "actor_id", "putinn", "actor_id", "'putinn' matches no actor_id in data/actors.csv"),
    ("bad-reported-by", "reported_by", "rumour", "reported_by", "'rumour' is not one of"),
    ("quote-too-long", "quote", " ".join(["word"] * 26), "quote", "has 26 words"),
    ("after-publication", "date", "2025-07-01", "date", "is after source"),
    ("range-without-end", "date_precision", "range", "date_end", "is required when date_precision is 'range'"),
]


@pytest.mark.parametrize(("column", "value", "field", "fragment"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_a_bad_position_is_reported_with_file_line_and_field(dataset, column, value, field, fragment):
    line = _set_cell(dataset, "pos-0001", column, value)
    messages = [str(p) for p in validate(dataset.root)]
    expected_start = f"data/positions.csv:{line}: {field}: "
    assert any(m.startswith(expected_start) and fragment in m for m in messages), "\n".join(messages)


def test_a_position_citing_a_statement_must_cite_its_source(dataset, data):
    linked = data.positions.dropna(subset=["statement_id"]).iloc[0]
    line = _set_cell(dataset, str(linked["position_id"]), "source_id", "tass-20250602-memorandum-elections-treaty")
    messages = [str(p) for p in validate(dataset.root)]
    assert any(m.startswith(f"data/positions.csv:{line}: source_id: ") and "is not the source of statement" in m for m in messages), "\n".join(messages)


def test_a_scale_without_a_pole_is_reported(dataset):
    path = dataset.path("data/negotiation_issues.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("pole_100")] = ""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    messages = [str(p) for p in validate(dataset.root)]
    assert any(m.startswith("data/negotiation_issues.csv:2: pole_100: ") and "is required" in m for m in messages), "\n".join(messages)
