"""Execute notebooks in place, reproducibly and fast: ``python -m istanbul_talks_build.execute NOTEBOOK...``.

Reproducible: ``jupyter execute``, nbconvert and papermill stamp times into cell metadata, so two
runs never give the same bytes. nbclient with ``record_timing=False`` (and old ``execution``
metadata removed) does. ``figures/`` is cleared first so that a figure no notebook writes any more
disappears, then plotly.js is written once (plotly never overwrites it, and parallel notebooks
would race for it).

Fast (the cost of a run is mostly kernels and imports, not the notebooks' own work):
- the kernels are started before anything else, so they boot while the parent reads notebooks;
- ``workers`` kernels are kept warm and reused: between two notebooks the kernel is reset (user
  namespace, execution count, history, open figures, matplotlib rcParams, pandas options, warning
  filters and registries, environment, ``sys.path`` and working directory go back to what they were
  before the first notebook), so a notebook sees what a fresh kernel gives it except that the
  libraries are already imported. ``make test`` still runs every notebook from a fresh kernel
  (nbval) and compares the outputs, so a notebook that depended on that difference would fail there;
- notebooks are scheduled longest first (from the previous run's times, kept in ``.cache/``);
- kernels are killed at the end, without the graceful-shutdown wait;
- the parent imports neither matplotlib nor plotly, and keeps jsonschema from building the optional
  RFC 3987 grammars (about 2 s of one core) when nbformat is imported.
"""

from __future__ import annotations

import sys
import time

STARTED = time.perf_counter()

# jsonschema imports ``rfc3987_syntax`` (if installed) to check "iri" formats, building a large
# grammar on import. Notebook schemas use no such format: keep this process from building it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]

import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402

from jupyter_client.manager import AsyncKernelManager  # noqa: E402

from istanbul_talks_build.outputs import clear_figures, write_plotlyjs  # noqa: E402

TIMEOUT_SECONDS = 600
TIMES = Path(__file__).resolve().parent.parent / ".cache" / "execute-times.json"  # last run: per notebook, and where the time went

# Run silently (no output, no history, no execution count) in each kernel before its first notebook:
# remember the state a fresh kernel gives a notebook, and how to go back to it.
SNAPSHOT = """
def __istanbul_talks_build_setup():
    import copy, os, sys, warnings
    import matplotlib, pandas
    from pandas._config import config as pandas_config
    ip = get_ipython()
    saved = {
        "warnings": list(warnings.filters), "rc": dict(matplotlib.rcParams),
        "pandas": copy.deepcopy(pandas_config._global_config),
        "environ": dict(os.environ), "path": list(sys.path), "cwd": os.getcwd(),
    }

    def reset():
        ip.reset(new_session=True)  # user namespace, Out, history session; execution count back to 1
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
        dict.update(matplotlib.rcParams, saved["rc"])
        pandas_config._global_config.clear()
        pandas_config._global_config.update(copy.deepcopy(saved["pandas"]))
        warnings.filters[:] = saved["warnings"]
        warnings._filters_mutated()  # every module's __warningregistry__ is cleared on its next warning
        warnings.onceregistry.clear()
        os.environ.clear()
        os.environ.update(saved["environ"])
        sys.path[:] = saved["path"]
        os.chdir(saved["cwd"])

    ip._istanbul_talks_build_reset = reset

__istanbul_talks_build_setup()
del __istanbul_talks_build_setup
"""
RESET = "get_ipython()._istanbul_talks_build_reset()"


