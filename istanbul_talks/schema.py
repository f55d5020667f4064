"""The codebook: ``data/datapackage.json`` (a Frictionless Data Package) read as plain Python.

The descriptor is the single statement of tables, columns, types and allowed values. The loader
and validator read it rather than repeating any of it, so a column added there is loaded, typed
and validated without touching code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .paths import DESCRIPTOR, resolve_root


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    required: bool
    enum: tuple[str, ...] | None
    max_length: int | None

    @classmethod
    def from_descriptor(cls, d: dict) -> Field:
        c = d.get("constraints", {})
        enum = tuple(c["enum"]) if "enum" in c else None
        return cls(d["name"], d.get("type", "string"), d.get("description", ""), bool(c.get("required")), enum, c.get("maxLength"))


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
        path = resolve_root(root) / DESCRIPTOR
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle), path)

    @cached_property
    def tables(self) -> dict[str, Table]:
        return {r["name"]: _table(r) for r in self.descriptor["resources"]}


def _table(resource: dict) -> Table:
    schema = resource["schema"]
    pk = schema.get("primaryKey", [])
    fks = tuple(
        ForeignKey(tuple(_as_list(fk["fields"])), fk["reference"]["resource"], tuple(_as_list(fk["reference"]["fields"])))
        for fk in schema.get("foreignKeys", [])
    )
    fields = tuple(Field.from_descriptor(f) for f in schema["fields"])
    return Table(resource["name"], f"data/{resource['path']}", fields, tuple(_as_list(pk)), fks)


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)
