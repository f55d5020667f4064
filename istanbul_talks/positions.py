"""Positions on the negotiation issues and the discourse network between actors.

Two kinds of coding meet here:

* **Issue scales** (data/negotiation_issues.csv, data/positions.csv), as in position datasets such as
  DEU: each position is a value from 0 to 100 on an issue whose poles are defined by substance. A
  side's position in a phase is the median of its coded positions there, so one outlier statement
  does not move it; every figure carries ``n``, the positions it rests on.
* **Stances on topics** (data/statement_topics.csv, one row per topic a statement takes a stance
  on, with the actor it blames), as in discourse network analysis (DNA, Leifeld): actors are
  linked through the concepts they speak about.

The network rules are constants below so that tests pin them and the notebook's caveats can print
them instead of restating them from memory.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .phases import phase_categories, phase_of

PARTIES = ("russia", "ukraine")
# The two memorandums: for each side, who wrote its document and the events at which its content
# was coded (a reaction to a memorandum, by anyone else, is not the document). See document_positions.
MEMORANDUMS = {"ukraine": ("ukrainian_delegation", ("ukraine_memorandum_submitted", "memorandums_exchanged")),
               "russia": ("russian_delegation", ("memorandums_exchanged",))}

# --- the rules of the network --------------------------------------------------------------------------
MIDPOINT = 50  # a scale value below it and one above it lie on opposite sides of the issue
CONFLICT_MIN_DISTANCE = 50  # ... and they conflict only when at least this far apart (e.g. 20 and 70)
AGREE_MAX_DISTANCE = 25  # two values at most this far apart agree (e.g. 80 and 100)
ANSWERS = {"support": "yes", "oppose": "no"}  # what each stance answers to the topic's question
# 'conditional' links to nothing. The topics ask about now (a ceasefire now, a leaders' meeting now);
# a yes once a condition is met (a leaders' meeting once the delegations have results) is not the yes
# of one who wants it now, nor a no. Counting it as a yes made Moscow's "only after results" agree with
# Kyiv's "now" on the leaders' meeting, the very point the two disputed. The condition, where it is
# substance, is coded on the issue scale (positions.csv), which compares it by distance.
UNLINKED_STANCES = ("conditional", "neutral")
LENIENT_ANSWERS = {"support": "yes", "conditional": "yes", "oppose": "no"}  # a sensitivity reading: 'conditional' as a yes
STRICT_ANSWERS = ANSWERS  # the name earlier versions gave today's default reading
CONFLICT_TARGET_RELATIONS = ("blames",)  # a statement that blames an actor ties the two in conflict
# Topics that ask two questions at once (the old 'mediation': Türkiye as host and the West at the
# table). A shared stance on them says nothing about agreement, so they stay out of the network.
TWO_QUESTION_TOPICS = ("mediation",)
# Kinds of concept. The substance of a settlement is what the issue scales measure (ceasefire,
# territory, neutrality, sanctions, a leaders' meeting, ...): positions on a 0-100 scale, compared by
# distance. Topic stances and blame also cover the process (holding talks, exchanges, the venue,
# who paused the talks), where a shared 'yes' is real but says nothing about a settlement.
SUBSTANCE = ("issue",)
PROCESS = ("topic", "blame")


def rules() -> dict[str, str]:
    """The network rules in words, built from the constants, for the notebook's caveats."""
    return {
        "agreement on a topic": "both actors answer the topic's question the same way in the window: yes (support) or no (oppose)",
        "conflict on a topic": "one actor answers yes (support) and the other no (oppose) in the window",
        "conditional": ("a yes once a condition is met: the topics ask about now, so on the topic it links to nothing; its condition, "
                        "where it is substance, is on the issue scale (LENIENT_ANSWERS reads it as a yes, a sensitivity check)"),
        "stances that link to nothing": ", ".join(UNLINKED_STANCES),
        "conflict by blame": (f"a statement whose target relation is {', '.join(CONFLICT_TARGET_RELATIONS)} "
                              "ties its speaker's principal and the target in conflict"),
        "agreement on an issue scale": f"the two actors' median values are at most {AGREE_MAX_DISTANCE} points apart",
        "conflict on an issue scale": f"the medians lie on opposite sides of {MIDPOINT} and at least {CONFLICT_MIN_DISTANCE} points apart",
        "left out": f"topics that ask two questions ({', '.join(TWO_QUESTION_TOPICS)})",
        "concepts": "a tie's weight counts topics, issue scales and topics of blame apart: a topic and the issue scale on the same subject are two concepts",
        "normalisation": "counts divided by the mean number of concepts the two actors address in the window (DNA's average activity)",
    }


