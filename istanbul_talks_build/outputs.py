"""The figure folder, as the build sees it: cleared before a run, plotly.js written once.

Imports neither plotly nor matplotlib (``make figures`` starts faster): plotly.js is copied from
the installed plotly package's data, the same bytes ``plotly.offline.get_plotlyjs()`` returns.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from istanbul_talks.paths import figures_dir

KEEP = {"README.md"}  # hand-written: the map of figures to notebooks and tables


def plotlyjs_bytes() -> bytes:
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("plotly is not installed in this environment")
    return (Path(spec.submodule_search_locations[0]) / "package_data" / "plotly.min.js").read_bytes()


def write_plotlyjs(folder: Path | None = None) -> None:
    """Write FOLDER/plotly.min.js (default: the figure folder) if it is missing."""
    target = (folder or figures_dir()) / "plotly.min.js"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".plotly.min.js.{os.getpid()}")
        partial.write_bytes(plotlyjs_bytes())
        partial.replace(target)


def clear_figures(folder: Path | None = None) -> None:
    """Remove every generated file from the figure folder, so a figure no notebook writes disappears."""
    folder = folder or figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.iterdir():
        if path.is_file() and path.name not in KEEP:
            path.unlink()
