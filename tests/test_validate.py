"""The validator: each kind of mistake a coder can make is caught, located and explained.

Every case breaks a copy of the real dataset in one way and asserts a problem with the file, the
CSV line (header = 1), the field and the stable code, that the message says what is wrong, and
that validating wrote nothing.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from istanbul_talks import validate
from istanbul_talks.paths import REPO_ROOT

SEED = "seeds/000_de6bd2d21be0cfc7.txt"
# (case id, file to edit, old text, new text, field expected, code expected, fragment of the message)
CASES = [
    ("enum", "data/statements.csv", ",conditional,", ",maybe,", "stance", "constraint-error", "'maybe' is not one of"),
    ("required-empty", "data/topics.csv", "For a meeting of the leaders now.", "", "support_means", "constraint-error", "is required but empty"),
    ("bad-date", "data/events.csv", "2025-06-02,,exact", "2025-06-31,,exact", "date", "type-error", "is not a date written YYYY-MM-DD"),
    ("not-an-integer", "data/statements.csv", ",156,487,", ",156,48x7,", "span_end", "type-error", "is not a whole number"),
    ("duplicate-key", "data/statements.csv", "st0002,", "st0001,", "statement_id", "unique-error", "repeats the key of line 2"),
    ("foreign-key", "data/statements.csv", ",lavrov,,", ",lavrow,,", "actor_id", "foreign-key", "'lavrow' matches no actor_id in data/actors.csv"),
    ("optional-foreign-key", "data/statements.csv", ",peskov,putin,", ",peskov,putn,", "on_behalf_of", "foreign-key", "'putn' matches no actor_id"),
    ("self-reference", "data/events.csv", ",istanbul_round_1,,\n", ",istanbul_round_7,,\n", "parent_event_id", "foreign-key", "matches no event_id in data/events.csv"),
    ("composite-foreign-key", "data/event_actors.csv", "istanbul_round_2,lavrov", "istanbul_round_9,lavrov", "event_id", "foreign-key", "'istanbul_round_9' matches no event_id"),
    ("pattern", "data/actors.csv", ",person,RU,", ",person,Russia,", "country", "constraint-error", "breaks the constraint \"pattern\""),
    ("span-outside-text", "data/statements.csv", ",156,487,", ",156,9487,", "span_end", "span-outside-text", "is not a passage of seeds/000_de6bd2d21be0cfc7.txt"),
    ("quote-outside-span", "data/statements.csv", ",unconstructive,", ",constructive!,", "quote", "quote-outside-span", "is not inside its span"),
    ("quote-too-long", "data/statements.csv", ",unconstructive,", "," + " ".join(["word"] * 26) + ",", "quote", "quote-too-long", "has 26 words"),
    ("spans-missing", "data/statements.csv", ",156,487,", ",,,", "span_start", "spans-missing", "is required: the source's text is stored"),
    ("sha256-mismatch", "data/sources.csv", ",c86f152f", ",d86f152f", "sha256", "hash-mismatch", "does not match the bytes of"),
    ("path-missing", "data/sources.csv", "seeds/000_de6bd2d21be0cfc7.txt", "seeds/001_missing.txt", "path", "path-missing", "does not exist"),
    ("path-outside-seeds", "data/sources.csv", "seeds/000_de6bd2d21be0cfc7.txt", "seeds/../README", "path", "constraint-error", "breaks the constraint \"pattern\""),
    ("path-dot-dot", "data/sources.csv", "seeds/000_de6bd2d21be0cfc7.txt", "seeds/..", "path", "path-outside-seeds", "is not inside seeds/"),
    ("after-publication", "data/statements.csv", "2025-05-28,,exact", "2025-06-28,,exact", "date", "after-publication", "is after source"),
    ("event-ends-before-start", "data/events.csv", "ukraine_memorandum_submitted,2025-05-28,,on_or_before", "ukraine_memorandum_submitted,2025-05-28,2025-05-01,range", "date_end", "date-order", "is before date 2025-05-28"),
    ("range-without-end", "data/events.csv", "ukraine_memorandum_submitted,2025-05-28,,on_or_before", "ukraine_memorandum_submitted,2025-05-28,,range", "date_end", "date-precision", "is required when date_precision is 'range'"),
    ("bound-without-note", "data/events.csv", "Lavrov confirmed on Wednesday 2025-05-28 that the memorandum had been completed; it was finished on or before that day.", "", "date_note", "date-precision", "say how the date was worked out"),
    ("unknown-with-date", "data/statements.csv", "2025-06-01,,on_or_before", "2025-06-01,,unknown", "date", "date-precision", "must be empty when date_precision is 'unknown'"),
    ("control-character", "data/actors.csv", "Vladimir Putin", "Vladimir\u0007Putin", "name", "unsafe-character", "U+0007"),
    ("bidi-override", "data/actors.csv", "Sergey Lavrov", "Sergey\u202eLavrov", "name", "unsafe-character", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("stray-whitespace", "data/outlets.csv", "Unknown outlet", "Unknown outlet ", "name", "stray-whitespace", "leading or trailing white space"),
    ("speaker-for-themself", "data/statements.csv", ",peskov,putin,", ",peskov,peskov,", "on_behalf_of", "speaker-for-themself", "is the speaker themself"),
    ("url-not-web", "data/sources.csv", "has said\",,2025-05-30", "has said\",ftp://example.org/a,2025-05-30", "url", "constraint-error", "breaks the constraint \"pattern\""),
    ("source-without-title-or-description", "data/sources.csv", ',unknown,"The Russian president however first expects results from direct negotiations between delegations, spokesman Dmitry Peskov has said",', ",unknown,,", "title", "source-undescribed", "describe the article in description"),
    ("proposal-window-reversed", "data/events.csv", ",2025-06-20,2025-06-30", ",2025-06-20,2025-06-10", "proposed_for_end", "date-order", "is before proposed_for 2025-06-20"),
    ("extra-cell", "data/quantities.csv", "people,", "people,extra,", "-", "extra-cell", "extra"),
    ("missing-cell", "data/quantities.csv", "1000,people,\"'1,000 people released by each side'\"", "1000,people", "note", "missing-cell", "the row has 5 cells; the header has 6"),
    # Strict lexical forms (issue 12): each of these passed validation and was changed (or crashed) in load().
    ("date-without-zero-padding", "data/statements.csv", "2025-05-28,,exact", "2025-5-28,,exact", "date", "type-error", "is not a date written YYYY-MM-DD"),
    ("date-with-a-space", "data/statements.csv", "2025-05-28,,exact", "2025-05- 8,,exact", "date", "type-error", "is not a date written YYYY-MM-DD"),
    ("date-years-after-publication-unpadded", "data/statements.csv", "2025-05-28,,exact", "2031-5-28,,exact", "date", "type-error", "YYYY-MM-DD"),
    ("date-in-non-ascii-digits", "data/events.csv", "2025-06-02,,exact", "٢٠٢٥-٠٦-٠٢,,exact", "date", "type-error", "ASCII digits"),
    ("date-with-time", "data/events.csv", "2025-06-02,,exact", "2025-06-02T10:00,,exact", "date", "type-error", "YYYY-MM-DD"),
    ("integer-with-underscore", "data/quantities.csv", ",1000,people,", ",1_000,people,", "value", "type-error", "is not a whole number"),
    ("integer-with-plus", "data/quantities.csv", ",1000,people,", ",+1000,people,", "value", "type-error", "is not a whole number"),
    ("integer-with-leading-zero", "data/quantities.csv", ",1000,people,", ",01000,people,", "value", "type-error", "leading zero"),
    ("integer-in-non-ascii-digits", "data/quantities.csv", ",1000,people,", ",١٠٠٠,people,", "value", "type-error", "ASCII digits"),
    ("integer-in-fullwidth-digits", "data/quantities.csv", ",1000,people,", ",１０００,people,", "value", "type-error", "ASCII digits"),
    ("integer-beyond-64-bits", "data/quantities.csv", ",1000,people,", ",99999999999999999999,people,", "value", "type-error", "beyond the range of a 64-bit"),
    ("integer-negative-below-minimum", "data/quantities.csv", ",1000,people,", ",-1000,people,", "value", "constraint-error", "breaks the constraint \"minimum\": it is below 0"),
    ("span-superscript-digit", "data/statements.csv", ",156,487,", ",156,48\u00b2,", "span_end", "type-error", "is not a whole number"),
    ("span-non-ascii-digits", "data/statements.csv", ",156,487,", ",١٥٦,487,", "span_start", "type-error", "is not a whole number"),
    # Invisible characters (issue 12): format characters (Cf) and line/paragraph separators, in ids, names and text.
    ("right-to-left-mark-in-name", "data/actors.csv", "Sergey Lavrov", "Sergey\u200fLavrov", "name", "unsafe-character", "U+200F RIGHT-TO-LEFT MARK"),
    ("zero-width-joiner-in-text", "data/events.csv", "First round of direct talks, Istanbul", "First round of direct\u200d talks, Istanbul", "title", "unsafe-character", "U+200D ZERO WIDTH JOINER"),
    ("zero-width-non-joiner-in-text", "data/events.csv", "First round of direct talks, Istanbul", "First round of direct\u200c talks, Istanbul", "title", "unsafe-character", "U+200C ZERO WIDTH NON-JOINER"),
    ("soft-hyphen-in-name", "data/actors.csv", "Vladimir Putin", "Vladi\u00admir Putin", "name", "unsafe-character", "U+00AD SOFT HYPHEN"),
    ("line-separator-in-summary", "data/statements.csv", "Lavrov confirmed that Russia's memorandum was finished.", "Lavrov confirmed\u2028that Russia's memorandum was finished.", "summary", "unsafe-character", "U+2028 LINE SEPARATOR"),
    ("paragraph-separator-in-note", "data/quantities.csv", "'1,000 people released by each side'", "'1,000 people\u2029released by each side'", "note", "unsafe-character", "U+2029 PARAGRAPH SEPARATOR"),
    ("arabic-letter-mark-in-id", "data/actors.csv", "putin,Vladimir", "pu\u061ctin,Vladimir", "actor_id", "unsafe-character", "U+061C ARABIC LETTER MARK"),
    ("invisible-times-in-quote", "data/statements.csv", ",unconstructive,", ",uncon\u2062structive,", "quote", "unsafe-character", "U+2062 INVISIBLE TIMES"),
    # True positions (issue 12): CSV syntax errors and undecodable bytes at their own line.
    ("stray-quote-opens-a-cell", "data/event_sources.csv", "istanbul_round_3,izvestia-202507-third-round-ended,,,held,", "istanbul_round_3,\"izvestia-202507-third-round-ended,,,held,", "-", "format-error", "a stray double quote?"),
    ("stray-quote-inside-quoted-cell", "data/event_sources.csv", "istanbul_round_3,izvestia-202507-third-round-ended,,,held,", "istanbul_round_3,\"izvestia\"x,,,held,", "-", "format-error", "is not valid CSV"),
    ("blank-line", "data/actors.csv", "putin,Vladimir Putin,", "\nputin,Vladimir Putin,", "-", "blank-row", "blank line"),
]


@pytest.mark.parametrize(("file", "old", "new", "field", "code", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_is_reported_with_file_line_field_and_code(dataset, file, old, new, field, code, fragment):
    line = dataset.edit(file, old, new)
    before = dataset.fingerprint()
    problems = validate(dataset.root)
    hits = [p for p in problems if (p.file, p.line, p.field, p.code) == (file, line, field, code) and fragment in p.message]
    assert hits, f"expected {(file, line, field, code)} with {fragment!r}; got:\n" + "\n".join(map(str, problems))
    assert str(hits[0]).startswith(f"{file}:{line}: {field}: [{code}] ")
    assert dataset.fingerprint() == before


def test_cases_cover_many_kinds_of_mistake():
    assert len({c[0] for c in CASES}) >= 50
    assert len({c[5] for c in CASES}) >= 20  # distinct codes


def test_a_real_url_is_accepted(dataset):
    line = dataset.edit("data/sources.csv", "has said\",,2025-05-30", "has said\",https://www.example.org/news/2025/05/30/a-b?x=1,2025-05-30")
    assert [p for p in validate(dataset.root) if p.line == line] == []


def test_the_committed_dataset_is_valid():
    assert [str(p) for p in validate()] == []


def test_every_problem_is_reported_at_once(dataset):
    lines = [dataset.edit(*c[1:4]) for c in CASES if c[0] in ("enum", "foreign-key", "sha256-mismatch", "control-character")]
    found = {(p.file, p.line, p.field, p.code) for p in validate(dataset.root)}
    assert {("data/statements.csv", lines[0], "stance", "constraint-error"), ("data/statements.csv", lines[1], "actor_id", "foreign-key"),
            ("data/sources.csv", lines[2], "sha256", "hash-mismatch"), ("data/actors.csv", lines[3], "name", "unsafe-character")} <= found


def test_a_missing_table_and_a_renamed_column_are_reported_once(dataset):
    dataset.path("data/quantities.csv").unlink()
    dataset.edit("data/outlets.csv", "outlet_id,name", "outlet,name")
    problems = validate(dataset.root)
    assert ("data/quantities.csv", 1, "-", "missing-file") in {(p.file, p.line, p.field, p.code) for p in problems}
    assert not any(p.code == "foreign-key" for p in problems)  # one message for the broken table, not one per row
    assert any(str(p).startswith("data/outlets.csv:1: -: [incorrect-label] the header must be exactly: outlet_id,name,") for p in problems)
    assert len(problems) == 2


def test_an_edited_seed_text_is_caught(dataset):
    dataset.edit(SEED, "Peskov", "Peskoff")
    assert any((p.file, p.field, p.code) == ("data/sources.csv", "sha256", "hash-mismatch") for p in validate(dataset.root))


def test_a_row_spanning_two_lines_is_located_by_its_first_line(dataset):
    line = dataset.edit("data/topics.csv", "For a meeting of the leaders now.", "\"For a meeting\nof the leaders now.\"")
    next_line = line + 2  # the row after the broken one now starts one line further down
    dataset.edit("data/topics.csv", "Against the talks, or refuses to attend.", "")
    found = {(p.file, p.line, p.field, p.code) for p in validate(dataset.root)}
    assert ("data/topics.csv", line, "support_means", "unsafe-character") in found
    assert ("data/topics.csv", next_line, "oppose_means", "constraint-error") in found


# --- true positions ------------------------------------------------------------------------------------


def line_count(dataset, file):
    return dataset.path(file).read_bytes().count(b"\n")


def test_an_undecodable_byte_is_reported_at_its_own_line(dataset):
    path = dataset.path("data/event_sources.csv")
    lines = path.read_bytes().split(b"\n")
    lines[199] = lines[199].replace(b"held", b"h\xffeld", 1)
    path.write_bytes(b"\n".join(lines))
    problems = validate(dataset.root)
    assert [(p.file, p.line, p.field, p.code) for p in problems] == [("data/event_sources.csv", 200, "-", "encoding-error")]
    assert "0xff" in problems[0].message


def test_a_stray_quote_on_line_200_is_reported_at_line_200_and_once(dataset):
    path = dataset.path("data/event_sources.csv")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[199] = lines[199].replace(",", ",\"", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = validate(dataset.root)
    assert [(p.file, p.line, p.code) for p in problems] == [("data/event_sources.csv", 200, "format-error")]


def test_crlf_line_ends_and_quoted_cells_load_to_the_same_values(dataset):
    import istanbul_talks as it

    path = dataset.path("data/topics.csv")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n").replace(b",For a meeting of the leaders now.,", b',"For a meeting of the leaders now.",'))
    assert validate(dataset.root) == []
    assert it.load(dataset.root).topics.equals(it.load().topics)


@pytest.mark.parametrize("content", [b"", b"actor_id,name,kind,country,role,side\n"], ids=["zero-bytes", "header-only"])
def test_an_emptied_referenced_table_is_named_once_as_the_cause(dataset, content):
    dataset.path("data/actors.csv").write_bytes(content)
    problems = validate(dataset.root)
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert problems[0].file == "data/actors.csv" and problems[0].line == 1
    assert problems[0].code == ("incorrect-label" if not content else "empty-table")


def test_a_byte_order_mark_is_named(dataset):
    path = dataset.path("data/topics.csv")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert [(p.file, p.line, p.code) for p in validate(dataset.root)] == [("data/topics.csv", 1, "encoding-error")]


def test_a_stored_text_that_is_not_utf8_is_a_problem_not_a_traceback(dataset):
    text = dataset.path(SEED).read_bytes()
    dataset.path(SEED).write_bytes(text[:100] + b"\xc3\x28" + text[102:])
    found = {(p.file, p.field, p.code) for p in validate(dataset.root)}
    assert ("data/sources.csv", "path", "encoding-error") in found
    assert ("data/sources.csv", "sha256", "hash-mismatch") in found


# --- parent cycles ------------------------------------------------------------------------------------


def set_cell(dataset, file, key, column, value):
    """Set one cell of the row whose first cell is ``key``; return the row's line."""
    from istanbul_talks.csvfiles import read_raw, write_rows

    raw = read_raw(dataset.path(file), file)
    row = next(r for r in raw.rows if r.cells[0] == key)
    row.cells[raw.header.index(column)] = value
    write_rows(dataset.path(file), raw.header, [r.cells for r in raw.rows])
    return row.line


