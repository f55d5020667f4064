"""Shared fixtures: a throw-away copy of the dataset that a test may break."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from istanbul_talks.paths import REPO_ROOT


class DatasetCopy:
    """A copy of data/ and seeds/ in a temporary folder, with helpers to break it on purpose."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(REPO_ROOT / "data", root / "data")
        shutil.copytree(REPO_ROOT / "seeds", root / "seeds")

    def path(self, file: str) -> Path:
        return self.root / file

    def edit(self, file: str, old: str, new: str) -> int:
        """Replace the first ``old`` in ``file`` with ``new``; return the 1-based line it was on."""
        path = self.path(file)
        text = path.read_text(encoding="utf-8")
        at = text.index(old)
        path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
        return text.count("\n", 0, at) + 1

    def append(self, file: str, line: str) -> int:
        path = self.path(file)
        text = path.read_text(encoding="utf-8")
        path.write_text(text + line + "\n", encoding="utf-8")
        return text.count("\n") + 1

    def fingerprint(self) -> dict[str, str]:
        """Every file under the copy with its hash, to prove a command wrote nothing."""
        return {str(p.relative_to(self.root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(self.root.rglob("*")) if p.is_file()}


@pytest.fixture
def dataset(tmp_path: Path) -> DatasetCopy:
    return DatasetCopy(tmp_path / "project")


# --- nbval: notebooks run from fresh kernels write their figures to a temporary folder, and their
# embedded images are compared too (nbval itself skips image/png). ------------------------------

IMAGE_TYPES = ("image/png", "image/jpeg")


def nbval_figures() -> str:
    """Where notebooks under nbval write figures: ``$ISTANBUL_TALKS_NBVAL_FIGURES`` (``make test`` compares it with figures/) or a temporary folder."""
    if not os.environ.get("ISTANBUL_TALKS_NBVAL_FIGURES"):
        os.environ["ISTANBUL_TALKS_NBVAL_FIGURES"] = tempfile.mkdtemp(prefix="istanbul-talks-nbval-figures-")
    return os.environ["ISTANBUL_TALKS_NBVAL_FIGURES"]


def _is_notebook_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """The kernel nbval starts for a notebook inherits ``ISTANBUL_TALKS_FIGURES``: the working tree is never written."""
    if not _is_notebook_cell(item):
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
    """After nbval compared a cell's text outputs, compare its embedded images byte for byte."""
    result = yield
    if _is_notebook_cell(item) and item.options.get("check", True) and item.cell.get("execution_count") is not None:
        stored, produced = embedded_images(item.cell.get("outputs")), embedded_images(item.test_outputs)
        if stored != produced:
            pytest.fail(f"cell {item.cell_num}: the embedded images differ from what the cell draws now "
                        f"({len(stored)} stored, {len(produced)} drawn): run `make figures` and commit the notebook", pytrace=False)
    return result
