"""Positions: the two memorandums on the issue scales, each side's place on each issue scale per
phase, stances as categories, and the agreement/conflict network per phase window.

Stances are categories (support, conditional, neutral, oppose) and are drawn as such, with counts;
a mean of stance scores would turn a 4-to-5 split into a grey "neutral" that nobody said.
"""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import pandas as pd
import plotly.graph_objects as go
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch

from .. import positions as pos
from ..figures import SOURCE_LINE, chart_style
from ..phases import labels as phase_labels
from ..phases import ordered
from .palette import SIDE_COLOURS, SIDE_LABELS, STANCE_COLOURS
from .text import for_markdown, for_matplotlib, for_plotly

STANCES = ["support", "conditional", "neutral", "oppose"]
CATEGORY_COLOURS = {**STANCE_COLOURS, "mixed": "#fee08b"}
RELATION_STYLE = {"agree": ("#1a9850", "-", 0.18), "conflict": ("#d73027", "--", -0.18)}  # colour, line, curvature
PARTY_MARKERS = {"russia": "o", "ukraine": "s"}


# --- stances as categories -------------------------------------------------------------------------------


@chart_style()
def stance_matrix(codings, by: str = "side", min_codings: int = 1, title: str = "Stances per topic, as categories"):
    """Topics (rows) by sides or actors (columns): each cell coloured by the most frequent stance
    ('mixed' when two stances tie), with the count of each stance written in it (S support,
    C conditional, N neutral, O oppose). ``codings``: statements_enriched or positions.topic_codings
    (one row per stance)."""
    topic = "topic" if "topic" in codings else "topic_id"
    counts = codings.groupby([by, topic, "stance"], observed=True).size().unstack("stance", fill_value=0)
    counts = counts.reindex(columns=STANCES, fill_value=0)
    totals = counts.sum(axis=1).groupby(level=0).sum()
    keep = totals[totals >= min_codings].index
    columns = [c for c in dict.fromkeys(counts.index.get_level_values(0)) if c in keep]
    rows = sorted(dict.fromkeys(counts.index.get_level_values(1)), key=str)
    fig, ax = plt.subplots(figsize=(max(7, 1.25 * len(columns) + 5), max(3.2, 0.34 * len(rows) + 2.2)))
    for i, row in enumerate(rows):
        for j, col in enumerate(columns):
            if (col, row) not in counts.index:
                continue
            cell = counts.loc[(col, row)]
            ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=CATEGORY_COLOURS[_modal(cell)], edgecolor="white"))
            ax.text(j, i, " ".join(f"{s[0].upper()}{int(cell[s])}" for s in STANCES if cell[s]), ha="center", va="center", fontsize=7)
    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_yticks(range(len(rows)), [for_matplotlib(str(r).replace("_", " "), 32) for r in rows], fontsize=8)
    ax.set_xticks(range(len(columns)), [for_matplotlib(SIDE_LABELS.get(str(c), str(c)), 24) for c in columns], rotation=30 if by != "side" else 0,
                  ha="right" if by != "side" else "center", fontsize=8)
    ax.xaxis.tick_top()
    ax.set_ylabel("Topic (the question each stance answers is in data/topics.csv)")
    ax.set_xlabel("Side" if by == "side" else "Actor (spokespeople credited to whom they spoke for)")
    ax.set_title(title, pad=22)
    handles = [Patch(facecolor=CATEGORY_COLOURS[c], label=c) for c in [*STANCES, "mixed"]]
    ax.legend(handles=handles, title="Most frequent stance\n(cell text: S/C/N/O counts)", fontsize=8, title_fontsize=8,
              loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig


def _modal(cell) -> str:
    ranked = cell.sort_values(ascending=False, kind="stable")
    return "mixed" if ranked.iloc[0] == ranked.iloc[1] else str(ranked.index[0])


# --- issue scales ----------------------------------------------------------------------------------------


@chart_style()
def issue_gaps_chart(data, windows: dict[str, list[str]] | None = None, columns: int = 3):
    """One panel per issue: Russia's and Ukraine's median position in each phase (or window of
    phases) as points with n beside them, and the gap between them as a grey line. Periods where a
    side took no position stay empty for that side; the gap is drawn only where both took one."""
    gaps = pos.issue_gaps(data, windows)
    period = "phase_id" if windows is None else "window"
    issues = data.negotiation_issues.set_index("issue_id")
    shown = [i for i in issues.index if i in set(gaps["issue_id"])]
    names = phase_labels(data.phases) if windows is None else {w: w for w in windows}
    periods = ordered(data.phases)["phase_id"].astype(str).tolist() if windows is None else list(windows)
    rows = max(1, math.ceil(len(shown) / columns))
    fig, axes = plt.subplots(rows, columns, figsize=(4.6 * columns, 3.3 * rows + 1.6), sharex=True, sharey=True, squeeze=False)
    for ax, issue in zip(axes.flat, shown, strict=False):
        _issue_panel(ax, gaps[gaps["issue_id"] == issue].rename(columns={period: "period"}), periods, issues.loc[issue])
    for ax in list(axes.flat)[len(shown):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("Position (0-100 scale)")
    for ax in axes.flat:
        ax.set_xticks(range(len(periods)), [for_matplotlib(names[p], 22) for p in periods], rotation=30 if windows else 45, ha="right", fontsize=7)
        ax.tick_params(labelbottom=True)
    for ax in axes[-1, :]:
        ax.set_xlabel("Phase" if windows is None else "Round, with the phases around it")
    handles = [Line2D([], [], marker=PARTY_MARKERS[s], color=SIDE_COLOURS[s], linestyle="", label=f"{SIDE_LABELS[s]}: median of its positions")
               for s in pos.PARTIES]
    handles.append(Line2D([], [], color="#999999", linewidth=3, label="gap between the sides (where both took a position)"))
    fig.legend(handles=handles, loc="outside upper right", ncols=3, frameon=False, fontsize=8,
               title="Number beside a point: positions it rests on; what the scale ends mean: the scales table in notebook 4", title_fontsize=8)
    fig.suptitle("Where each side stands on each issue, round by round", fontweight="bold", x=0.01, ha="left")
    return fig


@chart_style()
def documents_chart(table: pd.DataFrame, issues: pd.DataFrame, names: dict[str, str],
                    title: str = "The two memorandums, issue by issue"):
    """One row per issue (``pos.document_positions``): each side's document as a point on the issue's
    scale, the gap between them as a grey line labelled with its size, and under the row what the
    scale's two ends mean. An issue only one document addresses keeps its one point and says so."""
    sides = [s for s in pos.PARTIES if f"{s}_value" in table]
    scales = issues.set_index("issue_id")
    fig, ax = plt.subplots(figsize=(11, 1.0 + 0.62 * len(table)))
    for y, row in enumerate(table.itertuples()):
        values = {s: getattr(row, f"{s}_value") for s in sides}
        drawn = {s: v for s, v in values.items() if pd.notna(v)}
        if len(drawn) == 2:
            low, high = sorted(drawn.values())
            ax.plot([low, high], [y, y], color="#999999", linewidth=3, solid_capstyle="butt", zorder=1)
            ax.annotate(f"gap {high - low:g}", ((low + high) / 2, y), xytext=(0, 5), textcoords="offset points", ha="center", va="bottom",
                        fontsize=7, color="#555555")
        else:
            missing = next(s for s in sides if s not in drawn)
            ax.annotate(f"not in {SIDE_LABELS[missing]}'s document", (next(iter(drawn.values())), y), xytext=(0, 5), textcoords="offset points",
                        ha="center", va="bottom", fontsize=7, color="#555555")
        for side, value in drawn.items():
            ax.plot([value], [y], marker=PARTY_MARKERS[side], color=SIDE_COLOURS[side], markersize=8, linestyle="", zorder=2)
        scale = scales.loc[row.issue_id]
        ax.text(-2, y + 0.3, "0 = " + for_matplotlib(str(scale["pole_0"]), 58), fontsize=6, color="#555555", va="center", ha="left")
        ax.text(102, y + 0.3, "100 = " + for_matplotlib(str(scale["pole_100"]), 58), fontsize=6, color="#555555", va="center", ha="right")
    ax.set_yticks(range(len(table)), [for_matplotlib(str(label), 40) for label in table["issue"]])
    ax.set_ylim(len(table) - 0.4, -0.6)
    ax.set_xlim(-3, 103)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.grid(axis="x", color="#eeeeee")
    ax.set_xlabel("Position on the issue's 0-100 scale (what each end means: under each row)")
    ax.set_ylabel("Issue (widest gap first)")
    handles = [Line2D([], [], marker=PARTY_MARKERS[s], color=SIDE_COLOURS[s], linestyle="", markersize=8, label=for_matplotlib(names[s], 80))
               for s in sides]
    handles.append(Line2D([], [], color="#999999", linewidth=3, label="gap between the two\ndocuments (points)"))
    fig.legend(handles=handles, loc="outside right upper", ncols=1, frameon=False, fontsize=8)
    fig.suptitle(for_matplotlib(title, 120), fontweight="bold", x=0.01, ha="left")
    return fig


def documents_table(table: pd.DataFrame, names: dict[str, str]) -> str:
    """``pos.document_positions`` as a Markdown table a reader can read across: per issue, each
    document's value on the scale, what it says (the coded summary) and the sources, then the gap.
    Markdown rather than a DataFrame because long text wraps in a cell wherever a notebook is shown."""
    sides = [s for s in pos.PARTIES if f"{s}_value" in table]
    lines = ["| Issue | " + " | ".join(for_markdown(names[s]) for s in sides) + " | Gap |", "|---" * (len(sides) + 2) + "|"]
    for row in table.itertuples():
        cells = []
        for side in sides:
            value = getattr(row, f"{side}_value")
            cells.append("not addressed" if pd.isna(value) else
                         f"**{value:g}**: {for_markdown(getattr(row, f'{side}_summary'))} (source: {for_markdown(getattr(row, f'{side}_sources'))})")
        gap = "" if pd.isna(row.gap) else f"{row.gap:g}"
        lines.append(f"| {for_markdown(row.issue)} | " + " | ".join(cells) + f" | {gap} |")
    return "\n".join(lines)


def _issue_panel(ax, gaps, phases, issue):
    for row in gaps.itertuples():
        x = phases.index(str(row.period))
        if not math.isnan(row.gap):
            ax.plot([x, x], [row.russia, row.ukraine], color="#999999", linewidth=3, solid_capstyle="butt", zorder=1)
        for side, dx in (("russia", -0.12), ("ukraine", 0.12)):
            value, n = getattr(row, side), getattr(row, f"n_{side}")
            if n:
                ax.plot([x], [value], marker=PARTY_MARKERS[side], color=SIDE_COLOURS[side], markersize=7, linestyle="", zorder=2)
                ax.annotate(str(n), (x, value), xytext=(9 if dx > 0 else -9, 0), textcoords="offset points", ha="left" if dx > 0 else "right",
                            va="center", fontsize=7, color=SIDE_COLOURS[side])
    ax.set_title(for_matplotlib(str(issue["label"]), 40), fontsize=10)
    ax.set_ylim(-8, 108)
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.set_xlim(-0.6, len(phases) - 0.4)
    ax.grid(axis="y", color="#eeeeee")
    ax.text(0.01, 0.01, "0 = " + for_matplotlib(str(issue["pole_0"]), 48), transform=ax.transAxes, fontsize=6, color="#555555", va="bottom")
    ax.text(0.01, 0.99, "100 = " + for_matplotlib(str(issue["pole_100"]), 46), transform=ax.transAxes, fontsize=6, color="#555555", va="top")


# --- the network --------------------------------------------------------------------------------------------


@chart_style()
def network_chart(data, windows: dict[str, list[str]], level: str = "actor", min_concepts: int = 2, min_weight: int = 1, columns: int = 2,
                  kinds=None, across: bool = False, title: str = "Who agrees and who clashes, phase by phase (line width: concepts shared)"):
    """One panel per phase window: actors placed by side (Russia left, Ukraine right, third parties in
    the middle), agreement ties solid green and conflict ties dashed red, each labelled with its
    weight (concepts shared) and drawn wider the heavier it is. Actors addressing fewer than
    ``min_concepts`` concepts in every window are left out and ties lighter than ``min_weight`` are not
    drawn; each panel's title counts every tie of the window, drawn or not, and those between Russia
    and Ukraine apart. ``kinds`` limits the concepts (``pos.SUBSTANCE``: the issue scales only);
    ``across`` draws only the ties between Russian and Ukrainian actors (the parties' own relations,
    without the mediators and third parties around them)."""
    everything = pos.concept_codings(data, level=level, kinds=kinds)
    codings = {name: pos.select_codings(everything, phases) for name, phases in windows.items()}
    per_window = {name: (pos.discourse_network(data, phases, level, codings=codings[name]), codings[name]) for name, phases in windows.items()}
    activity = {name: c[c["kind"] != "blame"].groupby("node")["concept"].nunique() for name, (_, c) in per_window.items()}
    side = data.actors.set_index("actor_id")["side"].astype(str).to_dict() if level == "actor" else {}
    nodes = sorted({n for a in activity.values() for n in a[a >= min_concepts].index})
    if level != "actor":
        side = {n: n for n in nodes}
    if across:
        nodes = [n for n in nodes if side.get(n) in pos.PARTIES]
    xy = _layout(nodes, side)
    names = data.actors.set_index("actor_id")["name"].astype(str).to_dict() if level == "actor" else {n: SIDE_LABELS.get(n, n) for n in nodes}
    rows = max(1, math.ceil(len(windows) / columns))
    fig, axes = plt.subplots(rows, columns, figsize=(7.5 * columns, 6.2 * rows + 0.8), squeeze=False)
    for ax, (name, (edges, _)) in zip(axes.flat, per_window.items(), strict=False):
        shown = edges[edges["a"].isin(nodes) & edges["b"].isin(nodes)]
        if across:
            shown = shown[[{side.get(a), side.get(b)} == set(pos.PARTIES) for a, b in zip(shown["a"], shown["b"], strict=True)]]
        _draw_edges(ax, shown[shown["weight"] >= min_weight], xy)
        _draw_network_nodes(ax, nodes, xy, side, names, activity[name])
        ax.set_title(_panel_title(name, edges, data.actors, level), fontsize=10)
    for ax in list(axes.flat)[len(windows):]:
        ax.set_visible(False)
    handles = [Line2D([], [], color=c, linestyle=s, linewidth=2, alpha=0.7, label=f"{r} (label: concepts)") for r, (c, s, _) in RELATION_STYLE.items()]
    present = {side.get(n) for n in nodes}
    handles += [Line2D([], [], marker="o", linestyle="", color=SIDE_COLOURS[s], label=SIDE_LABELS[s]) for s in SIDE_COLOURS if s in present]
    handles.append(Line2D([], [], marker="o", linestyle="", color="#dddddd", markeredgecolor="#999999", label="actor silent in this window"))
    fig.legend(handles=handles, loc="outside right upper", ncols=1, frameon=False, fontsize=8,
               title=textwrap.fill(_network_note(min_concepts, min_weight, across), 34), title_fontsize=8)
    fig.suptitle(for_matplotlib(title, 120), fontweight="bold", x=0.01, ha="left")
    return fig


def _network_note(min_concepts: int, min_weight: int, across: bool) -> str:
    note = "Russia's actors left, Ukraine's right" + ("" if across else ", third parties in the middle")
    note += "; (n) beside a name: concepts it addresses in the window; titles count every tie in the window"
    left_out = ["ties between actors of the same side or with a third party" if across else "",
                f"ties of fewer than {min_weight} concepts" if min_weight > 1 else "",
                f"actors addressing fewer than {min_concepts} concepts" if min_concepts > 1 else ""]
    if any(left_out):
        note += ", drawn or not (not drawn: " + "; ".join(x for x in left_out if x) + ")"
    return note


def _panel_title(name: str, edges, actors, level: str) -> str:
    """A panel's totals: every tie of the window, and apart the ties between Russia and Ukraine."""
    totals = {r: int(edges.loc[edges["relation"] == r, "weight"].sum()) for r in RELATION_STYLE}
    if level == "actor":
        ties = pos.between_sides(edges, actors)
        across = {r: int(ties.loc[ties["between"] & (ties["relation"] == r), "weight"].sum()) for r in RELATION_STYLE}
    else:
        across = pos.pair_balance(edges, *pos.PARTIES)
    return (for_matplotlib(f"{name}: {totals['agree']} agreement and {totals['conflict']} conflict ties (concepts)", 90) + "\n"
            + f"between Russia and Ukraine: {across['agree']} agreement, {across['conflict']} conflict")


def _layout(nodes, side):
    """Russia on the left, Ukraine on the right, everyone else in the middle; fixed across panels."""
    groups = {"left": [n for n in nodes if side.get(n) == "russia"], "right": [n for n in nodes if side.get(n) == "ukraine"]}
    groups["middle"] = [n for n in nodes if n not in groups["left"] and n not in groups["right"]]
    xs = {"left": -1.0, "middle": 0.0, "right": 1.0}
    xy = {}
    for group, members in groups.items():
        members = sorted(members, key=lambda n: (str(side.get(n)), n))
        for k, node in enumerate(members):
            y = 1 - 2 * (k + 0.5) / len(members)
            xy[node] = (xs[group] + (0.12 if k % 2 and group != "middle" else 0.0), y)
    return xy


def _draw_edges(ax, edges, xy):
    for e in edges.itertuples():
        colour, style, bend = RELATION_STYLE[e.relation]
        (x0, y0), (x1, y1) = xy[e.a], xy[e.b]
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-", connectionstyle=f"arc3,rad={bend}", color=colour, linestyle=style,
                                     linewidth=0.8 + 1.2 * e.weight, alpha=0.7, zorder=1))
        ax.text(*label_offset(x0, y0, x1, y1, bend), str(e.weight), fontsize=7, color=colour, ha="center", va="center",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}, zorder=3)


