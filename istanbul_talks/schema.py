"""The codebook: ``data/datapackage.json`` (a Frictionless Data Package) read as plain Python.

The descriptor is the single statement of tables, columns, types and allowed values. The loader
and validator read it rather than repeating any of it, so a column added there is loaded, typed
and validated without touching code.

Reading the codebook checks it first, strictly: the validator implements the part of Table Schema
this project uses (types string, integer, number and date; constraints required, unique, enum,
pattern, minimum, maximum, minLength, maxLength; primary and foreign keys) and refuses a
descriptor that says anything it would not check (another type, a dialect, an encoding other than
UTF-8, a path outside ``data/``...), rather than silently ignoring it. Every table of the contract
(``CONTRACT_TABLES``) must be described. A codebook that fails raises ``CodebookError`` with its
problems, each at the line of ``datapackage.json`` that holds the mistake where it can be found.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from .paths import DESCRIPTOR, resolve_root
from .problems import InvalidDataError, Problem

# The tables every version of the dataset has (the public contract; tables may be added, never removed).
CONTRACT_TABLES = ("outlets", "sources", "actors", "topics", "events", "event_actors", "event_sources", "statements", "quantities", "phases")
TYPES = ("string", "integer", "number", "date")
CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength"}
# Keys that only document (never change what a value means) may appear freely; anything else is refused.
PACKAGE_KEYS = {"profile", "name", "title", "description", "version", "licenses", "resources", "sources", "contributors", "keywords", "homepage",
                "created", "id"}
RESOURCE_KEYS = {"name", "path", "title", "description", "profile", "format", "mediatype", "encoding", "schema", "licenses", "sources"}
SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys", "missingValues", "title", "description"}
FIELD_KEYS = {"name", "type", "format", "title", "description", "constraints", "example", "rdfType"}
NAME = re.compile(r"[a-z0-9][a-z0-9_]*")
PATH = re.compile(r"[a-z0-9][a-z0-9_]*\.csv")


class CodebookError(InvalidDataError):
    """``data/datapackage.json`` cannot be read or says something the validator would not check."""


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    required: bool
    enum: tuple[str, ...] | None
    max_length: int | None
    unique: bool = False
    pattern: str | None = None
    minimum: int | float | str | None = None
    maximum: int | float | str | None = None
    min_length: int | None = None

    @classmethod
    def from_descriptor(cls, d: dict) -> Field:
        c = d.get("constraints", {})
        enum = tuple(c["enum"]) if "enum" in c else None
        return cls(d["name"], d.get("type", "string"), d.get("description", ""), bool(c.get("required")), enum, c.get("maxLength"),
                   bool(c.get("unique")), c.get("pattern"), c.get("minimum"), c.get("maximum"), c.get("minLength"))


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    ref_fields: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One resource of the package: its name, CSV path relative to the root, and schema."""

    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class Codebook:
    descriptor: dict
    descriptor_path: Path

    @classmethod
    def read(cls, root: str | Path | None = None) -> Codebook:
        """Read and check the codebook; raise ``CodebookError`` (an ``InvalidDataError``) if it is unusable."""
        path = resolve_root(root) / DESCRIPTOR
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CodebookError([Problem(DESCRIPTOR, 1, "-", f"cannot be read: {exc.strerror or exc}", "package-error")]) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise CodebookError([Problem(DESCRIPTOR, line, "-", f"is not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded", "encoding-error")]) from None
        try:
            descriptor = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CodebookError([Problem(DESCRIPTOR, exc.lineno, "-", f"is not valid JSON: {exc.msg} (column {exc.colno})", "package-error")]) from None
        except RecursionError:
            raise CodebookError([Problem(DESCRIPTOR, 1, "-", "is not valid JSON: nested too deeply", "package-error")]) from None
        problems = check_descriptor(descriptor, text)
        if problems:
            raise CodebookError(sorted(set(problems)))
        return cls(descriptor, path)

    @cached_property
    def tables(self) -> dict[str, Table]:
        return {r["name"]: _table(r) for r in self.descriptor["resources"]}


