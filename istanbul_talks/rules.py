"""The rules a Table Schema cannot express: they look across rows, tables and the stored texts.

Each rule is a function ``rule(ctx) -> Iterable[Problem]``; ``RULES`` lists them in the order their
messages are most useful. Rules read the raw strings and skip values that fail to parse, because
the codebook's checks (validate.check_cells) already report those; this way one mistake gives one
message. Wherever they can, rules are driven by the codebook (field types, keys, column names)
rather than by lists of tables, so that a table added to the codebook is checked without new code.

A rule names tables and columns as strings: ``ctx.rows``/``ctx.file`` refuse a table the codebook
does not have and ``Row.get`` a column its table does not have, so a misspelt name gives a
``rule-config`` problem instead of a rule that silently checks nothing. A problem a rule leaves
without a code gets the rule's name as its code (``check_parent_cycles`` -> ``parent-cycles``).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from .csvfiles import RawTable, Row, UnknownColumn
from .paths import REPO_ROOT
from .problems import Problem, shown
from .schema import Codebook, Table
from .schema import parse_date as parse_date  # re-exported: rules on other branches import them from here
from .schema import parse_int as parse_int

QUOTE_MAX_WORDS = 25
# Characters never allowed in any cell (ids, names and text alike): controls (Cc), format characters
# (Cf: bidirectional marks, embeddings, overrides and isolates, zero-width space/joiner/non-joiner,
# word joiner, soft hyphen, BOM...), surrogates, private-use and unassigned code points, and the
# line and paragraph separators (Zl, Zp). They reorder or hide text, or break lines where no line
# break is seen. Space characters (Zs) such as the no-break space are allowed.
UNSAFE_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
# The allow-list: format characters a language's spelling needs, allowed only in free-text cells
# (not ids, codes or enums) of rows whose language (``sources.language``, or the language of the
# row's source) is that language. Empty because no language in the data needs one. Example of an
# entry, should Persian sources be coded: {"fa": frozenset({"\u200c"})} (ZERO WIDTH NON-JOINER).
ALLOWED_FORMAT_CHARACTERS: dict[str, frozenset[str]] = {}
# Kept for rules on other branches that import it: the bidi and zero-width characters of old.
UNSAFE_FORMAT_CHARS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff")
PRECISIONS = ("exact", "range", "on_or_before", "on_or_after", "unknown")


class UnknownTable(LookupError):
    """A rule named a table the codebook does not describe (a misspelt table in a rule)."""


@dataclass
class Context:
    root: Path
    codebook: Codebook
    tables: dict[str, RawTable]
    _texts: dict[str, tuple[str | None, tuple[str, str, str] | None]] = field(default_factory=dict)
    _digests: dict[str, str] = field(default_factory=dict)
    _path_by_source: dict[str, str] | None = None
    _sources: dict[str, Row] | None = None

    def table(self, name: str) -> Table:
        try:
            return self.codebook.tables[name]
        except KeyError:
            raise UnknownTable(name) from None

    def rows(self, table: str) -> list[Row]:
        self.table(table)
        raw = self.tables.get(table)
        return raw.rows if raw else []

    def file(self, table: str) -> str:
        return self.table(table).path

    def has_column(self, table: str, column: str) -> bool:
        return table in self.codebook.tables and column in self.codebook.tables[table].columns

    def stored_text(self, source_id: str) -> str | None:
        """The stored text of a source, or None when it has none or it cannot be read as UTF-8 inside seeds/.

        Texts are read once per path, however many sources or rows cite them.
        """
        path = self._paths().get(source_id)
        return self.stored(path)[0] if path else None

    def stored(self, path: str) -> tuple[str | None, tuple[str, str, str] | None]:
        """(text, None) for a good stored text, else (None, (field, message, code)) saying what is wrong with it."""
        if path not in self._texts:
            self._texts[path] = self._read_stored(path)
        return self._texts[path]

    def _read_stored(self, path: str) -> tuple[str | None, tuple[str, str, str] | None]:
        seeds = (self.root / "seeds").resolve()
        try:
            full = (self.root / path).resolve()
            if seeds not in full.parents:
                return None, ("path", f"'{shown(path)}' is not inside seeds/", "path-outside-seeds")
            if not full.is_file():
                return None, ("path", f"'{shown(path)}' does not exist", "path-missing")
            data = full.read_bytes()
            self._digests[path] = hashlib.sha256(data).hexdigest()
        except (OSError, RuntimeError, ValueError) as exc:
            return None, ("path", f"'{shown(path)}' cannot be read: {exc}", "path-missing")
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            return None, ("path", f"{path} is not UTF-8: byte 0x{data[exc.start]:02x} on its line {line} cannot be decoded", "encoding-error")

    def digest(self, path: str) -> str | None:
        """The SHA-256 of a stored text's bytes, from the same single read as its text."""
        self.stored(path)
        return self._digests.get(path)

    def _paths(self) -> dict[str, str]:
        if self._path_by_source is None:
            self._path_by_source = {r.get("source_id"): r.get("path") for r in self.rows("sources")}
        return self._path_by_source

    def sources_by_id(self) -> dict[str, Row]:
        if self._sources is None:
            self._sources = {r.get("source_id"): r for r in self.rows("sources")}
        return self._sources


