"""What the matplotlib charts draw, read back from the drawn figure.

Every colour, marker and hatch drawn is explained in the legend (or a colour bar); date axes use
one tick format ("16 May 2025" / "May 2025") and tick at the granularity of the data (no day ticks
for monthly data); tick labels are whole (wrapped, not cut) and unique; labels use side and topic
labels, never ids.
"""

from __future__ import annotations

import re

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
import pytest
from loaded import real_data
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle
from matplotlib.text import Annotation

from istanbul_talks import analysis
from istanbul_talks import ledger as lg
from istanbul_talks import positions as pos
from istanbul_talks.charts import coverage, evidence, statements, timeline
from istanbul_talks.charts import positions as position_charts
from istanbul_talks.charts.ledger import kept_by_kind_chart, ledger_chart
from istanbul_talks.phases import ROUND_WINDOWS

CHARTS = {
    "01_coverage_by_month": lambda d, s: coverage.coverage_by_month(d),
    "02_event_timeline": lambda d, s: timeline.event_timeline(d, phases=d.phases),
    "02_ledger": lambda d, s: ledger_chart(d),
    "02_kept_by_kind": lambda d, s: kept_by_kind_chart(lg.status_by_kind(lg.ledger(d))),
    "02_announcement_gaps": lambda d, s: timeline.announcement_gaps(d),
    "02_planned_against_held": lambda d, s: timeline.planned_against_held(d),
    "03_statements_by_actor": lambda d, s: statements.statements_by_actor(s),
    "03_actor_topic_heatmap": lambda d, s: statements.actor_topic_heatmap(s),
    "03_statements_per_side_over_time": lambda d, s: statements.statements_per_side_over_time(s),
    "03_statements_over_time": lambda d, s: statements.statements_over_time(s),
    "04_issue_gaps": lambda d, s: position_charts.issue_gaps_chart(d, ROUND_WINDOWS),
    "04_memorandums": lambda d, s: position_charts.documents_chart(pos.document_positions(d, pos.MEMORANDUMS), d.negotiation_issues,
                                                                   {"ukraine": "Ukraine's memorandum", "russia": "Russia's memorandum"}),
    "04_stance_matrix_sides": lambda d, s: position_charts.stance_matrix(pos.topic_codings(d)),
    "04_process_network": lambda d, s: position_charts.network_chart(d, ROUND_WINDOWS, min_concepts=1, kinds=pos.PROCESS, across=True),
    "04_substance_network": lambda d, s: position_charts.network_chart(d, ROUND_WINDOWS, min_concepts=1, kinds=pos.SUBSTANCE),
    "05_corroboration": lambda d, s: evidence.corroboration_chart(d),
    "05_quantity_ranges": lambda d, s: evidence.quantity_ranges_chart(d),
    "05_quantities": lambda d, s: evidence.quantities_chart(d),
}
DATE_TICK = re.compile(r"^(\d{1,2} )?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$")
LOOKS_LIKE_A_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b|^\d{4}(-\d\d)?(-\d\d)?$|^\d{1,2}$")
SIDE_IDS = re.compile(r"\b(russia|ukraine|turkey|usa)\b")
IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.fixture(scope="module")
def data():
    loaded = real_data()  # the worker's one load of the dataset, shared with other files that only read it
    return loaded, analysis.statements_enriched(loaded)


@pytest.fixture(scope="module")
def drawn(data):
    made = {}

    def draw(name):
        if name not in made:
            fig = CHARTS[name](*data)
            # A full draw pass (layout, ticks, tick labels, colour mapping), without rasterising pixels
            # no test reads: what the tests read back is the same as after fig.canvas.draw().
            fig.draw_without_rendering()
            made[name] = fig
        return made[name]

    yield draw
    for fig in made.values():
        matplotlib.pyplot.close(fig)


def colour(c, alpha=None) -> str | None:
    """A drawn colour as hex with alpha (the artist's own alpha applied); None for no colour at all."""
    if c is None or (isinstance(c, str) and c.lower() == "none"):
        return None
    try:
        rgba = matplotlib.colors.to_rgba(c)
    except ValueError:
        return None
    if alpha is not None:
        rgba = (*rgba[:3], rgba[3] * alpha)
    value = to_hex(rgba, keep_alpha=True)
    return None if value.endswith("00") else value


