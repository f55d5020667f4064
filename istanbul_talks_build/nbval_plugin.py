"""pytest plugin for ``make test`` (loaded with ``-p istanbul_talks_build.nbval_plugin``).

- Notebooks that nbval runs, each from a fresh kernel, write their figures to
  ``$ISTANBUL_TALKS_NBVAL_FIGURES`` (a temporary folder ``make test`` then compares with the
  committed ``figures/``), never into the working tree: the kernel nbval starts inherits
  ``ISTANBUL_TALKS_FIGURES``, which ``istanbul_talks.paths.figures_dir`` honours.
- nbval skips ``image/png`` outputs, so a stale embedded image would pass: after nbval compared a
  cell, its embedded images are compared too, byte for byte (base64, whitespace aside).
- Loaded before pytest's other plugins, it keeps jsonschema from building the optional RFC 3987
  grammars when nbval imports nbformat (about 2 s of one core in each worker).
"""

from __future__ import annotations

import os
import sys
import tempfile

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]  # see istanbul_talks_build.execute

import pytest  # noqa: E402

IMAGE_TYPES = ("image/png", "image/jpeg")


def nbval_figures() -> str:
    """Where notebooks under nbval write figures: ``$ISTANBUL_TALKS_NBVAL_FIGURES`` or a new temporary folder."""
    if not os.environ.get("ISTANBUL_TALKS_NBVAL_FIGURES"):
        os.environ["ISTANBUL_TALKS_NBVAL_FIGURES"] = tempfile.mkdtemp(prefix="istanbul-talks-nbval-figures-")
    return os.environ["ISTANBUL_TALKS_NBVAL_FIGURES"]


def is_notebook_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """nbval starts a notebook's kernel while setting up its first cell: that kernel inherits the variable."""
    if not is_notebook_cell(item):
        return (yield)
    saved = os.environ.get("ISTANBUL_TALKS_FIGURES")
    os.environ["ISTANBUL_TALKS_FIGURES"] = nbval_figures()
    try:
        return (yield)
    finally:
        if saved is None:
            os.environ.pop("ISTANBUL_TALKS_FIGURES", None)
        else:
            os.environ["ISTANBUL_TALKS_FIGURES"] = saved


def embedded_images(outputs) -> list[tuple[str, str]]:
    return [(kind, "".join(str(output["data"][kind]).split())) for output in outputs or [] if "data" in output
            for kind in IMAGE_TYPES if kind in output["data"]]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After nbval compared a cell's outputs (it skips images), compare the cell's embedded images."""
    result = yield
    if is_notebook_cell(item) and item.options.get("check", True) and item.cell.get("execution_count") is not None:
        stored, drawn = embedded_images(item.cell.get("outputs")), embedded_images(item.test_outputs)
        if stored != drawn:
            changed = sum(a != b for a, b in zip(stored, drawn, strict=False))
            pytest.fail(f"Cell {item.cell_num}: the embedded images differ from what the cell draws now ({len(stored)} stored, "
                        f"{len(drawn)} drawn, {changed} changed): run `make figures` and commit the notebook", pytrace=False)
    return result
