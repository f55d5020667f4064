"""Statements on several topics, with a target (data/statement_topics.csv).

The rule in ``rules.check_statement_topics`` catches each way the link table can contradict the
statements; the topics ask one question each; and the coding shows the two parties in conflict
rather than in agreement (the point of issue 9).
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

import istanbul_talks as it
from istanbul_talks import validate

ST = "data/statement_topics.csv"


@pytest.fixture(scope="module")
def data():
    return it.load()


# --- the rule catches each violation, with file, line and field ------------------------------------------

# (case id, file to edit, old text, new text, file in the message, field, fragment of the message)
CASES = [
    ("stance-differs", ST, "st0002,direct_talks,support,", "st0002,direct_talks,oppose,", ST, "stance",
     "differs from the primary stance 'support' of st0002 on direct_talks"),
    ("target-without-relation", ST, "st0006,western_participation,oppose,kellogg,answers,", "st0006,western_participation,oppose,kellogg,,",
     ST, "target_relation", "is required when target_actor_id is set"),
    ("relation-without-target", ST, "st0006,western_participation,oppose,kellogg,answers,", "st0006,western_participation,oppose,,answers,",
     ST, "target_actor_id", "is required when target_relation is set"),
    ("targets-own-speaker", ST, "st0006,western_participation,oppose,kellogg,answers,", "st0006,western_participation,oppose,zakharova,answers,",
     ST, "target_actor_id", "'zakharova' is the speaker or the principal of statement st0006"),
    ("targets-own-principal", ST, "round2-021,memorandum_in_advance,oppose,ukraine,answers,", "round2-021,memorandum_in_advance,oppose,putin,answers,",
     ST, "target_actor_id", "'putin' is the speaker or the principal of statement round2-021"),
    ("unknown-target", ST, "st0006,western_participation,oppose,kellogg,", "st0006,western_participation,oppose,kelog,",
     ST, "target_actor_id", "'kelog' matches no actor_id in data/actors.csv"),
    ("relation-not-in-enum", ST, "kellogg,answers,", "kellogg,replies,", ST, "target_relation", "'replies' is not one of: blames, answers, praises"),
    ("unknown-topic", ST, "st0004,western_participation,", "st0004,mediation,", ST, "topic_id", "'mediation' matches no topic_id in data/topics.csv"),
]


@pytest.mark.parametrize(("file", "old", "new", "where", "field", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_violation_is_reported_with_file_line_and_field(dataset, file, old, new, where, field, fragment):
    line = dataset.edit(file, old, new)
    messages = [str(p) for p in validate(dataset.root)]
    hits = [m for m in messages if m.startswith(f"{where}:{line}: {field}: ") and fragment in m]
    assert hits, f"expected {where}:{line}: {field}: ...{fragment!r}; got:\n" + "\n".join(messages)


def test_a_statement_without_its_primary_row_is_reported_on_the_statement(dataset):
    text = dataset.path(ST).read_text(encoding="utf-8")
    row = next(r for r in text.splitlines() if r.startswith("st0002,direct_talks,"))
    dataset.edit(ST, row + "\n", "")
    line = next(i for i, r in enumerate(dataset.path("data/statements.csv").read_text(encoding="utf-8").splitlines(), 1) if r.startswith("st0002,"))
    messages = [str(p) for p in validate(dataset.root)]
    assert any(m.startswith(f"data/statements.csv:{line}: topic_id: statement st0002 has no row (st0002, direct_talks)") for m in messages), messages


def test_a_changed_primary_topic_is_reported_once(dataset):
    """Re-coding a statement's topic without its link row gives one message (the missing row)."""
    line = dataset.edit("data/statements.csv", ",leaders_meeting,conditional,", ",ceasefire,conditional,")
    messages = [str(p) for p in validate(dataset.root) if p.line == line]
    assert len(messages) == 1 and "has no row" in messages[0], messages


def test_a_stance_outside_the_enum_gives_one_message(dataset):
    line = dataset.edit("data/statements.csv", ",conditional,", ",maybe,")
    assert [p.field for p in validate(dataset.root)] == ["stance"]
    assert line > 1


# --- the committed coding ----------------------------------------------------------------------------------


def test_every_statement_has_its_primary_row_with_the_same_stance(data):
    primary = data.statements[["statement_id", "topic_id", "stance"]].astype(str)
    links = data.statement_topics[["statement_id", "topic_id", "stance"]].astype(str)
    merged = primary.merge(links, on=["statement_id", "topic_id"], how="left", suffixes=("", "_link"), validate="one_to_one")
    assert merged["stance_link"].notna().all()
    assert (merged["stance"] == merged["stance_link"]).all()
    assert len(data.statement_topics) > len(data.statements)  # further topics are coded, not only the primary ones


