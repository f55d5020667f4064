"""Who speaks: statements by actor, topic and side, and over time."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import analysis
from ..figures import chart_style
from .palette import SIDE_COLOURS, SIDE_LABELS
from .text import for_matplotlib


@chart_style()
def statements_by_actor(statements, top: int = 15):
    """The most frequent speakers, coloured by side; the hatched part was said on someone's behalf."""
    counts = statements.groupby(["actor", "side"], observed=True).agg(total=("statement_id", "size"), relayed=("on_behalf_of", "count"))
    counts = counts.sort_values("total", ascending=False).head(top).reset_index()[::-1]
    fig, ax = plt.subplots(figsize=(9, max(3, 0.35 * len(counts) + 1.5)))
    colours = [SIDE_COLOURS[str(s)] for s in counts["side"]]
    labels = [for_matplotlib(a, 40) for a in counts["actor"]]
    ax.barh(labels, counts["total"] - counts["relayed"], color=colours)
    ax.barh(labels, counts["relayed"], left=counts["total"] - counts["relayed"], color=colours, alpha=0.45, hatch="//", edgecolor="white")
    ax.set_xlabel("Statements (one per statement per source)")
    ax.set_ylabel("Speaker")
    ax.set_title(f"Who speaks: the {len(counts)} most quoted speakers")
    _side_legend(ax, counts["side"].astype(str).unique(), extra="hatched: said on behalf of someone else")
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
    ax.set_xticks(range(table.shape[1]), [for_matplotlib(c, 28) for c in table.columns], rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(table.shape[0]), [for_matplotlib(i, 40) for i in table.index], fontsize=8)
    ax.set_xlabel("Topic")
    ax.set_ylabel("Speaker")
    ax.set_title("Which speaker talks about which topic")
    fig.colorbar(image, ax=ax, label="Statements", shrink=0.8)
    return fig


@chart_style()
def statements_per_side_over_time(statements):
    """Statements per month by the speaker's side (dated statements only)."""
    counts = analysis.monthly_counts(statements, "side")
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for side in counts.columns:
        ax.plot(counts.index, counts[side], marker="o", color=SIDE_COLOURS[str(side)], label=SIDE_LABELS[str(side)])
    ax.set_xlabel("Month of the statement")
    ax.set_ylabel("Statements")
    ax.set_title("Statements per month, by the speaker's side")
    ax.legend(frameon=False, fontsize=8)
    ax.set_ylim(bottom=0)
    return fig


def _side_legend(ax, sides, extra: str = ""):
    from matplotlib.patches import Patch

    handles = [Patch(color=SIDE_COLOURS[s], label=SIDE_LABELS[s]) for s in SIDE_COLOURS if s in set(sides)]
    ax.legend(handles=handles, frameon=False, fontsize=8, title=extra or None, title_fontsize=7, loc="lower right")


def _annotate_cells(ax, values, fmt: str):
    threshold = np.nanmax(values) / 2 if np.size(values) and np.nanmax(values) else 0
    for (i, j), value in np.ndenumerate(values):
        if value and not np.isnan(value):
            ax.text(j, i, fmt.format(value), ha="center", va="center", fontsize=7, color="white" if value > threshold else "black")
