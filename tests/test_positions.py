"""Issue scales and the discourse network: the rules pinned on tiny, hand-made data."""

from __future__ import annotations

import pandas as pd
import pytest

from istanbul_talks import positions as pos
from istanbul_talks.tables import Dataset

PHASES = pd.DataFrame({
    "phase_id": ["pre_talks", "round_1", "pause"],
    "label": ["Before", "Round 1", "Pause"],
    "start": pd.to_datetime(["2025-05-10", "2025-05-16", "2025-09-01"]),
    "end": pd.to_datetime(["2025-05-15", "2025-08-31", None]),
})
ACTORS = pd.DataFrame({
    "actor_id": ["putin", "peskov", "lavrov", "zelensky", "umerov", "fidan"],
    "name": ["Putin", "Peskov", "Lavrov", "Zelensky", "Umerov", "Fidan"],
    "side": ["russia", "russia", "russia", "ukraine", "ukraine", "turkey"],
})


def statements(*rows):
    """rows: (statement_id, actor_id, on_behalf_of, date, topic_id, stance)."""
    frame = pd.DataFrame(rows, columns=["statement_id", "actor_id", "on_behalf_of", "date", "topic_id", "stance"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.astype({"on_behalf_of": "string"})


def topic_links(*rows):
    """rows: (statement_id, topic_id, stance, target_actor_id, target_relation)."""
    return pd.DataFrame(rows, columns=["statement_id", "topic_id", "stance", "target_actor_id", "target_relation"]).astype("string")


def positions(*rows):
    """rows: (position_id, issue_id, actor_id, on_behalf_of, date, value)."""
    frame = pd.DataFrame(rows, columns=["position_id", "issue_id", "actor_id", "on_behalf_of", "date", "value"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.astype({"on_behalf_of": "string", "value": "Int64"})


def dataset(stmts, links=None, scale=None):
    data = Dataset(actors=ACTORS, phases=PHASES, statements=stmts)
    if links is not None:
        data["statement_topics"] = links
    if scale is not None:
        data["positions"] = scale
    return data


def relations(edges, a, b):
    pair = edges[((edges["a"] == a) & (edges["b"] == b)) | ((edges["a"] == b) & (edges["b"] == a))]
    return sorted(pair["relation"])


# --- the scale thresholds ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "expected"), [
    (0, 100, "conflict"), (20, 70, "conflict"), (25, 75, "conflict"),  # opposite sides of 50 and >= 50 apart
    (30, 70, None),  # opposite sides, only 40 apart: neither
    (0, 50, None),  # 50 apart but 50 is not the other side
    (50, 100, None),
    (80, 100, "agree"), (40, 60, "agree"), (0, 25, "agree"),  # <= 25 apart
    (0, 26, None),
    (10, None, None),
])
def test_scale_thresholds(a, b, expected):
    assert pos.scale_relation(a, float("nan") if b is None else b) == expected


# --- stances on topics ------------------------------------------------------------------------------------

def test_support_against_oppose_conflicts_and_same_stance_agrees():
    assert pos.stance_relations({"support"}, {"oppose"}) == {"conflict"}
    assert pos.stance_relations({"oppose"}, {"oppose"}) == {"agree"}
    assert pos.stance_relations({"support"}, {"support"}) == {"agree"}
    assert pos.stance_relations({"support", "oppose"}, {"oppose"}) == {"agree", "conflict"}  # DNA keeps both


@pytest.mark.parametrize("other", ["support", "oppose", "conditional", "neutral"])
@pytest.mark.parametrize("unlinked", ["conditional", "neutral"])
def test_conditional_and_neutral_link_to_nothing(unlinked, other):
    """A topic asks about now: a yes once a condition is met is neither the yes of support nor a no."""
    assert pos.stance_relations({unlinked}, {other}) == set()
    assert unlinked in pos.UNLINKED_STANCES


def test_the_lenient_reading_counts_conditional_as_a_yes():
    assert pos.stance_relations({"conditional"}, {"support"}, pos.LENIENT_ANSWERS) == {"agree"}
    assert pos.stance_relations({"conditional"}, {"conditional"}, pos.LENIENT_ANSWERS) == {"agree"}
    assert pos.stance_relations({"conditional"}, {"oppose"}, pos.LENIENT_ANSWERS) == {"conflict"}
    assert pos.stance_relations({"neutral"}, {"support"}, pos.LENIENT_ANSWERS) == set()


def test_network_from_statement_topics_with_a_second_topic_and_a_blame():
    stmts = statements(
        ("s1", "putin", None, "2025-05-11", "direct_talks", "support"),
        ("s2", "zelensky", None, "2025-05-12", "direct_talks", "support"),
        ("s3", "peskov", "putin", "2025-05-13", "ceasefire", "oppose"),
    )
    links = topic_links(
        ("s1", "direct_talks", "support", None, None),
        ("s1", "ceasefire", "oppose", None, None),  # a second topic of the same statement
        ("s2", "direct_talks", "support", None, None),
        ("s2", "ceasefire", "support", "putin", "blames"),
        ("s3", "ceasefire", "oppose", None, None),
    )
    edges = pos.discourse_network(dataset(stmts, links))
    assert relations(edges, "putin", "zelensky") == ["agree", "conflict"]
    conflict = edges[(edges["relation"] == "conflict")].iloc[0]
    assert conflict["concepts"] == "blame:ceasefire, topic:ceasefire" and conflict["weight"] == 2
    agree = edges[(edges["relation"] == "agree")].iloc[0]
    assert agree["concepts"] == "topic:direct_talks" and agree["n"] == 2
    # Putin addresses 2 concepts (Peskov's relay counts for him), Zelensky 2: normalised = weight / 2
    assert conflict["normalised"] == 1.0 and agree["normalised"] == 0.5
    assert pos.pair_balance(edges, "zelensky", "putin") == {"agree": 1, "n_agree": 2, "conflict": 2, "n_conflict": 4}


def test_a_blame_is_a_conflict_even_without_opposite_stances():
    stmts = statements(("s1", "lavrov", None, "2025-06-01", "direct_talks", "neutral"), ("s2", "umerov", None, "2025-06-02", "direct_talks", "neutral"))
    links = topic_links(("s1", "direct_talks", "neutral", "umerov", "blames"), ("s2", "direct_talks", "neutral", "lavrov", "answers"))
    edges = pos.discourse_network(dataset(stmts, links))
    assert edges[["a", "b", "relation", "concepts"]].values.tolist() == [["lavrov", "umerov", "conflict", "blame:direct_talks"]]


def test_no_link_inside_a_side_from_a_topic_asking_two_questions():
    stmts = statements(("s1", "putin", None, "2025-05-11", "mediation", "support"), ("s2", "lavrov", None, "2025-05-12", "mediation", "oppose"),
                       ("s3", "zelensky", None, "2025-05-12", "mediation", "support"))
    edges = pos.discourse_network(dataset(stmts))  # falls back to statements' primary coding
    assert edges.empty


def test_without_statement_topics_the_primary_coding_is_used():
    stmts = statements(("s1", "putin", None, "2025-05-11", "ceasefire", "oppose"), ("s2", "zelensky", None, "2025-05-12", "ceasefire", "support"))
    assert relations(pos.discourse_network(dataset(stmts)), "putin", "zelensky") == ["conflict"]


def test_windows_keep_only_their_phases_and_sides_form_one_pair():
    stmts = statements(("s1", "putin", None, "2025-05-11", "ceasefire", "oppose"), ("s2", "zelensky", None, "2025-05-12", "ceasefire", "support"),
                       ("s3", "putin", None, "2025-09-11", "ceasefire", "support"), ("s4", "umerov", None, "2025-05-20", "ceasefire", "support"))
    data = dataset(stmts)
    assert relations(pos.discourse_network(data, "pre_talks"), "putin", "zelensky") == ["conflict"]
    assert pos.discourse_network(data, ["pause"]).empty
    sides = pos.discourse_network(data, level="side")
    assert relations(sides, "russia", "ukraine") == ["agree", "conflict"]  # Russia both opposed and supported over time
    assert relations(pos.discourse_network(data), "umerov", "zelensky") == ["agree"]


def test_issue_scales_link_by_the_thresholds():
    stmts = statements(("s1", "putin", None, "2025-05-11", "x", "neutral"))
    scale = positions(("p1", "ceasefire", "putin", None, "2025-05-11", 90), ("p2", "ceasefire", "zelensky", None, "2025-05-11", 10),
                      ("p3", "ceasefire", "fidan", None, "2025-05-11", 30), ("p4", "territory", "putin", None, "2025-05-11", 100),
                      ("p5", "territory", "peskov", "putin", "2025-05-12", 60), ("p6", "territory", "lavrov", None, "2025-05-11", 80))
    edges = pos.discourse_network(dataset(stmts, scale=scale))
    assert relations(edges, "putin", "zelensky") == ["conflict"]  # 90 against 10
    assert relations(edges, "fidan", "zelensky") == ["agree"]  # 20 apart
    assert relations(edges, "fidan", "putin") == ["conflict"]  # 30 and 90: opposite sides of 50, 60 apart
    assert relations(edges, "lavrov", "putin") == ["agree"]  # Putin's median on territory (100 and 60 via Peskov) is 80
    row = edges[(edges["a"] == "lavrov") & (edges["b"] == "putin")].iloc[0]
    assert row["n"] == 3 and row["concepts"] == "issue:territory"


def test_substance_and_process_are_kept_apart():
    """A shared yes on holding talks is a process tie; the issue scales alone carry the substance."""
    stmts = statements(("s1", "putin", None, "2025-05-11", "direct_talks", "support"), ("s2", "zelensky", None, "2025-05-11", "direct_talks", "support"))
    scale = positions(("p1", "ceasefire", "putin", None, "2025-05-11", 90), ("p2", "ceasefire", "zelensky", None, "2025-05-11", 10))
    data = dataset(stmts, scale=scale)
    assert relations(pos.discourse_network(data), "putin", "zelensky") == ["agree", "conflict"]
    assert relations(pos.discourse_network(data, kinds=pos.SUBSTANCE), "putin", "zelensky") == ["conflict"]
    assert relations(pos.discourse_network(data, kinds=pos.PROCESS), "putin", "zelensky") == ["agree"]
    assert set(pos.concept_codings(data, kinds=pos.SUBSTANCE)["kind"]) == {"issue"}
    table = pos.tie_balance(data, {"all": None}).set_index("concepts")
    assert table.loc["substance (issue scales)", ["between_agree", "between_conflict"]].tolist() == [0, 1]
    assert table.loc["process (topics, blame)", ["between_agree", "between_conflict"]].tolist() == [1, 0]
    assert pos.shared_concepts(pos.discourse_network(data), ACTORS).to_dict() == {"topic:direct_talks": 1}


def test_pairs_are_read_window_by_window_and_kind_by_kind():
    stmts = statements(("s1", "putin", None, "2025-05-11", "direct_talks", "support"), ("s2", "zelensky", None, "2025-05-11", "direct_talks", "support"),
                       ("s3", "putin", None, "2025-06-02", "direct_talks", "oppose"), ("s4", "zelensky", None, "2025-06-02", "direct_talks", "support"))
    scale = positions(("p1", "ceasefire", "putin", None, "2025-06-02", 90), ("p2", "ceasefire", "zelensky", None, "2025-06-02", 10))
    data = dataset(stmts, scale=scale)
    windows = {"first": ["pre_talks"], "second": ["round_1"]}
    table = pos.pair_by_window(data, windows, {"PZ": ("putin", "zelensky", "actor"), "RU": ("russia", "ukraine", "side")}).set_index(["window", "concepts"])
    process, substance = "process (topics, blame)", "substance (issue scales)"
    assert table.loc[("first", process), ["PZ agree", "PZ conflict", "PZ n_agree"]].tolist() == [1, 0, 2]
    assert table.loc[("first", substance), ["PZ agree", "PZ conflict"]].tolist() == [0, 0]
    assert table.loc[("second", process), ["PZ agree", "PZ conflict", "RU conflict"]].tolist() == [0, 1, 1]
    assert table.loc[("second", substance), ["PZ agree", "PZ conflict", "RU conflict", "RU n_conflict"]].tolist() == [0, 1, 1, 2]
    edges = pos.discourse_network(data)
    assert pos.pair_concepts(edges, "zelensky", "putin", "conflict") == ["issue:ceasefire", "topic:direct_talks"]
    assert pos.pair_concepts(edges, "putin", "zelensky", "agree") == ["topic:direct_talks"]
    assert pos.pair_concepts(edges, "putin", "fidan", "agree") == []


def test_a_windows_codings_are_its_phases_statement_topics_blames_and_positions():
    """Counted independently of concept_codings: each kind's rows in a window are the source rows of its phases."""
    from loaded import real_data

    data = real_data()
    topics = pos.topic_codings(data)
    topics = topics[~topics["topic_id"].isin(pos.TWO_QUESTION_TOPICS)]
    blames = topics[topics["target_relation"].isin(pos.CONFLICT_TARGET_RELATIONS) & topics["target_actor_id"].notna()]
    scale = pos.coded_positions(data)
    for window in ("round_2", ["round_1", "round_3"], "no_such_phase"):
        phases = [window] if isinstance(window, str) else window
        expected = {kind: int((frame["phase_id"].astype("string").isin(phases) & frame["principal_id"].notna()).sum())
                    for kind, frame in (("topic", topics), ("blame", blames), ("issue", scale))}
        codings = pos.concept_codings(data, window)
        assert {kind: int((codings["kind"] == kind).sum()) for kind in expected} == expected
        assert codings["phase_id"].astype("string").isin(phases).all()
        assert set(pos.concept_codings(data, window, kinds=pos.SUBSTANCE)["kind"]) <= {"issue"}
        pd.testing.assert_frame_equal(pos.select_codings(pos.concept_codings(data), window, pos.PROCESS), pos.concept_codings(data, window, kinds=pos.PROCESS))


def test_no_russian_and_ukrainian_actors_agree_on_a_leaders_meeting():
    """Moscow said yes to a meeting only once the delegations had results; Kyiv wanted one now."""
    from loaded import real_data

    data = real_data()
    ties = pos.between_sides(pos.discourse_network(data), data.actors)
    agreed = ties.loc[ties["between"] & ties["relation"].eq("agree"), "concepts"].str.split(", ").explode()
    assert "topic:leaders_meeting" not in set(agreed) and "issue:leaders_meeting" not in set(agreed)
    lenient = pos.between_sides(pos.discourse_network(data, answers=pos.LENIENT_ANSWERS), data.actors)
    assert lenient.loc[lenient["between"] & lenient["relation"].eq("agree"), "concepts"].str.contains("topic:leaders_meeting").any()


def test_on_the_issue_scales_no_russian_and_ukrainian_actors_agree():
    """The finding notebook 4 states, on the real data: across the line, the substance is all conflict."""
    from loaded import real_data

    data = real_data()
    ties = pos.between_sides(pos.discourse_network(data, kinds=pos.SUBSTANCE), data.actors)
    assert ties.loc[ties["between"], "relation"].eq("conflict").all() and ties["between"].sum() > 10


# --- issue positions and gaps -----------------------------------------------------------------------------

def gap_data():
    stmts = statements(("s1", "putin", None, "2025-05-11", "x", "neutral"))
    scale = positions(
        ("p1", "ceasefire", "putin", None, "2025-05-11", 100), ("p2", "ceasefire", "peskov", "putin", "2025-05-12", 80),
        ("p3", "ceasefire", "lavrov", None, "2025-05-13", 90), ("p4", "ceasefire", "zelensky", None, "2025-05-11", 0),
        ("p5", "ceasefire", "putin", None, "2025-09-11", 70), ("p6", "ceasefire", "umerov", None, "2025-09-12", 20),
        ("p7", "territory", "putin", None, "2025-05-11", 100),  # Ukraine silent on territory: no gap
        ("p8", "territory", "zelensky", None, None, 0),  # undated: no phase
    )
    return dataset(stmts, scale=scale)


def test_issue_gaps_use_each_sides_median_and_count_positions():
    gaps = pos.issue_gaps(gap_data()).set_index(["issue_id", "phase_id"])
    first = gaps.loc[("ceasefire", "pre_talks")]
    assert (first["russia"], first["n_russia"], first["ukraine"], first["n_ukraine"], first["gap"]) == (90, 3, 0, 1, 90)
    assert gaps.loc[("ceasefire", "pause"), "gap"] == 50
    territory = gaps.loc[("territory", "pre_talks")]
    assert pd.isna(territory["gap"]) and territory["n_ukraine"] == 0


def test_gap_moves_say_how_the_distance_moved():
    moves = pos.gap_moves(pos.issue_gaps(gap_data())).set_index("issue_id")
    assert moves.loc["ceasefire", "movement"] == "narrowed" and moves.loc["ceasefire", "change"] == -40
    assert moves.loc["ceasefire", "positions"] == 6
    assert "territory" not in moves.index  # never both sides in one phase


def test_actor_positions_keep_undated_positions_and_n():
    table = pos.actor_positions(gap_data()).set_index(["issue_id", "principal_id"])
    assert table.loc[("ceasefire", "putin"), "n"] == 3 and table.loc[("ceasefire", "putin"), "median"] == 80
    assert table.loc[("territory", "zelensky"), "n"] == 1


def test_modal_stances_count_categories_never_a_mean():
    stmts = statements(*[(f"s{i}", "putin", None, "2025-05-11", "ceasefire", "support") for i in range(4)],
                       *[(f"t{i}", "lavrov", None, "2025-05-11", "ceasefire", "oppose") for i in range(5)])
    table = pos.modal_stances(dataset(stmts)).set_index(["side", "topic_id"])
    assert table.loc[("russia", "ceasefire"), ["support", "oppose", "n"]].tolist() == [4, 5, 9]


def test_windows_let_positions_around_a_round_meet():
    windows = {"Start": ["pre_talks", "round_1"], "Later": ["pause"]}
    gaps = pos.issue_gaps(gap_data(), windows).set_index(["issue_id", "window"])
    assert gaps.loc[("ceasefire", "Start"), "gap"] == 90 and gaps.loc[("ceasefire", "Later"), "gap"] == 50
    assert list(gaps.index.get_level_values("window").categories) == ["Start", "Later"]
    assert pos.gap_moves(gaps.reset_index()).set_index("issue_id").loc["ceasefire", "first_phase"] == "Start"


def test_scale_meaning_reads_poles_and_anchors():
    issues = pd.DataFrame({"issue_id": ["ceasefire"], "pole_0": ["now"], "anchor_25": [pd.NA], "anchor_50": ["aim"], "anchor_75": ["after terms"], "pole_100": ["after a deal"]})
    assert pos.scale_meaning(issues, "ceasefire", 75) == "after terms"
    assert pos.scale_meaning(issues, "ceasefire", 25) == "" and pos.scale_meaning(issues, "ceasefire", 62.5) == ""


def test_position_charts_draw_hostile_text_as_text():
    from hostile import hostile_data

    from istanbul_talks.charts import positions as charts
    payload = charts.positions_interactive(hostile_data()).to_json()
    assert "<script>" not in payload and "<img" not in payload and "<a href" not in payload


def test_a_conditional_yes_to_a_meeting_does_not_agree_with_a_yes_to_one_now():
    """Moscow's "a meeting once the delegations have results" against Kyiv's "a meeting now": no agreement
    by default (the dispute is when); the lenient reading links them, as a sensitivity check."""
    stmts = statements(("s1", "putin", None, "2025-05-11", "leaders_meeting", "conditional"), ("s2", "zelensky", None, "2025-05-12", "leaders_meeting", "support"))
    assert pos.discourse_network(dataset(stmts)).empty
    assert pos.discourse_network(dataset(stmts), answers=pos.STRICT_ANSWERS).empty  # the old name of the default reading still works
    assert relations(pos.discourse_network(dataset(stmts), answers=pos.LENIENT_ANSWERS), "putin", "zelensky") == ["agree"]


# --- documents read on the issue scales ----------------------------------------------------------------------

def test_a_document_is_its_authors_positions_at_its_events_and_the_gap_is_between_the_two():
    scale = positions(("p1", "ceasefire", "umerov", None, "2025-06-01", 0), ("p2", "ceasefire", "umerov", None, "2025-06-01", 20),
                      ("p3", "ceasefire", "lavrov", None, "2025-06-02", 100), ("p4", "territory", "lavrov", None, "2025-06-02", 100),
                      ("p5", "ceasefire", "zelensky", None, "2025-06-02", 50),  # a reaction by someone else: not the document
                      ("p6", "territory", "umerov", None, "2025-07-01", 0))  # the author at another event: not the document
    scale["event_id"] = ["memo_ua", "memo_ua", "memo_ru", "memo_ru", "memo_ru", "round_3"]
    scale["summary"] = ["a", "b", "c", "d", "e", "f"]
    scale["source_id"] = ["s1", "s2", "s3", "s3", "s4", "s5"]
    data = dataset(statements(("s1", "putin", None, "2025-05-11", "x", "neutral")), scale=scale)
    data["negotiation_issues"] = pd.DataFrame({"issue_id": ["territory", "ceasefire"], "label": ["Territory", "Ceasefire"]})
    table = pos.document_positions(data, {"ukraine": ("umerov", ["memo_ua"]), "russia": ("lavrov", ["memo_ru"])})
    assert table["issue_id"].tolist() == ["ceasefire", "territory"]  # widest gap first; one-sided issues last
    first = table.iloc[0]
    assert (first["ukraine_value"], first["ukraine_n"], first["russia_value"], first["russia_n"], first["gap"]) == (10, 2, 100, 1, 90)
    assert first["ukraine_summary"] == "a / b" and first["ukraine_sources"] == "s1, s2" and first["issue"] == "Ceasefire"
    second = table.iloc[1]
    assert pd.isna(second["ukraine_value"]) and pd.isna(second["ukraine_n"]) and pd.isna(second["gap"]) and second["russia_value"] == 100


def test_the_documents_table_keeps_one_row_per_issue_and_shows_markup_as_written():
    from istanbul_talks.charts.positions import documents_table

    table = pd.DataFrame({"issue_id": ["ceasefire", "territory"], "issue": ["Ceasefire", "Territory | land"],
                          "russia_value": [100.0, float("nan")], "russia_summary": ["Only *after* a deal | <b>never</b> $5", None],
                          "russia_sources": ["s1", None], "ukraine_value": [0.0, 0.0], "ukraine_summary": ["Now", "No\nchange"],
                          "ukraine_sources": ["s2", "s3"], "gap": [100.0, float("nan")]})
    lines = documents_table(table, {"russia": "Russia's", "ukraine": "Ukraine's"}).splitlines()
    assert lines[0] == "| Issue | Russia's | Ukraine's | Gap |" and len(lines) == 4
    cells = [line.replace("\\|", "") .count("|") for line in lines]
    assert cells == [5, 5, 5, 5]  # an escaped | never opens a column
    assert r"Only \*after\* a deal \| \<b\>never\</b\> \$5" in lines[2] and "**100**" in lines[2] and lines[2].endswith("| 100 |")
    assert "not addressed" in lines[3] and "No change" in lines[3] and lines[3].endswith("|  |")


def test_the_closest_two_sides_came_is_found_per_window_from_each_actors_median():
    scale = positions(("p1", "ceasefire", "putin", None, "2025-05-11", 100), ("p2", "ceasefire", "putin", None, "2025-05-12", 60),
                      ("p3", "ceasefire", "zelensky", None, "2025-05-11", 0), ("p4", "territory", "lavrov", None, "2025-05-12", 75),
                      ("p5", "territory", "umerov", None, "2025-05-13", 25), ("p6", "territory", "fidan", None, "2025-05-13", 75),
                      ("p7", "ceasefire", "zelensky", None, "2025-06-02", 0))
    data = dataset(statements(("s1", "putin", None, "2025-05-11", "x", "neutral")), scale=scale)
    table = pos.closest_across(data, {"first": ["pre_talks"], "second": ["round_1"]}).set_index("window")
    first = table.loc["first"]  # putin's median 80 against 0; lavrov 75 against umerov 25; fidan is a third party
    assert (first["issue_id"], first["russia_actor"], first["ukraine_actor"], first["distance"]) == ("territory", "lavrov", "umerov", 50)
    assert pd.isna(table.loc["second", "distance"])  # only one side took a position there