def test_no_topic_asks_two_questions(data):
    topics = data.topics.set_index("topic_id")
    assert "mediation" not in topics.index  # Türkiye's role and Western participation were one question
    assert {"turkish_mediation", "istanbul_venue", "western_participation", "body_repatriation", "neutrality"} <= set(topics.index)
    for topic_id, question in topics["question"].items():
        assert question.count("?") == 1 and question.endswith("?"), topic_id
        assert not re.search(r"\? |\band (keep|should|is|are)\b", question), f"{topic_id} joins two questions: {question}"
    used = set(data.statement_topics["topic_id"].astype(str))
    assert set(topics.index) <= used, f"topics no statement uses: {set(topics.index) - used}"


def test_short_local_truces_are_not_coded_as_a_conditional_yes_to_a_ceasefire(data):
    """A general ceasefire refused in favour of short local truces answers 'not now' (oppose)."""
    links = data.statement_topics.merge(data.statements[["statement_id", "summary"]], on="statement_id")
    ceasefire = links[links["topic_id"] == "ceasefire"]
    instead = ceasefire["summary"].str.contains(r"(?:instead of|rather than|not) a general ceasefire", regex=True)
    assert instead.sum() >= 3
    assert (ceasefire.loc[instead, "stance"] == "oppose").all()


def test_targets_come_with_relations_and_count(data):
    links = data.statement_topics
    assert (links["target_actor_id"].isna() == links["target_relation"].isna()).all()
    assert links["target_relation"].value_counts()["blames"] > 0


# --- Putin and Zelensky, Russia and Ukraine: more conflict than agreement ------------------------------------


def modal(stances: pd.Series) -> str:
    counts = Counter(stances.astype(str)).most_common()
    return "mixed" if len(counts) > 1 and counts[0][1] == counts[1][1] else counts[0][0]


def relations(data, a: set[str], b: set[str], a_targets: set[str], b_targets: set[str]) -> dict[str, str]:
    """Per topic: 'agree' when both principals' most frequent stances match (support, conditional or oppose),
    'conflict' when one supports what the other opposes or either blames the other on it."""
    statements = data.statements.assign(principal=data.statements["on_behalf_of"].fillna(data.statements["actor_id"]).astype(str))
    rows = data.statement_topics.astype(object).merge(statements[["statement_id", "principal"]], on="statement_id")
    rows["target_actor_id"] = rows["target_actor_id"].fillna("")
    ra, rb = rows[rows["principal"].isin(a)], rows[rows["principal"].isin(b)]
    blamed_b = ra[(ra["target_relation"] == "blames") & ra["target_actor_id"].isin(b_targets)]
    blamed_a = rb[(rb["target_relation"] == "blames") & rb["target_actor_id"].isin(a_targets)]
    out = {}
    for topic in set(ra["topic_id"]) | set(rb["topic_id"]):
        ta, tb = ra[ra["topic_id"] == topic], rb[rb["topic_id"] == topic]
        sa = modal(ta["stance"]) if len(ta) else None
        sb = modal(tb["stance"]) if len(tb) else None
        if topic in set(blamed_b["topic_id"]) | set(blamed_a["topic_id"]) or {sa, sb} == {"support", "oppose"}:
            out[topic] = "conflict"
        elif sa == sb and sa in ("support", "conditional", "oppose"):
            out[topic] = "agree"
    return out


def test_putin_and_zelensky_conflict_more_than_they_agree(data):
    kremlin, kyiv = {"putin", "russia", "russia_gov", "kremlin"}, {"zelensky", "ukraine", "ukraine_gov"}
    counts = Counter(relations(data, {"putin"}, {"zelensky"}, kremlin, kyiv).values())
    assert counts["conflict"] > counts["agree"], counts


def test_russia_and_ukraine_conflict_more_than_they_agree(data):
    side = data.actors.set_index("actor_id")["side"].astype(str)
    russia, ukraine = set(side[side == "russia"].index), set(side[side == "ukraine"].index)
    counts = Counter(relations(data, russia, ukraine, russia, ukraine).values())
    assert counts["conflict"] > counts["agree"], counts
    assert {"ceasefire", "territory"} <= {t for t, r in relations(data, russia, ukraine, russia, ukraine).items() if r == "conflict"}
