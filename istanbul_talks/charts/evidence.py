"""Sources and evidence: corroboration of events, and numbers that sources report differently.

Numbers are compared on one relative scale: each source's value as a percentage of the median of
all sources' values for the same number, so a 1% disagreement looks small and a 65% one large
whatever the unit; the values themselves are printed (clock times as times) beside each row.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from .. import analysis
from ..figures import chart_style
from . import labels
from .palette import SIDE_COLOURS, side_label
from .text import for_matplotlib

SPREAD_COLOUR = "#999999"
MEDIAN_COLOUR = "#555555"
RELATIVE_AXIS = "Value as a % of the median of all sources' values for the same number"


@chart_style()
def corroboration_chart(data, types=("talks_round", "prisoner_exchange", "body_repatriation", "memorandum")):
    """Independent outlets reporting each key event, stacked by the outlet's side."""
    table = analysis.corroboration(data)
    events = data.events.set_index("event_id")
    reports = analysis.events_with_reports(data)
    keep = [e for e in reports["event_id"] if str(events.loc[e, "event_type"]) in types]
    table = table.loc[keep][::-1]
    titles = labels.unique_titles([events.loc[e, "title"] for e in table.index], [reports.set_index("event_id").loc[e, "day"] for e in table.index])
    names = [labels.wrap(for_matplotlib(t, 400), 60) for t in titles]
    lines = sum(n.count("\n") + 1 for n in names)
    fig, ax = plt.subplots(figsize=(11, max(3, 0.2 * lines + 0.15 * len(table) + 1.8)))
    left = [0] * len(table)
    for side in [c for c in analysis.OUTLET_SIDES if c in table.columns]:
        ax.barh(names, table[side], left=left, color=SIDE_COLOURS[side], label=side_label(side))
        left = [a + b for a, b in zip(left, table[side], strict=True)]
    ax.axvline(2, color=MEDIAN_COLOUR, linestyle=":", linewidth=1, label="two outlets")
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.invert_yaxis()
    ax.set_xlabel("Distinct outlets reporting the event\n(each page under its own outlet; independent counts: notebook 5)")
    ax.set_ylabel("Event")
    ax.set_title("Outlets reporting each event (raw count)")
    ax.legend(frameon=False, fontsize=8, title="Outlet's side", title_fontsize=8, loc="lower right")
    return fig


def quantity_points(data, only_disputed: bool = False) -> pd.DataFrame:
    """One row per source's number: the value, the source and outlet, and the value relative to the
    median of all sources' values for that event and quantity (``relative``, in %); rows ordered
    with the widest disagreement first."""
    sources = analysis.sources_with_outlets(data)
    sources["title"] = sources["title"].fillna("[" + sources["description"] + "]")  # no headline visible: the coders' description, bracketed
    q = sources[["source_id", "name", "outlet_side", "title"]].merge(data.quantities, on="source_id")
    q["outlet_side"] = q["outlet_side"].astype(str)
    keys = ["event_id", "quantity", "unit"]
    stats = q.groupby(keys, observed=True)["value"].agg(median="median", low="min", high="max", sources="count").reset_index()
    stats["base"] = stats["median"].where(stats["median"] != 0, stats["high"])  # 0 only when every value is 0
    stats["spread"] = (stats["high"] - stats["low"]) / stats["base"].where(stats["base"] != 0, 1) * 100
    if only_disputed:
        stats = stats[stats["low"] != stats["high"]]
    events = analysis.events_with_reports(data).set_index("event_id")
    stats["event_order"] = stats["event_id"].map({e: i for i, e in enumerate(events.index)})
    stats = stats.sort_values(["spread", "event_order", "quantity"], ascending=[False, True, True]).reset_index(drop=True)
    titles = dict(zip(events.index, labels.unique_titles(events["title"], events["day"]), strict=True))
    stats["event"] = stats["event_id"].map(titles)
    stats["what"] = [f"{labels.words(k)}: {_range_text(lo, hi, u)}"
                     for k, lo, hi, u in zip(stats["quantity"], stats["low"], stats["high"], stats["unit"], strict=True)]
    stats["row"] = range(len(stats))
    points = q.merge(stats, on=keys)
    base = points["base"].astype(float)
    points["relative"] = (points["value"].astype(float) / base.where(base != 0, 1) * 100).where(base != 0, 100.0)
    points["shown"] = [labels.amount(v, u) for v, u in zip(points["value"], points["unit"], strict=True)]
    return points.sort_values(["row", "value", "outlet_side", "source_id"]).reset_index(drop=True)


