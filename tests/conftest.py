"""Shared fixtures: a throw-away copy of the dataset that a test may break."""

from __future__ import annotations

import hashlib
import shutil
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


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's, never a downloaded one) for the whole test session."""
    from chromium import LAUNCH_ARGS, chromium_path, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS)
        yield launched
        launched.close()
