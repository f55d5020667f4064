"""Who speaks: statements by actor, topic and side, and over time."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import analysis
from ..figures import chart_style
from . import labels
from .palette import SIDE_COLOURS, STANCE_COLOURS, side_label
from .text import for_matplotlib

STANCE_ORDER = ["support", "conditional", "neutral", "oppose"]


@chart_style()
def statements_by_actor(statements, top: int = 15):
    """The most frequent speakers, coloured by side; the hatched part was said on someone's behalf."""
    counts = statements.groupby(["actor", "side"], observed=True).agg(total=("statement_id", "size"), relayed=("on_behalf_of", "count"))
    counts = counts.sort_values("total", ascending=False).head(top).reset_index()[::-1]
    fig, ax = plt.subplots(figsize=(9, max(3, 0.4 * len(counts) + 1.5)))
    colours = [SIDE_COLOURS[str(s)] for s in counts["side"]]
    names = [labels.wrap(for_matplotlib(a, 200), 40) for a in counts["actor"]]
    ax.barh(names, counts["total"] - counts["relayed"], color=colours)
    ax.barh(names, counts["relayed"], left=counts["total"] - counts["relayed"], color=colours, hatch="//", edgecolor="white", linewidth=0)
    ax.set_xlabel("Statements (one per statement per source)")
    ax.set_ylabel("Speaker")
    ax.set_title(f"Who speaks: the {len(counts)} most quoted speakers")
    _side_legend(ax, counts["side"].astype(str).unique(), extra=Patch(facecolor="#777777", edgecolor="white", hatch="//", linewidth=0,
                                                                       label="hatched: said on behalf of someone else"))
    return fig


@chart_style()
def actor_topic_heatmap(statements, top: int = 15):
    """How often each leading speaker addresses each topic."""
    leaders = statements["actor"].value_counts().head(top).index
    table = statements[statements["actor"].isin(leaders)].pivot_table(index="actor", columns="topic", values="statement_id", aggfunc="count", fill_value=0)
    table = table.loc[leaders[::-1].intersection(table.index, sort=False)[::-1]]
    fig, ax = plt.subplots(figsize=(11, max(3.5, 0.4 * len(table) + 2)))
    image = ax.imshow(table.to_numpy(), cmap="Blues", aspect="auto")
    _annotate_cells(ax, table.to_numpy(), fmt="{:.0f}")
    ax.set_xticks(range(table.shape[1]), [labels.wrap(for_matplotlib(c, 200), 30) for c in table.columns], rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(table.shape[0]), [labels.wrap(for_matplotlib(i, 200), 42) for i in table.index], fontsize=8)
    ax.set_xlabel("Topic")
    ax.set_ylabel("Speaker")
    ax.set_title("Which speaker talks about which topic")
    fig.colorbar(image, ax=ax, label="Statements", shrink=0.8)
    return fig


@chart_style()
def statements_per_side_over_time(statements):
    """Statements per month by the speaker's side (dated statements only); months without any
    statement are drawn as zero, so no line jumps across an empty month."""
    counts = analysis.monthly_counts(statements, "side")
    if len(counts):
        counts = counts.reindex(pd.date_range(counts.index.min(), counts.index.max(), freq="MS"), fill_value=0)
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for side in counts.columns:
        ax.plot(counts.index, counts[side], marker="o", color=SIDE_COLOURS[str(side)], label=side_label(side))
    labels.date_axis(ax, counts.index)
    ax.set_xlabel("Month of the statement")
    ax.set_ylabel("Statements")
    ax.set_title("Statements per month, by the speaker's side")
    ax.legend(frameon=False, fontsize=8, title="Speaker's side", title_fontsize=8)
    ax.set_ylim(bottom=0)
    return fig


@chart_style()
def statements_over_time(statements):
    """Every dated statement as a dot: its day across, its speaker down, its stance as the colour
    (the static twin of ``interactive.statements_over_time``)."""
    dated = statements.dropna(subset=["date"])
    order = dated["actor"].value_counts().index.tolist()
    row = {actor: i for i, actor in enumerate(order)}
    fig, ax = plt.subplots(figsize=(12, max(3.5, 0.27 * len(order) + 2)))
    for stance in [s for s in STANCE_ORDER if s in set(dated["stance"].astype(str))]:
        group = dated[dated["stance"].astype(str) == stance]
        ax.plot(group["date"], [row[a] for a in group["actor"]], marker="o", linestyle="", markersize=6, color=STANCE_COLOURS[stance],
                markeredgecolor="#333333", markeredgewidth=0.5, label=stance)
    ax.set_yticks(range(len(order)), [labels.wrap(for_matplotlib(a, 200), 40) for a in order], fontsize=8)
    ax.set_ylim(len(order) - 0.5, -0.5)
    labels.date_axis(ax, dated["date"])
    ax.tick_params(axis="x", labeltop=True)
    ax.grid(axis="x", color="#eeeeee")
    ax.set_xlabel("Date of the statement")
    ax.set_ylabel("Speaker (most quoted first)")
    ax.set_title("Who said what, when (colour: stance on the statement's topic)", pad=22)
    ax.legend(handles=[Line2D([], [], marker="o", linestyle="", markersize=6, color=STANCE_COLOURS[s], markeredgecolor="#333333",
                              markeredgewidth=0.5, label=s) for s in STANCE_ORDER if s in set(dated["stance"].astype(str))],
              loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8, title="Stance", title_fontsize=8)
    return fig


def _side_legend(ax, sides, extra=None):
    handles = [Patch(color=SIDE_COLOURS[s], label=side_label(s)) for s in SIDE_COLOURS if s in set(sides)]
    if extra is not None:
        handles.append(extra)
    ax.legend(handles=handles, frameon=False, fontsize=8, title="Speaker's side", title_fontsize=8, loc="lower right")


def _annotate_cells(ax, values, fmt: str):
    threshold = np.nanmax(values) / 2 if np.size(values) and np.nanmax(values) else 0
    for (i, j), value in np.ndenumerate(values):
        if value and not np.isnan(value):
            ax.text(j, i, fmt.format(value), ha="center", va="center", fontsize=7, color="white" if value > threshold else "black")