def legend_vocabulary(fig):
    """Colours, markers and hatches shown by every legend (an axes' own, ones added as artists, the
    figure's) and colour bar in ``fig``."""
    colours, markers, hatches, colourbars = set(), set(), set(), False
    legends = list(fig.legends)
    for ax in fig.axes:
        colourbars = colourbars or ax.get_label() == "<colorbar>"
        legends += [ax.get_legend()] * (ax.get_legend() is not None) + [a for a in ax.artists if isinstance(a, Legend)]
    for handle in (h for legend in legends for h in legend.legend_handles):
        if isinstance(handle, Line2D):
            a = handle.get_alpha()
            colours |= {colour(handle.get_color(), a), colour(handle.get_markerfacecolor(), a), colour(handle.get_markeredgecolor(), a)}
            markers.add(str(handle.get_marker()))
        elif isinstance(handle, Patch):
            colours |= {colour(handle.get_facecolor()), colour(handle.get_edgecolor())}
            hatches.add(handle.get_hatch())
        elif isinstance(handle, PathCollection):
            colours |= {colour(c) for c in handle.get_facecolors()} | {colour(c) for c in handle.get_edgecolors()}
    return colours - {None}, markers, hatches, colourbars


def drawn_marks(ax):
    """(what, colour) for every mark drawn in ``ax``: lines and markers, bars, dots, arrows."""
    marks = []
    grid = set(ax.get_xgridlines()) | set(ax.get_ygridlines())
    for line in ax.get_lines():
        if line in grid or not line.get_visible():
            continue
        if line.get_marker() not in ("None", "", None, " "):
            marks.append(("marker " + str(line.get_marker()), None))
            marks += [("face", colour(line.get_markerfacecolor(), line.get_alpha())), ("edge", colour(line.get_markeredgecolor(), line.get_alpha()))]
        if line.get_linestyle() not in ("None", "", " "):
            marks.append(("line", colour(line.get_color(), line.get_alpha())))
    for patch in ax.patches:
        if isinstance(patch, Rectangle) and patch.get_visible() and patch.get_width() and patch.get_height():
            marks.append(("bar", colour(patch.get_facecolor())))
            if patch.get_hatch():
                marks.append(("hatch " + patch.get_hatch(), None))
    for collection in ax.collections:
        if isinstance(collection, PathCollection):
            marks += [("dot", colour(c)) for c in collection.get_facecolors()]
    for child in ax.get_children():
        if isinstance(child, Annotation) and child.arrow_patch is not None:
            marks.append(("arrow", colour(child.arrow_patch.get_edgecolor())))
        elif isinstance(child, FancyArrowPatch):  # a curved edge without a head is a line, not an arrow
            headless = type(child.get_arrowstyle()).__name__ == "Curve"
            marks.append(("line" if headless else "arrow", colour(child.get_edgecolor())))
    return marks


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_colour_marker_and_hatch_drawn_is_in_the_legend(drawn, name):
    fig = drawn(name)
    colours, markers, hatches, colourbars = legend_vocabulary(fig)
    missing = set()
    for ax in fig.axes:
        if ax.get_label() == "<colorbar>" or (colourbars and any(isinstance(c, AxesImage) for c in ax.get_children())):
            continue
        for what, value in drawn_marks(ax):
            if what.startswith("marker ") and what[7:] not in markers or what.startswith("hatch ") and what[6:] not in hatches:
                missing.add(what)
            elif what == "arrow" and not markers & {"<", ">", "$←$", "$→$"}:
                missing.add("arrow (no legend entry shows an arrow)")
            elif value is not None and value not in colours:
                missing.add(f"{what} {value}")
    assert not missing, f"{name}: drawn but not in the legend: {sorted(missing)}"


def date_axes(fig):
    for ax in fig.axes:
        if isinstance(ax.xaxis.get_major_formatter(), mdates.DateFormatter | mdates.ConciseDateFormatter | mdates.AutoDateFormatter):
            yield ax


