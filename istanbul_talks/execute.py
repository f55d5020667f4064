"""Execute notebooks in place, reproducibly: ``python -m istanbul_talks.execute NOTEBOOK...``.

``jupyter execute``, nbconvert and papermill stamp times into cell metadata, so two runs never
give the same bytes. nbclient with ``record_timing=False`` (and old ``execution`` metadata removed)
does. ``figures/`` is cleared first so a figure no notebook writes any more disappears, then
plotly.js is written once (plotly never overwrites it, and parallel notebooks would race for it).
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .figures import clear_figures, write_plotlyjs

TIMEOUT_SECONDS = 600


def execute_in_place(path: str) -> tuple[str, float]:
    started = time.perf_counter()
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    client = NotebookClient(notebook, timeout=TIMEOUT_SECONDS, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    client.execute()
    nbformat.write(notebook, path)
    return path, time.perf_counter() - started


def run_notebooks(paths: list[str], workers: int = 2) -> list[tuple[str, float]]:
    """Execute notebooks in place, ``workers`` at a time (the machine has two cores)."""
    if workers == 1:
        return [execute_in_place(p) for p in paths]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(execute_in_place, paths))


def main(paths: list[str]) -> int:
    clear_figures()
    write_plotlyjs()
    for path, seconds in run_notebooks(paths):
        print(f"executed {path} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