def run_rules(ctx: Context, rules: Iterable[Callable[[Context], Iterable[Problem]]] | None = None) -> list[Problem]:
    """Run every rule; a rule that names an unknown table or column, or fails, gives a problem, never a traceback."""
    problems = []
    for rule in RULES if rules is None else rules:
        name = getattr(rule, "__name__", "rule")
        code = name.removeprefix("check_").replace("_", "-")
        try:
            found = list(rule(ctx))
        except (UnknownTable, UnknownColumn) as exc:
            kind = "table" if isinstance(exc, UnknownTable) else "column"
            found = [_rule_problem(rule, f"rule {name} names the {kind} '{exc.args[0]}', which the codebook does not have", "rule-config")]
        except Exception as exc:  # a bug must not hide the data's problems behind a traceback; tests fail on this code
            found = [_rule_problem(rule, f"rule {name} failed on these data: {type(exc).__name__}: {exc}", "internal-error")]
        problems += [p if p.code else replace(p, code=code) for p in found]
    return problems


def _rule_problem(rule, message: str, code: str) -> Problem:
    where = getattr(rule, "__code__", None)
    file, line = (where.co_filename, where.co_firstlineno) if where else (__file__, 1)
    if Path(file).resolve().is_relative_to(REPO_ROOT):
        file = str(Path(file).resolve().relative_to(REPO_ROOT))
    return Problem(file, line, "-", message, code)


# --- text that cannot be shown safely -------------------------------------------------------------