def tick_texts(ax):
    return [t.get_text() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_date_ticks_share_one_format(drawn, name):
    fig = drawn(name)
    bad = []
    for ax in fig.axes:
        texts = tick_texts(ax)
        is_date = ax in list(date_axes(fig))
        for text in texts:
            if (is_date or LOOKS_LIKE_A_DATE.search(text) and not text.isdigit()) and not DATE_TICK.match(text):
                bad.append(text)
    assert bad == [], f"{name}: date ticks outside the one format ('16 May 2025' / 'May 2025'): {bad[:10]}"


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_date_axes_tick_at_the_granularity_of_the_data(drawn, name):
    fig = drawn(name)
    for ax in date_axes(fig):
        xs = [x for line in ax.get_lines() for x in line.get_xdata(orig=False)]
        days = {mdates.num2date(float(x)).day for x in xs}
        if days == {1}:  # monthly data
            ticks = [mdates.num2date(t) for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
            assert all(t.day == 1 for t in ticks), f"{name}: day ticks on monthly data: {[t.date() for t in ticks]}"
            assert all(re.match(r"^[A-Z][a-z]{2} \d{4}$", t) for t in tick_texts(ax)), f"{name}: {tick_texts(ax)}"


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_tick_labels_are_whole_and_unique(drawn, name):
    fig = drawn(name)
    for ax in fig.axes:
        labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
        cut = [label for label in labels + tick_texts(ax) if label.rstrip().endswith(("…", "..."))]
        assert cut == [], f"{name}: labels cut short: {cut[:5]}"
        twice = sorted({label for label in labels if labels.count(label) > 1})
        assert twice == [], f"{name}: two rows share a label: {twice}"


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_labels_name_sides_and_topics_not_ids(drawn, name):
    fig = drawn(name)
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_visible()]
    bad = sorted({t for t in texts if SIDE_IDS.search(t) or IDENTIFIER.search(t)})
    assert bad == [], f"{name}: ids where labels belong: {bad[:10]}"


def appearance(handle):
    if isinstance(handle, Line2D):
        return ("line", str(handle.get_marker()), colour(handle.get_markerfacecolor()), colour(handle.get_markeredgecolor()),
                colour(handle.get_color()), handle.get_linestyle(), handle.get_linewidth())
    if isinstance(handle, Patch):
        return ("patch", colour(handle.get_facecolor()), colour(handle.get_edgecolor()), handle.get_hatch())
    return (type(handle).__name__, id(handle))


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_different_legend_entries_look_different(drawn, name):
    fig = drawn(name)
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + list(fig.legends)
    for legend in legends:
        seen = {}
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            key = appearance(handle)
            assert key not in seen, f"{name}: legend entries {seen[key]!r} and {text.get_text()!r} look the same"
            seen[key] = text.get_text()


def test_the_process_network_draws_only_ties_across_the_line_and_counts_them_as_the_tables_do(drawn, data):
    """Russian actors sit left (x < 0) and Ukrainian right: every edge drawn joins the two columns, and
    each panel's second title line gives the Russia-Ukraine totals that ``tie_balance`` gives."""
    fig = drawn("04_process_network")
    balance = pos.tie_balance(data[0], ROUND_WINDOWS, {"process": pos.PROCESS}).set_index("window")
    for ax, window in zip(fig.axes, ROUND_WINDOWS, strict=False):
        edges = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
        assert edges, f"{window}: no tie drawn"
        for edge in edges:
            (x0, _), (x1, _) = edge._posA_posB
            assert x0 * x1 < 0, f"{window}: a tie inside one column ({x0}, {x1})"
        row = balance.loc[window]
        expected = f"between Russia and Ukraine: {row['between_agree']} agreement, {row['between_conflict']} conflict"
        assert ax.get_title("left").splitlines()[-1] == expected


def test_the_memorandums_chart_draws_each_documents_value_on_its_issues_row(drawn, data):
    """Each document's point sits at its value on its issue's row; a row with one document says which is missing."""
    fig = drawn("04_memorandums")
    ax = fig.axes[0]
    table = pos.document_positions(data[0], pos.MEMORANDUMS)
    points = {(round(float(line.get_xdata()[0]), 3), round(float(line.get_ydata()[0]), 3), line.get_marker())
              for line in ax.get_lines() if len(line.get_xdata()) == 1}
    expected = {(round(getattr(row, f"{side}_value"), 3), float(y), position_charts.PARTY_MARKERS[side])
                for y, row in enumerate(table.itertuples()) for side in pos.PARTIES if not pd.isna(getattr(row, f"{side}_value"))}
    assert points == expected
    assert [t.get_text() for t in ax.get_yticklabels()] == list(table["issue"])
    notes = [t.get_text() for t in ax.texts if t.get_text().startswith("not in")]
    assert len(notes) == int(table["gap"].isna().sum())