def _table(resource: dict) -> Table:
    schema = resource["schema"]
    pk = schema.get("primaryKey", [])
    fks = tuple(
        ForeignKey(tuple(_as_list(fk["fields"])), fk["reference"]["resource"] or resource["name"], tuple(_as_list(fk["reference"]["fields"])))
        for fk in schema.get("foreignKeys", [])
    )
    fields = tuple(Field.from_descriptor(f) for f in schema["fields"])
    return Table(resource["name"], f"data/{resource['path']}", fields, tuple(_as_list(pk)), fks)


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


# --- checking the descriptor ------------------------------------------------------------------------------


def check_descriptor(descriptor, text: str = "") -> list[Problem]:
    """Every way ``descriptor`` fails to be a codebook this validator fully checks (empty when it is one)."""
    def at(needle: str | None, message: str, code: str = "schema-error", field: str = "-") -> Problem:
        line = text.count("\n", 0, text.find(needle)) + 1 if needle and needle in text else 1
        return Problem(DESCRIPTOR, line, field, message, code)

    if not isinstance(descriptor, dict):
        return [at(None, "must be a JSON object with a list of resources", "package-error")]
    problems = [at(f'"{k}"', f"'{k}' is not supported by the validator; remove it", "package-error") for k in descriptor if k not in PACKAGE_KEYS]
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        return [*problems, at('"resources"', "must list the tables under 'resources' (a non-empty list)", "package-error")]
    names: dict[str, int] = {}
    paths: set[str] = set()
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
            problems.append(at('"resources"', f"resource {index + 1} must be an object with a 'name'", "package-error"))
            continue
        name = resource["name"]
        found = _resource_problems(resource, names, paths)
        problems += [at(f'"name": "{name}"', f"resource '{name}': {message}") for message in found]
        names[name] = index
    tables = {r["name"]: r for r in resources if isinstance(r, dict) and isinstance(r.get("name"), str)}
    if not problems:
        for resource in resources:
            problems += [at(f'"name": "{resource["name"]}"', f"resource '{resource['name']}': {m}") for m in _key_problems(resource, tables)]
    for name in CONTRACT_TABLES:
        if name not in tables:
            message = f"the contract's table '{name}' is missing from the codebook (tables may be added, never removed)"
            problems.append(at('"resources"', message, "missing-table"))
    return problems


def _resource_problems(resource: dict, names: dict[str, int], paths: set[str]) -> list[str]:
    name, found = resource["name"], []
    if not NAME.fullmatch(name):
        found.append("the name must be lower-case letters, digits and _")
    if name in names:
        found.append("the name is used twice")
    found += [f"'{k}' is not supported by the validator; remove it" for k in resource if k not in RESOURCE_KEYS]
    path = resource.get("path")
    if not isinstance(path, str) or not PATH.fullmatch(path):
        found.append(f"'path' must be a file name in data/ such as {name}.csv (found {str(path)[:80]!r})")
    elif path in paths:
        found.append(f"'path' {path} is used by another resource")
    else:
        paths.add(path)
    if resource.get("format", "csv") != "csv" or resource.get("encoding", "utf-8").lower() not in ("utf-8", "utf8"):
        found.append("must be CSV in UTF-8 (format 'csv', encoding 'utf-8')")
    schema = resource.get("schema")
    if not isinstance(schema, dict):
        return [*found, "must have a 'schema' object"]
    found += [f"schema: '{k}' is not supported by the validator; remove it" for k in schema if k not in SCHEMA_KEYS]
    if schema.get("missingValues", [""]) != [""]:
        found.append("schema: 'missingValues' must be [\"\"] (an empty cell is the only missing value)")
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        return [*found, "schema: 'fields' must be a non-empty list"]
    seen = set()
    for field in fields:
        if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
            found.append("schema: every field must be an object with a non-empty 'name'")
            continue
        if field["name"] in seen:
            found.append(f"field '{field['name']}' is listed twice")
        seen.add(field["name"])
        found += [f"field '{field['name']}': {m}" for m in _field_problems(field)]
    return found


