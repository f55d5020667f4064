"""Load the dataset as typed pandas DataFrames, and write it back unchanged.

``load`` validates first and refuses invalid data, so a DataFrame never holds a value the codebook
forbids. Cells are read as the exact strings in the file and only then typed from the codebook
(dates as datetime64, whole numbers as nullable Int64, enums as categoricals in codebook order,
text as pandas strings), so nothing is silently dropped, coerced or reordered.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .csvfiles import RawTable, read_raw, write_rows
from .paths import resolve_root
from .problems import InvalidDataError
from .schema import Codebook, Field, Table, canonical_number
from .validate import check, no_cycle_collection


class Dataset(dict):
    """The tables by name; also readable as attributes (``data.statements``)."""

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def load(root: str | Path | None = None) -> Dataset:
    """Validate and load every table under ``root`` (default: this repository).

    Each file is read once: the DataFrames are built from the very strings the validator checked.
    Raises ``InvalidDataError`` (and nothing else) when the data or the codebook are invalid.
    """
    with no_cycle_collection():  # the rows read are dropped before collection resumes (see validate.no_cycle_collection)
        checked = check(root)
        if checked.problems or checked.codebook is None:
            raise InvalidDataError(checked.problems)
        raws, schemas = checked.tables, checked.codebook.tables
        del checked
        return Dataset({name: frame(schema, raws.pop(name)) for name, schema in schemas.items()})  # each table freed once built


def frame(table: Table, raw: RawTable) -> pd.DataFrame:
    """A validated table as a DataFrame typed from the codebook (index 0..n-1, columns in codebook order)."""
    at = {name: i for i, name in enumerate(raw.header)}
    return pd.DataFrame({f.name: typed([row.cells[at[f.name]] for row in raw.rows], f) for f in table.fields}, index=pd.RangeIndex(len(raw.rows)))


def read_table(root: Path, table: Table) -> pd.DataFrame:
    """One table, read and typed (for tools that need a single table; ``load`` validates everything first)."""
    return frame(table, read_raw(root / table.path, table.path))


def typed(cells: list[str] | pd.Series, field: Field) -> pd.Series:
    """Type validated cells from the codebook; an empty cell is missing (NA/NaT)."""
    cells = list(cells)
    if field.type == "date":
        return pd.Series(np.array([c or "NaT" for c in cells], dtype="datetime64[s]"), dtype="datetime64[s]")
    if field.type == "integer":
        return pd.Series(pd.array([int(c) if c else None for c in cells], dtype="Int64"))
    if field.type == "number":
        return pd.Series(pd.array([float(c) if c else None for c in cells], dtype="Float64"))
    text = pd.Series(pd.array([c if c else None for c in cells], dtype="string"))
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
    """The canonical text of a loaded value: exactly the cell it was read from."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float | np.floating) and np.isnan(value)):
        return ""
    if field.type == "date":
        return pd.Timestamp(value).date().isoformat()
    if field.type == "number":
        return canonical_number(float(value))
    if field.type == "integer":
        return str(int(value))
    return str(value)
