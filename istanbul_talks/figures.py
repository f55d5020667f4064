"""Writing figures to ``figures/`` so that every regeneration gives the same bytes.

matplotlib stamps a date into SVG and a software string into PNG and draws random ids into SVG;
plotly draws a random div id and, by default, links plotly.js from a CDN. Each is pinned here:
``svg.hashsalt`` plus ``metadata``, a fixed ``div_id``, and one local ``plotly.min.js`` beside the
pages so they work offline.
"""

from __future__ import annotations

import io
import os
import re
from contextlib import contextmanager

from IPython.display import Image, Markdown

from .paths import figures_dir

# matplotlib's clip-path ids ("p" and ten hex digits), where they are defined and where they are used
CLIP_ID = re.compile(r'(?<=id=")p[0-9a-f]{10}(?=")|(?<=url\(#)p[0-9a-f]{10}(?=\))')

SOURCE_LINE = "Source: istanbul-talks, a hand-coded dataset of news reports (data/sources.csv lists every report)."
KEEP = {"README.md"}  # hand-written: the map of figures to notebooks and tables

STYLE = {
    "svg.hashsalt": "istanbul-talks",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "figure.figsize": (10, 5.5),
    "figure.constrained_layout.use": True,
}


@contextmanager
def chart_style():
    """The project's matplotlib style, for the duration of a ``with`` block (or as a decorator).

    Importing this module changes no matplotlib setting: each chart function draws inside
    ``chart_style()`` and ``save_matplotlib`` saves inside it. Inside, settings start from
    matplotlib's defaults (so neither a user's matplotlibrc nor a notebook backend's settings change
    the files written) plus ``STYLE``; on leaving, the caller's settings are back as they were.
    """
    import matplotlib.pyplot as plt
    import matplotlib.style

    if hasattr(plt, "_get_backend_mod"):
        plt._get_backend_mod()  # load the backend first: Jupyter's inline backend changes settings when it loads
    with matplotlib.style.context(STYLE, after_reset=True):
        yield


def add_source_line(fig, note: str = "") -> None:
    text = SOURCE_LINE + (f" {note}" if note else "")
    fig.text(0.01, 0.005, text, ha="left", va="bottom", fontsize=8, color="#555555")
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):  # constrained layout (the style's): leave room for the line
        engine.set(rect=(0, 0.035, 1, 0.965))


def save_matplotlib(fig, name: str, note: str = "") -> Image:
    """Save ``fig`` as figures/NAME.svg and .png, close it, and return the PNG for display."""
    import matplotlib.pyplot as plt

    folder = figures_dir()
    folder.mkdir(exist_ok=True)
    with chart_style():
        add_source_line(fig, note)
        svg = io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        (folder / f"{name}.svg").write_text(stable_clip_ids(svg.getvalue().decode("utf-8")), encoding="utf-8")
        fig.savefig(folder / f"{name}.png", format="png", metadata={"Software": None})
    plt.close(fig)
    return Image(filename=str(folder / f"{name}.png"))


def save_plotly(fig, name: str) -> Markdown:
    """Save ``fig`` as figures/NAME.html using the local plotly.min.js, and return a link to it."""
    folder = figures_dir()
    folder.mkdir(exist_ok=True)
    write_plotlyjs()
    fig.write_html(folder / f"{name}.html", include_plotlyjs="directory", full_html=True, div_id=name,
                   config={"displaylogo": False, "responsive": True})
    return Markdown(f"Interactive version (hover for date, actor, summary, quote and source): [figures/{name}.html](../figures/{name}.html)")


def stable_clip_ids(svg: str) -> str:
    """Number clip-path ids in order of appearance.

    matplotlib names a clip rectangle by hashing its float bounds; layout occasionally lands on a
    bound that differs in the last bit between runs (the drawn coordinates, rounded, do not), which
    renames the clip and changes the file. Renumbering makes the ids depend on order only.
    """
    order: dict[str, str] = {}
    return CLIP_ID.sub(lambda m: order.setdefault(m.group(0), f"clip{len(order) + 1:03d}"), svg)


def write_plotlyjs() -> None:
    """Write figures/plotly.min.js once; the HTML figures load it from beside themselves."""
    target = figures_dir() / "plotly.min.js"
    if not target.exists():
        from plotly.offline import get_plotlyjs

        target.parent.mkdir(exist_ok=True)
        partial = target.with_name(f".plotly.min.js.{os.getpid()}")  # one per process: two notebooks may write at once
        partial.write_text(get_plotlyjs(), encoding="utf-8")
        partial.replace(target)


def clear_figures() -> None:
    folder = figures_dir()
    folder.mkdir(exist_ok=True)
    for path in folder.iterdir():
        if path.is_file() and path.name not in KEEP:
            path.unlink()
