"""The sequence of events: a timeline with imprecise dates as intervals, and announcement gaps.

Dates on every axis use the one format of ``labels`` ("May 2025", "16 May 2025"); event titles are
made unique and wrapped, never cut; every colour, shape and line drawn has a legend entry.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import analysis
from ..figures import chart_style
from . import labels
from .palette import STATUS_LABELS
from .text import for_matplotlib

STATUS_STYLE = {  # marker, fill: "full", "none" (open) or "left" (half)
    "held": ("o", "full"), "planned": ("o", "none"), "proposed": ("D", "none"),
    "postponed": (">", "none"), "cancelled": ("X", "full"), "unknown": ("s", "none"),
    "partly_held": ("H", "left"), "disputed": ("P", "none"),
}
TYPE_COLOURS = {
    "talks_round": "#1b1b1b", "prisoner_exchange": "#1f78b4", "body_repatriation": "#6a3d9a", "memorandum": "#33a02c",
    "proposal": "#ff7f00", "leaders_meeting": "#e31a1c", "phone_call": "#b15928", "delegation_travel": "#a6cee3",
    "ceasefire": "#fb9a99", "meeting": "#cab2d6", "other": "#999999",
}
ONE_DAY = pd.Timedelta(days=1)
ARROW_DAYS = 6
LEGEND_GREY = "#555555"
LABEL_WIDTH = 52


def status_style(status) -> tuple[str, str]:
    return STATUS_STYLE.get(str(status), ("o", "none"))


def _marker_kwargs(colour: str, fill: str) -> dict:
    if fill == "left":
        return {"color": colour, "markerfacecolor": colour, "markerfacecoloralt": "white", "fillstyle": "left"}
    return {"color": colour, "markerfacecolor": colour if fill == "full" else "white"}


def event_labels(events, width: int = LABEL_WIDTH) -> list[str]:
    """Each event's title, unique (a repeated title gets its date) and wrapped, never cut."""
    return [labels.wrap(for_matplotlib(t, 400), width) for t in labels.unique_titles(events["title"], events["day"])]


@chart_style()
def event_timeline(data, types=None, phases=None):
    """Every event on one line: a dot for an exact day, a bar for a multi-day event, a dotted bar for
    a date known only to a range, an arrow for a bound ("on or before"); the marker's shape is the status.
    ``phases`` (the phases table) draws each phase as a numbered band behind the events."""
    events = analysis.events_with_reports(data)
    if types:
        events = events[events["event_type"].isin(types)].reset_index(drop=True)
    names = event_labels(events)
    lines = sum(n.count("\n") + 1 for n in names)
    fig, ax = plt.subplots(figsize=(12, max(3.5, 0.16 * lines + 0.16 * len(events) + 2.2)))
    for y, row in events.iterrows():
        _draw_event(ax, y, row)
    ax.set_yticks(range(len(events)), names, fontsize=7.5)
    ax.set_ylim(len(events) - 0.5, -0.5)
    date_axis(ax, pd.concat([events["earliest"], events["latest"]]))
    ax.tick_params(axis="x", labeltop=True)
    ax.set_xlabel("Date (local date of the event)")
    ax.set_ylabel("Event, in order of its earliest possible date")
    ax.set_title("The Istanbul talks, event by event", pad=22)
    ax.grid(axis="x", color="#eeeeee")
    _legend(ax, events)
    if phases is not None:
        _phase_bands(ax, phases, events)
    return fig


def _phase_bands(ax, phases, events):
    """Every other phase shaded grey (the rest left white), each numbered at the top; one more legend
    entry lists what each number stands for. The open last phase ends at the last event."""
    last = events["latest"].max() if events["latest"].notna().any() else events["day"].max()
    names = []
    for k, row in enumerate(phases.sort_values("start").itertuples(), start=1):
        end = (row.end if pd.notna(row.end) else max(last, row.start)) + ONE_DAY
        if k % 2:
            ax.axvspan(row.start, end, color="#000000", alpha=0.08, zorder=0, linewidth=0)
        ax.annotate(str(k), (row.start + (end - row.start) / 2, 1.0), xycoords=("data", "axes fraction"), xytext=(0, -3),
                    textcoords="offset points", ha="center", va="top", fontsize=8, fontweight="bold", color="#333333")
        names.append(f"{k} {for_matplotlib(row.label, 30)}")
    legend = ax.get_legend()  # keep the type/status legend; the phases get a second one below it
    ax.add_artist(legend)
    band = Patch(facecolor="#000000", alpha=0.08, label="\n".join(names))
    ax.legend(handles=[band], loc="lower left", bbox_to_anchor=(1.01, 0), frameon=False, fontsize=8,
              title="Phases (numbered at the top; odd ones shaded)", title_fontsize=8, alignment="left")


def _draw_event(ax, y, row):
    colour = TYPE_COLOURS.get(str(row["event_type"]), TYPE_COLOURS["other"])
    marker, fill = status_style(row["status"])
    start, end = row["earliest"], row["latest"]
    if pd.notna(start) and pd.notna(end) and end > start:
        ranged = row["date_precision"] == "range"
        ax.plot([start, end + ONE_DAY], [y, y], color=colour, linewidth=2.5 if ranged else 5, linestyle=":" if ranged else "-",
                solid_capstyle="butt", zorder=2)
        ax.plot([start], [y], marker=marker, markersize=6, linestyle="", zorder=3, **_marker_kwargs(colour, fill))
    elif pd.notna(start) or pd.notna(end):
        day = start if pd.notna(start) else end
        ax.plot([day], [y], marker=marker, markersize=7, linestyle="", zorder=3, **_marker_kwargs(colour, fill))
        if row["date_precision"] in ("on_or_before", "on_or_after"):
            sign = -1 if row["date_precision"] == "on_or_before" else 1
            tip = day + sign * ARROW_DAYS * ONE_DAY
            ax.plot([day, tip], [y, y], color=colour, linewidth=1.4, zorder=4)
            ax.plot([tip], [y], marker="<" if sign < 0 else ">", markersize=5, color=colour, linestyle="", zorder=4)


