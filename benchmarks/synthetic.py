"""Synthetic data N times the size of the real dataset, still valid, for scaling benchmarks.

Every row is copied N times; copy k > 0 appends ``_kK`` to every identifier (primary and foreign
keys alike, except values from a closed list such as the quantity names), so keys stay unique and
every reference still resolves. Stored texts, spans and
hashes are shared, so span and hash checks run on every copy.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from istanbul_talks.csvfiles import read_raw, write_rows
from istanbul_talks.paths import REPO_ROOT
from istanbul_talks.schema import Codebook


def identifier_columns(codebook: Codebook) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {name: set() for name in codebook.tables}
    for name, table in codebook.tables.items():
        if len(table.primary_key) == 1:
            ids[name] |= set(table.primary_key)
        for fk in table.foreign_keys:
            ids[name] |= set(fk.fields)
        ids[name] -= {f.name for f in table.fields if f.enum}  # a closed list (e.g. quantity names) stays as it is
    return ids


def make_synthetic(target: Path, factor: int, source: Path = REPO_ROOT) -> Path:
    """Write data/ and seeds/ under ``target`` with every table ``factor`` times as long."""
    codebook = Codebook.read(source)
    ids = identifier_columns(codebook)
    (target / "data").mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "seeds", target / "seeds", dirs_exist_ok=True)
    shutil.copy(source / "data" / "datapackage.json", target / "data" / "datapackage.json")
    for name, table in codebook.tables.items():
        raw = read_raw(source / table.path, table.path)
        rows = []
        for k in range(factor):
            suffix = f"_k{k}" if k else ""  # "_" fits every id pattern of the codebook (phase ids allow no "-")
            for row in raw.rows:
                rows.append([row.get(c) + suffix if c in ids[name] and row.get(c) else row.get(c) for c in raw.header])
        write_rows(target / table.path, raw.header, rows)
    return target


if __name__ == "__main__":
    print(make_synthetic(Path(sys.argv[1]), int(sys.argv[2])))
