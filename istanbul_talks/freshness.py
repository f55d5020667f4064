"""Is ``figures/`` what the notebooks produce?

``make test`` snapshots the hashes of ``figures/`` before nbval re-executes the notebooks (which
rewrite every figure) and compares after. Any difference means a committed figure is stale.

    python -m istanbul_talks.freshness snapshot FILE
    python -m istanbul_talks.freshness compare FILE
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from .paths import figures_dir


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(before: dict[str, str], after: dict[str, str]) -> list[str]:
    lines = []
    for name in sorted(before.keys() | after.keys()):
        if name not in after:
            lines.append(f"figures/{name}: committed but no notebook writes it (remove it, or run make figures)")
        elif name not in before:
            lines.append(f"figures/{name}: written by a notebook but not committed")
        elif before[name] != after[name]:
            lines.append(f"figures/{name}: differs from what the notebooks produce now")
    return lines


def main(argv: list[str]) -> int:
    command, path = argv
    folder = figures_dir()
    if command == "snapshot":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(fingerprint(folder), indent=1), encoding="utf-8")
        return 0
    stale = differences(json.loads(Path(path).read_text(encoding="utf-8")), fingerprint(folder))
    for line in stale:
        print(line)
    if stale:
        print(f"{len(stale)} figure(s) are not current: run `make figures` and commit the result.", file=sys.stderr)
        return 1
    print(f"figures/ is current ({len(fingerprint(folder))} files).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