def _field_problems(field: dict) -> list[str]:
    found = [f"'{k}' is not supported by the validator; remove it" for k in field if k not in FIELD_KEYS]
    kind = field.get("type", "string")
    if kind not in TYPES:
        return [*found, f"type {str(kind)[:40]!r} is not supported by the validator (use one of: {', '.join(TYPES)})"]
    if not isinstance(field.get("description", ""), str):
        found.append("'description' must be text")
    fmt = field.get("format", "default")
    if fmt != "default" and not (kind == "date" and fmt == "%Y-%m-%d"):
        found.append(f"format {str(fmt)[:40]!r} is not supported (dates are written %Y-%m-%d; other types take no format)")
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        return [*found, "'constraints' must be an object"]
    found += [f"constraint '{k}' is not supported by the validator" for k in constraints if k not in CONSTRAINTS]
    for key in ("required", "unique"):
        if not isinstance(constraints.get(key, False), bool):
            found.append(f"constraint '{key}' must be true or false")
    enum = constraints.get("enum")
    if enum is not None and (kind != "string" or not isinstance(enum, list) or not enum
                             or not all(isinstance(v, str) and v and v.isprintable() and v == v.strip() for v in enum) or len(set(enum)) != len(enum)):
        found.append("constraint 'enum' must be a non-empty list of distinct, non-empty strings, on a string field")
    pattern = constraints.get("pattern")
    if pattern is not None:
        if kind != "string" or not isinstance(pattern, str):
            found.append("constraint 'pattern' must be a regular expression, on a string field")
        else:
            try:
                re.compile(pattern)
            except (re.error, RecursionError, OverflowError) as exc:
                found.append(f"constraint 'pattern' is not a valid regular expression: {exc}")
    for key in ("minLength", "maxLength"):
        value = constraints.get(key)
        if value is not None and (kind != "string" or type(value) is not int or value < 0):
            found.append(f"constraint '{key}' must be a whole number >= 0, on a string field")
    for key in ("minimum", "maximum"):
        value = constraints.get(key)
        if value is None:
            continue
        number = type(value) is int or (type(value) is float and math.isfinite(value))
        ok = {"integer": type(value) is int, "number": number, "date": isinstance(value, str) and _is_date(value)}.get(kind, False)
        if not ok:
            found.append(f"constraint '{key}' must be a {kind} value, on an integer, number or date field")
    return found


def _is_date(value: str) -> bool:
    return parse_date(value) is not None


def _key_problems(resource: dict, tables: dict[str, dict]) -> list[str]:
    schema, found = resource["schema"], []
    columns = {f["name"] for f in schema["fields"]}
    pk = schema.get("primaryKey", [])
    if not isinstance(pk, str | list) or not all(isinstance(k, str) for k in _as_list(pk)) or not set(_as_list(pk)) <= columns:
        found.append(f"primaryKey must name fields of the table (found {str(pk)[:80]})")
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list):
        return [*found, "foreignKeys must be a list"]
    for fk in fks:
        try:
            fields, ref = _as_list(fk["fields"]), fk["reference"]
            target_name, ref_fields = ref["resource"] or resource["name"], _as_list(ref["fields"])
        except (KeyError, TypeError):
            found.append("every foreign key needs 'fields' and a 'reference' with 'resource' and 'fields'")
            continue
        target = tables.get(target_name) if isinstance(target_name, str) else None
        if target is None:
            found.append(f"a foreign key refers to the table {str(target_name)[:40]!r}, which the codebook does not describe")
            continue
        target_columns = {f["name"] for f in target["schema"]["fields"]}
        if (not all(isinstance(f, str) for f in fields + ref_fields) or not set(fields) <= columns or not set(ref_fields) <= target_columns
                or len(fields) != len(ref_fields) or not fields):
            found.append(f"the foreign key {fields} -> {target_name}.{ref_fields} must name as many fields on each side, all existing")
    return found


