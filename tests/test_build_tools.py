"""The library has no side effects, the build tools stay apart from it, and make test checks what it claims."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

import pytest

from istanbul_talks.paths import REPO_ROOT
from istanbul_talks_build import freshness, nbval_plugin

BUILD_MODULES = ("istanbul_talks_build", "istanbul_talks.execute", "istanbul_talks.freshness", "istanbul_talks.codebook_doc")


def run_python(code: str, **env) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120,
                          env={**__import__("os").environ, **env})
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_importing_the_library_and_its_charts_changes_no_matplotlib_setting():
    out = run_python("""
        import json, matplotlib
        before = {k: repr(v) for k, v in matplotlib.rcParams.items()}
        backend = matplotlib.rcParams._get("backend")
        import istanbul_talks, istanbul_talks.figures, istanbul_talks.charts, istanbul_talks.analysis
        from istanbul_talks.charts import coverage, evidence, interactive, positions, statements, timeline
        after = {k: repr(v) for k, v in matplotlib.rcParams.items()}
        print(json.dumps({"changed": sorted(k for k in before if before[k] != after[k]), "backend": [backend, matplotlib.rcParams._get("backend")]}))
    """)
    result = json.loads(out)
    assert result["changed"] == []
    assert result["backend"][0] == result["backend"][1]


def test_drawing_before_importing_the_library_works(tmp_path):
    out = run_python("""
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3], [3, 1, 2])
        from istanbul_talks.figures import save_matplotlib
        save_matplotlib(fig, "drawn_first")
        print("saved")
    """, ISTANBUL_TALKS_FIGURES=str(tmp_path))
    assert "saved" in out
    assert (tmp_path / "drawn_first.svg").stat().st_size > 0 and (tmp_path / "drawn_first.png").stat().st_size > 0


def test_chart_style_applies_inside_and_restores_afterwards_even_on_error():
    import matplotlib

    from istanbul_talks.figures import STYLE, chart_style

    before = dict(matplotlib.rcParams)
    with chart_style():
        assert matplotlib.rcParams["axes.titlelocation"] == STYLE["axes.titlelocation"]
        assert matplotlib.rcParams["svg.hashsalt"] == STYLE["svg.hashsalt"]
    with pytest.raises(RuntimeError), chart_style():
        raise RuntimeError("drawing failed")
    assert dict(matplotlib.rcParams) == before


def test_no_notebook_imports_a_build_tool():
    for path in sorted((REPO_ROOT / "notebooks").glob("*.ipynb")):
        code = "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code")
        for module in BUILD_MODULES:
            assert not re.search(rf"(import|from)\s+{re.escape(module)}\b", code), f"{path.name} imports {module}"


def test_the_library_imports_build_tools_only_lazily_in_its_command_line():
    for path in sorted((REPO_ROOT / "istanbul_talks").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "istanbul_talks_build" in line and re.match(r"\s*(from|import)\s", line):
                assert path.name == "cli.py" and line.startswith("    "), f"{path.relative_to(REPO_ROOT)}:{number} imports a build tool"
    for name in ("execute.py", "freshness.py", "codebook_doc.py"):
        assert not (REPO_ROOT / "istanbul_talks" / name).exists(), f"istanbul_talks/{name} is a build tool: it belongs in istanbul_talks_build/"


def test_figure_comparison_names_every_kind_of_difference():
    committed = {"a.svg": "1", "b.png": "2", "gone.png": "3"}
    produced = {"a.svg": "1", "b.png": "changed", "new.svg": "4"}
    lines = freshness.differences(committed, produced)
    assert lines == ["figures/b.png: differs from what the notebooks produce now",
                     "figures/gone.png: committed but no notebook writes it (remove it, or run make figures)",
                     "figures/new.svg: written by a notebook but not committed"]
    assert freshness.differences(committed, dict(committed)) == []


def test_embedded_images_are_compared_whatever_the_line_breaks():
    stored = [{"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo\nAAAA\n", "text/plain": "<Image>"}}]
    same = [{"output_type": "display_data", "data": {"image/png": "iVBORw0KGgoAAAA", "text/plain": "<Image>"}}]
    other = [{"output_type": "display_data", "data": {"image/png": "iVBORw0KGgoAAAB", "text/plain": "<Image>"}}]
    assert nbval_plugin.embedded_images(stored) == nbval_plugin.embedded_images(same)
    assert nbval_plugin.embedded_images(stored) != nbval_plugin.embedded_images(other)
    assert nbval_plugin.embedded_images([{"output_type": "stream", "text": "x"}]) == []


def test_the_hosted_ci_workflow_runs_the_readme_test_command_on_push_and_pull_request():
    workflow = (REPO_ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert re.search(r"^on:\n  push:\n  pull_request:", workflow, flags=re.M)
    assert "bash .ci/run" in workflow and "upload-artifact" in workflow and ".cache/figures-produced" in workflow
    assert re.search(r"^make test$", (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8"), flags=re.M)
