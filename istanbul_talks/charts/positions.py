"""Positions: stance matrices, positions over time, and the agreement/conflict network."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from .. import analysis
from ..figures import chart_style
from .palette import SIDE_COLOURS, SIDE_LABELS, STANCE_COLOURS
from .text import for_matplotlib

STANCE_CMAP = ListedColormap([STANCE_COLOURS["oppose"], "#f4a582", STANCE_COLOURS["neutral"], STANCE_COLOURS["conditional"], STANCE_COLOURS["support"]])


@chart_style()
def stance_matrix(statements, by: str = "principal", min_statements: int = 1, title: str = "Who stands where"):
    """Mean stance per row (actor or side) and topic: +1 support, +0.5 conditional, 0 neutral, -1 oppose.

    The number in each cell is how many statements the mean rests on.
    """
    grouped = statements.groupby([by, "topic"], observed=True)
    score = grouped["score"].mean().unstack()
    count = grouped.size().unstack()
    keep = count.sum(axis=1) >= min_statements
    score, count = score[keep], count[keep]
    fig, ax = plt.subplots(figsize=(11, max(3.2, 0.42 * len(score) + 2.2)))
    image = ax.imshow(score.to_numpy(dtype=float), cmap=STANCE_CMAP, vmin=-1, vmax=1, aspect="auto")
    for (i, j), n in np.ndenumerate(count.to_numpy(dtype=float)):
        if not math.isnan(n):
            ax.text(j, i, f"{n:.0f}", ha="center", va="center", fontsize=7)
    ax.set_xticks(range(score.shape[1]), [for_matplotlib(c, 28) for c in score.columns], rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(score.shape[0]), [for_matplotlib(str(i), 40) for i in score.index], fontsize=8)
    ax.set_xlabel("Topic (the question each stance answers is in data/topics.csv)")
    ax.set_ylabel("Actor, with spokespeople's statements credited to whom they spoke for" if by == "principal" else by.replace("_", " ").capitalize())
    ax.set_title(title)
    bar = fig.colorbar(image, ax=ax, shrink=0.8, ticks=[-1, 0, 0.5, 1])
    bar.ax.set_yticklabels(["oppose", "neutral", "conditional", "support"])
    bar.set_label("Mean stance (number in cell: statements)")
    return fig


@chart_style()
def positions_over_time(statements, topics, sides=("russia", "ukraine", "turkey", "usa")):
    """For each topic, each side's mean stance per month: do positions move?"""
    dated = statements.dropna(subset=["date"]).assign(month=lambda f: f["date"].dt.to_period("M").dt.to_timestamp())
    fig, axes = plt.subplots(1, len(topics), figsize=(4 * len(topics) + 1, 4), sharey=True, squeeze=False)
    for ax, topic in zip(axes[0], topics, strict=True):
        subset = dated[dated["topic_id"] == topic]
        for side in sides:
            series = subset[subset["side"] == side].groupby("month")["score"].mean()
            if len(series):
                ax.plot(series.index, series.to_numpy(), marker="o", color=SIDE_COLOURS[side], label=SIDE_LABELS[side])
        ax.set_title(for_matplotlib(topic.replace("_", " "), 30), fontsize=10)
        ax.axhline(0, color="#cccccc", linewidth=0.8)
        ax.set_ylim(-1.15, 1.15)
        ax.set_xlabel("Month")
        ax.tick_params(axis="x", rotation=45, labelsize=7)
    axes[0][0].set_ylabel("Mean stance (-1 oppose ... +1 support)")
    axes[0][-1].legend(frameon=False, fontsize=8, loc="lower right")
    fig.suptitle("How positions move: mean stance per month, by side", fontweight="bold", x=0.01, ha="left")
    return fig


@chart_style()
def agreement_network(statements, min_statements: int = 4, min_shared_topics: int = 2):
    """Two panels with the same actors on a circle (grouped by side, size = statements): on the left
    the pairs that take the same stance on at least ``min_shared_topics`` topics, on the right every
    pair where one supports what the other opposes. Line width is the number of topics."""
    busy = statements["principal_id"].value_counts()
    subset = statements[statements["principal_id"].isin(busy[busy >= min_statements].index)]
    edges = analysis.agreement_edges(subset)
    nodes = subset.drop_duplicates("principal_id").sort_values(["side", "principal_id"])[["principal_id", "principal", "side"]]
    xy = {n: (math.cos(2 * math.pi * k / max(len(nodes), 1)), math.sin(2 * math.pi * k / max(len(nodes), 1))) for k, n in enumerate(nodes["principal_id"])}
    fig, axes = plt.subplots(1, 2, figsize=(15, 7.5))
    panels = [(axes[0], edges[(edges["relation"] == "agree") & (edges["weight"] >= min_shared_topics)], "support", "-",
               f"Agreement: same stance on {min_shared_topics}+ topics"),
              (axes[1], edges[edges["relation"] == "conflict"], "oppose", "--", "Conflict: one supports what the other opposes")]
    for ax, shown, stance, style, title in panels:
        for edge in shown.itertuples():
            (x0, y0), (x1, y1) = xy[edge.a], xy[edge.b]
            ax.plot([x0, x1], [y0, y1], color=STANCE_COLOURS[stance], linestyle=style, linewidth=0.6 + 1.0 * edge.weight, alpha=0.7, zorder=1)
        _draw_nodes(ax, nodes, xy, busy)
        ax.set_title(f"{title} ({len(shown)} pairs)", fontsize=11)
        ax.set_xlabel(f"Actors with at least {min_statements} statements, on a circle by side (node size: statements)", fontsize=8)
    axes[0].set_ylabel("Line width: number of shared topics")
    fig.suptitle("Agreement and conflict between actors on shared topics", fontweight="bold", x=0.01, ha="left")
    return fig


def _draw_nodes(ax, nodes, xy, busy):
    for node in nodes.itertuples():
        x, y = xy[node.principal_id]
        ax.scatter([x], [y], s=40 + 8 * busy[node.principal_id], color=SIDE_COLOURS[str(node.side)], zorder=2, edgecolor="white")
        ax.annotate(for_matplotlib(node.principal, 30), (x, y), xytext=(8 * x, 8 * y), textcoords="offset points",
                    ha="left" if x >= 0 else "right", va="center", fontsize=7)
    ax.set_xlim(-1.7, 1.7)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    present = set(nodes["side"].astype(str))
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=SIDE_COLOURS[s], label=SIDE_LABELS[s]) for s in SIDE_COLOURS if s in present]
    ax.legend(handles=handles, frameon=False, fontsize=7, loc="lower left")
