"""Benchmarks: ``make bench`` runs this and writes benchmarks/results.md (quoted in README.md).

Measured, each as the median of several runs, with the peak memory of the largest process:
- ``make figures`` (warm environment) against a floor: as many notebooks that only import the same
  libraries, executed the same way (two at a time) and one at a time;
- ``make test`` against the same floor;
- ``validate`` and ``load`` on the real data and on synthetic data 10x, 100x and 1000x its size,
  with the time per row, to show how cost grows.
Tests never assert times; this script only reports them.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.synthetic import make_synthetic  # noqa: E402
from istanbul_talks.schema import Codebook  # noqa: E402

PY = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SIZES = (1, 10, 100, 1000)
RESULTS = ROOT / "benchmarks" / "results.md"
FLOOR_CODE = "import istanbul_talks\nimport pandas\nimport matplotlib.pyplot\nimport plotly.graph_objects\n"
LOG = ROOT / ".cache" / "bench-last-command.log"
MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    f"log = open({str(LOG)!r}, 'w')\n"
    "t = time.perf_counter(); done = subprocess.run(sys.argv[1:], stdout=log, stderr=subprocess.STDOUT)\n"
    "print(json.dumps({'seconds': time.perf_counter() - t, 'rc': done.returncode,"
    " 'peak_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
)


def measure(command: list[str], runs: int = RUNS) -> dict:
    """Median wall time and the largest peak RSS over ``runs`` runs of ``command`` (each in a fresh process)."""
    samples = []
    for _ in range(runs):
        out = subprocess.run([PY, "-c", MEASURE, *command], capture_output=True, text=True, cwd=ROOT, check=True)
        sample = json.loads(out.stdout)
        if sample["rc"] != 0:
            tail = "\n".join(LOG.read_text(encoding="utf-8", errors="replace").splitlines()[-40:])
            raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{tail}")
        samples.append(sample)
    return {"seconds": statistics.median(s["seconds"] for s in samples), "peak_mb": max(s["peak_mb"] for s in samples), "runs": runs}


def floor_notebooks(folder: Path, count: int) -> list[str]:
    paths = []
    for i in range(count):
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CODE)])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = folder / f"floor_{i}.ipynb"
        nbformat.write(notebook, path)
        paths.append(str(path))
    return paths


def floor(workers: int, count: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        paths = floor_notebooks(Path(folder), count)
        code = f"from istanbul_talks.execute import run_notebooks; run_notebooks({paths!r}, workers={workers})"
        return measure([PY, "-c", code])


def data_rows(root: Path) -> int:
    codebook = Codebook.read(root)
    return sum(sum(1 for _ in open(root / t.path, encoding="utf-8")) - 1 for t in codebook.tables.values())


def scaling() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for factor in SIZES:
            root = ROOT if factor == 1 else make_synthetic(Path(folder) / f"x{factor}", factor)
            n = data_rows(root)
            runs = RUNS if factor < 1000 else 1
            validate = measure([PY, "-m", "istanbul_talks", "validate", str(root)], runs)
            load = measure([PY, "-c", f"import istanbul_talks; istanbul_talks.load({str(root)!r})"], runs)
            rows.append({"factor": factor, "rows": n, "validate": validate, "load": load})
            if factor != 1:
                shutil.rmtree(root)
    return rows


def make(target: str) -> list[str]:
    return ["make", "--no-print-directory", target]


def main() -> int:
    LOG.parent.mkdir(exist_ok=True)
    notebooks = sorted(str(p) for p in (ROOT / "notebooks").glob("*.ipynb"))
    subprocess.run(make("figures"), cwd=ROOT, check=True, capture_output=True)  # warm the environment and caches
    figures = measure(make("figures"))
    test = measure(make("test"))
    floor_parallel = floor(2, len(notebooks))
    floor_serial = floor(1, len(notebooks))
    sizes = scaling()
    RESULTS.write_text(render(figures, test, floor_parallel, floor_serial, sizes, len(notebooks)), encoding="utf-8")
    update_readme()
    print(RESULTS.read_text(encoding="utf-8"))
    return 0


def render(figures, test, floor_parallel, floor_serial, sizes, count) -> str:
    def row(name, m, versus=None):
        ratio = "" if versus is None else f"{m['seconds'] / versus['seconds']:.2f}x"
        return f"| {name} | {m['seconds']:.2f} s | {ratio} | {m['peak_mb']:.0f} MB | {m['runs']} |"

    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Times are medians of the runs shown; peak memory is the largest single process.",
        "",
        f"## The suite against its floor ({count} notebooks)",
        "",
        "The floor is the same number of notebooks that only import the same libraries (istanbul_talks, pandas,",
        "matplotlib, plotly), executed the same way. Ratios are against the floor run two at a time.",
        "",
        "| what | wall time | vs floor (2 at a time) | peak memory | runs |",
        "|---|---|---|---|---|",
        row("floor, 2 at a time", floor_parallel, floor_parallel),
        row("floor, 1 at a time", floor_serial, floor_parallel),
        row("`make figures` (warm)", figures, floor_parallel),
        row("`make test`", test, floor_parallel),
        "",
        f"`make figures` against the floor run one at a time: {figures['seconds'] / floor_serial['seconds']:.2f}x.",
        "",
        "## validate and load as the data grow",
        "",
        "| data | rows | validate | per 1,000 rows | peak | load | per 1,000 rows | peak | runs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in sizes:
        v, lo = s["validate"], s["load"]
        name = "real" if s["factor"] == 1 else f"{s['factor']}x"
        lines.append(f"| {name} | {s['rows']:,} | {v['seconds']:.2f} s | {1000 * v['seconds'] / s['rows']:.3f} s | {v['peak_mb']:.0f} MB "
                     f"| {lo['seconds']:.2f} s | {1000 * lo['seconds'] / s['rows']:.3f} s | {lo['peak_mb']:.0f} MB | {v['runs']} |")
    lines += ["", "Times include starting Python and importing the libraries (about 0.3 s), which is why the time per row falls as the data grow.", ""]
    lines += goals(figures, floor_parallel, floor_serial, sizes)
    return "\n".join(lines)


def goals(figures, floor_parallel, floor_serial, sizes) -> list[str]:
    """The goals set for the suite, each with its verdict computed from this run."""
    real = next(s for s in sizes if s["factor"] == 1)["validate"]["seconds"]
    per_row = [s["validate"]["seconds"] / s["rows"] for s in sizes if s["factor"] >= 100]
    checks = [
        ("`make figures` within 1.2x of the floor run the same way", figures["seconds"] / floor_parallel["seconds"], 1.2, "x"),
        ("`make figures` under 1.0x of the floor run one at a time (using both cores)", figures["seconds"] / floor_serial["seconds"], 1.0, "x"),
        ("real data validate in under 0.5 s", real, 0.5, " s"),
        ("validate cost per row at 1000x no worse than at 100x (+10%: linear growth)", per_row[-1] / per_row[0], 1.1, "x"),
    ]
    out = ["## Goals", "", "| goal | measured | met? |", "|---|---|---|"]
    out += [f"| {name} | {value:.2f}{unit} | {'yes' if value < limit else 'no'} |" for name, value, limit, unit in checks]
    return out + [""]


def update_readme() -> None:
    """Copy the results between the README's bench markers, so README and results never disagree."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    body = RESULTS.read_text(encoding="utf-8").split("\n", 2)[2].replace("## ", "#### ")
    new = re.sub(r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)", lambda m: m.group(1) + body + m.group(2), text, flags=re.S)
    readme.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
