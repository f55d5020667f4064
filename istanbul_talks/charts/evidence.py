"""Sources and evidence: corroboration of events, and numbers that sources report differently."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D

from .. import analysis
from ..figures import chart_style
from .palette import SIDE_COLOURS, SIDE_LABELS
from .text import for_matplotlib


@chart_style()
def corroboration_chart(data, types=("talks_round", "prisoner_exchange", "body_repatriation", "memorandum")):
    """Independent outlets reporting each key event, stacked by the outlet's side."""
    table = analysis.corroboration(data)
    events = data.events.set_index("event_id")
    keep = [e for e in analysis.events_with_reports(data)["event_id"] if str(events.loc[e, "event_type"]) in types]
    table = table.loc[keep][::-1]
    fig, ax = plt.subplots(figsize=(10, max(3, 0.35 * len(table) + 1.6)))
    left = [0] * len(table)
    labels = [for_matplotlib(events.loc[e, "title"], 55) for e in table.index]
    for side in [c for c in analysis.OUTLET_SIDES if c in table.columns]:
        ax.barh(labels, table[side], left=left, color=SIDE_COLOURS[side], label=SIDE_LABELS[side])
        left = [a + b for a, b in zip(left, table[side], strict=True)]
    ax.axvline(2, color="#999999", linestyle=":", linewidth=1)
    ax.set_xlabel("Distinct outlets reporting the event (dotted line: two)")
    ax.set_ylabel("Event")
    ax.set_title("How many independent outlets back each event")
    ax.legend(frameon=False, fontsize=8, title="Outlet's side", title_fontsize=8, loc="lower right")
    return fig


@chart_style()
def quantity_ranges_chart(data, only_disputed: bool = True):
    """Each source's number for an event as a dot, the spread between sources as a line."""
    q = analysis.sources_with_outlets(data)[["source_id", "name", "outlet_side"]].merge(data.quantities, on="source_id")
    ranges = analysis.quantity_ranges(data)
    if only_disputed:
        ranges = ranges[ranges["disputed"]]
    titles = data.events.set_index("event_id")["title"]
    fig, axes = plt.subplots(len(ranges) or 1, 1, figsize=(10, 1.0 * max(len(ranges), 1) + 1.8), squeeze=False)
    for ax, r in zip(axes[:, 0], ranges.itertuples(), strict=False):
        points = q[(q["event_id"] == r.event_id) & (q["quantity"] == r.quantity)]
        ax.hlines(0, r.low, r.high, color="#999999", linewidth=3)
        for p in points.itertuples():
            ax.plot([p.value], [0], "o", color=SIDE_COLOURS[str(p.outlet_side)], markersize=8, alpha=0.8)
        ax.set_yticks([])
        label = f"{for_matplotlib(titles[r.event_id], 45)}\n{r.quantity.replace('_', ' ')} ({r.unit})"
        ax.set_ylabel(label, rotation=0, ha="right", va="center", fontsize=8)
        ax.margins(x=0.15)
    if not len(ranges):
        axes[0, 0].text(0.5, 0.5, "No number is reported differently by two sources yet.", ha="center", va="center", transform=axes[0, 0].transAxes)
        axes[0, 0].set_yticks([])
    axes[-1, 0].set_xlabel("Value reported (dot: one source, coloured by the outlet's side; grey line: the spread)")
    axes[0, 0].set_title("Numbers the sources disagree on")
    present = set(q["outlet_side"].astype(str))
    handles = [Line2D([], [], marker="o", linestyle="", color=SIDE_COLOURS[s], label=SIDE_LABELS[s]) for s in SIDE_COLOURS if s in present]
    axes[0, 0].legend(handles=handles, title="Outlet's side", fontsize=7, title_fontsize=7, frameon=False, loc="lower left", bbox_to_anchor=(1.0, 0.0))
    return fig
