"""Hostile text goes through every chart function; the validator rejects text unsafe to display."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest
from hostile import HOSTILE, hostile_data, hostile_statements

from istanbul_talks import analysis, ledger, validate
from istanbul_talks import positions as pos
from istanbul_talks.charts import coverage, evidence, interactive, positions, statements, timeline
from istanbul_talks.charts.ledger import kept_by_kind_chart, ledger_chart
from istanbul_talks.charts.text import for_matplotlib, for_plotly
from istanbul_talks.figures import static_from_plotly
from istanbul_talks.phases import ROUND_WINDOWS

STATIC_CHARTS = ["coverage", "timeline", "gaps", "planned", "by_actor", "heatmap", "over_time", "matrix", "moves", "network", "ledger", "corroboration",
                 "quantities", "statements_twin", "quantities_twin", "plotly_fallback", "memorandums", "kept", "process_network"]


def static_charts(data):
    s = hostile_statements(data)
    return {
        "coverage": lambda: coverage.coverage_by_month(data),
        "timeline": lambda: timeline.event_timeline(data, phases=data.phases),
        "gaps": lambda: timeline.announcement_gaps(data, min_lead_days=0),
        "planned": lambda: timeline.planned_against_held(data),
        "by_actor": lambda: statements.statements_by_actor(s),
        "heatmap": lambda: statements.actor_topic_heatmap(s),
        "over_time": lambda: statements.statements_per_side_over_time(s),
        "matrix": lambda: positions.stance_matrix(s),
        "moves": lambda: positions.issue_gaps_chart(data, ROUND_WINDOWS),
        "network": lambda: positions.network_chart(data, ROUND_WINDOWS, min_concepts=1),
        "process_network": lambda: positions.network_chart(data, ROUND_WINDOWS, min_concepts=1, kinds=pos.PROCESS, across=True, title=HOSTILE[4]),
        "memorandums": lambda: positions.documents_chart(pos.document_positions(data, pos.MEMORANDUMS), data.negotiation_issues,
                                                         {"russia": HOSTILE[3], "ukraine": HOSTILE[0]}),
        "kept": lambda: kept_by_kind_chart(ledger.status_by_kind(ledger.ledger(data))),
        "ledger": lambda: ledger_chart(data),
        "corroboration": lambda: evidence.corroboration_chart(data),
        "quantities": lambda: evidence.quantity_ranges_chart(covering_quantities(data), only_disputed=False),
        "statements_twin": lambda: statements.statements_over_time(s),
        "quantities_twin": lambda: evidence.quantities_chart(covering_quantities(data)),
        "plotly_fallback": lambda: static_from_plotly(interactive.stance_matrix(s)),
    }


def covering_quantities(data):
    """The data with just enough reported numbers that the chart still draws every distinct text and colour.

    Drawing all of them makes one panel per event and quantity (over a hundred), which costs seconds
    and tests nothing more: the hostile titles repeat (one of seven per event), and quantity names
    are identifiers (the codebook's pattern ``^[a-z][a-z0-9_]*$``). Keep a panel while it adds an
    event title, a unit or an outlet side not drawn yet.
    """
    sides = analysis.sources_with_outlets(data).set_index("source_id")["outlet_side"].astype(str)
    titles = data.events.set_index("event_id")["title"]
    seen: set = set()
    keep = []
    for (event_id, _quantity, unit), rows in data.quantities.groupby(["event_id", "quantity", "unit"], observed=True, sort=True):
        texts = {("title", titles[event_id]), ("unit", unit)} | {("side", sides[s]) for s in rows["source_id"]}
        if texts - seen:
            seen |= texts
            keep.append(rows.index)
    covered = type(data)(data)
    covered["quantities"] = data.quantities.loc[[i for index in keep for i in index]]
    return covered


@pytest.fixture(scope="module")
def charts():
    return static_charts(hostile_data())  # loaded once per module, not at collection time


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # Hebrew/Arabic glyphs DejaVu lacks: drawn as boxes, not an error
@pytest.mark.parametrize("name", STATIC_CHARTS)
def test_static_charts_draw_hostile_text_as_plain_text(name, charts, tmp_path):
    fig = charts[name]()
    fig.savefig(tmp_path / "chart.svg", format="svg")  # raises if mathtext or layout chokes on the text
    texts = [t.get_text() for t in fig.findobj(plt.Text)]
    plt.close(fig)
    assert not any("$x^2$" in t for t in texts), "a $...$ string reached matplotlib unescaped (it would render as maths)"


def test_every_static_chart_is_exercised(charts):
    assert sorted(charts) == sorted(STATIC_CHARTS)


def test_plotly_text_is_escaped_wrapped_and_capped():
    shown = for_plotly(HOSTILE[0] + " " + HOSTILE[2])
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "<a " not in shown and "javascript:" in shown  # kept, but only as text
    assert max(len(line) for line in for_plotly("y" * 3000).split("<br>")) <= 70
    assert len(for_plotly("y" * 3000).replace("<br>", "")) <= 300


def test_matplotlib_text_escapes_dollars_and_caps_length():
    assert for_matplotlib("costs $5 and $x^2$") == r"costs \$5 and \$x^2\$"
    assert len(for_matplotlib("z" * 500, 80)) == 80


def test_interactive_charts_build_from_hostile_text():
    data = hostile_data()
    s = hostile_statements(data)
    for fig in (interactive.event_timeline(data), interactive.statements_over_time(s), interactive.stance_matrix(s), interactive.quantity_dots(data)):
        payload = fig.to_json()
        assert "<script>" not in payload and "<img" not in payload and "<a href" not in payload


def test_markup_is_valid_data_but_control_and_bidi_characters_are_not(dataset):
    line = dataset.edit("data/events.csv", "First round of direct talks, Istanbul", "First round <script>alert(1)</script> &amp; \u05e9\u05dc\u05d5\u05dd")
    assert not [p for p in validate(dataset.root) if p.line == line and p.file == "data/events.csv"]
    dataset.edit("data/events.csv", "First round <script>", "First round \u202e\u0000<script>")
    problems = [str(p) for p in validate(dataset.root) if p.line == line and p.file == "data/events.csv"]
    assert any("U+202E" in p and "U+0000" in p and ": title:" in p for p in problems)


def test_the_memorandums_table_shows_hostile_text_as_written():
    """Summaries and labels go into a Markdown table: no tag, link, maths or extra column can come of them."""
    data = hostile_data()
    table = positions.documents_table(pos.document_positions(data, pos.MEMORANDUMS), {"russia": HOSTILE[1], "ukraine": HOSTILE[2]})
    for line in table.splitlines():
        assert line.replace("\\|", "").count("|") == 5, line[:200]  # four columns
    assert not re.search(r"(?<!\\)[<>$\[\]]", table), "markup, a link or maths left unescaped"
    assert r"\<script\>" in table and r"\$x^2\$" in table  # shown as written
