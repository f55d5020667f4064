"""Writing figures to ``figures/`` so that every regeneration gives the same bytes.

matplotlib stamps a date into SVG and a software string into PNG and draws random ids into SVG;
plotly draws a random div id and, by default, links plotly.js from a CDN. Each is pinned here:
``svg.hashsalt`` plus ``metadata``, a fixed ``div_id``, and one local ``plotly.min.js`` beside the
pages so they work offline.

In a notebook an interactive chart is one output carrying three representations: plotly's JSON
(JupyterLab and Jupyter Notebook draw it with the jupyterlab-plotly extension the plotly package
installs, offline), a PNG of the chart's matplotlib twin (what nbconvert HTML and code-hosting sites
show; drawn by matplotlib, so the bytes are the same on every run) and alt text (text/plain).
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import re
from contextlib import contextmanager

from IPython.display import Image

from .paths import figures_dir

# matplotlib's clip-path ids ("p" and ten hex digits), where they are defined and where they are used
CLIP_ID = re.compile(r'(?<=id=")p[0-9a-f]{10}(?=")|(?<=url\(#)p[0-9a-f]{10}(?=\))')

SOURCE_LINE = "Source: istanbul-talks, a hand-coded dataset of news reports (data/sources.csv lists every report)."
KEEP = {"README.md"}  # hand-written: the map of figures to notebooks and tables
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
LARGE_PNG_PIXELS = 2_500_000  # about 11 x 16 inches at 120 dpi

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


def save_matplotlib(fig, name: str, note: str = "", alt: str | None = None) -> Image:
    """Save ``fig`` as figures/NAME.svg and .png, close it, and return the PNG (with alt text) for display."""
    import matplotlib.pyplot as plt

    alt = alt or describe_matplotlib(fig)
    folder = figures_dir()
    folder.mkdir(exist_ok=True)
    with chart_style():
        add_source_line(fig, note)
        png, svg = render(fig)
    (folder / f"{name}.svg").write_text(stable_clip_ids(svg), encoding="utf-8")
    (folder / f"{name}.png").write_bytes(png)
    plt.close(fig)
    return Picture(filename=str(folder / f"{name}.png"), alt=alt)


def render(fig) -> tuple[bytes, str]:
    """The figure as PNG bytes and SVG text: its layout computed once, then one drawing per format.

    ``fig.savefig`` runs the layout engine and a dry drawing before every file it writes, so saving
    two formats drew each chart four times; text layout is most of a drawing's cost. Here the PNG's
    drawing runs the layout engine itself (at the PNG's resolution, with its renderer's text
    metrics), the layout is then frozen, and the SVG is drawn with it: two drawings in all, the
    same bytes as with a separate layout pass. The figure is left at 72 dpi (the SVG canvas sets
    it): it is meant to be closed afterwards.
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    fig.set_dpi(matplotlib.rcParams["savefig.dpi"])
    agg = FigureCanvasAgg(fig)
    agg.draw()  # runs the layout engine (constrained layout) with the Agg renderer, then draws the pixels
    fig.set_layout_engine("none")  # keep the positions just computed: no second layout for the second format
    png = png_bytes(agg.buffer_rgba(), fig.dpi)
    svg = io.StringIO()
    FigureCanvasSVG(fig).print_svg(svg, metadata={"Date": None, "Creator": None})
    return png, svg.getvalue()


class Picture(Image):
    """A PNG whose plain-text form is its alt text (what a reader without images, or a screen reader, gets)."""

    def __repr__(self) -> str:
        return self.alt or super().__repr__()


