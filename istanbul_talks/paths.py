"""Where the project's files live.

Every function that touches files takes an optional ``root`` so that tests and users can point the
package at a copy of the repository (a folder holding ``data/`` and ``seeds/``) instead of this one.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DESCRIPTOR = "data/datapackage.json"


def resolve_root(root: str | Path | None = None) -> Path:
    """Return the project root to read from: ``root`` if given, else this checkout."""
    return Path(root).resolve() if root is not None else REPO_ROOT


def figures_dir(root: str | Path | None = None) -> Path:
    """``figures/`` of the project, or ``$ISTANBUL_TALKS_FIGURES`` (tests redirect output there)."""
    override = os.environ.get("ISTANBUL_TALKS_FIGURES")
    return Path(override) if override and root is None else resolve_root(root) / "figures"
