"""The commitments ledger drawn: how much of each promise was delivered, and how long it took."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import ledger as lg
from ..figures import chart_style
from . import labels
from .text import for_matplotlib

STATUS_COLOURS = {"complete": "#1a9850", "partial": "#fdae61", "none": "#8c8c8c", "disputed": "#7b3294"}


@chart_style()
def ledger_chart(data):
    """Left: the share of each promised amount delivered (solid to the lowest source, hatched to the
    highest, so the sources' disagreement shows), or, without a promised number, the status alone.
    Right: days from the promise to the first (dot) and last (diamond) delivery. Colour: status."""
    table = lg.ledger(data).merge(data.commitments[["commitment_id", "description"]], on="commitment_id")
    table = table.sort_values(["promised_on", "commitment_id"], kind="stable").reset_index(drop=True)
    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 0.5 * len(table) + 2.6), sharey=True, width_ratios=[1.1, 1])
    for y, row in table.iterrows():
        colour = STATUS_COLOURS[row["status"]]
        _share(left, y, row, colour)
        _lags(right, y, row, colour)
    names = [_label(d, p) for d, p in zip(table["description"], table["promised_on"], strict=True)]
    left.set_yticks(range(len(table)), names, fontsize=7)
    left.set_ylim(len(table) - 0.4, -0.6)
    left.axvline(100, color="#555555", linestyle=":", linewidth=1)
    left.set_xlim(0, 160)
    left.set_xlabel("Share of the promised amount delivered (%; dotted line: all of it)")
    left.set_ylabel("Commitment (day it was made)")
    left.set_title("Promised against delivered")
    right.set_xlabel("Days from the promise to delivery")
    right.set_title("How long delivery took")
    right.grid(axis="x", color="#eeeeee")
    handles = [Patch(facecolor=c, label=s) for s, c in STATUS_COLOURS.items()]
    handles += [Patch(facecolor="#999999", edgecolor="white", hatch="///", label="up to the highest source's number"),
                Line2D([], [], marker="o", linestyle="", color="#555555", label="first delivery"),
                Line2D([], [], marker="D", linestyle="", color="#555555", label="last delivery")]
    right.legend(handles=handles, title="Status / marks", fontsize=8, title_fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    fig.suptitle("The commitments ledger: what was promised at and around the rounds, and what was done", fontweight="bold", x=0.01, ha="left")
    return fig


def _label(description, day) -> str:
    """The commitment as coded, wrapped rather than cut, with the day it was made."""
    when = f" ({labels.day(day)})" if pd.notna(day) else ""
    return labels.wrap(for_matplotlib(str(description), 400) + when, 70, max_lines=6)


def _share(ax, y, row, colour):
    if pd.isna(row["amount"]) or pd.isna(row["delivered_low"]):
        text = "no number promised" if pd.isna(row["amount"]) else "no number reported"
        ax.annotate(f"{row['status']}: {text}", (0, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7, color=colour,
                    fontweight="bold")
        return
    low, high = 100 * row["share_low"], 100 * row["share_high"]
    ax.barh(y, min(low, 160), color=colour, height=0.6)
    if high > low:
        ax.barh(y, min(high, 160) - low, left=low, color=colour, edgecolor="white", hatch="///", height=0.6)
    amount = f"{row['delivered_low']:,.0f}" + (f"-{row['delivered_high']:,.0f}" if high > low else "")
    bound = "at least " if not row["measured"] else ""
    ax.annotate(f"{bound}{amount} of {row['amount']:,.0f} {row['unit']}", (min(high, 160), y), xytext=(3, 0), textcoords="offset points", va="center",
                fontsize=7)


def _lags(ax, y, row, colour):
    if pd.isna(row["lag_first"]):
        ax.annotate("not delivered", (0, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7, color="#777777")
        return
    first, last = int(row["lag_first"]), int(row["lag_last"])
    ax.plot([first, last], [y, y], color=colour, linewidth=2)
    ax.plot([first], [y], marker="o", color=colour)
    ax.plot([last], [y], marker="D", color=colour)
    ax.annotate(f"{first} d" if first == last else f"{first}-{last} d", (last, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=7)


@chart_style()
def kept_by_kind_chart(counts: pd.DataFrame):
    """One bar per kind of promise (``ledger.status_by_kind``), split by how it ended, each part
    labelled with its count."""
    counts = counts[counts["total"] > 0]
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.7 * len(counts)))
    left = pd.Series(0, index=counts.index)
    for status in lg.STATUSES:
        widths = counts[status]
        ax.barh(range(len(counts)), widths, left=left, color=STATUS_COLOURS[status], label=status, height=0.6)
        for y, (width, start) in enumerate(zip(widths, left, strict=True)):
            if width:
                ax.text(start + width / 2, y, str(int(width)), ha="center", va="center", fontsize=9,
                        color="white" if status in ("complete", "disputed", "none") else "black")
        left = left + widths
    ax.set_yticks(range(len(counts)), [textwrap.fill(for_matplotlib(label, 120), 30) for label in counts.index])
    ax.invert_yaxis()
    ax.set_xlabel("Commitments (each made at or around a round; status from the ledger)")
    ax.set_ylabel("Kind of promise")
    ax.legend(title="How it ended", frameon=False, loc="lower right", fontsize=8, title_fontsize=8)
    ax.set_title("Which promises were kept: by what they would have moved")
    return fig