class Interactive:
    """One notebook output: plotly's JSON, the PNG of the same chart, and its alt text."""

    def __init__(self, spec: dict, png: bytes, alt: str):
        self.spec, self.png, self.alt = spec, png, alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {PLOTLY_MIME: self.spec, "image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.alt}
        return data, {"image/png": {"alt": self.alt}}

    def __repr__(self) -> str:
        return self.alt


def save_plotly(fig, name: str, static=None, alt: str | None = None) -> Interactive:
    """Save ``fig`` as figures/NAME.html (offline, beside the local plotly.min.js) and return it for display.

    ``static`` is the chart's matplotlib twin: a ``Figure`` (saved as figures/NAME.svg and .png) or
    the name of a PNG already saved in figures/. In the notebook the output is interactive where
    plotly can draw (JupyterLab, Jupyter Notebook) and that PNG everywhere else.
    """
    import plotly.io as pio

    folder = figures_dir()
    folder.mkdir(exist_ok=True)
    write_plotlyjs()
    alt = alt or describe_plotly(fig)
    page = fig.to_html(include_plotlyjs="directory", full_html=True, div_id=name, config=PLOTLY_CONFIG)
    page = page.replace(f'<div id="{name}"', f'<div role="img" aria-label="{html_attribute(alt)}" id="{name}"', 1)
    page = page.replace("<head>", f"<head><title>{html_attribute(_title(fig) or name)}</title>", 1)
    (folder / f"{name}.html").write_text(page, encoding="utf-8")
    if static is None:  # no twin given: a plain matplotlib drawing of the figure's own traces
        static = static_from_plotly(fig)
    if not isinstance(static, str):
        save_matplotlib(static, name, alt=alt)
        static = name
    png = (folder / f"{static}.png").read_bytes()
    spec = json.loads(pio.to_json(fig, validate=False, remove_uids=True))
    spec["layout"].pop("width", None)  # in a notebook the chart takes the width of the output area
    spec["layout"]["autosize"] = True
    spec["config"] = PLOTLY_CONFIG
    return Interactive(spec, png, alt)


@chart_style()
def static_from_plotly(fig):
    """A matplotlib drawing of a plotly figure's heatmap and marker traces, for charts without a
    hand-made static twin: the same cells or points, colours, axes, title and legend."""
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    heatmaps = [t for t in fig.data if t.type == "heatmap"]
    ticks = fig.layout.yaxis.ticktext
    rows = len(ticks) * 2 if ticks is not None else len({str(y) for t in fig.data for y in (t.y if t.y is not None else [])})
    figure, ax = plt.subplots(figsize=(11, max(4, 0.3 * rows + 2.5)))
    for trace in heatmaps:
        xs = list(dict.fromkeys(_plain(str(x)) for x in trace.x))
        ys = list(dict.fromkeys(_plain(str(y)) for y in trace.y))
        grid = np.full((len(ys), len(xs)), np.nan)
        for x, y, z in zip(trace.x, trace.y, trace.z, strict=True):
            if z is not None:
                grid[ys.index(_plain(str(y))), xs.index(_plain(str(x)))] = z
        scale = trace.colorscale or ((0, "#ffffff"), (1, "#000000"))
        cmap = LinearSegmentedColormap.from_list("plotly", [(float(a), c) for a, c in scale])
        image = ax.imshow(grid, cmap=cmap, vmin=trace.zmin, vmax=trace.zmax, aspect="auto")
        ax.set_xticks(range(len(xs)), [x.replace("$", r"\$") for x in xs], rotation=35, ha="right", fontsize=8)
        ax.set_yticks(range(len(ys)), [y.replace("$", r"\$") for y in ys], fontsize=8)
        colourbar = trace.colorbar.title.text if trace.colorbar and trace.colorbar.title else ""
        figure.colorbar(image, ax=ax, label=colourbar or "", shrink=0.8)
    for trace in fig.data:
        if trace.type == "scatter" and trace.x is not None and trace.hoverinfo != "skip":
            colour = trace.marker.color if isinstance(trace.marker.color, str) else None
            ax.plot(trace.x, trace.y, "o", linestyle="", color=colour, label=_plain(trace.name or ""))
    if any(t.type == "scatter" and t.name for t in fig.data):
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    for axis, layout in ((ax.xaxis, fig.layout.xaxis), (ax.yaxis, fig.layout.yaxis)):
        if layout.tickvals is not None and layout.ticktext is not None:  # categories placed at numbers: keep their names
            axis.set_ticks(list(layout.tickvals), [_plain(str(t)).replace("$", r"\$") for t in layout.ticktext])
    if fig.layout.yaxis.autorange == "reversed":
        ax.invert_yaxis()
    ax.set_title(re.sub(r"\s*\(hover[^)]*\)", "", _plain(_title(fig))).replace("$", r"\$"))  # a picture cannot be hovered
    ax.set_xlabel(_plain(fig.layout.xaxis.title.text or "").replace("$", r"\$"))
    ax.set_ylabel(_plain(fig.layout.yaxis.title.text or "").replace("$", r"\$"))
    return figure


def html_attribute(text: str) -> str:
    return html.escape(text, quote=True)


def _title(fig) -> str:
    title = fig.layout.title.text or ""
    return re.sub(r"<[^>]+>", " ", title).strip()


def describe_plotly(fig) -> str:
    """Alt text from the chart itself: title, axes, legend and the number of marks."""
    names = [t.name for t in fig.data if t.name and t.showlegend is not False]
    marks = sum(sum(x is not None for x in t.x) for t in fig.data if t.type != "heatmap" and t.x is not None and t.hoverinfo != "skip")
    axes = f"horizontal axis: {fig.layout.xaxis.title.text or ''}; vertical axis: {fig.layout.yaxis.title.text or ''}"
    legend = f" Legend: {', '.join(names)}." if names else ""
    counted = f" {marks} marks;" if marks else ""
    return _plain(f"Interactive chart: {_title(fig)}.{counted} {axes}.{legend}")


def describe_matplotlib(fig) -> str:
    """Alt text from the chart itself: title, axes labels and legend entries."""
    title = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
    parts, panels = [], []
    for ax in fig.axes:
        if ax.get_label() == "<colorbar>" or not ax.get_visible():
            continue
        own = _axes_title(ax)
        axes = "; ".join(f"{name} axis: {label}" for name, label in (("horizontal", ax.get_xlabel()), ("vertical", ax.get_ylabel())) if label)
        if title and own:
            panels.append(own)  # a figure of several panels: their titles say what each shows
        title = title or own
        if axes:
            parts.append(axes)
        legend = ax.get_legend()
        if legend:
            parts.append("legend: " + ", ".join(t.get_text() for t in legend.get_texts()))
    for legend in fig.legends:  # a legend of the whole figure
        parts.append("legend: " + ", ".join(t.get_text() for t in legend.get_texts()))
    seen = list(dict.fromkeys(parts))[:4]
    if panels:
        seen.append(f"{len(panels)} panel{'s' if len(panels) > 1 else ''}: " + "; ".join(panels[:6]) + ("; ..." if len(panels) > 6 else ""))
    return _plain(f"Chart: {title}." + "".join(f" {part}." for part in seen))


def _axes_title(ax) -> str:
    """An axes' title wherever it sits (the style puts titles on the left)."""
    return next((t for t in (ax.get_title(loc) for loc in ("left", "center", "right")) if t), "")


def _plain(text: str) -> str:
    """Plotly label markup to plain text: tags (our own <br> and <b>) dropped, then entities resolved."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\\$", "$")
    return re.sub(r"\s+", " ", text).strip()


def png_bytes(rgba, dpi: float) -> bytes:
    """A chart's pixels as PNG, encoded once.

    Charts are opaque, so the alpha channel is dropped. A large chart (over ``LARGE_PNG_PIXELS``) is
    reduced to a 64-colour palette: charts use few colours, and notebooks embed the PNG, so its size
    is the notebook's. Octree quantisation without dithering is deterministic.
    """
    from PIL import Image as PILImage

    picture = PILImage.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    if picture.width * picture.height > LARGE_PNG_PIXELS:
        picture = picture.quantize(colors=64, method=PILImage.Quantize.FASTOCTREE, dither=PILImage.Dither.NONE)
    out = io.BytesIO()
    picture.save(out, format="PNG", compress_level=6, dpi=(dpi, dpi))
    return out.getvalue()


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