class WarmKernel:
    """A kernel started ahead of need and reused for several notebooks, reset between them."""

    def __init__(self, cwd: str, split: dict[str, float]):
        self.km = AsyncKernelManager(kernel_name="python3")
        self.cwd = cwd
        self.kc = None
        self.used = False
        self.split = split  # seconds by kind of work, summed over kernels

    def _spent(self, kind: str, since: float) -> float:
        now = time.perf_counter()
        self.split[kind] = self.split.get(kind, 0.0) + now - since
        return now

    async def start(self) -> None:
        self.launched = time.perf_counter()
        await self.km.start_kernel(cwd=self.cwd)

    async def ready(self) -> None:
        if self.kc is None:
            self.kc = self.km.client()
            self.kc.start_channels()
            await self.kc.wait_for_ready(timeout=60)
            self._spent("kernel start", self.launched)
            since = time.perf_counter()
            await self._silent(SNAPSHOT)
            self._spent("kernel warm-up (import matplotlib, pandas; snapshot)", since)

    async def _silent(self, code: str) -> None:
        reply = await self.kc.execute_interactive(code, silent=True, store_history=False, timeout=60)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"resetting the kernel failed: {reply['content']}")

    async def run(self, path: str) -> float:
        import nbformat
        from nbclient import NotebookClient

        await self.ready()
        if self.used:
            since = time.perf_counter()
            await self._silent(RESET)
            self._spent("kernel reset between notebooks", since)
        self.used = True
        started = time.perf_counter()
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            cell.metadata.pop("execution", None)
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        client = NotebookClient(notebook, km=self.km, timeout=TIMEOUT_SECONDS, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(Path(path).parent)}})
        client.kc = self.kc  # our client: nbclient would otherwise open (and leave open) one per notebook
        clock = {}
        client.on_cell_start = lambda cell, cell_index: clock.__setitem__("cell", time.perf_counter())
        client.on_cell_executed = lambda cell, cell_index, execute_reply: self._spent(cell_kind(notebook, cell_index), clock["cell"])
        await client.async_execute()
        nbformat.write(notebook, path)
        return time.perf_counter() - started

    async def kill(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
        await self.km.shutdown_kernel(now=True)  # no graceful wait: nothing in the kernel needs saving


def cell_kind(notebook, index: int) -> str:
    """What a cell mostly spends its time on, for the split of ``make figures``' time."""
    source = notebook.cells[index].source
    if index == next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code"):
        return "notebooks: first cell (imports, load and validate the data)"
    if "save_matplotlib(" in source:
        return "notebooks: matplotlib charts (build, save SVG and PNG)"
    if "save_plotly(" in source:
        return "notebooks: plotly charts (build, save HTML)"
    return "notebooks: other cells (tables, findings, checks)"


def _expected_seconds() -> dict[str, float]:
    try:
        return json.loads(TIMES.read_text(encoding="utf-8"))["notebooks"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}


async def _run(paths: list[str], workers: int, split: dict[str, float]) -> list[tuple[str, float]]:
    folders = {str(Path(p).parent.resolve()) for p in paths}
    if len(folders) != 1:
        raise SystemExit("all notebooks must be in one folder (each kernel runs in the notebooks' folder)")
    folder = folders.pop()
    kernels = [WarmKernel(folder, split) for _ in range(min(workers, len(paths)))]
    await asyncio.gather(*(k.start() for k in kernels))
    since = time.perf_counter()
    import nbclient  # noqa: F401  # while the kernels boot (nbformat and nbclient are needed only from the first notebook on)
    import nbformat  # noqa: F401

    split["parent: importing nbformat and nbclient (while the kernels boot)"] = time.perf_counter() - since
    expected = _expected_seconds()
    queue = sorted(paths, key=lambda p: -expected.get(Path(p).name, float("inf")))  # longest first; unknown ones first of all
    results: dict[str, float] = {}

    async def worker(kernel: WarmKernel) -> None:
        while queue:
            path = queue.pop(0)
            results[path] = await kernel.run(path)

    try:
        await asyncio.gather(*(worker(k) for k in kernels))
    finally:
        since = time.perf_counter()
        await asyncio.gather(*(k.kill() for k in kernels), return_exceptions=True)
        split["kernel kill (no graceful shutdown)"] = time.perf_counter() - since
    return [(p, results[p]) for p in paths]


def run_notebooks(paths: list[str], workers: int = 2, split: dict[str, float] | None = None) -> list[tuple[str, float]]:
    """Execute notebooks in place on ``workers`` warm kernels (the machine has two cores)."""
    return asyncio.run(_run(paths, workers, {} if split is None else split))


def main(argv: list[str]) -> int:
    workers = int(os.environ.get("ISTANBUL_TALKS_WORKERS", "2"))
    split = {"parent: importing the executor (jupyter_client)": time.perf_counter() - STARTED}
    clear_figures()
    write_plotlyjs()
    done = run_notebooks(argv, workers, split)
    for path, seconds in done:
        print(f"executed {path} in {seconds:.1f} s")
    TIMES.parent.mkdir(exist_ok=True)
    TIMES.write_text(json.dumps({"notebooks": {Path(p).name: round(s, 3) for p, s in done}, "split": {k: round(v, 3) for k, v in split.items()},
                                 "wall_from_import": round(time.perf_counter() - STARTED, 3), "workers": workers}, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
