"""The sequence of events: a timeline with imprecise dates as intervals, and announcement gaps."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import analysis
from ..figures import chart_style
from .text import for_matplotlib

STATUS_STYLE = {  # marker, filled?
    "held": ("o", True), "planned": ("o", False), "proposed": ("D", False),
    "postponed": (">", False), "cancelled": ("X", True), "unknown": ("o", False),
    "partly_held": ("s", True), "disputed": ("P", False),
}
TYPE_COLOURS = {
    "talks_round": "#1b1b1b", "prisoner_exchange": "#1f78b4", "body_repatriation": "#6a3d9a", "memorandum": "#33a02c",
    "proposal": "#ff7f00", "leaders_meeting": "#e31a1c", "phone_call": "#b15928", "delegation_travel": "#a6cee3",
    "ceasefire": "#fb9a99", "meeting": "#cab2d6", "other": "#999999",
}
ONE_DAY = pd.Timedelta(days=1)


@chart_style()
def event_timeline(data, types=None, phases=None):
    """Every event on one line: a dot for an exact day, a bar for a range or a multi-day event,
    an arrow for a bound ("on or before"); open markers for events not (yet) held. ``phases`` (the
    phases table) draws each phase as a labelled band behind the events."""
    events = analysis.events_with_reports(data)
    if types:
        events = events[events["event_type"].isin(types)].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(11, max(3.5, 0.32 * len(events) + 1.5)))
    for y, row in events.iterrows():
        _draw_event(ax, y, row)
    ax.set_yticks(range(len(events)), [for_matplotlib(t, 60) for t in events["title"]], fontsize=8)
    ax.invert_yaxis()
    _date_axis(ax)
    ax.set_xlabel("Date (local date of the event)")
    ax.set_ylabel("Event, in order of its earliest possible date")
    ax.set_title("The Istanbul talks, event by event")
    ax.grid(axis="x", color="#eeeeee")
    _legend(ax, events)
    if phases is not None:
        _phase_bands(ax, phases, events)
    return fig


def _phase_bands(ax, phases, events):
    """Alternating grey bands, one per phase, numbered at the top; the legend names each number.
    The open last phase ends at the last event."""
    last = events["latest"].max() if events["latest"].notna().any() else events["day"].max()
    handles = []
    for k, row in enumerate(phases.sort_values("start").itertuples(), start=1):
        end = (row.end if pd.notna(row.end) else max(last, row.start)) + ONE_DAY
        shade = 0.08 if k % 2 else 0.03
        ax.axvspan(row.start, end, color="#000000", alpha=shade, zorder=0, linewidth=0)
        ax.annotate(str(k), (row.start + (end - row.start) / 2, 1.0), xycoords=("data", "axes fraction"), xytext=(0, -3),
                    textcoords="offset points", ha="center", va="top", fontsize=8, fontweight="bold", color="#333333")
        handles.append(Patch(facecolor="#000000", alpha=shade, label=f"{k}: {for_matplotlib(row.label, 30)}"))
    legend = ax.get_legend()  # keep the type/status legend; the phases get a second one below it
    ax.add_artist(legend)
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(1.01, 0), frameon=False, fontsize=8, title="Phase (band number at the top)",
              title_fontsize=8)


def _date_axis(ax):
    locator = mdates.AutoDateLocator(maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))


def _draw_event(ax, y, row):
    colour = TYPE_COLOURS[str(row["event_type"])]
    marker, filled = STATUS_STYLE[str(row["status"])]
    start, end = row["earliest"], row["latest"]
    face = colour if filled else "white"
    if pd.notna(start) and pd.notna(end) and end > start:
        ax.plot([start, end + ONE_DAY], [y, y], color=colour, linewidth=5, alpha=0.35 if row["date_precision"] == "range" else 0.9,
                solid_capstyle="butt")
        ax.plot([start], [y], marker=marker, color=colour, markerfacecolor=face, markersize=6)
    elif pd.notna(start) or pd.notna(end):
        day = start if pd.notna(start) else end
        ax.plot([day], [y], marker=marker, color=colour, markerfacecolor=face, markersize=7)
        if row["date_precision"] in ("on_or_before", "on_or_after"):
            sign = -1 if row["date_precision"] == "on_or_before" else 1
            ax.annotate("", xy=(day + sign * 4 * ONE_DAY, y), xytext=(day, y), arrowprops={"arrowstyle": "->", "color": colour})


def _legend(ax, events):
    present = set(events["event_type"].astype(str))
    handles = [Line2D([], [], color=TYPE_COLOURS[t], marker="o", linestyle="", label=t.replace("_", " ")) for t in TYPE_COLOURS if t in present]
    handles += [Line2D([], [], color="#555555", marker=STATUS_STYLE[s][0], markerfacecolor="#555555" if STATUS_STYLE[s][1] else "white", linestyle="", label=s)
                for s in STATUS_STYLE if s in set(events["status"].astype(str))]
    handles += [Line2D([], [], color="#555555", linewidth=5, alpha=0.35, label="date known only to a range"),
                Line2D([], [], color="#555555", linewidth=5, label="multi-day event")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8, title="Type / status", title_fontsize=8)


@chart_style()
def announcement_gaps(data, min_lead_days: int = 1):
    """For events known before they happened: a bar from the proposal (or, without one, the first report) to the event."""
    events = analysis.events_with_reports(data)
    ahead = events[events["lead_days"] >= min_lead_days].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(10, max(3, 0.35 * len(ahead) + 1.5)))
    for y, row in ahead.iterrows():
        colour = TYPE_COLOURS[str(row["event_type"])]
        ax.plot([row["known_since"], row["day"]], [y, y], color=colour, linewidth=2)
        ax.plot([row["known_since"]], [y], marker="|", color=colour, markersize=10)
        marker, filled = STATUS_STYLE[str(row["status"])]
        ax.plot([row["day"]], [y], marker=marker, color=colour, markerfacecolor=colour if filled else "white", markersize=7)
        ax.annotate(f"{int(row['lead_days'])} d", (row["day"], y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(range(len(ahead)), [for_matplotlib(t, 60) for t in ahead["title"]], fontsize=8)
    ax.invert_yaxis()
    _date_axis(ax)
    ax.set_xlabel("Date: proposed or agreed, else first reported (|), to the event (marker)")
    ax.set_ylabel("Event")
    ax.set_title("How far ahead events were known")
    return fig


@chart_style()
def planned_against_held(data):
    """Each proposal that named a day: when it was made (|), the day or window it proposed (open
    bar), and when the proposed thing was held (filled dot), with the verdict beside it."""
    table = analysis.proposals_and_outcomes(data)
    fig, ax = plt.subplots(figsize=(11, max(3, 0.5 * len(table) + 1.8)))
    for y, row in table.iterrows():
        first = row["proposed_for"] if pd.notna(row["proposed_for"]) else row["proposed_on"]
        last = row["proposed_for_end"] if pd.notna(row["proposed_for_end"]) else first
        ax.barh(y, (last - first).days + 1, left=first, height=0.45, color="white", edgecolor="#555555", hatch="///" if pd.isna(row["proposed_for"]) else "")
        ax.plot([row["proposed_on"]], [y], marker="|", color="#555555", markersize=12)
        if row["verdict"] != "not held":
            ax.plot([row["held_on"]], [y], marker="o", color=TYPE_COLOURS["talks_round"], markersize=8)
        end = max(d for d in (last, row["held_on"]) if pd.notna(d))
        ax.annotate(row["verdict"], (end + ONE_DAY, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(range(len(table)), [for_matplotlib(t, 60) for t in table["title"]], fontsize=8)
    ax.invert_yaxis()
    _date_axis(ax)
    ax.set_xlabel("Date")
    ax.set_ylabel("Proposal")
    ax.legend(handles=[Line2D([], [], marker="|", linestyle="", color="#555555", markersize=12, label="proposal made"),
                       Patch(facecolor="white", edgecolor="#555555", label="day or window proposed"),
                       Patch(facecolor="white", edgecolor="#555555", hatch="///", label="only a deadline given"),
                       Line2D([], [], marker="o", linestyle="", color=TYPE_COLOURS["talks_round"], label="held")],
              loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    ax.set_title("Planned against held: what became of each dated proposal")
    ax.margins(x=0.12)
    return fig
