"""Reading and writing the data CSVs exactly.

Reading keeps every cell as the string in the file and remembers the line each record starts on,
so that every message can point at ``data/FILE.csv:LINE``. Writing uses one canonical format
(UTF-8, LF line ends, minimal quoting), the format the committed files are in, so that loading
and writing back reproduces them byte for byte.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass(frozen=True)
class RawTable:
    """A CSV as written: header, then rows of strings with the line each starts on (header = 1)."""

    file: str
    header: list[str]
    rows: list[Row]


def read_raw(path: Path, file: str) -> RawTable:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        header = next(reader, [])
        rows, line = [], reader.line_num + 1
        for record in reader:
            rows.append(Row(line, dict(zip(header, record, strict=False)) | _overflow(header, record)))
            line = reader.line_num + 1
    return RawTable(file, header, rows)


def _overflow(header: list[str], record: list[str]) -> dict[str, str]:
    """Keep cells beyond the header under numbered keys so that a row is never silently cut."""
    return {f"<extra column {i + 1}>": v for i, v in enumerate(record) if i >= len(header)}


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
