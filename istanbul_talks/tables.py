"""Load the dataset as typed pandas DataFrames, and write it back unchanged.

``load`` validates first and refuses invalid data, so a DataFrame never holds a value the codebook
forbids. Cells are read as the exact strings in the file and only then typed from the codebook
(dates as datetime64, whole numbers as nullable Int64, enums as categoricals in codebook order,
text as pandas strings), so nothing is silently dropped, coerced or reordered.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .csvfiles import write_rows
from .paths import resolve_root
from .problems import InvalidDataError
from .schema import Codebook, Field, Table
from .validate import validate


class Dataset(dict):
    """The tables by name; also readable as attributes (``data.statements``)."""

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def load(root: str | Path | None = None) -> Dataset:
    """Validate and load every table under ``root`` (default: this repository)."""
    root = resolve_root(root)
    problems = validate(root)
    if problems:
        raise InvalidDataError(problems)
    codebook = Codebook.read(root)
    return Dataset({name: read_table(root, table) for name, table in codebook.tables.items()})


def read_table(root: Path, table: Table) -> pd.DataFrame:
    raw = pd.read_csv(root / table.path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    return pd.DataFrame({f.name: typed(raw[f.name], f) for f in table.fields})


def typed(column: pd.Series, field: Field) -> pd.Series:
    empty = column == ""
    if field.type == "date":
        return pd.to_datetime(column.where(~empty, None), format="%Y-%m-%d").astype("datetime64[s]")
    if field.type == "integer":
        return pd.array([None if e else int(v) for v, e in zip(column, empty, strict=True)], dtype="Int64")
    text = column.astype("string").mask(empty, pd.NA)
    if field.enum:
        return text.astype(pd.CategoricalDtype(list(field.enum)))
    return text


def save(data: Dataset | dict[str, pd.DataFrame], root: str | Path | None = None) -> None:
    """Write tables back in the committed CSV format (the inverse of ``load``)."""
    root = resolve_root(root)
    codebook = Codebook.read(root)
    for name, frame in data.items():
        table = codebook.tables[name]
        write_rows(root / table.path, table.columns, [[as_cell(frame[c].iloc[i], table.field(c)) for c in table.columns] for i in range(len(frame))])


def as_cell(value, field: Field) -> str:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    if field.type == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    return str(value)
