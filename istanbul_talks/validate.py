"""Validate the dataset: the Table Schema checks of frictionless, then the project's own rules.

Every problem is collected (nothing stops at the first), each as ``data/FILE.csv:LINE: field:
what is wrong``. Validation only reads: it never writes a file.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from .csvfiles import RawTable, read_raw
from .paths import DESCRIPTOR, resolve_root
from .problems import Problem
from .rules import RULES, Context
from .schema import Codebook, Table


def validate(root: str | Path | None = None) -> list[Problem]:
    """Return every problem in the dataset under ``root`` (this checkout by default), sorted."""
    root = resolve_root(root)
    try:
        codebook = Codebook.read(root)
    except (OSError, json.JSONDecodeError, KeyError) as exc:
        return [Problem(DESCRIPTOR, 1, "-", f"cannot read the codebook: {exc}")]
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    for table in codebook.tables.values():
        raw, found = _read_table(root, table)
        problems += found
        if raw is not None:
            tables[table.name] = raw
    problems += _frictionless_problems(codebook, tables)
    context = Context(root, codebook, tables)
    for rule in RULES:
        problems += rule(context)
    return sorted(set(problems))


def _read_table(root: Path, table: Table) -> tuple[RawTable | None, list[Problem]]:
    path = root / table.path
    if not path.is_file():
        return None, [Problem(table.path, 1, "-", "the file is missing")]
    try:
        raw = read_raw(path, table.path)
    except (UnicodeDecodeError, csv.Error) as exc:
        return None, [Problem(table.path, 1, "-", f"cannot be read as UTF-8 CSV: {exc}")]
    if raw.header != table.columns:
        return None, [Problem(table.path, 1, "-", f"the header must be exactly: {','.join(table.columns)} (found: {','.join(raw.header)})")]
    return raw, []


def _frictionless_problems(codebook: Codebook, tables: dict[str, RawTable]) -> list[Problem]:
    """Types, required fields, enums, patterns, uniqueness and primary keys, via frictionless.

    Foreign keys are left to our own rule (``rules.check_foreign_keys``): frictionless' checks have
    gaps with empty and self-referencing keys, and building its lookups opens every other table
    again (a third of the run time). Each resource is therefore validated with its schema minus
    ``foreignKeys``; the codebook on disk keeps them.
    """
    frictionless = _import_frictionless()
    basepath = str(codebook.descriptor_path.parent)
    problems = []
    for resource in codebook.descriptor["resources"]:
        if resource["name"] not in tables:
            continue
        schema = {k: v for k, v in resource["schema"].items() if k != "foreignKeys"}
        report = frictionless.Resource({**resource, "schema": schema}, basepath=basepath).validate()
        for task in report.tasks:
            problems += _translate(codebook.tables[resource["name"]], tables[resource["name"]], task.errors)
    return problems


def _import_frictionless():
    """Import frictionless without the one-second grammar build of ``rfc3987_syntax``.

    frictionless checks descriptors with jsonschema, whose format checker compiles about 40 lark
    grammars at import when ``rfc3987_syntax`` is installed (JupyterLab pulls it in). Our codebook
    uses no IRI formats, so when jsonschema is not yet loaded we let that optional import fail.
    Measured: validate drops from about 1.7 s to 0.4 s.
    """
    import sys

    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # makes the import raise ImportError
        try:
            import jsonschema  # noqa: F401
        finally:
            del sys.modules["rfc3987_syntax"]
    import frictionless

    return frictionless


def _translate(table: Table, raw: RawTable, errors: list) -> list[Problem]:
    problems, unique_lines = [], set()
    for error in errors:
        row_number = getattr(error, "row_number", None)
        line = raw.rows[row_number - 2].line if row_number and 2 <= row_number < len(raw.rows) + 2 else 1
        if error.type == "unique-error":
            unique_lines.add(line)
        if error.type == "primary-key" and (line in unique_lines or len(table.primary_key) == 1):
            continue  # the unique-error on the same key already says it
        field = getattr(error, "field_name", None) or (",".join(table.primary_key) if error.type == "primary-key" else "-")
        problems.append(Problem(table.path, line, field, _message(table, raw, error)))
    return problems


def _message(table: Table, raw: RawTable, error) -> str:
    cell = getattr(error, "cell", None)
    note = getattr(error, "note", "") or ""
    if error.type == "constraint-error":
        field = table.field(error.field_name)
        kind = re.match(r'constraint "(\w+)"', note)
        kind = kind.group(1) if kind else ""
        if kind == "required":
            return "is required but empty"
        if kind == "enum":
            return f"'{cell}' is not one of: {', '.join(field.enum or ())}"
        return f"'{cell}' breaks the {note}"
    if error.type == "type-error":
        expected = {"date": "a date written YYYY-MM-DD", "integer": "a whole number", "number": "a number"}
        field = table.field(error.field_name)
        return f"'{cell}' is not {expected.get(field.type, field.type)}"
    if error.type in ("unique-error", "primary-key"):
        match = re.search(r"position (\d+)", note)
        first = raw.rows[int(match.group(1)) - 2].line if match else "?"
        shown = cell if cell is not None else ", ".join(str(c) for c in getattr(error, "cells", []))
        return f"'{shown}' repeats the key of line {first}"
    return note or error.message
