"""Property-based and fuzz tests of the validator and the loader (hypothesis).

The promise under test: any CSV the validator accepts loads to values whose canonical text is
exactly the CSV text, cell by cell; anything else is rejected with file, line, field and code; and
no bytes in any data file, stored text or ``datapackage.json`` give a traceback (``validate``
returns problems, the command line exits 1 with ``FILE:LINE: field: [code] message`` lines, and
``load`` raises only ``InvalidDataError``).

Example counts are small by default so that ``make test`` stays fast and deterministic
(``derandomize``). ``ISTANBUL_TALKS_FUZZ_SCALE=10`` multiplies every count by ten and draws fresh
random examples, for a longer search before a release.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import istanbul_talks as it
from istanbul_talks.csvfiles import read_raw, write_rows
from istanbul_talks.paths import REPO_ROOT
from istanbul_talks.problems import InvalidDataError
from istanbul_talks.rules import unsafe_characters
from istanbul_talks.schema import Codebook, Field, canonical_number, cell_checker
from istanbul_talks.tables import as_cell, typed
from istanbul_talks.validate import MAX_CELL_CHARS, check

SCALE = int(os.environ.get("ISTANBUL_TALKS_FUZZ_SCALE", "1"))
CODEBOOK = Codebook.read()
TABLES = CODEBOOK.tables
FIELDS = [(table, field) for table in TABLES.values() for field in table.fields]
# Types the codebook may use but the data do not yet: exercised on fields made up for the purpose.
EXTRA_FIELDS = [
    Field("amount", "number", "", False, None, None),
    Field("required_amount", "number", "", True, None, None, minimum=0),
    Field("delta", "integer", "", False, None, None),
    Field("bounded", "integer", "", True, None, None, minimum=0, maximum=100),
    Field("day", "date", "", False, None, None, minimum="2025-01-01"),
]
LINE = re.compile(r"^(data/[a-z0-9_]+\.(csv|json)|istanbul_talks/[a-z_]+\.py):\d+: [^:]+: \[[a-z0-9-]+\] ")


def profile(examples: int):
    return settings(max_examples=examples * SCALE, deadline=None, database=None, derandomize=SCALE == 1,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])


# --- cells: near misses of every type --------------------------------------------------------------------

OTHER_DIGITS = ["٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "०१२३४५६७८९", "０１２３４５６７８９", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗", "⁰¹²³⁴⁵⁶⁷⁸⁹"]
TRICKY = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u00ad", "\u2028", "\u2029", "\u202e", "\u2066", "\ufeff", "\u061c", "\x00", "\t", "\n", "\r",
          " ", "\u00a0", "²", "_", "+", "-", ".", ",", "\"", "e", "0", "\U000e0001", "\ud800", "\x85"]


def dates_as_text():
    def forms(d: date):
        return st.sampled_from([d.isoformat(), f"{d.year}-{d.month}-{d.day}", d.isoformat().replace("-0", "- "), d.isoformat() + "T00:00",
                                f"{d.day:02d}.{d.month:02d}.{d.year}", f"{d.year:05d}-{d.month:02d}-{d.day:02d}", d.isoformat().replace("-", "")])
    return st.dates(min_value=date(1, 1, 1)).flatmap(forms)


def integers_as_text():
    def forms(n: int):
        return st.sampled_from([str(n), f"{n:_}", f"+{n}", f"0{n}", f" {n}", f"{n}.0", f"{n:e}", f"{n:,}", str(n).replace("-", "\u2212")])
    return st.one_of(st.integers(-(2**70), 2**70), st.integers(-1000, 1000)).flatmap(forms)


def numbers_as_text():
    def forms(x: float):
        return st.sampled_from([repr(x), str(x), f"{x:f}", f"{x:e}", f"{x:.17g}", canonical_number(x) if x == x and abs(x) != float("inf") else "nan"])
    decimals = st.decimals(allow_nan=False, allow_infinity=False).map(str)
    return st.one_of(st.floats().flatmap(forms), decimals, st.from_regex(r"-?[0-9]{1,20}(\.[0-9]{1,20})?", fullmatch=True))


def typed_text(field: Field):
    if field.type == "date":
        return dates_as_text()
    if field.type == "integer":
        return integers_as_text()
    if field.type == "number":
        return numbers_as_text()
    if field.enum:
        return st.sampled_from(field.enum).flatmap(lambda v: st.sampled_from([v, v.upper(), v.capitalize(), f" {v}", v.replace("_", "-")]))
    if field.pattern:
        return st.from_regex(field.pattern, fullmatch=True)
    return st.text(max_size=40)


@st.composite
def mutated(draw, text: str) -> str:
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3]))):
        kind = draw(st.sampled_from(["insert", "delete", "digits", "pad"]))
        at = draw(st.integers(0, len(text)))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(TRICKY) | st.characters()) + text[at:]
        elif kind == "delete" and text:
            text = text[:at] + text[at + 1:]
        elif kind == "digits":
            text = text.translate(str.maketrans("0123456789", draw(st.sampled_from(OTHER_DIGITS))))
        else:
            text = draw(st.sampled_from([" ", "\t", "\u3000", "0"])) + text
    return text


def cells(field: Field):
    return st.one_of(typed_text(field), typed_text(field), st.text(max_size=12)).flatmap(mutated)


def accepted(field: Field, text: str) -> bool:
    """The cell-level verdict the validator gives (codebook check, cell length, unsafe characters, stray white space)."""
    return (len(text) <= MAX_CELL_CHARS and cell_checker(field)(text) is None and not unsafe_characters(text) and text == text.strip())


@profile(400)
@given(st.data())
def test_a_cell_the_validator_accepts_loads_to_a_value_written_back_as_the_same_text(data):
    field = data.draw(st.sampled_from([f for _, f in FIELDS] + EXTRA_FIELDS), label="field")
    text = data.draw(cells(field), label="cell")
    if accepted(field, text):
        value = typed([text], field).iloc[0]
        assert as_cell(value, field) == text


@pytest.mark.parametrize("text", ["2025-5-16", "2025-05- 3", "+5", "05", "1_000", "١٢", "²", "99999999999999999999", "-0", "1e3", "0.10", "1.0", " 1"])
@pytest.mark.parametrize("kind", ["integer", "number", "date"])
def test_the_near_misses_of_the_issue_are_refused_by_every_type(kind, text):
    assert not accepted(Field("x", kind, "", False, None, None), text)


# --- the whole pipeline: one cell changed in a real file ---------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(REPO_ROOT / "data", root / "data")
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    return root


def assert_well_formed(problems):
    assert problems
    for p in problems:
        assert p.file and p.line >= 1 and p.field and p.code and p.message, p
        assert p.code != "internal-error", str(p)


@profile(25)
@given(st.data())
def test_a_changed_cell_is_refused_at_its_file_line_and_field_or_round_trips_through_load(project, data):
    table = data.draw(st.sampled_from(sorted(TABLES.values(), key=lambda t: t.name)), label="table")
    field = data.draw(st.sampled_from(table.fields), label="field")
    path = project / table.path
    original = path.read_bytes()
    raw = read_raw(path, table.path)
    index = data.draw(st.integers(0, len(raw.rows) - 1), label="row")
    text = data.draw(cells(field).filter(lambda t: t.isprintable() or not re.search("[\ud800-\udfff]", t)), label="cell")  # a file holds no lone surrogate
    rows = [list(r.cells) for r in raw.rows]
    rows[index][raw.header.index(field.name)] = text
    try:
        write_rows(path, raw.header, rows)
        result = check(project)
        if not accepted(field, text):
            where = {(p.file, p.line, p.field) for p in result.problems}
            assert (table.path, raw.rows[index].line, field.name) in where, "\n".join(map(str, result.problems))
        if result.problems:
            assert_well_formed(result.problems)
            with pytest.raises(InvalidDataError):
                it.load(project)
        else:
            frame = it.load(project)[table.name]
            assert [as_cell(v, field) for v in frame[field.name]] == [row[raw.header.index(field.name)] for row in rows]
    finally:
        path.write_bytes(original)


# --- fuzz: any bytes in any file ---------------------------------------------------------------------------

TARGETS = sorted(t.path for t in TABLES.values()) + ["seeds/000_de6bd2d21be0cfc7.txt", "data/datapackage.json"]
SPECIAL = [b"\"", b",", b"\n", b"\r", b"\r\n", b"\xff", b"\xc3", b"\xef\xbb\xbf", b"\x00", "\u202e".encode(), "\u2028".encode(), b"\"\"", b"{", b"}", b"[", b"]", b":",
           b"null", b"-1", b"1e999", b"\\u0000"]


@st.composite
def mutated_bytes(draw, original: bytes) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=200))
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "flip", "truncate"]))
        if kind == "insert":
            data[at:at] = draw(st.sampled_from(SPECIAL) | st.binary(min_size=1, max_size=4))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif kind == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
    return bytes(data)


@st.composite
def mutated_codebook(draw, original: bytes) -> bytes:
    """A structure-aware mutation of datapackage.json: one node replaced by another JSON value."""
    descriptor = json.loads(original)
    node, key = descriptor, None
    path = []
    while isinstance(node, dict | list) and node and draw(st.integers(0, 5)) > 0:
        key = draw(st.sampled_from(sorted(node)) if isinstance(node, dict) else st.integers(0, len(node) - 1))
        path.append((node, key))
        node = node[key]
    value = draw(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                              lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["name", "type", "fields", "path", "schema", "constraints", "x"]), inner, max_size=3),
                              max_leaves=6))
    if not path:
        descriptor = value
    elif draw(st.booleans()) and isinstance(path[-1][0], dict):
        del path[-1][0][path[-1][1]]
    else:
        path[-1][0][path[-1][1]] = value
    return json.dumps(descriptor, indent=2, ensure_ascii=False).encode()


@contextmanager
def file_replaced(project, data, strategy):
    """One of the project's files (drawn) replaced by bytes drawn from ``strategy(target, original)``, put back afterwards."""
    target = data.draw(st.sampled_from(TARGETS), label="file")
    path = project / target
    original = path.read_bytes()
    path.write_bytes(data.draw(strategy(target, original), label="bytes"))
    try:
        yield
    finally:
        path.write_bytes(original)


@profile(30)
@given(st.data())
def test_no_bytes_in_any_file_give_a_traceback(project, data):
    def strategy(target, original):
        mutated = mutated_bytes(original)
        return st.one_of(mutated, mutated_codebook(original)) if target.endswith(".json") else mutated

    with file_replaced(project, data, strategy):
        problems = it.validate(project)
        if problems:
            assert_well_formed(problems)
            with pytest.raises(InvalidDataError) as caught:
                it.load(project)
            assert caught.value.problems == problems
        else:
            it.load(project)  # valid after all (e.g. a flipped bit in a note): loads


@profile(3)
@given(st.data())
def test_the_command_line_prints_located_problems_and_exits_1_on_any_bytes(project, data):
    def invalid(target, original):
        return mutated_bytes(original).map(lambda mutated: mutated + b"\xff")  # the final byte makes sure it is invalid

    with file_replaced(project, data, invalid):
        result = subprocess.run([sys.executable, "-m", "istanbul_talks", "validate", str(project)], capture_output=True, text=True)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        lines = result.stdout.splitlines()
        assert lines and all(LINE.match(line) for line in lines), result.stdout
