"""What the HTML figures draw, looked at in a real Chromium (Playwright, Debian's browser, no network).

Each figure is opened once and must first draw offline, without a console error, an uncaught
exception or a failed request.

A row is a point of a trace that has hover text (traces with ``hoverinfo="skip"`` only decorate).
A figure passes only if every data row it carries is drawn as a mark a reader can see (at least
MIN_PX on screen, inside its plot area), hovering a mark shows that row's text, every colour and
marker symbol drawn is explained in the legend, an axis is readable on the first screen, and no
visible label shows a side or topic id where a label belongs.
"""

from __future__ import annotations

import html
import re

import pytest
from chromium import offline_context, settle, watch

from istanbul_talks.paths import figures_dir

HTML_FIGURES = sorted(p.name for p in figures_dir().glob("*.html"))
MIN_PX = 4
FIRST_SCREEN = (1280, 900)
SIDE_IDS = re.compile(r"\b(russia|ukraine|turkey|usa)\b")
IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")

# Everything a test needs about the drawn figure, read from plotly's own bindings: each drawn
# point element carries its calcdata (``__data__``), whose ``i`` is the row in the trace.
COLLECT = r"""() => {
  const gd = document.querySelector('.js-plotly-plot');
  const page = gd.getBoundingClientRect();
  const full = gd._fullLayout;
  const box = r => ({x: r.left, y: r.top, w: r.width, h: r.height});
  // An open marker is drawn by its outline: its colour is the stroke's.
  const paint = e => { const s = getComputedStyle(e); const none = v => !v || v === 'none' || /rgba\(.*, 0\)$/.test(v) || s.fillOpacity === '0';
                       return none(s.fill) ? s.stroke : s.fill; };
  const traces = gd._fullData.map((t, index) => {
    const xa = full[(t.xaxis || 'x').replace('x', 'xaxis')], ya = full[(t.yaxis || 'y').replace('y', 'yaxis')];
    const area = xa && ya ? {x: page.left + xa._offset, y: page.top + ya._offset, w: xa._length, h: ya._length} : null;
    const rows = [], marks = [];
    const n = Math.max((t.x || []).length, (t.y || []).length);
    const heatmap = t.type === 'heatmap';
    const cell = heatmap ? {w: xa._length / new Set(t.x).size, h: ya._length / new Set(t.y).size} : null;
    for (let i = 0; i < n; i++) {
      const x = t.x ? t.x[i] : 0, y = t.y ? t.y[i] : 0;
      if (x === null || x === undefined || y === null || y === undefined) continue;
      if (heatmap && (t.z[i] === null || Number.isNaN(t.z[i]))) continue;
      const hover = Array.isArray(t.hovertext) ? t.hovertext[i] : (Array.isArray(t.text) ? t.text[i] : (t.hovertext || t.text || ''));
      const symbol = t.marker && Array.isArray(t.marker.symbol) ? t.marker.symbol[i] : (t.marker ? t.marker.symbol : null);
      rows.push({i, hover: hover || '', symbol});
      if (heatmap) {  // a cell is drawn into one image: its place comes from the axes
        const cx = area.x + xa.d2p(x), cy = area.y + ya.d2p(y);
        marks.push({i, x: cx - cell.w / 2, y: cy - cell.h / 2, w: cell.w, h: cell.h, fill: '', opacity: '1'});
      }
    }
    if (t.hoverinfo === 'skip') rows.length = 0;  // decoration (a bar behind a marker, a spread line): claims no row
    return {index, type: t.type, name: t.name, showlegend: t.showlegend, visible: t.visible, area, rows, marks,
            symbol: t.marker && !Array.isArray(t.marker.symbol) ? t.marker.symbol : null};
  });
  document.querySelectorAll('.scatterlayer .trace, .barlayer .trace').forEach(g => {
    const cd = g.__data__; if (!cd || !cd[0] || !cd[0].trace) return;
    const trace = traces[cd[0].trace.index];
    g.querySelectorAll('.point').forEach(p => {
      const r = p.getBoundingClientRect();
      const shape = p.tagName === 'path' ? p : p.querySelector('path');
      trace.marks.push({i: p.__data__.i, ...box(r), fill: shape ? paint(shape) : '',
                        opacity: shape ? String(Number(getComputedStyle(shape).fillOpacity) * Number(getComputedStyle(p).opacity)) : '1'});
    });
  });
  const legend = [...document.querySelectorAll('.legend .traces')].map(g => ({
    text: g.textContent, fills: [...g.querySelectorAll('.legendpoints path')].map(paint)}));
  const texts = [...document.querySelectorAll('.main-svg text')].filter(t => !t.closest('.hoverlayer')).map(t => t.textContent);
  const xticks = [...document.querySelectorAll('.xtick text, .x2tick text, .xtick2 text')].map(t => box(t.getBoundingClientRect()));
  return {traces, legend, texts, xticks};
}"""


