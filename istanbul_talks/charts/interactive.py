"""Interactive plotly versions: hover gives the date, actor, summary, quote and source.

All coded text goes through ``text.for_plotly`` (HTML-escaped), so a quote containing markup or a
link shows as text and never runs.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import analysis
from ..figures import SOURCE_LINE
from . import labels
from .evidence import MEDIAN_COLOUR, RELATIVE_AXIS, SPREAD_COLOUR, _dodge, quantity_points
from .palette import PRECISION_LABELS, SIDE_COLOURS, STANCE_COLOURS, STATUS_LABELS, side_label
from .text import for_plotly
from .timeline import LEGEND_GREY, TYPE_COLOURS

LAYOUT = {"template": "plotly_white", "width": 1200, "font": {"family": "DejaVu Sans, Arial, sans-serif", "size": 12},
          "hoverlabel": {"align": "left"}, "hovermode": "closest"}
# The status of an event as a marker shape (open: not, or not known to be, held), as in the static timeline.
STATUS_SYMBOLS = {"held": "circle", "planned": "circle-open", "proposed": "diamond-open", "postponed": "triangle-right-open",
                  "cancelled": "x", "unknown": "square-open", "partly_held": "circle-open-dot", "disputed": "cross-open"}
ONE_DAY = pd.Timedelta(days=1)
STANCES = ["support", "conditional", "neutral", "oppose"]


def _date(value) -> str:
    return labels.day(value)


def _finish(fig, title: str, x: str, y: str, height: int, left: int = 300):
    """Title, axes and source line; the x axis sits on top so that it is on the first screen however tall the chart."""
    fig.update_layout(title={"text": for_plotly(title, 200, 200), "y": 1, "yanchor": "top", "yref": "container", "pad": {"t": 12}},
                      xaxis_title=x, yaxis_title=y, height=height, margin={"l": left, "r": 40, "t": 130, "b": 70},
                      legend={"x": 1.01, "y": 1, "yanchor": "top", "xanchor": "left"}, **LAYOUT)
    fig.update_xaxes(side="top", mirror="allticks", ticks="outside", showline=True, linecolor="#999999")
    fig.add_annotation(text=for_plotly(SOURCE_LINE, 300, 300), xref="paper", yref="paper", x=0, y=0, yshift=-50,
                       showarrow=False, xanchor="left", yanchor="top", font={"size": 10, "color": "#555555"})
    return fig


def _legend_only(fig, name: str, group: str, title: str | None = None, **trace):
    """A legend entry that draws nothing: explains a colour, shape or line used by other traces."""
    fig.add_trace(go.Scatter(x=[None], y=[None], name=name, legendgroup=group, showlegend=True, hoverinfo="skip",
                             legendgrouptitle={"text": title} if title else None, **trace))


def _date_axis(fig):
    fig.update_xaxes(type="date", tickformat="%b %Y", dtick="M1", hoverformat="%-d %b %Y", ticklabelmode="period")


def event_timeline(data):
    """Every event on one line: a marker on its day (shape: status, colour: type), a bar for a
    multi-day event, a dotted bar for a date known only to a range, an arrow for a bound."""
    events = analysis.events_with_reports(data)
    sources = data.event_sources.merge(analysis.sources_with_outlets(data)[["source_id", "name"]], on="source_id")
    outlets = sources.groupby("event_id")["name"].agg(lambda n: ", ".join(sorted(set(n))))
    titles = labels.unique_titles(events["title"], events["day"])
    rows = [for_plotly(t, 110, 56) for t in titles]
    events = events.assign(row=rows, label=titles)
    fig = go.Figure()

    def hover(r):
        when = _date(r.earliest) if r.earliest == r.latest or pd.isna(r.latest) else f"{_date(r.earliest)} to {_date(r.latest)}"
        return (f"<b>{for_plotly(r.label, 160)}</b><br>Date: {when} ({PRECISION_LABELS.get(r.date_precision, r.date_precision)})"
                f"<br>Status: {STATUS_LABELS.get(str(r.status), r.status)}<br>Type: {labels.words(r.event_type)}<br>{for_plotly(r.summary)}"
                f"<br>Reported by: {for_plotly(outlets.get(r.event_id, ''), 300)}")

    for event_type in TYPE_COLOURS:
        group = events[events["event_type"].astype(str) == event_type]
        if group.empty:
            continue
        colour = TYPE_COLOURS[event_type]
        spans = group[group["earliest"].notna() & group["latest"].notna() & (group["latest"] > group["earliest"])]
        for dotted in (False, True):
            part = spans[(spans["date_precision"] == "range") == dotted]
            xs, ys = [], []
            for r in part.itertuples():
                xs += [r.earliest.strftime("%Y-%m-%d"), (r.latest + ONE_DAY).strftime("%Y-%m-%d"), None]
                ys += [r.row, r.row, None]
            if xs:
                fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": 4 if dotted else 9, "dash": "dot" if dotted else "solid"},
                                         hoverinfo="skip", showlegend=False))
        placed = group[group["day"].notna() | group["latest"].notna()]
        day = placed["day"].fillna(placed["latest"])
        fig.add_trace(go.Scatter(x=day.dt.strftime("%Y-%m-%d"), y=placed["row"], mode="markers", name=labels.words(event_type), showlegend=False,
                                 marker={"color": colour, "size": 11, "symbol": [STATUS_SYMBOLS.get(str(s), "circle-open") for s in placed["status"]],
                                         "line": {"width": 2, "color": colour}},
                                 hovertext=[hover(r) for r in placed.itertuples()], hoverinfo="text"))
        for r, d in zip(placed.itertuples(), day, strict=True):
            if r.date_precision in ("on_or_before", "on_or_after"):  # an arrow beside the marker, pointing to the possible days
                sign = -1 if r.date_precision == "on_or_before" else 1
                fig.add_annotation(x=d.strftime("%Y-%m-%d"), y=r.row, xshift=sign * 26, ax=-sign * 16, ay=0, axref="pixel", ayref="pixel",
                                   showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=2, arrowcolor=colour, text="")
    present = set(events["event_type"].astype(str))
    for i, event_type in enumerate(t for t in TYPE_COLOURS if t in present):
        _legend_only(fig, labels.words(event_type), "type", "Colour: type" if i == 0 else None, mode="markers",
                     marker={"color": TYPE_COLOURS[event_type], "size": 11, "symbol": "circle"})
    statuses = [s for s in STATUS_SYMBOLS if s in set(events["status"].astype(str))]
    for i, status in enumerate(statuses):
        _legend_only(fig, STATUS_LABELS.get(status, status), "status", "Shape: status" if i == 0 else None, mode="markers",
                     marker={"color": LEGEND_GREY, "size": 11, "symbol": STATUS_SYMBOLS[status], "line": {"width": 2, "color": LEGEND_GREY}})
    precisions = set(events["date_precision"].astype(str))
    multi_day = ((events["latest"] > events["earliest"]) & (events["date_precision"] != "range")).any()
    lines = [("several days", {"color": LEGEND_GREY, "width": 9}, None, "lines", multi_day),
             ("somewhere in this range", {"color": LEGEND_GREY, "width": 4, "dash": "dot"}, None, "lines", "range" in precisions),
             ("on or before (arrow)", None, "arrow-left", "markers", "on_or_before" in precisions),
             ("on or after (arrow)", None, "arrow-right", "markers", "on_or_after" in precisions)]
    shown = [entry for entry in lines if entry[4]]
    for i, (name, line, symbol, mode, _) in enumerate(shown):
        extra = {"line": line} if line else {"marker": {"color": LEGEND_GREY, "size": 10, "symbol": symbol}}
        _legend_only(fig, name, "date", "How the date is known" if i == 0 else None, mode=mode, **extra)
    fig.update_yaxes(range=[len(rows) - 0.5, -0.5], categoryorder="array", categoryarray=rows, type="category", tickfont={"size": 11})
    _date_axis(fig)
    fig.update_layout(legend={"tracegroupgap": 14, "groupclick": "toggleitem"})
    return _finish(fig, "The Istanbul talks, event by event", "Date (local date of the event)", "Event, in order of its earliest possible date",
                   230 + 34 * len(events))


def statements_over_time(statements):
    dated = statements.dropna(subset=["date"])
    order = dated["actor"].value_counts().index.tolist()
    fig = go.Figure()
    for stance in [s for s in STANCES if s in set(dated["stance"].astype(str))]:
        group = dated[dated["stance"].astype(str) == stance]
        hover = [
            f"<b>{for_plotly(r.actor, 80)}</b>" + (f" for {for_plotly(r.principal, 80)}" if pd.notna(r.on_behalf_of) else "")
            + f"<br>Date: {_date(r.date)} ({PRECISION_LABELS.get(str(r.date_precision), r.date_precision)})"
            + f"<br>Topic: {for_plotly(r.topic, 80)}, stance: {r.stance}"
            + f"<br>{for_plotly(r.summary)}" + (f"<br>Quote: “{for_plotly(r.quote)}”" if pd.notna(r.quote) else "")
            + f"<br>Source: {for_plotly(r.outlet, 80)} ({for_plotly(r.source_id, 100)})"
            for r in group.itertuples()
        ]
        fig.add_trace(go.Scatter(x=group["date"].dt.strftime("%Y-%m-%d"), y=[for_plotly(a, 80) for a in group["actor"]], mode="markers",
                                 name=str(stance), marker={"color": STANCE_COLOURS[str(stance)], "size": 10,
                                                           "line": {"width": 0.5, "color": "#333333"}},
                                 hovertext=hover, hoverinfo="text", legendgrouptitle={"text": "Stance"} if stance == "support" else None))
    fig.update_yaxes(categoryorder="array", categoryarray=[for_plotly(a, 80) for a in order], range=[len(order) - 0.5, -0.5], type="category")
    _date_axis(fig)
    return _finish(fig, "Who said what, when (colour: stance on the statement's topic)", "Date of the statement", "Speaker (most quoted first)",
                   230 + 26 * len(order), left=260)


def stance_matrix(statements):
    grouped = statements.groupby(["principal", "topic"], observed=True)
    table = grouped.agg(score=("score", "mean"), n=("statement_id", "size"),
                        example=("summary", "first"), stances=("stance", lambda s: ", ".join(f"{k}: {v}" for k, v in s.astype(str).value_counts().items())))
    table = table.reset_index()
    hover = [f"<b>{for_plotly(r.principal, 80)}</b> on {for_plotly(r.topic, 80)}<br>Mean stance: {r.score:+.2f} from {r.n} statement(s)"
             f"<br>{for_plotly(r.stances, 200)}<br>e.g. {for_plotly(r.example)}" for r in table.itertuples()]
    fig = go.Figure(go.Heatmap(x=[for_plotly(t, 40) for t in table["topic"]], y=[for_plotly(p, 60) for p in table["principal"]], z=table["score"],
                               zmin=-1, zmax=1, colorscale=[[0, STANCE_COLOURS["oppose"]], [0.5, STANCE_COLOURS["neutral"]], [1, STANCE_COLOURS["support"]]],
                               hovertext=hover, hoverinfo="text", colorbar={"title": {"text": "Mean stance"}}))
    return _finish(fig, "Who stands where: mean stance per actor and topic", "Topic", "Actor (spokespeople credited to whom they spoke for)",
                   260 + 24 * table["principal"].nunique())


def quantity_dots(data):
    """Every number every source reports, as a % of the median of the sources' values for the same
    number (so minutes, people and percentages share one honest axis); hover gives the value itself."""
    points = quantity_points(data)
    rows = points.drop_duplicates("row")
    ticktext = [f"{for_plotly(e, 80, 200)}<br>{for_plotly(w, 80, 200)}" for e, w in zip(rows["event"], rows["what"], strict=True)]
    y = points["row"].to_numpy() + _dodge(points)
    fig = go.Figure()
    xs, ys = [], []
    for r, group in points.groupby("row"):
        xs += [group["relative"].min(), group["relative"].max(), None]
        ys += [r, r, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": SPREAD_COLOUR, "width": 4}, hoverinfo="skip", name="spread between sources"))
    first = next(s for s in SIDE_COLOURS if s in set(points["outlet_side"]))
    for side in SIDE_COLOURS:
        chosen = (points["outlet_side"] == side).to_numpy()
        if not chosen.any():
            continue
        group = points[chosen]
        hover = [f"<b>{for_plotly(r.shown, 80)}</b> ({r.relative:.0f}% of the median)"
                 f"<br>{for_plotly(r.event, 160)}: {for_plotly(labels.words(r.quantity), 120)}"
                 f"<br>{for_plotly(r.name, 80)}: {for_plotly(r.title, 160)}" + (f"<br>Note: {for_plotly(r.note)}" if pd.notna(r.note) else "")
                 for r in group.itertuples()]
        fig.add_trace(go.Scatter(x=group["relative"], y=y[chosen], mode="markers", name=side_label(side),
                                 marker={"color": SIDE_COLOURS[side], "size": 10, "line": {"width": 1, "color": "white"}},
                                 hovertext=hover, hoverinfo="text", legendgroup="side",
                                 legendgrouptitle={"text": "Dot: one source, by its outlet's side"} if side == first else None))
    fig.add_vline(x=100, line={"color": MEDIAN_COLOUR, "dash": "dot", "width": 1})
    _legend_only(fig, "median of the sources (100%)", "lines", mode="lines", line={"color": MEDIAN_COLOUR, "dash": "dot", "width": 1})
    fig.update_yaxes(tickvals=list(rows["row"]), ticktext=ticktext, range=[len(rows) - 0.5, -0.5], showgrid=False, zeroline=False, tickfont={"size": 10})
    fig.update_xaxes(ticksuffix="%", rangemode="tozero")
    return _finish(fig, "Every number each source reports, on one relative scale (widest disagreement first)", RELATIVE_AXIS,
                   "Event and number (lowest to highest value reported)", 230 + 40 * len(rows), left=420)
