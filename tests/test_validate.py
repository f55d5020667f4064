"""The validator: each kind of mistake a coder can make is caught, located and explained.

Every case breaks a copy of the real dataset in one way and asserts the message names the file,
the CSV line (header = 1) and the field, and that validating wrote nothing.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from istanbul_talks import validate
from istanbul_talks.paths import REPO_ROOT

SEED = "seeds/000_de6bd2d21be0cfc7.txt"
# (case id, file to edit, old text, new text, field expected in the message, fragment of the message)
CASES = [
    ("enum", "data/statements.csv", ",conditional,", ",maybe,", "stance", "'maybe' is not one of"),
    ("required-empty", "data/topics.csv", "For a meeting of the leaders now.", "", "support_means", "is required but empty"),
    ("bad-date", "data/events.csv", "2025-06-02,,exact", "2025-06-31,,exact", "date", "is not a date written YYYY-MM-DD"),
    ("not-an-integer", "data/statements.csv", ",156,487,", ",156,48x7,", "span_end", "is not a whole number"),
    ("duplicate-key", "data/statements.csv", "st0002,", "st0001,", "statement_id", "repeats the key of line 2"),
    ("foreign-key", "data/statements.csv", ",lavrov,,", ",lavrow,,", "actor_id", "'lavrow' matches no actor_id in data/actors.csv"),
    ("optional-foreign-key", "data/statements.csv", ",peskov,putin,", ",peskov,putn,", "on_behalf_of", "'putn' matches no actor_id"),
    ("self-reference", "data/events.csv", ",istanbul_round_1,,\n", ",istanbul_round_7,,\n", "parent_event_id", "matches no event_id in data/events.csv"),
    ("composite-foreign-key", "data/event_actors.csv", "istanbul_round_2,lavrov", "istanbul_round_9,lavrov", "event_id", "'istanbul_round_9' matches no event_id"),
    ("pattern", "data/actors.csv", ",person,RU,", ",person,Russia,", "country", "breaks the constraint \"pattern\""),
    ("span-outside-text", "data/statements.csv", ",156,487,", ",156,9487,", "span_end", "is not a passage of seeds/000_de6bd2d21be0cfc7.txt"),
    ("quote-outside-span", "data/statements.csv", ",unconstructive,", ",constructive!,", "quote", "is not inside its span"),
    ("quote-too-long", "data/statements.csv", ",unconstructive,", "," + " ".join(["word"] * 26) + ",", "quote", "has 26 words"),
    ("spans-missing", "data/statements.csv", ",156,487,", ",,,", "span_start", "is required: the source's text is stored"),
    ("sha256-mismatch", "data/sources.csv", ",c86f152f", ",d86f152f", "sha256", "does not match the bytes of"),
    ("path-missing", "data/sources.csv", "seeds/000_de6bd2d21be0cfc7.txt", "seeds/001_missing.txt", "path", "does not exist"),
    ("path-outside-seeds", "data/sources.csv", "seeds/000_de6bd2d21be0cfc7.txt", "seeds/../README", "path", "breaks the constraint \"pattern\""),
    ("after-publication", "data/statements.csv", "2025-05-28,,exact", "2025-06-28,,exact", "date", "is after source"),
    ("event-ends-before-start", "data/events.csv", "ukraine_memorandum_submitted,2025-05-28,,on_or_before", "ukraine_memorandum_submitted,2025-05-28,2025-05-01,range", "date_end", "is before date 2025-05-28"),
    ("range-without-end", "data/events.csv", "ukraine_memorandum_submitted,2025-05-28,,on_or_before", "ukraine_memorandum_submitted,2025-05-28,,range", "date_end", "is required when date_precision is 'range'"),
    ("bound-without-note", "data/events.csv", "Lavrov confirmed on Wednesday 2025-05-28 that the memorandum had been completed; it was finished on or before that day.", "", "date_note", "say how the date was worked out"),
    ("unknown-with-date", "data/statements.csv", "2025-06-01,,on_or_before", "2025-06-01,,unknown", "date", "must be empty when date_precision is 'unknown'"),
    ("control-character", "data/actors.csv", "Vladimir Putin", "Vladimir\u0007Putin", "name", "U+0007"),
    ("bidi-override", "data/actors.csv", "Sergey Lavrov", "Sergey\u202eLavrov", "name", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("stray-whitespace", "data/outlets.csv", "Unknown outlet", "Unknown outlet ", "name", "leading or trailing white space"),
    ("speaker-for-themself", "data/statements.csv", ",peskov,putin,", ",peskov,peskov,", "on_behalf_of", "is the speaker themself"),
    ("url-not-web", "data/sources.csv", "has said\",,2025-05-30", "has said\",ftp://example.org/a,2025-05-30", "url", "breaks the constraint \"pattern\""),
    ("proposal-window-reversed", "data/events.csv", ",2025-06-20,2025-06-30", ",2025-06-20,2025-06-10", "proposed_for_end", "is before proposed_for 2025-06-20"),
    ("extra-cell", "data/quantities.csv", "people,", "people,extra,", "-", "extra"),
]


@pytest.mark.parametrize(("file", "old", "new", "field", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_is_reported_with_file_line_and_field(dataset, file, old, new, field, fragment):
    line = dataset.edit(file, old, new)
    before = dataset.fingerprint()
    messages = [str(p) for p in validate(dataset.root)]
    expected_start = f"{file}:{line}: {field}: "
    hits = [m for m in messages if m.startswith(expected_start) and fragment in m]
    assert hits, f"expected a message starting {expected_start!r} containing {fragment!r}; got:\n" + "\n".join(messages)
    assert dataset.fingerprint() == before


def test_a_real_url_is_accepted(dataset):
    line = dataset.edit("data/sources.csv", "has said\",,2025-05-30", "has said\",https://www.example.org/news/2025/05/30/a-b?x=1,2025-05-30")
    assert [p for p in validate(dataset.root) if p.line == line] == []


def test_fifteen_or_more_kinds_of_mistake_are_covered():
    assert len({c[0] for c in CASES}) >= 15


def test_the_committed_dataset_is_valid():
    assert [str(p) for p in validate()] == []


def test_every_problem_is_reported_at_once(dataset):
    lines = [dataset.edit(*c[1:4]) for c in CASES if c[0] in ("enum", "foreign-key", "sha256-mismatch", "control-character")]
    found = {(p.file, p.line, p.field) for p in validate(dataset.root)}
    assert {("data/statements.csv", lines[0], "stance"), ("data/statements.csv", lines[1], "actor_id"),
            ("data/sources.csv", lines[2], "sha256"), ("data/actors.csv", lines[3], "name")} <= found


def test_a_missing_table_and_a_renamed_column_are_reported(dataset):
    dataset.path("data/quantities.csv").unlink()
    dataset.edit("data/outlets.csv", "outlet_id,name", "outlet,name")
    messages = [str(p) for p in validate(dataset.root)]
    assert "data/quantities.csv:1: -: the file is missing" in messages
    assert not any("matches no outlet_id" in m for m in messages)  # one message for the broken table, not one per row
    assert any(m.startswith("data/outlets.csv:1: -: the header must be exactly: outlet_id,name,") for m in messages)


def test_an_edited_seed_text_is_caught(dataset):
    dataset.edit(SEED, "Peskov", "Peskoff")
    assert any(p.file == "data/sources.csv" and p.field == "sha256" for p in validate(dataset.root))


def test_a_row_spanning_two_lines_is_located_by_its_first_line(dataset):
    line = dataset.edit("data/topics.csv", "For a meeting of the leaders now.", "\"For a meeting\nof the leaders now.\"")
    next_line = line + 2  # the row after the broken one now starts one line further down
    dataset.edit("data/topics.csv", "Against the talks, or refuses to attend.", "")
    messages = [str(p) for p in validate(dataset.root)]
    assert any(m.startswith(f"data/topics.csv:{line}: support_means: contains characters") for m in messages)
    assert f"data/topics.csv:{next_line}: oppose_means: is required but empty" in messages


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "istanbul_talks", *args], capture_output=True, text=True, cwd=REPO_ROOT)


def test_cli_exits_0_on_valid_data_and_writes_nothing(dataset):
    before = dataset.fingerprint()
    result = run_cli("validate", str(dataset.root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is valid" in result.stdout
    assert dataset.fingerprint() == before


def test_cli_prints_one_problem_per_line_and_exits_1(dataset):
    first = dataset.edit("data/statements.csv", ",conditional,", ",maybe,")
    second = dataset.edit("data/actors.csv", ",person,RU,", ",person,Russia,")
    before = dataset.fingerprint()
    result = run_cli("validate", str(dataset.root))
    assert result.returncode == 1
    assert result.stdout.splitlines() == sorted(result.stdout.splitlines())
    assert f"data/actors.csv:{second}: country:" in result.stdout
    assert f"data/statements.csv:{first}: stance: 'maybe' is not one of: support, conditional, neutral, oppose" in result.stdout
    assert "2 problem(s) found." in result.stderr
    assert dataset.fingerprint() == before


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