# --- cells: the strict lexical form of each type ------------------------------------------------------------
#
# A cell is accepted only in the form its typed value writes back as (``canonical_text``): a date is
# YYYY-MM-DD in ASCII digits; an integer is ASCII digits, a minus sign only for a negative number, no
# plus sign, separator or leading zero, within 64 bits; a number is a plain decimal (no exponent,
# no trailing zero after the point) that a float holds exactly as written. So ``load`` never
# changes a value: what it reads writes back as the same text.

INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,18})")
NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
INT64 = (-(2**63), 2**63 - 1)
EXPECTED = {
    "date": "a date written YYYY-MM-DD (ASCII digits, zero-padded)",
    "integer": "a whole number written in ASCII digits (no plus sign, separator, space or leading zero)",
    "number": "a number written as a plain decimal in ASCII digits (no exponent, separator, plus sign or trailing zero)",
}


def parse_date(value: str) -> date | None:
    """The date a cell holds, or None unless it is exactly YYYY-MM-DD in ASCII digits and a real day."""
    if not DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_int(value: str) -> int | None:
    """The integer a cell holds, or None unless it is in the strict form and within 64 bits."""
    if not INTEGER.fullmatch(value) or value == "-0":
        return None
    number = int(value)
    return number if INT64[0] <= number <= INT64[1] else None


def canonical_number(value: float) -> str:
    """A float as a plain decimal: the shortest digits that read back as the same float, no exponent."""
    if value == 0:
        return "0"
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_number(value: str) -> float | None:
    if not NUMBER.fullmatch(value) or value.startswith("-0") and value.strip("-0.") == "":
        return None
    number = float(value)
    return number if canonical_number(number) == value else None


PARSERS: dict[str, Callable[[str], object]] = {"integer": parse_int, "number": parse_number, "date": parse_date}


def cell_checker(field: Field) -> Callable[[str], tuple[str, str] | None]:
    """A function that returns (message, code) for a cell the field refuses, or None for a good one."""
    from .problems import shown

    parser = PARSERS.get(field.type)
    enum = set(field.enum) if field.enum else None
    pattern = re.compile(field.pattern) if field.pattern is not None else None
    low = parse_date(field.minimum) if field.type == "date" and field.minimum is not None else field.minimum
    high = parse_date(field.maximum) if field.type == "date" and field.maximum is not None else field.maximum

    def check(value: str) -> tuple[str, str] | None:
        if value == "":
            return ("is required but empty", "constraint-error") if field.required else None
        if parser is not None:
            typed = parser(value)
            if typed is None:
                if field.type == "integer" and re.fullmatch(r"-?[1-9][0-9]*", value):
                    return f"'{shown(value)}' is beyond the range of a 64-bit whole number", "type-error"
                return f"'{shown(value)}' is not {EXPECTED[field.type]}", "type-error"
            if low is not None and typed < low:
                return f"'{value}' breaks the constraint \"minimum\": it is below {field.minimum}", "constraint-error"
            if high is not None and typed > high:
                return f"'{value}' breaks the constraint \"maximum\": it is above {field.maximum}", "constraint-error"
            return None
        if enum is not None and value not in enum:
            return f"'{shown(value)}' is not one of: {', '.join(field.enum or ())}", "constraint-error"
        if pattern is not None and not pattern.fullmatch(value):
            return f"'{shown(value)}' breaks the constraint \"pattern\": it must match {field.pattern}", "constraint-error"
        if field.min_length is not None and len(value) < field.min_length:
            return f"'{shown(value, 40)}' breaks the constraint \"minLength\": it has {len(value)} characters, under {field.min_length}", "constraint-error"
        if field.max_length is not None and len(value) > field.max_length:
            return f"'{shown(value, 40)}' breaks the constraint \"maxLength\": it has {len(value)} characters, more than {field.max_length}", "constraint-error"
        return None

    return check