def normalise(text: str) -> str:
    """Hover text as plotly prints it: tags dropped, entities resolved, whitespace ignored."""
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", text)))


@pytest.fixture(scope="module")
def pages(browser):
    context = offline_context(browser, width=FIRST_SCREEN[0], height=FIRST_SCREEN[1])
    opened = {}
    yield context, opened
    context.close()


def open_figure(pages, name):
    """(the open page, what COLLECT read from it or None if plotly drew nothing, what the page showed
    and reported up to the moment it was drawn, before any test touched it)."""
    context, opened = pages
    if name not in opened:
        page = context.new_page()
        seen = watch(page)
        page.goto((figures_dir() / name).as_uri())
        settle(page, seen, ".main-svg")
        drawn = page.evaluate(COLLECT) if 'class="main-svg"' in seen.dom else None
        opened[name] = (page, drawn, seen)
    return opened[name]


def drawn_figure(pages, name):
    page, drawn, seen = open_figure(pages, name)
    assert drawn is not None, f"plotly drew nothing in {name}: {seen.errors}"
    return page, drawn, seen


def test_there_are_html_figures_to_look_at():
    assert len(HTML_FIGURES) >= 4


@pytest.mark.parametrize("name", HTML_FIGURES)
def test_each_html_figure_draws_offline_without_console_errors(pages, name):
    _, _, seen = open_figure(pages, name)
    assert 'class="main-svg"' in seen.dom, f"plotly drew nothing in {name}"
    assert seen.errors == []


@pytest.mark.parametrize("name", HTML_FIGURES)
def test_every_row_is_a_visible_mark_inside_the_plot_area(pages, name):
    _, drawn, seen = drawn_figure(pages, name)
    assert seen.errors == [], seen.errors
    problems = []
    claimed = 0
    for trace in drawn["traces"]:
        if trace["visible"] is not True:
            continue
        marks = {m["i"]: m for m in trace["marks"]}
        area = trace["area"]
        for row in trace["rows"]:
            claimed += 1
            mark = marks.get(row["i"])
            label = f"trace {trace['name']!r} row {row['i']}"
            if mark is None:
                problems.append(f"{label}: not drawn")
                continue
            if mark["w"] < MIN_PX or mark["h"] < MIN_PX:
                problems.append(f"{label}: {mark['w']:.1f} x {mark['h']:.1f} px")
            cx, cy = mark["x"] + mark["w"] / 2, mark["y"] + mark["h"] / 2
            if not (area["x"] - 1 <= cx <= area["x"] + area["w"] + 1 and area["y"] - 1 <= cy <= area["y"] + area["h"] + 1):
                problems.append(f"{label}: centre ({cx:.0f}, {cy:.0f}) outside the plot area")
    assert claimed > 0, f"{name} claims no data"
    assert problems == [], f"{name}: {len(problems)} of {claimed} rows not visible: {problems[:8]}"


