"""The rules a Table Schema cannot express: they look across rows, tables and the stored texts.

Each rule is a function ``rule(ctx) -> Iterable[Problem]``; ``RULES`` lists them in the order their
messages are most useful. Rules read the raw strings and skip values that fail to parse, because
frictionless already reports those; this way one mistake gives one message.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .csvfiles import RawTable, Row
from .problems import Problem
from .schema import Codebook
from .spans import read_text, sha256_of

QUOTE_MAX_WORDS = 25
# Characters that change how surrounding text is displayed or hide text: bidirectional embeddings,
# overrides and isolates (the "Trojan Source" characters), zero-width space, word joiner and BOM.
UNSAFE_FORMAT_CHARS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff")


@dataclass
class Context:
    root: Path
    codebook: Codebook
    tables: dict[str, RawTable]
    _texts: dict[str, str | None] = field(default_factory=dict)
    _path_by_source: dict[str, str] | None = None
    _sources: dict[str, Row] | None = None

    def rows(self, table: str) -> list[Row]:
        raw = self.tables.get(table)
        return raw.rows if raw else []

    def file(self, table: str) -> str:
        return self.codebook.tables[table].path

    def stored_text(self, source_id: str) -> str | None:
        """The stored text of a source, or None when it has none (or it cannot be read).

        Texts are read once per path, however many sources or rows cite them.
        """
        path = self._paths().get(source_id)
        if not path:
            return None
        if path not in self._texts:
            full = self.root / path
            self._texts[path] = read_text(full) if full.is_file() else None
        return self._texts[path]

    def _paths(self) -> dict[str, str]:
        if self._path_by_source is None:
            self._path_by_source = {r.get("source_id"): r.get("path") for r in self.rows("sources")}
        return self._path_by_source

    def sources_by_id(self) -> dict[str, Row]:
        if self._sources is None:
            self._sources = {r.get("source_id"): r for r in self.rows("sources")}
        return self._sources


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def parse_int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


# --- text that cannot be shown safely -------------------------------------------------------------


def unsafe_characters(text: str) -> list[str]:
    if text.isprintable():  # fast path: no control, format, private-use or unassigned character at all
        return []
    found = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in UNSAFE_FORMAT_CHARS or category in ("Cc", "Cs", "Co", "Cn"):
            found.append(f"U+{ord(ch):04X} {unicodedata.name(ch, category)}")
    return sorted(set(found))


def check_text_cells(ctx: Context) -> Iterator[Problem]:
    for raw in ctx.tables.values():
        for row in raw.rows:
            for column, value in row.values.items():
                bad = unsafe_characters(value)
                if bad:
                    yield Problem(raw.file, row.line, column, f"contains characters that cannot be displayed safely: {', '.join(bad)}")
                elif value != value.strip():
                    yield Problem(raw.file, row.line, column, "has leading or trailing white space")


# --- references between tables ------------------------------------------------------------------------


def check_foreign_keys(ctx: Context) -> Iterator[Problem]:
    for name, table in ctx.codebook.tables.items():
        for fk in table.foreign_keys:
            if fk.table not in ctx.tables:
                continue  # the missing or unreadable table is reported already; every key would fail
            targets = {tuple(r.get(f) for f in fk.ref_fields) for r in ctx.rows(fk.table)}
            target_file = ctx.file(fk.table)
            for row in ctx.rows(name):
                key = tuple(row.get(f) for f in fk.fields)
                if all(v == "" for v in key) or key in targets:
                    continue
                shown = ", ".join(key)
                yield Problem(ctx.file(name), row.line, ",".join(fk.fields),
                              f"'{shown}' matches no {'/'.join(fk.ref_fields)} in {target_file}")


def check_events_are_sourced(ctx: Context) -> Iterator[Problem]:
    if "event_sources" not in ctx.tables:
        return
    cited = {r.get("event_id") for r in ctx.rows("event_sources")}
    for row in ctx.rows("events"):
        if row.get("event_id") not in cited:
            yield Problem(ctx.file("events"), row.line, "event_id", "no row in data/event_sources.csv cites a source for this event")


def check_spokesperson(ctx: Context) -> Iterator[Problem]:
    for row in ctx.rows("statements"):
        if row.get("on_behalf_of") and row.get("on_behalf_of") == row.get("actor_id"):
            yield Problem(ctx.file("statements"), row.line, "on_behalf_of", "is the speaker themself; leave it empty")


# --- stored texts, spans and quotes ------------------------------------------------------------------


def check_stored_texts(ctx: Context) -> Iterator[Problem]:
    file = ctx.file("sources")
    seeds = (ctx.root / "seeds").resolve()
    for row in ctx.rows("sources"):
        path, digest = row.get("path"), row.get("sha256")
        if bool(path) != bool(digest):
            yield Problem(file, row.line, "sha256" if path else "path", "path and sha256 must be given together (both for a stored text, neither otherwise)")
        if not path:
            continue
        full = (ctx.root / path).resolve()
        if seeds not in full.parents:
            yield Problem(file, row.line, "path", f"'{path}' is not inside seeds/")
        elif not full.is_file():
            yield Problem(file, row.line, "path", f"'{path}' does not exist")
        elif digest and sha256_of(full) != digest:
            yield Problem(file, row.line, "sha256", f"does not match the bytes of {path} (the stored text was changed, or the hash is wrong)")


def check_spans(ctx: Context) -> Iterator[Problem]:
    sources = ctx.sources_by_id()
    for table in ("statements", "event_sources"):
        for row in ctx.rows(table):
            source = sources.get(row.get("source_id"))
            if source is not None:
                yield from _span_problems(ctx, table, row, source)


def _span_problems(ctx: Context, table: str, row: Row, source: Row) -> Iterable[Problem]:
    file, start_s, end_s = ctx.file(table), row.get("span_start"), row.get("span_end")
    if not source.get("path"):
        if start_s or end_s:
            message = f"source {source.get('source_id')} has no stored text, so spans must be empty"
            return [Problem(file, row.line, "span_start" if start_s else "span_end", message)]
        return []
    if not start_s or not end_s:
        message = "is required: the source's text is stored, so cite the passage (python -m istanbul_talks locate)"
        return [Problem(file, row.line, "span_end" if start_s else "span_start", message)]
    start, end, text = parse_int(start_s), parse_int(end_s), ctx.stored_text(source.get("source_id"))
    if start is None or end is None or text is None:
        return []
    if not start < end <= len(text):
        message = f"span {start}..{end} is not a passage of {source.get('path')} ({len(text)} characters; need start < end <= length)"
        return [Problem(file, row.line, "span_end", message)]
    quote = row.get("quote")
    if quote and quote not in text[start:end]:
        return [Problem(file, row.line, "quote", f"is not inside its span {start}..{end}, which reads: {text[start:end][:120]!r}")]
    return []


def check_quote_length(ctx: Context) -> Iterator[Problem]:
    for row in ctx.rows("statements"):
        words = len(row.get("quote").split())
        if words > QUOTE_MAX_WORDS:
            yield Problem(ctx.file("statements"), row.line, "quote", f"has {words} words; quote at most {QUOTE_MAX_WORDS} and summarise the rest")


# --- dates ---------------------------------------------------------------------------------------------

DATE_COLUMNS = {
    "events": ("date", "date_end", "date_precision", "date_note"),
    "statements": ("date", "date_end", "date_precision", "date_note"),
    "positions": ("date", "date_end", "date_precision", "date_note"),
    "sources": ("published", "published_end", "published_precision", "published_note"),
}


def check_date_precision(ctx: Context) -> Iterator[Problem]:
    for table, columns in DATE_COLUMNS.items():
        for row in ctx.rows(table):
            for column, message in _precision_problems(table, row, *columns):
                yield Problem(ctx.file(table), row.line, column, message)


def _precision_problems(table: str, row: Row, start_col: str, end_col: str, precision_col: str, note_col: str) -> list[tuple[str, str]]:
    precision, start_s, end_s = row.get(precision_col), row.get(start_col), row.get(end_col)
    start, end = parse_date(start_s), parse_date(end_s)
    found = []
    if precision == "unknown":
        found += [(c, f"must be empty when {precision_col} is 'unknown'") for c in (start_col, end_col) if row.get(c)]
    elif precision and not start_s:
        found.append((start_col, f"is required when {precision_col} is '{precision}'"))
    if precision == "range" and not end_s:
        found.append((end_col, f"is required when {precision_col} is 'range' (the last possible date)"))
    end_forbidden = precision in ("on_or_before", "on_or_after") or (precision == "exact" and table != "events")
    if end_s and end_forbidden:
        found.append((end_col, f"must be empty when {precision_col} is '{precision}'"))
    if start and end and (end < start or (precision == "range" and end == start)):
        relation = "before" if end < start else "the same as"
        advice = "" if end < start else "; use precision 'exact'"
        found.append((end_col, f"{end_s} is {relation} {start_col} {start_s}{advice}"))
    if precision and precision != "exact" and not row.get(note_col):
        found.append((note_col, f"is required when {precision_col} is '{precision}': say how the date was worked out"))
    return found


def latest_publication(source: Row) -> date | None:
    """The last day a source can have been published, or None when no such bound is known."""
    precision = source.get("published_precision")
    if precision == "range":
        return parse_date(source.get("published_end"))
    if precision in ("exact", "on_or_before"):
        return parse_date(source.get("published"))
    return None


def check_statements_before_publication(ctx: Context) -> Iterator[Problem]:
    sources = ctx.sources_by_id()
    for row in ctx.rows("statements"):
        source = sources.get(row.get("source_id"))
        said, latest = parse_date(row.get("date")), latest_publication(source) if source else None
        if said and latest and said > latest:
            yield Problem(ctx.file("statements"), row.line, "date",
                          f"{said} is after source {source.get('source_id')} was published (at the latest {latest})")


def check_proposal_windows(ctx: Context) -> Iterator[Problem]:
    for row in ctx.rows("events"):
        start, end = parse_date(row.get("proposed_for")), parse_date(row.get("proposed_for_end"))
        if start and end and end < start:
            yield Problem(ctx.file("events"), row.line, "proposed_for_end", f"{end} is before proposed_for {start}")


# --- positions (data/positions.csv): checked like statements ---------------------------------------------


def check_position_spans(ctx: Context) -> Iterator[Problem]:
    sources = ctx.sources_by_id()
    for row in ctx.rows("positions"):
        source = sources.get(row.get("source_id"))
        if source is not None:
            yield from _span_problems(ctx, "positions", row, source)


def check_position_quote_length(ctx: Context) -> Iterator[Problem]:
    for row in ctx.rows("positions"):
        words = len(row.get("quote").split())
        if words > QUOTE_MAX_WORDS:
            yield Problem(ctx.file("positions"), row.line, "quote", f"has {words} words; quote at most {QUOTE_MAX_WORDS} and summarise the rest")


def check_positions_before_publication(ctx: Context) -> Iterator[Problem]:
    sources = ctx.sources_by_id()
    for row in ctx.rows("positions"):
        source = sources.get(row.get("source_id"))
        stated, latest = parse_date(row.get("date")), latest_publication(source) if source else None
        if stated and latest and stated > latest:
            yield Problem(ctx.file("positions"), row.line, "date",
                          f"{stated} is after source {source.get('source_id')} was published (at the latest {latest})")


def check_position_statement_source(ctx: Context) -> Iterator[Problem]:
    """A position that carries a coded statement cites the statement's own source."""
    statements = {r.get("statement_id"): r for r in ctx.rows("statements")}
    for row in ctx.rows("positions"):
        statement = statements.get(row.get("statement_id"))
        if statement is not None and statement.get("source_id") != row.get("source_id"):
            yield Problem(ctx.file("positions"), row.line, "source_id",
                          f"'{row.get('source_id')}' is not the source of statement {row.get('statement_id')} ({statement.get('source_id')})")


