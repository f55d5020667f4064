"""The loader: typed tables, nothing dropped, coerced or reordered, and a byte-exact round trip."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from loaded import real_data

import istanbul_talks as it
from istanbul_talks.schema import Codebook


def csv_rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_table_of_the_codebook_is_loaded():
    data = it.load()
    assert set(data) == set(Codebook.read().tables)
    assert data.statements is data["statements"]


@pytest.mark.parametrize("name", sorted(Codebook.read().tables))
def test_no_row_is_dropped_or_reordered_and_no_cell_is_changed(name):
    table = Codebook.read().tables[name]
    frame = real_data()[name]
    rows = csv_rows(it.REPO_ROOT / table.path)
    assert list(frame.columns) == table.columns
    assert len(frame) == len(rows)
    for column in table.columns:
        written = [r[column] for r in rows]
        loaded = [it.tables.as_cell(v, table.field(column)) for v in frame[column]]
        assert loaded == written, column


def test_columns_are_typed_from_the_codebook():
    data = real_data()
    statements = data.statements
    assert statements["date"].dtype == "datetime64[s]"
    assert statements["span_start"].dtype == "Int64"
    assert isinstance(statements["stance"].dtype, pd.CategoricalDtype)
    assert list(statements["stance"].cat.categories) == ["support", "conditional", "neutral", "oppose"]
    assert statements["summary"].dtype == "string"
    assert statements["on_behalf_of"].isna().any()  # empty cells are missing, not ""
    assert data.quantities["value"].dtype == "Int64"


def test_invalid_data_are_refused_with_the_validators_messages(dataset):
    line = dataset.edit("data/statements.csv", ",conditional,", ",maybe,")
    with pytest.raises(it.InvalidDataError) as caught:
        it.load(dataset.root)
    assert f"data/statements.csv:{line}: stance: [constraint-error] 'maybe' is not one of" in str(caught.value)
    assert [str(p) for p in caught.value.problems] == [str(p) for p in it.validate(dataset.root)]


def test_load_then_save_gives_back_the_same_bytes(dataset):
    before = dataset.fingerprint()
    it.save(it.load(dataset.root), dataset.root)
    assert dataset.fingerprint() == before


def test_save_writes_what_load_reads(dataset):
    data = it.load(dataset.root)
    data["outlets"].loc[0, "name"] = "Renamed outlet"
    it.save(data, dataset.root)
    assert it.load(dataset.root).outlets.loc[0, "name"] == "Renamed outlet"


def test_load_reads_each_file_once_and_never_through_pandas(monkeypatch):
    import importlib

    validate_module = importlib.import_module("istanbul_talks.validate")
    parsed = []
    real_parse = validate_module.parse

    def counting_parse(data, file, expected=None):
        parsed.append(file)
        return real_parse(data, file, expected)

    def refuse(*args, **kwargs):
        raise AssertionError("load() must build its DataFrames from the strings the validator read")

    monkeypatch.setattr(validate_module, "parse", counting_parse)
    monkeypatch.setattr(pd, "read_csv", refuse)
    data = it.load()
    assert sorted(parsed) == sorted(t.path for t in Codebook.read().tables.values())
    assert len(data.statements) == len(csv_rows(it.REPO_ROOT / "data" / "statements.csv"))


def test_validating_imports_neither_pandas_nor_frictionless():
    import subprocess
    import sys

    code = "import sys, istanbul_talks as it; assert it.validate() == []; print(sorted(m for m in ('pandas', 'frictionless', 'numpy') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(("kind", "cells"), [("integer", ["0", "7", "-3", "9223372036854775807", ""]), ("number", ["0", "0.1", "-2.5", "1000", "0.30000000000000004", ""]),
                                             ("date", ["0001-01-01", "2025-05-16", "9999-12-31", ""])])
def test_every_type_writes_back_as_the_text_it_was_read_from(kind, cells):
    from istanbul_talks.schema import Field

    field = Field("x", kind, "", False, None, None)
    assert [it.tables.as_cell(v, field) for v in it.tables.typed(cells, field)] == cells


def test_a_carriage_return_is_written_so_that_it_reads_back(tmp_path):
    from istanbul_talks.csvfiles import parse, write_rows

    write_rows(tmp_path / "t.csv", ["a", "b"], [["x\ry", "z"]])
    raw, problems = parse((tmp_path / "t.csv").read_bytes(), "t.csv")
    assert problems == [] and raw.rows[0].values == {"a": "x\ry", "b": "z"}