@pytest.mark.parametrize("name", HTML_FIGURES)
def test_hovering_a_mark_shows_its_rows_text(pages, name):
    page, drawn, _ = drawn_figure(pages, name)
    page.bring_to_front()  # a page in a background tab gets few animation frames: hovers would crawl
    checked = 0
    # The whole page on one screen: marks far down are hovered without scrolling (scrolling a tall plot is slow).
    page.set_viewport_size({"width": FIRST_SCREEN[0], "height": max(FIRST_SCREEN[1], page.evaluate("document.body.scrollHeight"))})
    for trace in drawn["traces"]:
        if trace["visible"] is not True or not trace["rows"]:
            continue
        marks = {m["i"]: m for m in trace["marks"]}
        for row in (trace["rows"][0], trace["rows"][-1]):
            mark = marks.get(row["i"])
            if mark is None or not row["hover"]:
                continue
            cx, cy = mark["x"] + mark["w"] / 2, mark["y"] + mark["h"] / 2
            # Marks overlapping under the pointer share it: the text of any row drawn there is a right answer.
            same_spot = [normalise(r["hover"])[:40] for t in drawn["traces"] for r in t["rows"] for m in t["marks"]
                         if m["i"] == r["i"] and m["x"] - 1 <= cx <= m["x"] + m["w"] + 1 and m["y"] - 1 <= cy <= m["y"] + m["h"] + 1]
            page.mouse.move(1, 1)
            page.mouse.move(cx, cy)
            page.wait_for_selector(".hoverlayer .hovertext", timeout=3_000, state="attached")
            shown = normalise(page.eval_on_selector(".hoverlayer", "e => e.textContent"))
            assert any(text and text in shown for text in same_spot), f"{name}: hovering {trace['name']!r} row {row['i']} shows {shown[:200]!r}"
            checked += 1
    page.set_viewport_size({"width": FIRST_SCREEN[0], "height": FIRST_SCREEN[1]})
    assert checked


@pytest.mark.parametrize("name", HTML_FIGURES)
def test_every_colour_and_symbol_drawn_is_in_the_legend(pages, name):
    _, drawn, _ = drawn_figure(pages, name)
    legend_fills = {f for item in drawn["legend"] for f in item["fills"]}
    legend_symbols = {t["symbol"] or "circle" for t in drawn["traces"] if t["showlegend"] and t["type"] != "heatmap"}
    missing = set()
    for trace in drawn["traces"]:
        if trace["visible"] is not True or trace["type"] == "heatmap":
            continue
        for mark in trace["marks"]:
            if mark["fill"] not in legend_fills:
                missing.add(f"colour {mark['fill']}")
            if mark["opacity"] not in ("1", ""):
                missing.add(f"translucent marks (opacity {mark['opacity']}) blend into colours no legend shows")
        for row in trace["rows"]:
            if trace["type"] == "scatter" and (row["symbol"] or "circle") not in legend_symbols:
                missing.add(f"symbol {row['symbol']}")
    assert not missing, f"{name}: drawn but not in the legend: {sorted(missing)}"


@pytest.mark.parametrize("name", HTML_FIGURES)
def test_an_axis_is_readable_on_the_first_screen(pages, name):
    _, drawn, _ = drawn_figure(pages, name)
    visible = [t for t in drawn["xticks"] if t["w"] > 0 and t["y"] >= 0 and t["y"] + t["h"] <= FIRST_SCREEN[1]]
    assert visible, f"{name}: no x-axis tick label within the first {FIRST_SCREEN[1]} px"


@pytest.mark.parametrize("name", HTML_FIGURES)
def test_labels_name_sides_and_topics_not_ids(pages, name):
    _, drawn, _ = drawn_figure(pages, name)
    bad = sorted({t for t in drawn["texts"] if SIDE_IDS.search(t) or IDENTIFIER.search(t)})
    assert bad == [], f"{name}: ids where labels belong: {bad[:10]}"