def _range_text(low, high, unit) -> str:
    if low == high:
        return labels.amount(low, unit)
    if labels.is_clock(unit):
        return f"{labels.clock(low)} to {labels.amount(high, unit)}"
    shown = labels.amount(high, unit)
    return f"{labels.amount(low, unit).split(' ')[0]} to {shown}"


def _dodge(points: pd.DataFrame, step: float = 0.17) -> list[float]:
    """Sources that report the same value are drawn side by side (above and below the row), not on top of each other."""
    offsets = []
    for _, same in points.groupby(["row", "value"], sort=False):
        n = len(same)
        gap = min(step, 0.72 / (n - 1)) if n > 1 else 0
        offsets += [(k - (n - 1) / 2) * gap for k in range(n)]
    return offsets


def _relative_dots(ax, points: pd.DataFrame, size: float) -> None:
    rows = points.drop_duplicates("row")
    for r, group in points.groupby("row"):
        ax.hlines(r, group["relative"].min(), group["relative"].max(), color=SPREAD_COLOUR, linewidth=3, zorder=1)
    points = points.sort_values(["row", "value", "outlet_side", "source_id"])
    y = points["row"].to_numpy() + _dodge(points)
    for side in SIDE_COLOURS:
        chosen = (points["outlet_side"] == side).to_numpy()
        if chosen.any():
            ax.plot(points["relative"].to_numpy()[chosen], y[chosen], "o", linestyle="", color=SIDE_COLOURS[side], markersize=size,
                    markeredgecolor="white", markeredgewidth=0.6, zorder=3)
    ax.axvline(100, color=MEDIAN_COLOUR, linestyle=":", linewidth=1, zorder=0)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0f}%"))
    ax.set_xlabel(RELATIVE_AXIS)
    ax.grid(axis="x", color="#eeeeee")
    present = [s for s in SIDE_COLOURS if s in set(points["outlet_side"])]
    handles = [Line2D([], [], marker="o", linestyle="", color=SIDE_COLOURS[s], markeredgecolor="white", markeredgewidth=0.6, markersize=size,
                      label=side_label(s)) for s in present]
    handles += [Line2D([], [], color=SPREAD_COLOUR, linewidth=3, label="spread between sources"),
                Line2D([], [], color=MEDIAN_COLOUR, linestyle=":", linewidth=1, label="median of the sources (100%)"),
                Patch(facecolor="none", edgecolor="none", label="dots side by side: sources\nreporting the same value")]
    ax.legend(handles=handles, title="Dot: one source, by its outlet's side", fontsize=8, title_fontsize=8, frameon=False,
              loc="upper left", bbox_to_anchor=(1.01, 1))


@chart_style()
def quantity_ranges_chart(data, only_disputed: bool = True):
    """Each source's number as a dot on one relative scale (% of the median of the sources' values),
    the spread between sources as a grey line; the values themselves in the row label."""
    points = quantity_points(data, only_disputed=only_disputed)
    rows = points.drop_duplicates("row")
    names = [labels.wrap(for_matplotlib(e, 400), 55) + "\n" + labels.wrap(for_matplotlib(w, 400), 55) for e, w in zip(rows["event"], rows["what"], strict=True)]
    lines = sum(n.count("\n") + 1 for n in names)
    fig, ax = plt.subplots(figsize=(12, max(3, 0.19 * lines + 0.25 * len(rows) + 1.8)))
    if len(rows):
        _relative_dots(ax, points, size=8)
        ax.set_yticks(range(len(rows)), names, fontsize=8)
    else:
        ax.text(0.5, 0.5, "No number is reported differently by two sources yet.", ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
    ax.set_ylabel("Event and number (lowest to highest value reported)")
    ax.set_title("Numbers the sources disagree on, on one relative scale")
    return fig


@chart_style()
def quantities_chart(data):
    """Every number every source reports, on the relative scale (static twin of ``interactive.quantity_dots``)."""
    points = quantity_points(data)
    rows = points.drop_duplicates("row")
    names = [labels.wrap(for_matplotlib(f"{e}: {w}", 400), 95) for e, w in zip(rows["event"], rows["what"], strict=True)]
    lines = sum(n.count("\n") + 1 for n in names)
    fig, ax = plt.subplots(figsize=(13, max(3, 0.13 * lines + 0.06 * len(rows) + 2)))
    _relative_dots(ax, points, size=5)
    ax.set_yticks(range(len(rows)), names, fontsize=6.5)
    ax.tick_params(axis="x", labeltop=True)
    ax.set_ylabel("Event and number (widest disagreement first)")
    ax.set_title("Every number each source reports, on one relative scale", pad=22)
    return fig
