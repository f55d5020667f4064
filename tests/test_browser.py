"""Hostile text in the HTML figures, rendered in a real headless Chromium, offline; a page that cannot
draw is caught. (That every committed HTML figure draws offline without errors is checked in
test_drawn_html.py, on the page those tests open anyway.)"""

from __future__ import annotations

import re

from chromium import render
from hostile import hostile_data, hostile_statements

from istanbul_talks.charts import interactive
from istanbul_talks.figures import write_plotlyjs
from istanbul_talks.paths import figures_dir

HTML_FIGURES = sorted(p.name for p in figures_dir().glob("*.html"))
# After drawing, hover every trace's first point so that hover text is in the DOM too.
# plotly substitutes {plot_id} with str.replace, so the other braces are plain JavaScript.
HOVER_ALL = "var gd=document.getElementById('{plot_id}');Plotly.Fx.hover(gd, gd.data.map(function(t,i){return {curveNumber:i, pointNumber:t.type==='heatmap'?[0,0]:0};}));"


def test_there_are_html_figures_to_check():
    assert len(HTML_FIGURES) >= 4


def test_html_figures_load_plotly_from_beside_them_not_a_cdn():
    for name in HTML_FIGURES:
        html = (figures_dir() / name).read_text(encoding="utf-8")
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
        assert scripts == ["plotly.min.js"], (name, scripts)


def hostile_page(folder) -> tuple[str, list[str]]:
    """One page drawing every interactive chart with hostile text, each in its own div, from one
    plotly.js: loading plotly.js is most of a page's cost, and what is tested is what each chart draws."""
    write_plotlyjs()
    data = hostile_data()
    s = hostile_statements(data)
    figures = {"timeline": interactive.event_timeline(data), "statements": interactive.statements_over_time(s),
               "matrix": interactive.stance_matrix(s), "quantities": interactive.quantity_dots(data)}
    (folder / "plotly.min.js").write_bytes((figures_dir() / "plotly.min.js").read_bytes())
    charts = "".join(fig.to_html(full_html=False, include_plotlyjs=False, div_id=name, post_script=HOVER_ALL) for name, fig in figures.items())
    page = folder / "hostile.html"
    page.write_text(f'<html><head><meta charset="utf-8"><script src="plotly.min.js"></script></head><body>{charts}</body></html>', encoding="utf-8")
    return page.as_uri(), sorted(figures)


def chart_doms(dom: str, names: list[str]) -> dict[str, str]:
    """Each chart's part of the page's DOM: from its div to the next chart's."""
    starts = sorted((dom.index(f'id="{name}"'), name) for name in names)
    ends = [start for start, _ in starts[1:]] + [len(dom)]
    return {name: dom[start:end] for (start, name), end in zip(starts, ends, strict=True)}


def test_hostile_text_shows_as_text_and_nothing_executes(browser, tmp_path):
    url, names = hostile_page(tmp_path)
    page = render(browser, url)
    assert "PWNED" not in "".join(page.console), page.console
    assert "<title>PWNED" not in page.dom and page.errors == [], page.errors
    for name, dom in chart_doms(page.dom, names).items():
        assert 'class="main-svg"' in dom, f"{name} did not draw"
        assert "<img" not in dom and 'href="javascript:' not in dom, name
        assert "&lt;script&gt;" in dom, f"{name}: the hostile text is not visible as text"


def test_a_broken_page_is_detected(browser, tmp_path):
    """The check itself can fail: a page whose plotly.js is missing draws nothing, and says why."""
    fig = interactive.stance_matrix(hostile_statements(hostile_data()))
    fig.write_html(tmp_path / "broken.html", include_plotlyjs="directory", div_id="broken")
    (tmp_path / "plotly.min.js").unlink()  # plotly writes it beside the page; take it away
    page = render(browser, (tmp_path / "broken.html").as_uri())
    assert 'class="main-svg"' not in page.dom
    assert any("Plotly is not defined" in line or "ERR_FILE_NOT_FOUND" in line for line in page.errors), page.errors
