"""Validate the dataset: the codebook's checks on every cell, then the project's own rules.

Every problem is collected (nothing stops at the first), each as ``data/FILE.csv:LINE: field:
[code] what is wrong``. Validation only reads: it never writes a file, never raises on bad input
and leaves no global state behind.

Each CSV is read once (``csvfiles.parse``). The Table Schema checks (types in their strict lexical
forms, required, enum, pattern, lengths, minimum/maximum, unique and primary keys) are done here
from the codebook, cell by cell, on the strings read; ``load`` builds its DataFrames from the same
strings. The lexical forms are the canonical text of the typed value (``tables.as_cell``), so
a cell the validator accepts loads to a value that writes back as exactly the same text.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .csvfiles import RawTable, parse
from .paths import resolve_root
from .problems import InvalidDataError, Problem, shown
from .rules import Context, run_rules
from .schema import Codebook, Table, cell_checker

# A cell longer than this is refused (the longest cell in the data is under 500 characters). The
# csv module's own limit is global and other libraries raise it; this one is the same everywhere.
MAX_CELL_CHARS = 10_000


@dataclass
class Checked:
    """What one validation read: the codebook, every readable table, and the problems found."""

    codebook: Codebook | None
    tables: dict[str, RawTable]
    problems: list[Problem]


def validate(root: str | Path | None = None) -> list[Problem]:
    """Return every problem in the dataset under ``root`` (this checkout by default), sorted."""
    with no_cycle_collection():
        return check(root).problems  # the tables read are freed before collection resumes


def check(root: str | Path | None = None) -> Checked:
    """Read every table once and check it; ``load`` builds its DataFrames from the tables read here.

    Call it inside ``no_cycle_collection()`` and drop the result there, as ``validate`` and ``load`` do.
    """
    return _check(resolve_root(root))


@contextmanager
def no_cycle_collection():
    """No cycle collection while the rows are read, checked and dropped.

    At scale the rows are millions of small acyclic objects (freed by reference counting). A cycle
    collection in between would walk all of them, and re-enabling the collector while they are
    still alive makes its next pass walk them all once more (3 s of 50 s at 1000x the real data).
    The collector's setting is restored on leaving: nothing global changes.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _check(root: Path) -> Checked:
    try:
        codebook = Codebook.read(root)
    except InvalidDataError as exc:
        return Checked(None, {}, sorted(set(exc.problems)))
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    for table in codebook.tables.values():
        raw, found = _read_table(root, table)
        problems += found
        if raw is not None:
            tables[table.name] = raw
            problems += check_cells(table, raw)
    problems += run_rules(Context(root, codebook, tables))
    return Checked(codebook, tables, sorted(set(problems)))


def _read_table(root: Path, table: Table) -> tuple[RawTable | None, list[Problem]]:
    path = root / table.path
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(table.path, 1, "-", "the file is missing", "missing-file")]
    except OSError as exc:
        return None, [Problem(table.path, 1, "-", f"cannot be read: {exc.strerror or exc}", "missing-file")]
    return parse(data, table.path, table.columns)


# --- the codebook's checks, cell by cell ---------------------------------------------------------------


def check_cells(table: Table, raw: RawTable) -> list[Problem]:
    """Types, required, enum, pattern, lengths, minimum/maximum, unique and primary keys, from the codebook."""
    problems: list[Problem] = []
    file = raw.file
    for field in table.fields:
        check = cell_checker(field)
        name = field.name
        at = raw.header.index(name)
        if field.type == "string" and not (field.required or field.unique or field.enum or field.pattern or field.min_length or field.max_length):
            # free text without constraints: only its length can be wrong
            problems += [Problem(file, row.line, name, f"has {len(row.cells[at]):,} characters; a cell holds at most {MAX_CELL_CHARS:,}", "cell-too-long")
                         for row in raw.rows if len(row.cells[at]) > MAX_CELL_CHARS]
            continue
        seen: dict[str, int] = {}
        for row in raw.rows:
            value = row.cells[at]
            if row.missing and name in row.missing:
                continue
            if len(value) > MAX_CELL_CHARS:
                problems.append(Problem(file, row.line, name, f"has {len(value):,} characters; a cell holds at most {MAX_CELL_CHARS:,}", "cell-too-long"))
                continue
            found = check(value)
            if found is not None:
                problems.append(Problem(file, row.line, name, *found))
            elif field.unique and value:
                first = seen.setdefault(value, row.line)
                if first != row.line:
                    problems.append(Problem(file, row.line, name, f"'{shown(value)}' repeats the key of line {first}", "unique-error"))
    problems += _primary_key_problems(table, raw)
    return problems


def _primary_key_problems(table: Table, raw: RawTable) -> list[Problem]:
    key = table.primary_key
    if not key or (len(key) == 1 and table.field(key[0]).unique):
        return []  # a one-field key marked unique is reported as a unique-error already
    problems, seen = [], {}
    for row in raw.rows:
        values = tuple(row.get(k) for k in key)
        for k, v in zip(key, values, strict=True):
            if v == "" and not table.field(k).required and k not in row.missing:
                problems.append(Problem(raw.file, row.line, k, "is required: it is part of the primary key", "primary-key"))
        first = seen.setdefault(values, row.line)
        if first != row.line:
            problems.append(Problem(raw.file, row.line, ",".join(key), f"'{shown(', '.join(values))}' repeats the key of line {first}", "primary-key"))
    return problems