def unsafe_characters(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    if text.isprintable():  # fast path: no control, format, separator (but space), private-use or unassigned character
        return []
    found = []
    for ch in text:
        if ch not in allowed and unicodedata.category(ch) in UNSAFE_CATEGORIES:
            found.append(f"U+{ord(ch):04X} {unicodedata.name(ch, unicodedata.category(ch))}")
    return sorted(set(found))


def _text_columns(table: Table) -> set[str]:
    """Free-text columns: strings without enum or pattern that are no key. Ids and codes never take allowed characters."""
    keys = set(table.primary_key) | {f for fk in table.foreign_keys for f in fk.fields}
    return {f.name for f in table.fields if f.type == "string" and not f.enum and f.pattern is None and f.name not in keys}


def check_text_cells(ctx: Context) -> Iterator[Problem]:
    languages = {r.get("source_id"): r.get("language") for r in ctx.rows("sources")} if ALLOWED_FORMAT_CHARACTERS else {}
    for name, raw in ctx.tables.items():
        table = ctx.table(name)
        text_columns = _text_columns(table) if ALLOWED_FORMAT_CHARACTERS else set()
        for row in raw.rows:
            allowed = frozenset()
            if text_columns:
                own = row.get("language") if "language" in row.columns else ""
                language = own or languages.get(row.get("source_id") if "source_id" in row.columns else "", "")
                allowed = ALLOWED_FORMAT_CHARACTERS.get(language, frozenset())
            for column, value in zip(raw.header, row.cells, strict=False):
                bad = unsafe_characters(value, allowed if column in text_columns else frozenset())
                if bad:
                    listed = ", ".join(bad[:10]) + (f" and {len(bad) - 10} more" if len(bad) > 10 else "")
                    yield Problem(raw.file, row.line, column, f"contains characters that cannot be displayed safely: {listed}", "unsafe-character")
                elif value != value.strip():
                    yield Problem(raw.file, row.line, column, "has leading or trailing white space", "stray-whitespace")


# --- references between tables ------------------------------------------------------------------------


def check_foreign_keys(ctx: Context) -> Iterator[Problem]:
    empty: dict[str, list[str]] = {}
    for name, table in ctx.codebook.tables.items():
        if name not in ctx.tables:
            continue
        for fk in table.foreign_keys:
            if fk.table not in ctx.tables:
                continue  # the missing or unreadable table is reported already; every key would fail
            target_rows = ctx.rows(fk.table)
            targets = {tuple(r.get(f) for f in fk.ref_fields) for r in target_rows}
            target_file = ctx.file(fk.table)
            keys = ((row, tuple(row.get(f) for f in fk.fields)) for row in ctx.rows(name))
            broken = [(row, key) for row, key in keys if key not in targets and any(key)]
            if broken and not target_rows:
                empty.setdefault(fk.table, []).append(f"{len(broken)} row(s) of {ctx.file(name)} ({','.join(fk.fields)})")
                continue  # one message for the empty table, not one per row that points into it
            for row, key in broken:
                yield Problem(ctx.file(name), row.line, ",".join(fk.fields),
                              f"'{shown(', '.join(key))}' matches no {'/'.join(fk.ref_fields)} in {target_file}", "foreign-key")
    for target, users in empty.items():
        yield Problem(ctx.file(target), 1, "-", f"has no rows, yet {'; '.join(users)} refer to it", "empty-table")


def check_events_are_sourced(ctx: Context) -> Iterator[Problem]:
    if "event_sources" not in ctx.tables:
        return
    events = ctx.rows("events")
    if events and not ctx.rows("event_sources"):
        yield Problem(ctx.file("event_sources"), 1, "-", f"has no rows, yet each of the {len(events)} events needs a source", "empty-table")
        return
    cited = {r.get("event_id") for r in ctx.rows("event_sources")}
    for row in events:
        if row.get("event_id") not in cited:
            yield Problem(ctx.file("events"), row.line, "event_id", "no row in data/event_sources.csv cites a source for this event", "event-unsourced")


def check_source_titles(ctx: Context) -> Iterator[Problem]:
    """A source shows the headline as printed, or, where none can be seen, says what the article is."""
    for row in ctx.rows("sources"):
        if not row.get("title") and not row.get("description"):
            yield Problem(ctx.file("sources"), row.line, "title",
                          "is empty and so is description: give the headline as printed, or describe the article in description",
                          "source-undescribed")


def check_spokesperson(ctx: Context) -> Iterator[Problem]:
    for row in ctx.rows("statements"):
        if row.get("on_behalf_of") and row.get("on_behalf_of") == row.get("actor_id"):
            yield Problem(ctx.file("statements"), row.line, "on_behalf_of", "is the speaker themself; leave it empty", "speaker-for-themself")


def check_parent_cycles(ctx: Context) -> Iterator[Problem]:
    """A table that refers to itself (events.parent_event_id) must form a tree: no row is its own ancestor."""
    for name, table in ctx.codebook.tables.items():
        for fk in table.foreign_keys:
            if fk.table != name or len(fk.fields) != 1 or name not in ctx.tables:
                continue
            child, key = fk.fields[0], fk.ref_fields[0]
            rows = ctx.rows(name)
            parent = {r.get(key): r.get(child) for r in rows if r.get(child)}
            line = {r.get(key): r.line for r in rows}
            state: dict[str, int] = {}  # 1 on the current path, 2 done
            for start in parent:
                path, node = [], start
                while node in parent and node not in state:
                    state[node] = 1
                    path.append(node)
                    node = parent[node]
                if state.get(node) == 1:  # came back to a row on this path: a cycle
                    cycle = path[path.index(node):]
                    first = min(cycle, key=lambda n: line.get(n, 0))
                    if len(cycle) == 1:
                        message = f"'{shown(first)}' is its own parent: a row cannot be its own ancestor"
                    else:
                        at = cycle.index(first)
                        ring = cycle[at:] + cycle[:at] + [first]
                        message = f"is part of a cycle ({' -> '.join(shown(n, 40) for n in ring)}): a row cannot be its own ancestor"
                    yield Problem(ctx.file(name), line.get(first, 1), child, message, "parent-cycle")
                for n in path:
                    state[n] = 2


# --- stored texts, spans and quotes ------------------------------------------------------------------


def check_stored_texts(ctx: Context) -> Iterator[Problem]:
    file = ctx.file("sources")
    for row in ctx.rows("sources"):
        path, digest = row.get("path"), row.get("sha256")
        if bool(path) != bool(digest):
            yield Problem(file, row.line, "sha256" if path else "path", "path and sha256 must be given together (both for a stored text, neither otherwise)",
                          "path-and-hash")
        if not path:
            continue
        text, trouble = ctx.stored(path)
        if trouble and trouble[2] != "encoding-error":
            yield Problem(file, row.line, *trouble)
            continue
        if digest and ctx.digest(path) != digest:
            message = f"does not match the bytes of {shown(path)} (the stored text was changed, or the hash is wrong)"
            yield Problem(file, row.line, "sha256", message, "hash-mismatch")
        if trouble:
            yield Problem(file, row.line, *trouble)


def _span_tables(ctx: Context) -> list[str]:
    """Every table whose rows cite a passage: it has span_start, span_end and a source_id."""
    return [n for n, t in ctx.codebook.tables.items() if {"span_start", "span_end", "source_id"} <= set(t.columns)]


def check_spans(ctx: Context) -> Iterator[Problem]:
    sources = ctx.sources_by_id()
    for table in _span_tables(ctx):
        for row in ctx.rows(table):
            source = sources.get(row.get("source_id"))
            if source is not None:
                yield from _span_problems(ctx, table, row, source)


def _span_problems(ctx: Context, table: str, row: Row, source: Row) -> Iterable[Problem]:
    file, start_s, end_s = ctx.file(table), row.get("span_start"), row.get("span_end")
    if not source.get("path"):
        if start_s or end_s:
            message = f"source {shown(source.get('source_id'))} has no stored text, so spans must be empty"
            return [Problem(file, row.line, "span_start" if start_s else "span_end", message, "spans-not-allowed")]
        return []
    if not start_s or not end_s:
        message = "is required: the source's text is stored, so cite the passage (python -m istanbul_talks locate)"
        return [Problem(file, row.line, "span_end" if start_s else "span_start", message, "spans-missing")]
    start, end, text = parse_int(start_s), parse_int(end_s), ctx.stored_text(source.get("source_id"))
    if start is None or end is None or text is None:
        return []
    if not 0 <= start < end <= len(text):
        message = f"span {start}..{end} is not a passage of {source.get('path')} ({len(text)} characters; need start < end <= length)"
        return [Problem(file, row.line, "span_end", message, "span-outside-text")]
    quote = row.get("quote") if "quote" in row.columns else ""
    if quote and quote not in text[start:end]:
        return [Problem(file, row.line, "quote", f"is not inside its span {start}..{end}, which reads: {shown(text[start:end], 120)!r}", "quote-outside-span")]
    return []


def check_quote_length(ctx: Context) -> Iterator[Problem]:
    for name, table in ctx.codebook.tables.items():
        if "quote" not in table.columns:
            continue
        for row in ctx.rows(name):
            words = len(row.get("quote").split())
            if words > QUOTE_MAX_WORDS:
                yield Problem(ctx.file(name), row.line, "quote", f"has {words} words; quote at most {QUOTE_MAX_WORDS} and summarise the rest", "quote-too-long")


# --- dates ---------------------------------------------------------------------------------------------

# Tables whose rows carry a coded date: (start, end, precision, note) columns. The start and end must
# be date fields, the precision an enum drawn from PRECISIONS; a wrong entry is a rule-config problem.
DATE_COLUMNS = {
    "events": ("date", "date_end", "date_precision", "date_note"),
    "statements": ("date", "date_end", "date_precision", "date_note"),
    "positions": ("date", "date_end", "date_precision", "date_note"),
    "sources": ("published", "published_end", "published_precision", "published_note"),
}


def _date_config_problems(ctx: Context, table: str, columns: tuple[str, ...]) -> list[str]:
    if table not in ctx.codebook.tables:
        return [f"DATE_COLUMNS names the table '{table}', which the codebook does not have"]
    if len(columns) != 4:
        return [f"DATE_COLUMNS['{table}'] must name 4 columns (start, end, precision, note)"]
    t = ctx.codebook.tables[table]
    found = [f"DATE_COLUMNS['{table}'] names the column '{c}', which {t.path} does not have" for c in columns if c not in t.columns]
    if found:
        return found
    start, end, precision, _ = (t.field(c) for c in columns)
    if start.type != "date" or end.type != "date":
        found.append(f"DATE_COLUMNS['{table}']: {start.name} and {end.name} must be date fields")
    if not precision.enum or not set(precision.enum) <= set(PRECISIONS):
        found.append(f"DATE_COLUMNS['{table}']: {precision.name} must be an enum of {', '.join(PRECISIONS)}")
    return found


def check_date_precision(ctx: Context) -> Iterator[Problem]:
    for table, columns in DATE_COLUMNS.items():
        config = _date_config_problems(ctx, table, columns)
        if config:
            yield from (_rule_problem(check_date_precision, m, "rule-config") for m in config)
            continue
        for row in ctx.rows(table):
            for column, message, code in _precision_problems(table, row, *columns):
                yield Problem(ctx.file(table), row.line, column, message, code)


def _precision_problems(table: str, row: Row, start_col: str, end_col: str, precision_col: str, note_col: str) -> list[tuple[str, str, str]]:
    precision, start_s, end_s = row.get(precision_col), row.get(start_col), row.get(end_col)
    start, end = parse_date(start_s), parse_date(end_s)
    found = []
    if precision == "unknown":
        found += [(c, f"must be empty when {precision_col} is 'unknown'", "date-precision") for c in (start_col, end_col) if row.get(c)]
    elif precision and not start_s:
        found.append((start_col, f"is required when {precision_col} is '{precision}'", "date-precision"))
    if precision == "range" and not end_s:
        found.append((end_col, f"is required when {precision_col} is 'range' (the last possible date)", "date-precision"))
    end_forbidden = precision in ("on_or_before", "on_or_after") or (precision == "exact" and table != "events")
    if end_s and end_forbidden:
        found.append((end_col, f"must be empty when {precision_col} is '{precision}'", "date-precision"))
    if start and end and (end < start or (precision == "range" and end == start)):
        relation = "before" if end < start else "the same as"
        advice = "" if end < start else "; use precision 'exact'"
        found.append((end_col, f"{end_s} is {relation} {start_col} {start_s}{advice}", "date-order"))
    if precision and precision != "exact" and not row.get(note_col):
        found.append((note_col, f"is required when {precision_col} is '{precision}': say how the date was worked out", "date-precision"))
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
    """Nothing a source reports can be dated after the source was published: every dated table with a source_id."""
    sources = ctx.sources_by_id()
    for table, columns in DATE_COLUMNS.items():
        if table == "sources" or not ctx.has_column(table, "source_id") or _date_config_problems(ctx, table, columns):
            continue
        start_col = columns[0]
        for row in ctx.rows(table):
            source = sources.get(row.get("source_id"))
            said, latest = parse_date(row.get(start_col)), latest_publication(source) if source else None
            if said and latest and said > latest:
                yield Problem(ctx.file(table), row.line, start_col,
                              f"{said} is after source {shown(source.get('source_id'))} was published (at the latest {latest})", "after-publication")


def check_proposal_windows(ctx: Context) -> Iterator[Problem]:
    """Any date field X with a date field X_end (events.proposed_for/_end...) is a window: the end is not before the start."""
    coded = {(t, c[0]) for t, c in DATE_COLUMNS.items()}  # checked with their precision by check_date_precision
    for name, table in ctx.codebook.tables.items():
        dates = {f.name for f in table.fields if f.type == "date"}
        for start_col in sorted(dates):
            end_col = f"{start_col}_end"
            if end_col not in dates or (name, start_col) in coded:
                continue
            for row in ctx.rows(name):
                start, end = parse_date(row.get(start_col)), parse_date(row.get(end_col))
                if start and end and end < start:
                    yield Problem(ctx.file(name), row.line, end_col, f"{end} is before {start_col} {start}", "date-order")


# --- positions (data/positions.csv): spans, quotes and dates are checked by the generic rules above ---





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
    check_source_titles,
    check_spokesperson,
    check_stored_texts,
    check_spans,
    check_quote_length,
    check_date_precision,
    check_statements_before_publication,
    check_proposal_windows,
    check_parent_cycles,
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
