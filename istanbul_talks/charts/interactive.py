"""Interactive plotly versions: hover gives the date, actor, summary, quote and source.

All coded text goes through ``text.for_plotly`` (HTML-escaped), so a quote containing markup or a
link shows as text and never runs.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import analysis
from ..figures import SOURCE_LINE
from .palette import SIDE_COLOURS, SIDE_LABELS, STANCE_COLOURS
from .text import for_plotly
from .timeline import TYPE_COLOURS

LAYOUT = {"template": "plotly_white", "width": 1100, "font": {"family": "DejaVu Sans, Arial, sans-serif", "size": 12},
          "hoverlabel": {"align": "left"}, "margin": {"l": 260, "r": 40, "t": 80, "b": 110}}


def _date(value) -> str:
    return "unknown" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _finish(fig, title: str, x: str, y: str, height: int):
    fig.update_layout(title={"text": for_plotly(title, 200, 200)}, xaxis_title=x, yaxis_title=y, height=height, **LAYOUT)
    fig.add_annotation(text=for_plotly(SOURCE_LINE, 300, 300), xref="paper", yref="paper", x=0, y=-0.02, yshift=-70,
                       showarrow=False, xanchor="left", font={"size": 10, "color": "#555555"})
    return fig


def event_timeline(data):
    events = analysis.events_with_reports(data)
    sources = data.event_sources.merge(analysis.sources_with_outlets(data)[["source_id", "name"]], on="source_id")
    outlets = sources.groupby("event_id")["name"].agg(lambda n: ", ".join(sorted(set(n))))
    fig = go.Figure()
    labels = [for_plotly(t, 60, 200) for t in events["title"]]
    for event_type, group in events.groupby("event_type", observed=True):
        ys = [labels[i] for i in group.index]
        start = group["day"]
        end = group["latest"].fillna(group["day"]) + pd.Timedelta(days=1)
        hover = [
            f"<b>{for_plotly(r.title, 120)}</b><br>Date: {_date(r.earliest)} to {_date(r.latest)} ({r.date_precision})<br>"
            f"Status: {r.status}<br>{for_plotly(r.summary)}<br>Reported by: {for_plotly(outlets.get(r.event_id, ''), 300)}"
            for r in group.itertuples()
        ]
        fig.add_trace(go.Bar(y=ys, x=(end - start).dt.days * 86_400_000, base=start.dt.strftime("%Y-%m-%d"), orientation="h",
                             marker_color=TYPE_COLOURS[str(event_type)], name=str(event_type).replace("_", " "),
                             hovertext=hover, hoverinfo="text"))
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    fig.update_xaxes(type="date")
    return _finish(fig, "The Istanbul talks, event by event", "Date", "Event", 240 + 22 * len(events))


def statements_over_time(statements):
    dated = statements.dropna(subset=["date"])
    order = dated["actor"].value_counts().index.tolist()
    fig = go.Figure()
    for stance, group in dated.groupby("stance", observed=True):
        hover = [
            f"<b>{for_plotly(r.actor, 80)}</b>" + (f" for {for_plotly(r.principal, 80)}" if pd.notna(r.on_behalf_of) else "")
            + f"<br>Date: {_date(r.date)} ({r.date_precision})<br>Topic: {for_plotly(r.topic, 80)}, stance: {r.stance}"
            + f"<br>{for_plotly(r.summary)}" + (f"<br>Quote: “{for_plotly(r.quote)}”" if pd.notna(r.quote) else "")
            + f"<br>Source: {for_plotly(r.outlet, 80)} ({for_plotly(r.source_id, 100)})"
            for r in group.itertuples()
        ]
        fig.add_trace(go.Scatter(x=group["date"].dt.strftime("%Y-%m-%d"), y=[for_plotly(a, 60) for a in group["actor"]], mode="markers",
                                 name=str(stance), marker={"color": STANCE_COLOURS[str(stance)], "size": 10, "opacity": 0.8,
                                                           "line": {"width": 0.5, "color": "#333333"}},
                                 hovertext=hover, hoverinfo="text"))
    fig.update_yaxes(categoryorder="array", categoryarray=[for_plotly(a, 60) for a in order[::-1]])
    fig.update_xaxes(type="date")
    return _finish(fig, "Who said what, when (colour: stance on the statement's topic)", "Date of the statement", "Speaker", 260 + 24 * len(order))


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
    q = analysis.sources_with_outlets(data)[["source_id", "name", "outlet_side", "title"]].merge(data.quantities, on="source_id")
    titles = data.events.set_index("event_id")["title"]
    q["row"] = [for_plotly(f"{titles[e]}: {k.replace('_', ' ')} ({u})", 90, 200) for e, k, u in zip(q["event_id"], q["quantity"], q["unit"], strict=True)]
    fig = go.Figure()
    for side, group in q.groupby("outlet_side", observed=True):
        hover = [f"<b>{r.value} {for_plotly(r.unit, 40)}</b><br>{for_plotly(r.name, 80)}: {for_plotly(r.title, 160)}"
                 + (f"<br>Note: {for_plotly(r.note)}" if pd.notna(r.note) else "") for r in group.itertuples()]
        fig.add_trace(go.Scatter(x=group["value"], y=group["row"], mode="markers", name=SIDE_LABELS[str(side)],
                                 marker={"color": SIDE_COLOURS[str(side)], "size": 10, "opacity": 0.75}, hovertext=hover, hoverinfo="text"))
    fig.update_xaxes(type="log")
    return _finish(fig, "Every number each source reports (log scale)", "Value reported", "Event and quantity", 260 + 26 * q["row"].nunique())