def scale_relation(a: float, b: float) -> str | None:
    """'agree', 'conflict' or None for two values on a 0-100 issue scale (see the constants)."""
    if pd.isna(a) or pd.isna(b):
        return None
    if abs(a - b) <= AGREE_MAX_DISTANCE:
        return "agree"
    opposite = min(a, b) < MIDPOINT < max(a, b)
    return "conflict" if opposite and abs(a - b) >= CONFLICT_MIN_DISTANCE else None


def stance_relations(a: Iterable[str], b: Iterable[str], answers: dict[str, str] | None = None) -> set[str]:
    """The links two actors' stances on one topic make: agree when both answer the topic's question
    the same way (yes: support; no: oppose), conflict when one says yes and the other no. Both can
    hold at once when an actor said both things (DNA keeps both). ``answers``: see ANSWERS."""
    answers = answers or ANSWERS
    a = {answers[s] for s in a if s in answers}
    b = {answers[s] for s in b if s in answers}
    out = set()
    if a & b:
        out.add("agree")
    if ("yes" in a and "no" in b) or ("no" in a and "yes" in b):
        out.add("conflict")
    return out


# --- who speaks for which side ---------------------------------------------------------------------------


def _principal(frame: pd.DataFrame) -> pd.Series:
    """Positions are credited to the principal: a spokesman relaying the president states the president's."""
    return frame["on_behalf_of"].fillna(frame["actor_id"]).astype("string")


def _attach(frame: pd.DataFrame, data) -> pd.DataFrame:
    actors = data.actors.set_index("actor_id")
    out = frame.copy()
    out["principal_id"] = _principal(out)
    out["principal"] = out["principal_id"].map(actors["name"]).astype("string")
    out["side"] = out["principal_id"].map(actors["side"].astype("string")).astype("string")
    out["phase_id"] = pd.Series(phase_of(out["date"], data.phases).to_numpy(), index=out.index).astype(phase_categories(data.phases))
    return out


# --- issue scales ----------------------------------------------------------------------------------------


def coded_positions(data) -> pd.DataFrame:
    """positions.csv with principal, side and phase attached (the phase of the position's date)."""
    return _attach(data.positions, data)


def _periods(frame: pd.DataFrame, windows: dict[str, list[str]] | None) -> tuple[pd.DataFrame, str]:
    """Group phases into named windows (e.g. 'Round 2' = the memorandum dispute, the round and its
    implementation) when ``windows`` is given; the column is then ``window``, else ``phase_id``."""
    if windows is None:
        return frame, "phase_id"
    lookup = {phase: name for name, phases in windows.items() for phase in phases}
    window = frame["phase_id"].astype("string").map(lookup).astype(pd.CategoricalDtype(list(windows), ordered=True))
    return frame.assign(window=window), "window"


