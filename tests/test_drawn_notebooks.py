"""What the stored notebooks show a reader who has no kernel: every interactive chart comes with a
picture of itself and alt text, every picture has alt text, findings read as sentences, and the
notebooks stay small (no plotly.js inside)."""

from __future__ import annotations

import base64
import json

import pytest

from istanbul_talks.paths import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
PLOTLY = "application/vnd.plotly.v1+json"
MAX_NOTEBOOK_BYTES = 1_500_000
SENTENCE_NOTEBOOKS = ("01_", "03_", "05_")  # notebooks 2 and 4 are rewritten elsewhere


def outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(notebook["cells"]):
        for output in cell.get("outputs", []):
            yield index, cell, output


def text(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_interactive_chart_carries_a_picture_and_alt_text(path):
    for index, _, output in outputs(path):
        data = output.get("data", {})
        if PLOTLY in data:
            assert "image/png" in data, f"{path.name} cell {index}: an interactive chart without a static picture"
            assert base64.b64decode(text(data["image/png"]))[:8] == b"\x89PNG\r\n\x1a\n"
            alt = text(data.get("text/plain"))
            assert len(alt) > 40 and "<" not in alt[:1], f"{path.name} cell {index}: alt text {alt!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_picture_has_alt_text(path):
    for index, _, output in outputs(path):
        data = output.get("data", {})
        if "image/png" in data:
            alt = text(data.get("text/plain"))
            assert alt and not alt.startswith("<IPython"), f"{path.name} cell {index}: picture without alt text ({alt!r})"
            assert output.get("metadata", {}).get("image/png", {}).get("alt") or PLOTLY in data, f"{path.name} cell {index}: no alt in the image metadata"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_interactive_chart_is_only_a_link(path):
    for index, _, output in outputs(path):
        shown = text(output.get("data", {}).get("text/markdown"))
        assert ".html" not in shown, f"{path.name} cell {index}: a link instead of the chart: {shown[:120]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_stay_small_and_carry_no_plotly_js(path):
    raw = path.read_text(encoding="utf-8")
    assert len(raw.encode()) < MAX_NOTEBOOK_BYTES, f"{path.name}: {len(raw.encode()):,} bytes"
    assert "Plotly.newPlot" not in raw and "plotly.js v" not in raw.lower()


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name.startswith(SENTENCE_NOTEBOOKS)], ids=lambda p: p.name)
def test_findings_read_as_sentences_not_python_values(path):
    for index, _, output in outputs(path):
        printed = text(output.get("text")) if output.get("output_type") == "stream" else ""
        plain = text(output.get("data", {}).get("text/plain"))
        for shown in (printed, plain):
            assert "{'" not in shown and not shown.lstrip().startswith(("{", "[")), f"{path.name} cell {index}: {shown[:160]!r}"