def _draw_network_nodes(ax, nodes, xy, side, names, activity):
    for node in nodes:
        x, y = xy[node]
        active = int(activity.get(node, 0))
        colour = SIDE_COLOURS.get(side.get(node), "#7f7f7f") if active else "#dddddd"
        ax.scatter([x], [y], s=60 + 25 * active, color=colour, edgecolor="#999999" if not active else "white", zorder=2)
        ax.annotate(for_matplotlib(f"{names.get(node, node)} ({active})", 34), (x, y), xytext=(-9 if x < 0 else 9, 0), textcoords="offset points",
                    ha="right" if x < 0 else "left", va="center", fontsize=7, zorder=4)
    ax.set_xlim(-2.0, 2.0)
    ax.set_ylim(-1.15, 1.15)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def label_offset(x0, y0, x1, y1, bend) -> tuple[float, float]:
    """Where the middle of an arc3 curve lies: the chord's midpoint pushed sideways by bend/2 of its length."""
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    return float(mx + bend * (y1 - y0) / 2), float(my - bend * (x1 - x0) / 2)


# --- interactive ------------------------------------------------------------------------------------------


def positions_interactive(data):
    """Every coded position as a point: issue (row) by value on its 0-100 scale, coloured by side;
    hover gives the actor, date, what the value means on the scale, the summary, quote and source."""
    coded = pos.coded_positions(data)
    issues = data.negotiation_issues.set_index("issue_id")
    row = {issue: k for k, issue in enumerate(issues.index)}
    offsets = {"russia": 0.18, "ukraine": -0.18}
    fig = go.Figure()
    for side, group in coded.groupby("side", observed=True):
        hover = [_position_hover(r, issues, data.negotiation_issues) for r in group.itertuples()]
        repeat = group.groupby(["issue_id", "value"], observed=True).cumcount()  # equal positions side by side, not on top
        ys = [row[i] + offsets.get(str(side), 0.0) + 0.05 * (k % 3) * (1 if offsets.get(str(side), 0.0) >= 0 else -1)
              for i, k in zip(group["issue_id"], repeat, strict=True)]
        fig.add_trace(go.Scatter(x=group["value"].astype(float), y=ys, mode="markers", name=SIDE_LABELS.get(str(side), str(side)),
                                 marker={"color": SIDE_COLOURS.get(str(side), "#7f7f7f"), "size": 10,
                                         "line": {"width": 0.5, "color": "#333333"}}, hovertext=hover, hoverinfo="text"))
    fig.update_yaxes(tickvals=list(row.values()), ticktext=[for_plotly(label, 40) for label in issues["label"]], autorange="reversed")
    fig.update_xaxes(range=[-5, 105], tickvals=[0, 25, 50, 75, 100])
    fig.update_layout(title={"text": "Every coded position, issue by issue (hover for who, when, what it means and the source)"},
                      xaxis_title="Position on the issue's 0-100 scale (what each end means: the scales table in notebook 4)", yaxis_title="Issue",
                      legend_title_text="Side (of the actor credited)", template="plotly_white", width=1100, height=260 + 40 * len(row),
                      font={"family": "DejaVu Sans, Arial, sans-serif", "size": 12}, hoverlabel={"align": "left"},
                      margin={"l": 220, "r": 40, "t": 80, "b": 110})
    fig.add_annotation(text=for_plotly(SOURCE_LINE, 300, 300), xref="paper", yref="paper", x=0, y=-0.02, yshift=-70, showarrow=False,
                       xanchor="left", font={"size": 10, "color": "#555555"})
    return fig


def _position_hover(r, issues, table) -> str:
    day = "unknown" if pd.isna(r.date) else pd.Timestamp(r.date).strftime("%Y-%m-%d")
    meaning = pos.scale_meaning(table, r.issue_id, float(r.value)) or "between two defined points"
    text = (f"<b>{for_plotly(r.principal, 80)}</b> on {for_plotly(issues.loc[r.issue_id, 'label'], 60)}: {r.value}<br>"
            f"Date: {day} ({r.date_precision}); reported by: {r.reported_by}<br>Scale point: {for_plotly(meaning, 200)}<br>{for_plotly(r.summary)}")
    if pd.notna(r.quote):
        text += f"<br>Quote: “{for_plotly(r.quote)}”"
    return text + f"<br>Source: {for_plotly(r.source_id, 100)}"
