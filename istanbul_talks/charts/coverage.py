"""What the dataset covers: rows per month by side, and sources by outlet side."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

from .. import analysis
from ..figures import chart_style
from .palette import SIDE_COLOURS, SIDE_LABELS


@chart_style()
def coverage_by_month(data):
    """Statements per month by the speaker's side, beside sources per month by the outlet's side."""
    statements = analysis.statements_enriched(data)
    sources = analysis.sources_with_outlets(data).rename(columns={"published": "date"})
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.8), sharey=False)
    panels = [(axes[0], analysis.monthly_counts(statements, "side"), "Statements by the speaker's side"),
              (axes[1], analysis.monthly_counts(sources, "outlet_side"), "Sources by the outlet's side")]
    for ax, counts, title in panels:
        _stacked_bars(ax, counts)
        ax.set_title(title)
        ax.set_xlabel("Month (of the statement / of publication)")
        ax.set_ylabel("Rows")
    fig.suptitle("What the dataset covers, month by month", fontweight="bold", x=0.01, ha="left")
    return fig


def _stacked_bars(ax, counts):
    labels = [m.strftime("%b %Y") for m in counts.index]
    bottom = [0] * len(counts)
    for side in counts.columns:
        values = counts[side].tolist()
        ax.bar(labels, values, bottom=bottom, color=SIDE_COLOURS[str(side)], label=SIDE_LABELS[str(side)])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.legend(frameon=False, fontsize=8)
    ax.tick_params(axis="x", rotation=45)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
