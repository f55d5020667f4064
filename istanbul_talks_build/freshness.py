"""Is ``figures/`` what the notebooks produce?  ``python -m istanbul_talks_build.freshness FOLDER``

``make test`` points the notebooks that nbval runs (each from a fresh kernel) at a temporary figure
folder (``$ISTANBUL_TALKS_FIGURES``), so the working tree is never written; this compares that
folder, file by file and byte for byte, with the committed ``figures/``. Any difference means a
committed figure is stale (or missing, or no longer written by any notebook); the figures the
notebooks produced are then kept in ``.cache/figures-produced/`` (ignored by git; CI uploads them).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from istanbul_talks.paths import REPO_ROOT
from istanbul_talks_build.outputs import KEEP

KEPT = REPO_ROOT / ".cache" / "figures-produced"  # what the notebooks produced, kept when it differs (CI uploads it)


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in KEEP and not p.name.startswith(".")}


def differences(committed: dict[str, str], produced: dict[str, str]) -> list[str]:
    lines = []
    for name in sorted(committed.keys() | produced.keys()):
        if name not in produced:
            lines.append(f"figures/{name}: committed but no notebook writes it (remove it, or run make figures)")
        elif name not in committed:
            lines.append(f"figures/{name}: written by a notebook but not committed")
        elif committed[name] != produced[name]:
            lines.append(f"figures/{name}: differs from what the notebooks produce now")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    produced_folder, committed_folder = Path(argv[0]), REPO_ROOT / "figures"
    produced = fingerprint(produced_folder)
    if not produced:
        print(f"{produced_folder} holds no figures: did the notebooks run (nbval) with ISTANBUL_TALKS_FIGURES set?", file=sys.stderr)
        return 1
    stale = differences(fingerprint(committed_folder), produced)
    shutil.rmtree(KEPT, ignore_errors=True)
    for line in stale:
        print(line)
    if stale:
        shutil.copytree(produced_folder, KEPT)
        print(f"{len(stale)} figure(s) are not current: run `make figures` and commit the result. "
              f"What the notebooks produce now is in {KEPT.relative_to(REPO_ROOT)}/.", file=sys.stderr)
        return 1
    print(f"figures/ is current ({len(produced)} files, compared with what the notebooks wrote under nbval).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