def _legend(ax, events):
    present = set(events["event_type"].astype(str))
    handles = [Line2D([], [], color=TYPE_COLOURS[t], marker="o", linestyle="", label=labels.words(t)) for t in TYPE_COLOURS if t in present]
    for status in STATUS_STYLE:
        if status in set(events["status"].astype(str)):
            marker, fill = STATUS_STYLE[status]
            handles.append(Line2D([], [], marker=marker, linestyle="", label=STATUS_LABELS.get(status, status), **_marker_kwargs(LEGEND_GREY, fill)))
    precisions = set(events["date_precision"].astype(str))
    multi_day = ((events["latest"] > events["earliest"]) & (events["date_precision"] != "range")).any()
    if "range" in precisions:
        handles.append(Line2D([], [], color=LEGEND_GREY, linewidth=2.5, linestyle=":", label="date somewhere in this range"))
    if multi_day:
        handles.append(Line2D([], [], color=LEGEND_GREY, linewidth=5, label="event over several days"))
    if "on_or_before" in precisions:
        handles.append(Line2D([], [], color=LEGEND_GREY, linewidth=1.4, marker="<", markersize=5, label="on or before this day"))
    if "on_or_after" in precisions:
        handles.append(Line2D([], [], color=LEGEND_GREY, linewidth=1.4, marker=">", markersize=5, label="on or after this day"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8,
              title="Colour: type of event\nShape: status\nLine: how the date is known", title_fontsize=8, alignment="left")


def date_axis(ax, dates) -> None:
    labels.date_axis(ax, dates)


@chart_style()
def announcement_gaps(data, min_lead_days: int = 1):
    """For events known before they happened: a bar from the proposal (or, without one, the first report) to the event."""
    events = analysis.events_with_reports(data)
    ahead = events[events["lead_days"] >= min_lead_days].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(11, max(3, 0.45 * len(ahead) + 1.8)))
    for y, row in ahead.iterrows():
        colour = TYPE_COLOURS.get(str(row["event_type"]), TYPE_COLOURS["other"])
        ax.plot([row["known_since"], row["day"]], [y, y], color=colour, linewidth=2)
        ax.plot([row["known_since"]], [y], marker="|", color=colour, markersize=10, linestyle="")
        marker, fill = status_style(row["status"])
        ax.plot([row["day"]], [y], marker=marker, markersize=7, linestyle="", **_marker_kwargs(colour, fill))
        ax.annotate(f"{int(row['lead_days'])} d", (row["day"], y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(range(len(ahead)), event_labels(ahead), fontsize=8)
    ax.set_ylim(len(ahead) - 0.5, -0.5)
    date_axis(ax, pd.concat([ahead["known_since"], ahead["day"]]))
    ax.set_xlabel("Date: proposed or agreed, else first reported (|), to the event's earliest possible day (marker); days between")
    ax.set_ylabel("Event")
    ax.set_title("How far ahead events were known")
    present = set(ahead["event_type"].astype(str))
    handles = [Line2D([], [], color=TYPE_COLOURS[t], marker="o", label=labels.words(t)) for t in TYPE_COLOURS if t in present]
    handles.append(Line2D([], [], color=LEGEND_GREY, marker="|", markersize=10, linestyle="", label="proposed, agreed or first reported"))
    for status in STATUS_STYLE:
        if status in set(ahead["status"].astype(str)):
            marker, fill = STATUS_STYLE[status]
            handles.append(Line2D([], [], marker=marker, linestyle="", label=f"event {STATUS_LABELS.get(status, status)}", **_marker_kwargs(LEGEND_GREY, fill)))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8, title="Colour: type of event", title_fontsize=8)
    ax.margins(x=0.08)
    return fig


@chart_style()
def planned_against_held(data):
    """Each proposal that named a day: when it was made (|), the day or window it proposed (open
    bar), and when the proposed thing was held (filled dot), with the verdict beside it."""
    table = analysis.proposals_and_outcomes(data)
    fig, ax = plt.subplots(figsize=(12, max(3, 0.6 * len(table) + 1.8)))
    for y, row in table.iterrows():
        first = row["proposed_for"] if pd.notna(row["proposed_for"]) else row["proposed_on"]
        last = row["proposed_for_end"] if pd.notna(row["proposed_for_end"]) else first
        ax.barh(y, (last - first).days + 1, left=first, height=0.45, color="white", edgecolor="#555555", hatch="///" if pd.isna(row["proposed_for"]) else "")
        ax.plot([row["proposed_on"]], [y], marker="|", color="#555555", markersize=12)
        if row["verdict"] != "not held":
            ax.plot([row["held_on"]], [y], marker="o", color=TYPE_COLOURS["talks_round"], markersize=8)
        end = max(d for d in (last, row["held_on"]) if pd.notna(d))
        ax.annotate(row["verdict"], (end + ONE_DAY, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(range(len(table)), [labels.wrap(for_matplotlib(t, 400), LABEL_WIDTH) for t in labels.unique_titles(table["title"], table["proposed_on"])],
                  fontsize=8)
    ax.set_ylim(len(table) - 0.5, -0.5)
    date_axis(ax, pd.concat([table["proposed_on"], table["proposed_for"], table["proposed_for_end"], table["held_on"]]))
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
