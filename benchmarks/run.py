"""Benchmarks: ``make bench`` runs this and writes benchmarks/results.md (quoted in README.md).

Measured, each as the median of several runs, with the peak memory of the largest process:
- ``make figures`` (warm environment) against a floor: as many notebooks that only import the same
  libraries (istanbul_talks, pandas, matplotlib, plotly), each executed by nbclient in a fresh
  kernel, two at a time and one at a time; the same import-only notebooks through ``make figures``'
  own executor (warm kernels) are shown too, and the common peer, ``jupyter nbconvert --execute``
  over the real notebooks (one at a time, as nbconvert runs them; figures to a temporary folder);
- ``make test`` against the same floor, with where its time goes (pytest's durations by file);
- a fresh clone's first ``make test``, set-up included, with uv and with pip (cold caches);
- ``validate`` and ``load`` on the real data and on synthetic data 10x, 100x and 1000x its size,
  with the time per row, to show how cost grows.
Tests never assert times; this script only reports them. ``BENCH_RUNS`` sets the runs (default 3);
``BENCH_FRESH_CLONE=0`` skips the fresh clones.
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
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'seconds': time.perf_counter() - t, 'rc': done.returncode,"
    " 'cpu': usage.ru_utime + usage.ru_stime, 'peak_mb': usage.ru_maxrss / 1024}))\n"
)


# The floor's runner: each notebook in a fresh kernel, as nbclient does by default (graceful shutdown included).
FRESH_KERNEL_RUNNER = """
import sys
from concurrent.futures import ProcessPoolExecutor
import nbformat
from nbclient import NotebookClient
def run(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False).execute()
workers, paths = int(sys.argv[1]), sys.argv[2:]
if workers == 1:
    [run(p) for p in paths]
else:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, paths))
"""


def measure(command: list[str], runs: int = RUNS, env: dict | None = None, cwd: Path = ROOT) -> dict:
    """Median wall time and the largest peak RSS over ``runs`` runs of ``command`` (each in a fresh process)."""
    samples = []
    for _ in range(runs):
        out = subprocess.run([PY, "-c", MEASURE, *command], capture_output=True, text=True, cwd=cwd, check=True,
                             env=None if env is None else {**os.environ, **env})
        sample = json.loads(out.stdout)
        if sample["rc"] != 0:
            tail = "\n".join(LOG.read_text(encoding="utf-8", errors="replace").splitlines()[-40:])
            raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{tail}")
        samples.append(sample)
    return {"seconds": statistics.median(s["seconds"] for s in samples), "cpu": statistics.median(s["cpu"] for s in samples),
            "peak_mb": max(s["peak_mb"] for s in samples), "runs": runs}


def floor_notebooks(folder: Path, count: int) -> list[str]:
    import nbformat

    paths = []
    for i in range(count):
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CODE)])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = folder / f"floor_{i}.ipynb"
        nbformat.write(notebook, path)
        paths.append(str(path))
    return paths


def floor(workers: int, count: int) -> dict:
    """Import-only notebooks, each in a fresh kernel (nbclient's default), ``workers`` at a time."""
    with tempfile.TemporaryDirectory() as folder:
        paths = floor_notebooks(Path(folder), count)
        return measure([PY, "-c", FRESH_KERNEL_RUNNER, str(workers), *paths])


def floor_warm(count: int) -> dict:
    """The same import-only notebooks through make figures' own executor (two warm kernels)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = floor_notebooks(Path(folder), count)
        return measure([PY, "-c", f"from istanbul_talks_build.execute import run_notebooks; run_notebooks({paths!r}, workers=2)"])


def peer(notebooks: list[str]) -> dict:
    """The common way: ``jupyter nbconvert --execute`` over the real notebooks (outputs and figures to a temporary folder)."""
    with tempfile.TemporaryDirectory() as folder:
        command = [str(Path(PY).parent / "jupyter"), "nbconvert", "--to", "notebook", "--execute", "--output-dir", folder, *notebooks]
        return measure(command, env={"ISTANBUL_TALKS_FIGURES": str(Path(folder) / "figures")})


def figures_split() -> dict:
    """Where ``make figures``' time went in its last run (written by the executor), seconds summed over kernels."""
    return json.loads((ROOT / ".cache" / "execute-times.json").read_text(encoding="utf-8"))


DURATION = re.compile(r"^([\d.]+)s (setup|call|teardown)\s+(\S+?)(?:::(\S.*))?$")


def test_split(log: str) -> dict:
    """pytest's durations (``--durations=0``) of the last ``make test``, summed by file; nbval notebooks as one group each."""
    by_file: dict[str, float] = {}
    for line in log.splitlines():
        m = DURATION.match(line.strip())
        if m:
            name = m.group(3)
            by_file[name] = by_file.get(name, 0.0) + float(m.group(1))
    pytest_wall = re.search(r"passed[^\n]* in ([\d.]+)s", log)
    return {"by_file": by_file, "pytest_wall": float(pytest_wall.group(1)) if pytest_wall else None}


def fresh_clone(use_uv: bool) -> dict:
    """A fresh clone's first ``make test``, set-up included, with empty package caches (1 run)."""
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = {"UV_CACHE_DIR": str(Path(folder) / "uv-cache"), "PIP_NO_CACHE_DIR": "1"}
        return measure(["make", "--no-print-directory", "test", f"USE_UV={int(use_uv)}"], runs=1, env=env, cwd=clone)


def data_rows(root: Path) -> int:
    codebook = Codebook.read(root)
    return sum(sum(1 for _ in open(root / t.path, encoding="utf-8")) - 1 for t in codebook.tables.values())


def scaling() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for factor in SIZES:
            root = ROOT if factor == 1 else make_synthetic(Path(folder) / f"x{factor}", factor)
            n = data_rows(root)
            runs = RUNS  # 1000x too: its verdict (linear growth) should not rest on one run
            validate = measure([PY, "-m", "istanbul_talks", "validate", str(root)], runs)
            load = measure([PY, "-c", f"import istanbul_talks; istanbul_talks.load({str(root)!r})"], runs)
            rows.append({"factor": factor, "rows": n, "validate": validate, "load": load})
            if factor != 1:
                shutil.rmtree(root)
    return rows


def make(target: str) -> list[str]:
    return ["make", "--no-print-directory", target]


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    LOG.parent.mkdir(exist_ok=True)
    notebooks = sorted(str(p) for p in (ROOT / "notebooks").glob("*.ipynb"))
    load_before = load_average()
    sizes = scaling()  # first: the part most likely to fail on changed data
    subprocess.run(make("figures"), cwd=ROOT, check=True, capture_output=True)  # warm the environment and caches
    figures = measure(make("figures"))
    figures["split"] = figures_split()
    test = measure(make("test"), env={"PYTEST_ADDOPTS": "--durations=0 --durations-min=0"})
    test["split"] = test_split(LOG.read_text(encoding="utf-8", errors="replace"))
    floor_parallel = floor(2, len(notebooks))
    floor_serial = floor(1, len(notebooks))
    warm_floor = floor_warm(len(notebooks))
    nbconvert = peer(notebooks)
    clones = {"uv": fresh_clone(True), "pip": fresh_clone(False)} if os.environ.get("BENCH_FRESH_CLONE", "1") == "1" else {}
    load = f"{load_before} before, {load_average()} after"
    RESULTS.write_text(render(figures, test, floor_parallel, floor_serial, warm_floor, nbconvert, clones, sizes, len(notebooks), load), encoding="utf-8")
    update_readme()
    print(RESULTS.read_text(encoding="utf-8"))
    return 0


def render(figures, test, floor_parallel, floor_serial, warm_floor, nbconvert, clones, sizes, count, load) -> str:
    def row(name, m, versus=None):
        ratio = "" if versus is None else f"{m['seconds'] / versus['seconds']:.2f}x"
        return f"| {name} | {m['seconds']:.2f} s | {ratio} | {m['cpu']:.1f} s | {m['peak_mb']:.0f} MB | {m['runs']} |"

    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Times are medians of the runs shown; peak memory is the largest single process. Load average (1/5/15 min): {load}.",
        "",
        f"## The suite against its floor ({count} notebooks)",
        "",
        "The floor is the same number of notebooks that only import the same libraries (istanbul_talks, pandas,",
        "matplotlib, plotly), each executed by nbclient in a fresh kernel. Ratios are against the floor run two at a time.",
        "`make figures` runs the real notebooks on two kernels started ahead of need and reused (reset between notebooks);",
        "`make test` runs every notebook again from a fresh kernel under nbval.",
        "",
        "| what | wall time | vs floor (2 at a time) | CPU time (all processes) | peak memory | runs |",
        "|---|---|---|---|---|---|",
        row("floor, 2 at a time", floor_parallel, floor_parallel),
        row("floor, 1 at a time", floor_serial, floor_parallel),
        row("floor through `make figures`' executor (2 warm kernels)", warm_floor, floor_parallel),
        row("`jupyter nbconvert --execute` (the real notebooks, 1 at a time)", nbconvert, floor_parallel),
        row("`make figures` (warm)", figures, floor_parallel),
        row("`make test`", test, floor_parallel),
        "",
        f"`make figures` against the floor run one at a time: {figures['seconds'] / floor_serial['seconds']:.2f}x. "
        f"`make test` against `make figures`: {test['seconds'] / figures['seconds']:.2f}x.",
        "",
    ]
    lines += figures_split_lines(figures["split"])
    lines += test_split_lines(test)
    if clones:
        lines += ["## A fresh clone's first `make test` (set-up included, empty package caches, 1 run)", "",
                  "| set-up | wall time | CPU time | peak memory |", "|---|---|---|---|"]
        lines += [f"| {name} | {m['seconds']:.1f} s | {m['cpu']:.1f} s | {m['peak_mb']:.0f} MB |" for name, m in clones.items()]
        lines += [""]
    lines += [
        "## validate and load as the data grow",
        "",
        "| data | rows | validate | CPU per 1,000 rows | peak | load | CPU per 1,000 rows | peak | runs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in sizes:
        v, lo = s["validate"], s["load"]
        name = "real" if s["factor"] == 1 else f"{s['factor']}x"
        lines.append(f"| {name} | {s['rows']:,} | {v['seconds']:.2f} s | {1000 * v['cpu'] / s['rows']:.4f} s | {v['peak_mb']:.0f} MB "
                     f"| {lo['seconds']:.2f} s | {1000 * lo['cpu'] / s['rows']:.4f} s | {lo['peak_mb']:.0f} MB | {v['runs']} |")
    lines += ["", "Wall times and CPU times (user and system, of the whole process) include starting Python and importing the libraries "
              "(about 0.3 s), which is why the time per row falls from the real data to 100x. Growth is judged on CPU time, which other "
              "work on the machine disturbs less than wall time.", ""]
    lines += goals(figures, test, floor_parallel, floor_serial, sizes)
    return "\n".join(lines)


def figures_split_lines(split: dict) -> list[str]:
    rows = sorted(split["split"].items(), key=lambda kv: -kv[1])
    lines = ["## Where `make figures`' time goes (last run; seconds summed over the two kernels)", "",
             "| part | seconds |", "|---|---|"]
    lines += [f"| {name} | {seconds:.2f} |" for name, seconds in rows]
    lines += [f"| per notebook | {', '.join(f'{k} {v:.1f}' for k, v in sorted(split['notebooks'].items()))} |",
              f"| wall time inside the executor | {split['wall_from_import']:.2f} |", ""]
    return lines


def test_split_lines(test: dict) -> list[str]:
    split = test["split"]
    groups = sorted(split["by_file"].items(), key=lambda kv: -kv[1])
    lines = ["## Where `make test`'s time goes (last run; pytest's durations summed by file, two workers)", ""]
    if split["pytest_wall"] is not None:
        lines += [f"In the last run pytest itself took {split['pytest_wall']:.1f} s of wall time (`make test`, median: {test['seconds']:.1f} s; "
                  "the rest is the validator, ruff, actionlint and comparing the figures). Its tests' durations, summed over the two "
                  f"workers, add up to {sum(split['by_file'].values()):.1f} s:", ""]
    lines += ["| file | seconds |", "|---|---|"] + [f"| `{name}` | {seconds:.2f} |" for name, seconds in groups[:15]]
    rest = sum(seconds for _, seconds in groups[15:])
    return lines + ([f"| {len(groups) - 15} other files | {rest:.2f} |"] if groups[15:] else []) + [""]


def goals(figures, test, floor_parallel, floor_serial, sizes) -> list[str]:
    """The goals set for the suite, each with its verdict computed from this run."""
    real = next(s for s in sizes if s["factor"] == 1)["validate"]["seconds"]
    per_row = [s["validate"]["cpu"] / s["rows"] for s in sizes if s["factor"] >= 100]
    checks = [
        ("`make figures` within 1.2x of the floor (fresh kernels, 2 at a time)", figures["seconds"] / floor_parallel["seconds"], 1.2, "x"),
        ("`make figures` under 1.0x of the floor run one at a time (using both cores)", figures["seconds"] / floor_serial["seconds"], 1.0, "x"),
        ("`make test` within 2x `make figures`", test["seconds"] / figures["seconds"], 2.0, "x"),
        ("real data validate in under 0.3 s", real, 0.3, " s"),
        ("validate CPU time per row at 1000x no worse than at 100x (+10%: linear growth)", per_row[-1] / per_row[0], 1.1, "x"),
    ]
    out = ["## Goals", "", "| goal | measured | met? |", "|---|---|---|"]
    out += [f"| {name} | {value:.2f}{unit} | {'yes' if value <= limit else 'no'} |" for name, value, limit, unit in checks]
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