def issue_positions(data, by: str = "side", windows: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Per issue, phase (or window) and side (or principal_id): the median value, its range and n (positions).

    Undated positions have no phase and are left out here (they count in ``actor_positions``).
    """
    frame, period = _periods(coded_positions(data), windows)
    frame = frame.dropna(subset=[period, by])
    grouped = frame.groupby(["issue_id", period, by], observed=True)["value"]
    table = grouped.agg(median="median", low="min", high="max", n="count").reset_index()
    return table.astype({"n": int, "median": float})


def issue_gaps(data, windows: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Per issue and phase (or window): Russia's and Ukraine's median, n for each, and the distance between them.

    ``gap`` is the absolute distance in scale points (0-100), empty when only one side took a
    position in that period: a gap is never inferred from one side alone. Windows let positions
    stated "around" a round meet: Ukraine handed its memorandum over before the second round,
    Russia at it.
    """
    sides = issue_positions(data, by="side", windows=windows)
    period = "phase_id" if windows is None else "window"
    sides = sides[sides["side"].isin(PARTIES)]
    wide = sides.pivot_table(index=["issue_id", period], columns="side", values=["median", "n"], observed=True)
    table = pd.DataFrame(index=wide.index)
    for party in PARTIES:
        table[party] = wide["median"].get(party, float("nan"))
        table[f"n_{party}"] = wide["n"].get(party, 0)
    table = table.fillna({f"n_{p}": 0 for p in PARTIES}).astype({f"n_{p}": int for p in PARTIES})
    table["gap"] = (table["russia"] - table["ukraine"]).abs()
    return table.reset_index().sort_values(["issue_id", period]).reset_index(drop=True)


def gap_moves(gaps: pd.DataFrame) -> pd.DataFrame:
    """Per issue: the gap in the first and last phase (or window) where both sides took positions, and how it moved.

    ``movement`` is 'narrowed' or 'widened' when the gap changed by more than ``AGREE_MAX_DISTANCE``
    / 5 points (5 points: less is within the coders' resolution), else 'unchanged'; 'one phase only'
    when the sides met on the issue in a single phase.
    """
    period = "phase_id" if "phase_id" in gaps else "window"
    both = gaps.dropna(subset=["gap"]).sort_values(["issue_id", period])
    rows = []
    for issue, group in both.groupby("issue_id", observed=True):
        first, last = group.iloc[0], group.iloc[-1]
        change = float(last["gap"] - first["gap"])
        rows.append({"issue_id": issue, "first_phase": first[period], "first_gap": float(first["gap"]),
                     "last_phase": last[period], "last_gap": float(last["gap"]), "change": change,
                     "phases_with_both": len(group), "positions": int(group[["n_russia", "n_ukraine"]].to_numpy().sum()),
                     "movement": _movement(change, len(group))})
    return pd.DataFrame(rows, columns=["issue_id", "first_phase", "first_gap", "last_phase", "last_gap", "change", "phases_with_both", "positions", "movement"])


def _movement(change: float, phases: int) -> str:
    if phases < 2:
        return "one phase only"
    if abs(change) <= AGREE_MAX_DISTANCE / 5:
        return "unchanged"
    return "narrowed" if change < 0 else "widened"


def actor_positions(data, min_positions: int = 1) -> pd.DataFrame:
    """Per issue and actor (principal): median value, range and n, dated or not."""
    frame = coded_positions(data)
    grouped = frame.groupby(["issue_id", "principal_id", "principal", "side"], observed=True)["value"]
    table = grouped.agg(median="median", low="min", high="max", n="count").reset_index()
    return table[table["n"] >= min_positions].sort_values(["issue_id", "side", "median"]).reset_index(drop=True)


def document_positions(data, documents: dict[str, tuple[str, Iterable[str]]]) -> pd.DataFrame:
    """Two (or more) documents read on the issue scales, one row per issue either addresses.

    ``documents`` maps a side to the actor who wrote its document and the events at which its
    content was coded, e.g. ``{"ukraine": ("ukrainian_delegation", ["ukraine_memorandum_submitted"]),
    "russia": ("russian_delegation", ["memorandums_exchanged"])}``: a document's position on an issue
    is the median of the positions its author took at those events (``n`` says how many; a
    reaction to the other side's document, by another actor, is not the document). ``gap`` is the
    distance between the first two documents where both address the issue.
    """
    frame = data.positions
    issues = data.negotiation_issues.set_index("issue_id")
    rows = {}
    for side, (author, events) in documents.items():
        own = frame[(frame["actor_id"].astype("string") == author) & frame["event_id"].astype("string").isin(list(events))]
        for issue_id, group in own.groupby("issue_id", observed=True, sort=False):
            row = rows.setdefault(str(issue_id), {"issue_id": str(issue_id)})
            row[f"{side}_value"] = float(group["value"].astype(float).median())
            row[f"{side}_n"] = len(group)
            row[f"{side}_summary"] = " / ".join(group["summary"].astype(str))
            row[f"{side}_sources"] = ", ".join(dict.fromkeys(group["source_id"].astype(str)))
    first, second = list(documents)[:2]
    out = pd.DataFrame(list(rows.values()), columns=["issue_id"] + [f"{side}_{c}" for side in documents for c in ("value", "n", "summary", "sources")])
    out["gap"] = (out[f"{first}_value"] - out[f"{second}_value"]).abs()
    out.insert(1, "issue", out["issue_id"].map(issues["label"]).astype("string"))
    out["scale_order"] = out["issue_id"].map({issue: k for k, issue in enumerate(issues.index)})  # ties: the codebook's order
    out = out.sort_values(["gap", "scale_order"], ascending=[False, True], na_position="last").drop(columns="scale_order")
    return out.astype({f"{side}_n": "Int64" for side in documents}).reset_index(drop=True)


# --- the discourse network -------------------------------------------------------------------------------


def topic_codings(data) -> pd.DataFrame:
    """One row per stance a statement takes on a topic (statement_topics.csv; before that table
    exists, the statements' primary coding), with speaker's principal, side, date and phase."""
    if "statement_topics" in data:
        links = data.statement_topics.copy()
    else:
        links = data.statements[["statement_id", "topic_id", "stance"]].assign(target_actor_id=pd.NA, target_relation=pd.NA)
    speakers = data.statements[["statement_id", "actor_id", "on_behalf_of", "date"]]
    frame = links.merge(speakers, on="statement_id", how="inner", validate="many_to_one")
    for column in ("topic_id", "stance", "target_actor_id", "target_relation"):
        frame[column] = frame[column].astype("string")
    labels = data["topics"].set_index("topic_id")["label"].astype("string") if "topics" in data else pd.Series(dtype="string")
    frame["topic"] = frame["topic_id"].map(labels).astype("string").fillna(frame["topic_id"])  # charts name topics by label
    return _attach(frame, data)


def _in_window(frame: pd.DataFrame, window) -> pd.DataFrame:
    """Rows of the given phases: ``window`` is None (everything, undated too), a phase_id or a list."""
    if window is None:
        return frame
    phases = [window] if isinstance(window, str) else list(window)
    return frame[frame["phase_id"].astype("string").isin(phases)]


def concept_codings(data, window=None, level: str = "actor", kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """Every coding that can link two actors in ``window``: topic stances, blame targets and issue
    values, one row each, with the node it belongs to (principal at actor level, side at side level)
    and its phase. ``kinds`` keeps only some kinds of concept, e.g. ``SUBSTANCE`` (the issue scales)."""
    node = "principal_id" if level == "actor" else "side"
    topics = topic_codings(data)
    topics = topics[~topics["topic_id"].isin(TWO_QUESTION_TOPICS)]
    rows = [topics.assign(node=topics[node], concept="topic:" + topics["topic_id"], kind="topic", value=float("nan"), ref=topics["statement_id"])]
    blames = topics[topics["target_relation"].isin(CONFLICT_TARGET_RELATIONS) & topics["target_actor_id"].notna()]
    if len(blames):
        target = blames["target_actor_id"] if level == "actor" else blames["target_actor_id"].map(data.actors.set_index("actor_id")["side"].astype("string"))
        rows.append(blames.assign(node=blames[node], target=target.astype("string"), concept="blame:" + blames["topic_id"], kind="blame",
                                  value=float("nan"), ref=blames["statement_id"]))
    if "positions" in data:
        scale = coded_positions(data)
        rows.append(scale.assign(node=scale[node], concept="issue:" + scale["issue_id"].astype("string"), kind="issue",
                                 stance=pd.NA, value=scale["value"].astype(float), ref=scale["position_id"]))
    columns = ("node", "side", "concept", "kind", "stance", "value", "ref", "target", "phase_id")
    frame = pd.concat([r[[c for c in columns if c in r]] for r in rows], ignore_index=True)
    frame = frame.dropna(subset=["node"]).astype({"node": "string", "concept": "string"})
    return select_codings(frame, window, kinds)


def select_codings(codings: pd.DataFrame, window=None, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """The rows of ``concept_codings`` in one window and of some kinds: computing the codings once
    and selecting from them is what lets a chart or table of many windows stay quick."""
    selected = _in_window(codings, window)
    if kinds is not None:
        selected = selected[selected["kind"].isin(list(kinds))]
    return selected.reset_index(drop=True)


def discourse_network(data, window=None, level: str = "actor", answers: dict[str, str] | None = None,
                      codings: pd.DataFrame | None = None, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """Agreement and conflict ties between actors (or sides) in ``window``, normalised as DNA does.

    One row per pair and relation: ``weight`` is the number of concepts (topics, issues, blames) on
    which the pair agrees or conflicts, ``normalised`` divides it by the mean number of concepts the
    two address in the window (average activity, so talkative actors do not dominate), ``n`` is the
    statements and positions the tie rests on, ``concepts`` lists them. Rules: see ``rules()``.
    ``answers`` replaces ANSWERS, e.g. ``LENIENT_ANSWERS`` to test how much the reading of
    'conditional' matters. ``kinds`` limits the concepts (``SUBSTANCE``: the issue scales only);
    ``codings`` is ``concept_codings(data, window, level, kinds)`` when the caller has it already.
    """
    codings = concept_codings(data, window, level, kinds) if codings is None else codings
    ties = pd.concat([_topic_ties(codings, answers or ANSWERS), _issue_ties(codings), _blame_ties(codings)], ignore_index=True)
    columns = ["a", "b", "relation", "weight", "normalised", "n", "concepts"]
    if ties.empty:
        return pd.DataFrame(columns=columns)
    activity = codings[codings["kind"] != "blame"].groupby("node")["concept"].nunique()
    grouped = ties.groupby(["a", "b", "relation"])
    edges = grouped.agg(weight=("concept", "nunique"), n=("n", "sum"), concepts=("concept", lambda c: ", ".join(sorted(set(c))))).reset_index()
    mean_activity = (edges["a"].map(activity).fillna(1) + edges["b"].map(activity).fillna(1)) / 2
    edges["normalised"] = (edges["weight"] / mean_activity.clip(lower=1)).round(3)
    return edges[columns].sort_values(["relation", "weight", "a", "b"], ascending=[True, False, True, True]).reset_index(drop=True)


def _pairs(frame: pd.DataFrame) -> pd.DataFrame:
    pairs = frame.merge(frame, on="concept", suffixes=("_a", "_b"))
    return pairs[pairs["node_a"] < pairs["node_b"]]


def _topic_ties(codings: pd.DataFrame, answers: dict[str, str]) -> pd.DataFrame:
    """Per pair and topic: agree on a shared answer, conflict on opposite answers (see stance_relations)."""
    topics = codings[codings["kind"] == "topic"].assign(answer=lambda f: f["stance"].map(answers)).dropna(subset=["answer"])
    topics = topics.assign(yes=topics["answer"] == "yes", no=topics["answer"] == "no")
    per_node = topics.groupby(["node", "concept"]).agg(yes=("yes", "max"), no=("no", "max"), n=("ref", "nunique")).reset_index()
    per_node = per_node.astype({"yes": bool, "no": bool})
    pairs = _pairs(per_node)
    agree = (pairs["yes_a"] & pairs["yes_b"]) | (pairs["no_a"] & pairs["no_b"])
    conflict = (pairs["yes_a"] & pairs["no_b"]) | (pairs["no_a"] & pairs["yes_b"])
    base = pd.DataFrame({"a": pairs["node_a"], "b": pairs["node_b"], "concept": pairs["concept"], "n": pairs["n_a"] + pairs["n_b"]})
    ties = pd.concat([base[agree].assign(relation="agree"), base[conflict].assign(relation="conflict")], ignore_index=True)
    return ties[["a", "b", "relation", "concept", "n"]]


def _issue_ties(codings: pd.DataFrame) -> pd.DataFrame:
    issues = codings[codings["kind"] == "issue"]
    per_node = issues.groupby(["node", "concept"]).agg(value=("value", "median"), n=("ref", "nunique")).reset_index()
    rows = []
    for p in _pairs(per_node).itertuples():
        relation = scale_relation(p.value_a, p.value_b)
        if relation:
            rows.append({"a": p.node_a, "b": p.node_b, "relation": relation, "concept": p.concept, "n": p.n_a + p.n_b})
    return pd.DataFrame(rows, columns=["a", "b", "relation", "concept", "n"])


def _blame_ties(codings: pd.DataFrame) -> pd.DataFrame:
    if "target" not in codings:
        return pd.DataFrame(columns=["a", "b", "relation", "concept", "n"])
    blames = codings[(codings["kind"] == "blame") & codings["target"].notna() & (codings["target"] != codings["node"])]
    a = blames[["node", "target"]].min(axis=1)
    b = blames[["node", "target"]].max(axis=1)
    frame = pd.DataFrame({"a": a, "b": b, "relation": "conflict", "concept": blames["concept"], "ref": blames["ref"]})
    return frame.groupby(["a", "b", "relation", "concept"]).agg(n=("ref", "nunique")).reset_index()


def _pair(edges: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The ties between two nodes, whichever of the two is ``a`` in the table."""
    return edges[((edges["a"] == a) & (edges["b"] == b)) | ((edges["a"] == b) & (edges["b"] == a))]


def pair_balance(edges: pd.DataFrame, a: str, b: str) -> dict[str, int]:
    """Agreement and conflict weights (concepts) and n (codings) between two nodes, in either order."""
    pair = _pair(edges, a, b)
    out = {}
    for relation in ("agree", "conflict"):
        rows = pair[pair["relation"] == relation]
        out[relation] = int(rows["weight"].sum())
        out[f"n_{relation}"] = int(rows["n"].sum())
    return out


def pair_concepts(edges: pd.DataFrame, a: str, b: str, relation: str) -> list[str]:
    """The concepts on which two nodes agree (or conflict), in either order, sorted."""
    pair = _pair(edges, a, b)
    return sorted({concept for listed in pair.loc[pair["relation"] == relation, "concepts"] for concept in listed.split(", ")})


def between_sides(edges: pd.DataFrame, actors: pd.DataFrame, sides=PARTIES) -> pd.DataFrame:
    """Ties between actors of two different sides (default Russia and Ukraine) and ties inside one side."""
    side = actors.set_index("actor_id")["side"].astype("string")
    out = edges.assign(side_a=edges["a"].map(side), side_b=edges["b"].map(side))
    out["between"] = pd.Series([{x, y} == set(sides) for x, y in zip(out["side_a"], out["side_b"], strict=True)], index=out.index)
    out["inside"] = out["side_a"] == out["side_b"]
    return out


KINDS = {"substance (issue scales)": SUBSTANCE, "process (topics, blame)": PROCESS}  # the two readings of the network


def tie_balance(data, windows: dict[str, list[str] | None], kinds_by_label: dict[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """Agreement and conflict between Russian and Ukrainian actors, and inside one side, per window
    and kind of concept (default ``KINDS``: substance, the issue scales; process, topics and blame).

    Weights are concepts summed over pairs of actors, as in ``between_sides``.
    """
    everything = concept_codings(data)
    rows = []
    for window, phases in windows.items():
        for label, kinds in (kinds_by_label or KINDS).items():
            ties = between_sides(discourse_network(data, codings=select_codings(everything, phases, kinds)), data.actors)
            row = {"window": window, "concepts": label}
            for where in ("between", "inside"):
                weights = ties[ties[where]].groupby("relation")["weight"].sum()
                for relation in ("agree", "conflict"):
                    row[f"{where}_{relation}"] = int(weights.get(relation, 0))
            rows.append(row)
    return pd.DataFrame(rows)


def pair_by_window(data, windows: dict[str, list[str] | None], pairs: dict[str, tuple[str, str, str]],
                   kinds_by_label: dict[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """For named pairs, e.g. ``{"Putin-Zelensky": ("putin", "zelensky", "actor"), "Russia-Ukraine":
    ("russia", "ukraine", "side")}``: agreement and conflict (concepts) and the codings behind them
    (n), per window and kind of concept, one row per window and kind (``pair_balance`` per pair)."""
    codings = {level: concept_codings(data, level=level) for level in sorted({level for _, _, level in pairs.values()})}
    rows = []
    for window, phases in windows.items():
        for label, kinds in (kinds_by_label or KINDS).items():
            row = {"window": window, "concepts": label}
            for name, (a, b, level) in pairs.items():
                edges = discourse_network(data, level=level, codings=select_codings(codings[level], phases, kinds))
                row.update({f"{name} {key}": value for key, value in pair_balance(edges, a, b).items()})
            rows.append(row)
    return pd.DataFrame(rows)


def closest_across(data, windows: dict[str, list[str] | None], sides: tuple[str, str] = PARTIES) -> pd.DataFrame:
    """Per window, the closest an actor of one side and an actor of the other came on any issue scale
    (each actor's median in the window): the issue, the two actors, their values and the distance.
    It says how far a finding of "no agreement across the line" sits from the agreement threshold."""
    everything = concept_codings(data, kinds=SUBSTANCE)
    side = data.actors.set_index("actor_id")["side"].astype("string")
    rows = []
    for window, phases in windows.items():
        medians = select_codings(everything, phases).groupby(["node", "concept"])["value"].median().reset_index()
        medians["side"] = medians["node"].map(side)
        pairs = medians[medians["side"] == sides[0]].merge(medians[medians["side"] == sides[1]], on="concept", suffixes=("_a", "_b"))
        row = {"window": window}
        if len(pairs):
            pairs["distance"] = (pairs["value_a"] - pairs["value_b"]).abs()
            best = pairs.sort_values(["distance", "concept", "node_a", "node_b"]).iloc[0]
            row.update({"issue_id": best["concept"].split(":", 1)[1], f"{sides[0]}_actor": best["node_a"], f"{sides[0]}_value": best["value_a"],
                        f"{sides[1]}_actor": best["node_b"], f"{sides[1]}_value": best["value_b"], "distance": best["distance"]})
        rows.append(row)
    columns = ["window", "issue_id", f"{sides[0]}_actor", f"{sides[0]}_value", f"{sides[1]}_actor", f"{sides[1]}_value", "distance"]
    return pd.DataFrame(rows, columns=columns)


def shared_concepts(edges: pd.DataFrame, actors: pd.DataFrame, relation: str = "agree") -> pd.Series:
    """How many Russian-Ukrainian pairs of actors share each concept in ``relation``, most shared first."""
    ties = between_sides(edges, actors)
    concepts = ties.loc[ties["between"] & (ties["relation"] == relation), "concepts"].str.split(", ").explode()
    return concepts.value_counts().rename_axis("concept").rename("pairs") if len(concepts) else pd.Series(dtype=int, name="pairs")


def modal_stances(data, window=None, by: str = "side") -> pd.DataFrame:
    """Per topic and side (or principal_id): how many codings take each stance, as categories.

    Drawn as counts of each stance, never as a mean: a 4-to-5 split stays a 4-to-5 split.
    """
    frame = _in_window(topic_codings(data), window).dropna(subset=[by])
    counts = frame.groupby([by, "topic_id", "stance"], observed=True).size().unstack("stance", fill_value=0)
    for stance in ("support", "conditional", "neutral", "oppose"):
        if stance not in counts:
            counts[stance] = 0
    counts = counts[["support", "conditional", "neutral", "oppose"]]
    counts["n"] = counts.sum(axis=1)
    return counts.reset_index()


SCALE_POINTS = {0: "pole_0", 25: "anchor_25", 50: "anchor_50", 75: "anchor_75", 100: "pole_100"}


def scale_meaning(issues: pd.DataFrame, issue_id: str, value: float) -> str:
    """What a value means on an issue's scale: the pole or anchor text when the value sits on one
    (0, 25, 50, 75, 100) and that point is defined; else empty (a median between two points)."""
    column = SCALE_POINTS.get(value) if float(value).is_integer() else None
    if column is None or column not in issues:
        return ""
    text = issues.set_index("issue_id").loc[issue_id, column]
    return "" if pd.isna(text) else str(text)
