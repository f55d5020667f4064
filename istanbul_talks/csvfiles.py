"""Reading and writing the data CSVs exactly.

Reading keeps every cell as the string in the file and remembers the line each record starts on,
so that every message can point at ``data/FILE.csv:LINE``. Writing uses one canonical format
(UTF-8, LF line ends, minimal quoting), the format the committed files are in, so that loading
and writing back reproduces them byte for byte.

Each file is read once (``parse``): the validator checks the strings read here and ``load`` builds
its DataFrames from the same strings. Reading never raises on bad bytes: undecodable bytes and CSV
syntax errors become problems at their real line (lines are counted at ``\\n``, as editors do).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .problems import InvalidDataError, Problem

# The csv module's limit on a cell is process-global and other libraries raise it (frictionless does,
# on first use). The reader sets its own limit only while it reads and puts the old one back, and
# longer cells are then refused by the validator (``MAX_CELL_CHARS`` in validate.py), so the verdict
# never depends on what else ran in the process.
_READ_LIMIT = 2**31 - 1
_BAD_BYTE = re.compile("[\udc80-\udcff]")


class UnknownColumn(LookupError):
    """A rule asked a row for a column its table does not have (a misspelt column in a rule)."""


class Row:
    """One record: the line it starts on and its cells, read by column name.

    Cells are kept as the list the reader made (no dict per row: at a million rows that is most of
    the memory); ``values`` builds a name -> cell dict on demand.
    """

    __slots__ = ("cells", "columns", "line", "missing")

    def __init__(self, line: int, cells: list[str], columns: dict[str, int], missing: frozenset[str] = frozenset()):
        self.line = line
        self.cells = cells
        self.columns = columns  # column name -> position, shared by every row of the table
        self.missing = missing  # columns the record lacked (reported as missing-cell; their cells read as "")

    @property
    def values(self) -> dict[str, str]:
        return {name: self.cells[i] for name, i in self.columns.items()}

    def get(self, name: str) -> str:
        try:
            return self.cells[self.columns[name]]
        except KeyError:
            raise UnknownColumn(name) from None

    def __repr__(self) -> str:
        return f"Row(line={self.line}, values={self.values!r})"


@dataclass(frozen=True)
class RawTable:
    """A CSV as written: header, then rows of strings with the line each starts on (header = 1)."""

    file: str
    header: list[str]
    rows: list[Row]


def parse(data: bytes, file: str, expected: list[str] | None = None) -> tuple[RawTable | None, list[Problem]]:
    """Parse a CSV's bytes; return the table (None when it cannot be used at all) and the problems found.

    With ``expected`` (the codebook's columns) a different header makes the table unusable: its
    columns cannot be matched to the codebook, and one message says so.
    """
    text, problems = _decode(data, file)
    if text is None:
        return None, problems
    if text.startswith("\ufeff"):
        return None, [Problem(file, 1, "-", "starts with a byte order mark (BOM): save the file as UTF-8 without BOM", "encoding-error")]
    records, problems = _records(text, file)
    if problems:
        return None, problems
    if not records or records[0][1] == []:
        return None, [Problem(file, 1, "-", "is empty: the first line must be the header" + (f": {','.join(expected)}" if expected else ""), "incorrect-label")]
    header = records[0][1]
    if expected is not None and header != expected:
        found = ",".join(header)
        return None, [Problem(file, 1, "-", f"the header must be exactly: {','.join(expected)} (found: {found[:300]})", "incorrect-label")]
    rows, width = [], len(header)
    columns = {name: i for i, name in enumerate(header)} if len(set(header)) == width else {name: header.index(name) for name in header}
    for line, record in records[1:]:
        if len(record) == width:
            rows.append(Row(line, record, columns))
            continue
        if not record:
            problems.append(Problem(file, line, "-", "is a blank line: remove it", "blank-row"))
            continue
        missing = frozenset(header[len(record):])
        if missing:
            problems.append(Problem(file, line, header[len(record)], f"the row has {len(record)} cells; the header has {width}", "missing-cell"))
            record = record + [""] * (width - len(record))
        else:
            problems.append(Problem(file, line, "-", f"the row has {len(record) - width} extra cell(s) beyond the header's {width} columns", "extra-cell"))
        rows.append(Row(line, record, columns, missing))
    return RawTable(file, header, rows), problems


def _decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "surrogateescape")
    problems, seen = [], set()
    for match in _BAD_BYTE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line not in seen:
            seen.add(line)
            byte = ord(match.group()) - 0xDC00
            problems.append(Problem(file, line, "-", f"is not UTF-8: byte 0x{byte:02x} cannot be decoded (save the file as UTF-8)", "encoding-error"))
        if len(seen) >= 20:
            break
    return None, problems


def _records(text: str, file: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """Every record with the line it starts on; CSV syntax errors as problems at their line."""
    old = csv.field_size_limit(_READ_LIMIT)
    try:
        reader = csv.reader(_lines(text), strict=True)
        records, problems, line = [], [], 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                message = str(exc)
                if "unexpected end of data" in message:
                    problems.append(Problem(file, line, "-", "a quoted cell opened in this record is never closed (a stray double quote?)", "format-error"))
                    break
                if reader.line_num > line:  # the record ran on over several lines: a quote opened here was not meant as one
                    message += f"; a quoted cell opened in this record runs on to line {reader.line_num} (a stray double quote?)"
                else:
                    message += " (quote a cell holding a comma, quote or line break, and double its quotes)"
                problems.append(Problem(file, line, "-", f"is not valid CSV: {message}", "format-error"))
                line = reader.line_num + 1
                continue
            records.append((line, record))
            line = reader.line_num + 1
        return records, problems
    finally:
        csv.field_size_limit(old)


def _lines(text: str) -> Iterator[str]:
    """The text's lines, each with its ``\n``, split at ``\n`` only (as the csv module needs them).

    A generator rather than ``io.StringIO``: StringIO copies the whole text into a buffer of four
    bytes per character, and at a million rows those fresh pages cost more than the parsing.
    """
    start, find = 0, text.find
    while True:
        end = find("\n", start) + 1
        if not end:
            if start < len(text):
                yield text[start:]
            return
        yield text[start:end]
        start = end


def read_raw(path: Path, file: str) -> RawTable:
    """Read one CSV (for tools that need a single table); raise ``InvalidDataError`` if it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidDataError([Problem(file, 1, "-", f"cannot be read: {exc.strerror or exc}", "missing-file")]) from None
    raw, problems = parse(data, file)
    if raw is None:
        raise InvalidDataError(problems)
    return raw


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            if any("\r" in cell for cell in row):
                # Python 3.11's writer leaves a cell holding a lone carriage return unquoted when the line end is
                # "\n", and such a file cannot be read back; quote it (the validator refuses the character anyway).
                handle.write(",".join(_quoted(cell) if any(c in cell for c in ',"\r\n') else cell for cell in row) + "\n")
            else:
                writer.writerow(row)


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'