@pytest.mark.parametrize("cycle", [["istanbul_round_1"], ["istanbul_round_1", "exchange_1000_for_1000"],
                                   ["istanbul_round_1", "russia_memorandum_completed", "memorandums_agreed"]], ids=["own-parent", "two", "three"])
def test_an_event_cannot_be_its_own_ancestor(dataset, cycle):
    # each event's parent is the next one in the ring (exchange -> round_1, memorandums_agreed -> round_1 ... are already in the data)
    for child, parent in zip(cycle, cycle[1:] + cycle[:1], strict=True):
        line = set_cell(dataset, "data/events.csv", child, "parent_event_id", parent)
    problems = [p for p in validate(dataset.root) if p.code == "parent-cycle"]
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert (problems[0].file, problems[0].field) == ("data/events.csv", "parent_event_id")
    assert all(event in problems[0].message for event in cycle)
    assert len(cycle) > 1 or problems[0].line == line


# --- the codebook ---------------------------------------------------------------------------------------


def edit_codebook(dataset, change):
    import json

    path = dataset.path("data/datapackage.json")
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor = change(descriptor)
    path.write_text(descriptor if isinstance(descriptor, str) else json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def drop_resource(name):
    return lambda d: {**d, "resources": [r for r in d["resources"] if r["name"] != name]}


def with_resource(name, change):
    def edit(d):
        for r in d["resources"]:
            if r["name"] == name:
                change(r)
        return d
    return edit


CODEBOOK_CASES = [
    ("empty-object", lambda d: {}, "package-error", "resources"),
    ("not-an-object", lambda d: [], "package-error", "JSON object"),
    ("not-json", lambda d: "{\"resources\": [", "package-error", "not valid JSON"),
    ("no-resources", lambda d: {**d, "resources": []}, "package-error", "non-empty list"),
    ("no-schema", with_resource("topics", lambda r: r.pop("schema")), "schema-error", "must have a 'schema'"),
    ("path-outside-data", with_resource("topics", lambda r: r.update(path="../README.md")), "schema-error", "'path' must be a file name in data/"),
    ("absolute-path", with_resource("topics", lambda r: r.update(path="/etc/passwd")), "schema-error", "'path' must be a file name in data/"),
    ("path-list", with_resource("topics", lambda r: r.update(path=["topics.csv"])), "schema-error", "'path' must be"),
    ("unknown-type", with_resource("quantities", lambda r: r["schema"]["fields"][3].update(type="year")), "schema-error", "type 'year' is not supported"),
    ("unknown-constraint", with_resource("quantities", lambda r: r["schema"]["fields"][3]["constraints"].update(exclusiveMinimum=0)), "schema-error", "exclusiveMinimum"),
    ("dialect", with_resource("topics", lambda r: r.update(dialect={"delimiter": ";"})), "schema-error", "'dialect' is not supported"),
    ("missing-values", with_resource("topics", lambda r: r["schema"].update(missingValues=["", "NA"])), "schema-error", "missingValues"),
    ("bad-pattern", with_resource("actors", lambda r: r["schema"]["fields"][3]["constraints"].update(pattern="[A-Z")), "schema-error", "not a valid regular expression"),
    ("fk-to-unknown-table", with_resource("statements", lambda r: r["schema"]["foreignKeys"][0]["reference"].update(resource="source")), "schema-error", "'source'"),
    ("fk-to-unknown-field", with_resource("statements", lambda r: r["schema"]["foreignKeys"][0]["reference"].update(fields=["id"])), "schema-error", "foreign key"),
    ("field-without-name", with_resource("topics", lambda r: r["schema"]["fields"][0].pop("name")), "schema-error", "non-empty 'name'"),
    ("dropped-table", drop_resource("statements"), "missing-table", "'statements' is missing"),
    ("dropped-phases", drop_resource("phases"), "missing-table", "'phases' is missing"),
]


@pytest.mark.parametrize(("change", "code", "fragment"), [c[1:] for c in CODEBOOK_CASES], ids=[c[0] for c in CODEBOOK_CASES])
def test_a_broken_codebook_is_a_problem_not_a_traceback(dataset, change, code, fragment):
    import istanbul_talks as it

    edit_codebook(dataset, change)
    problems = validate(dataset.root)
    assert problems and all(p.file == "data/datapackage.json" for p in problems), "\n".join(map(str, problems))
    assert any(p.code == code and fragment in p.message for p in problems), "\n".join(map(str, problems))
    with pytest.raises(it.InvalidDataError) as caught:
        it.load(dataset.root)
    assert caught.value.problems == problems


def test_the_codebook_is_a_valid_data_package_for_frictionless():
    """The validator no longer runs frictionless, but the codebook must stay a standard Data Package."""
    import frictionless

    report = frictionless.Package.validate_descriptor(str(REPO_ROOT / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


# --- rules that name what does not exist ----------------------------------------------------------------


def test_a_rule_naming_an_unknown_table_or_column_fails_loudly(dataset, monkeypatch):
    from istanbul_talks import rules

    def check_misspelt_table(ctx):
        return [p for p in ctx.rows("statement") if p]

    def check_misspelt_column(ctx):
        return [p for p in ctx.rows("statements") if p.get("speaker")]

    monkeypatch.setattr(rules, "RULES", (*rules.RULES, check_misspelt_table, check_misspelt_column))
    problems = [p for p in validate(dataset.root) if p.code == "rule-config"]
    assert [(p.file, p.message.split(" names ")[0]) for p in problems] == [("tests/test_validate.py", "rule check_misspelt_table"),
                                                                            ("tests/test_validate.py", "rule check_misspelt_column")]
    assert "the table 'statement'" in problems[0].message and "the column 'speaker'" in problems[1].message


@pytest.mark.parametrize("entry", [("statement", ("date", "date_end", "date_precision", "date_note")), ("statements", ("date", "date_ends", "date_precision", "date_note")),
                                   ("statements", ("date", "summary", "date_precision", "date_note"))], ids=["table", "column", "type"])
def test_a_wrong_date_columns_entry_fails_loudly(monkeypatch, entry):
    from istanbul_talks import rules

    monkeypatch.setattr(rules, "DATE_COLUMNS", {**rules.DATE_COLUMNS, entry[0]: entry[1]})
    problems = validate()
    assert [p.code for p in problems] == ["rule-config"] and problems[0].file == "istanbul_talks/rules.py"


def test_a_crashing_rule_is_a_problem_with_a_code(monkeypatch):
    from istanbul_talks import rules

    def check_crashes(ctx):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(rules, "RULES", (*rules.RULES, check_crashes))
    assert [p.code for p in validate()] == ["internal-error"]


def test_a_problem_without_a_code_gets_the_rules_name(monkeypatch):
    from istanbul_talks import rules
    from istanbul_talks.problems import Problem

    def check_something_new(ctx):
        yield Problem("data/events.csv", 2, "title", "an old-style problem")

    monkeypatch.setattr(rules, "RULES", (*rules.RULES, check_something_new))
    assert [str(p) for p in validate()] == ["data/events.csv:2: title: [something-new] an old-style problem"]


# --- the same verdict everywhere ------------------------------------------------------------------------


def test_a_huge_cell_gets_the_same_verdict_in_any_process(dataset):
    import csv

    line = dataset.edit("data/topics.csv", "For a meeting of the leaders now.", "x" * 1_000_000)
    limit = csv.field_size_limit()
    first = [str(p) for p in validate(dataset.root)]
    assert csv.field_size_limit() == limit  # nothing global changed
    csv.field_size_limit(2**31 - 1)  # what a library such as frictionless does on first use
    try:
        second = [str(p) for p in validate(dataset.root)]
    finally:
        csv.field_size_limit(limit)
    fresh = run_cli("validate", str(dataset.root)).stdout.splitlines()
    assert first == second == fresh
    assert first == [f"data/topics.csv:{line}: support_means: [cell-too-long] has 1,000,000 characters; a cell holds at most 10,000"]


# --- the command line ------------------------------------------------------------------------------------


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "istanbul_talks", *args], capture_output=True, text=True, cwd=REPO_ROOT)


def test_cli_exits_0_on_valid_data_and_writes_nothing(dataset):
    before = dataset.fingerprint()
    result = run_cli("validate", str(dataset.root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is valid" in result.stdout
    assert dataset.fingerprint() == before


def test_cli_prints_one_problem_per_line_with_its_code_and_exits_1(dataset):
    first = dataset.edit("data/statements.csv", ",conditional,", ",maybe,")
    second = dataset.edit("data/actors.csv", ",person,RU,", ",person,Russia,")
    before = dataset.fingerprint()
    result = run_cli("validate", str(dataset.root))
    assert result.returncode == 1
    assert result.stdout.splitlines() == sorted(result.stdout.splitlines())
    assert f"data/actors.csv:{second}: country: [constraint-error] " in result.stdout
    assert f"data/statements.csv:{first}: stance: [constraint-error] 'maybe' is not one of: support, conditional, neutral, oppose" in result.stdout
    assert "2 problem(s) found." in result.stderr
    assert dataset.fingerprint() == before


def test_cli_reports_a_broken_codebook_and_exits_1(dataset):
    dataset.path("data/datapackage.json").write_text("{}", encoding="utf-8")
    result = run_cli("validate", str(dataset.root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.startswith("data/datapackage.json:1: -: [package-error] ")


def test_locate_prints_the_span_of_a_unique_passage(dataset):
    result = run_cli("locate", "seed000-putin-open-to-high-level-talks", "does not see any connection", "--root", str(dataset.root))
    text = dataset.path(SEED).read_text(encoding="utf-8")
    start = text.index("does not see any connection")
    assert result.returncode == 0
    assert result.stdout.strip() == f"span_start={start} span_end={start + len('does not see any connection')}"


@pytest.mark.parametrize(("passage", "message"), [("Peskov", "occurs 4 times"), ("Boris Johnson", "does not occur in the text")])
def test_locate_refuses_absent_or_ambiguous_passages(passage, message):
    result = run_cli("locate", "seed000-putin-open-to-high-level-talks", passage)
    assert result.returncode == 1
    assert message in result.stderr


def test_locate_rejects_an_unknown_source():
    result = run_cli("locate", "no-such-source", "Peskov")
    assert result.returncode == 2
    assert "no source 'no-such-source'" in result.stderr


def test_locate_on_broken_data_is_an_error_not_a_traceback(dataset):
    dataset.path("data/sources.csv").write_bytes(b"\xff\xfe")
    result = run_cli("locate", "seed000-putin-open-to-high-level-talks", "Peskov", "--root", str(dataset.root))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "data/sources.csv:1: -: [encoding-error]" in result.stderr


def test_the_allow_list_admits_a_format_character_only_in_free_text_of_its_language(dataset, monkeypatch):
    from istanbul_talks import rules

    line = dataset.edit("data/statements.csv", "Lavrov confirmed that Russia's memorandum", "Lavrov\u200cconfirmed that Russia's memorandum")
    other = dataset.edit("data/actors.csv", "putin,Vladimir", "pu\u200ctin,Vladimir")
    unsafe = lambda: {(p.file, p.line, p.field) for p in validate(dataset.root) if p.code == "unsafe-character"}  # noqa: E731
    assert {("data/statements.csv", line, "summary"), ("data/actors.csv", other, "actor_id")} <= unsafe()
    monkeypatch.setattr(rules, "ALLOWED_FORMAT_CHARACTERS", {"en": frozenset({"\u200c"})})  # the seed's source is in English
    assert ("data/statements.csv", line, "summary") not in unsafe()
    assert ("data/actors.csv", other, "actor_id") in unsafe()  # an id never takes it
    monkeypatch.setattr(rules, "ALLOWED_FORMAT_CHARACTERS", {"fa": frozenset({"\u200c"})})
    assert ("data/statements.csv", line, "summary") in unsafe()  # another language's allow-list does not apply


@pytest.mark.parametrize("enabled", [True, False])
def test_validate_and_load_leave_the_cycle_collector_as_they_found_it(enabled):
    import gc

    import istanbul_talks as it

    before = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert validate() == [] and gc.isenabled() is enabled
        assert len(it.load().statements) > 0 and gc.isenabled() is enabled
    finally:
        (gc.enable if before else gc.disable)()