RULES = (
    check_text_cells,
    check_foreign_keys,
    check_events_are_sourced,
    check_spokesperson,
    check_stored_texts,
    check_spans,
    check_quote_length,
    check_date_precision,
    check_statements_before_publication,
    check_proposal_windows,
    check_position_spans,
    check_position_quote_length,
    check_positions_before_publication,
    check_position_statement_source,
)


# --- statements on several topics (data/statement_topics.csv) -------------------------------------------


def check_statement_topics(ctx: Context) -> Iterator[Problem]:
    """Every statement repeats its primary coding in statement_topics with the same stance; a target
    comes with its relation and the other way round; a statement never targets its own speaker or principal."""
    if "statement_topics" not in ctx.tables or "statements" not in ctx.tables:
        return
    file, statements_file = ctx.file("statement_topics"), ctx.file("statements")
    rows = ctx.rows("statement_topics")
    by_key = {(r.get("statement_id"), r.get("topic_id")): r for r in rows}
    statements = {r.get("statement_id"): r for r in ctx.rows("statements")}
    stances = set(ctx.codebook.tables["statements"].field("stance").enum or ())
    topics = {r.get("topic_id") for r in ctx.rows("topics")}
    for statement in statements.values():
        sid, topic, stance = statement.get("statement_id"), statement.get("topic_id"), statement.get("stance")
        if topic not in topics or stance not in stances:
            continue  # the foreign key or the enum is reported already; one mistake, one message
        row = by_key.get((sid, topic))
        if row is None:
            yield Problem(statements_file, statement.line, "topic_id",
                          f"statement {sid} has no row ({sid}, {topic}) in {file} repeating its primary coding")
        elif row.get("stance") != stance and row.get("stance") in stances:
            yield Problem(file, row.line, "stance", f"'{row.get('stance')}' differs from the primary stance '{stance}' "
                          f"of {sid} on {topic} in {statements_file} (line {statement.line})")
    for row in rows:
        target, relation = row.get("target_actor_id"), row.get("target_relation")
        if target and not relation:
            yield Problem(file, row.line, "target_relation", "is required when target_actor_id is set (blames, answers or praises)")
        elif relation and not target:
            yield Problem(file, row.line, "target_actor_id", f"is required when target_relation is set ('{relation}' whom?)")
        statement = statements.get(row.get("statement_id"))
        if target and statement is not None and target in (statement.get("actor_id"), statement.get("on_behalf_of")):
            yield Problem(file, row.line, "target_actor_id",
                          f"'{target}' is the speaker or the principal of statement {row.get('statement_id')}; a statement does not target itself")


RULES += (check_statement_topics,)
