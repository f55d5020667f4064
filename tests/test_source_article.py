"""The source article is coded completely, and its spans and quotes check out."""

from __future__ import annotations

import re

from loaded import real_data

import istanbul_talks as it
from istanbul_talks.spans import read_text, sha256_of

SOURCE = "seed000-putin-open-to-high-level-talks"
SHARED_COPY = it.REPO_ROOT.parent / "shared" / "seeds" / "000_de6bd2d21be0cfc7.txt"
FURNITURE = ("Kremlin © Walter Bibikow", "Read more")  # photo credit and link: page furniture, not content


def article():
    data = real_data()
    source = data.sources.set_index("source_id").loc[SOURCE]
    return data, source, read_text(it.REPO_ROOT / source["path"])


def sentences(text):
    """Body sentences: every line but the standfirst (the title) and the furniture, split at full stops."""
    body = [line for line in text.split("\n")[1:] if line and line not in FURNITURE]
    return [s for line in body for s in re.split(r"(?<=[.”])\s+(?=[A-Z“])", line)]


def cited_spans(data):
    rows = [data.statements, data.event_sources]
    return [(int(a), int(b)) for frame in rows for a, b in zip(frame[frame.source_id == SOURCE].span_start, frame[frame.source_id == SOURCE].span_end, strict=True)]


def test_the_stored_text_is_the_shared_seed_byte_for_byte():
    _, source, _ = article()
    assert sha256_of(it.REPO_ROOT / source["path"]) == source["sha256"]
    if SHARED_COPY.exists():
        assert SHARED_COPY.read_bytes() == (it.REPO_ROOT / source["path"]).read_bytes()


def test_every_sentence_of_the_article_is_cited_by_a_row():
    data, _, text = article()
    spans = cited_spans(data)
    uncited = [s for s in sentences(text) if not any(a <= text.index(s) < b or text.index(s) <= a < text.index(s) + len(s) for a, b in spans)]
    assert uncited == []


def test_every_quotation_in_the_article_is_coded_as_a_quote():
    data, _, text = article()
    printed = re.findall(r"“([^”]+)”", text)
    quotes = set(data.statements.loc[data.statements.source_id == SOURCE, "quote"].dropna())
    assert {p.rstrip(".") for p in printed} <= {q.rstrip(".") for q in quotes}


def test_quotes_lie_inside_their_spans_and_spans_read_as_whole_words():
    data, _, text = article()
    rows = data.statements[data.statements.source_id == SOURCE]
    for row in rows.itertuples():
        passage = text[row.span_start:row.span_end]
        assert passage == passage.strip()
        assert row.span_start == 0 or not text[row.span_start - 1].isalnum()
        assert row.span_end == len(text) or not text[row.span_end].isalnum()
        if isinstance(row.quote, str):
            assert row.quote in passage


def test_the_publication_date_is_inferred_as_a_range_not_invented():
    _, source, _ = article()
    assert source["outlet_id"] == "unknown"
    assert source["published_precision"] == "range"
    assert (str(source["published"].date()), str(source["published_end"].date())) == ("2025-05-30", "2025-06-01")
    assert "on Friday" in source["published_note"]


def test_statements_are_attributed_to_who_spoke_and_for_whom():
    data, _, _ = article()
    s = data.statements[data.statements.source_id == SOURCE]
    relayed = s[s.on_behalf_of.notna()]
    assert set(zip(relayed.actor_id, relayed.on_behalf_of, strict=True)) == {("peskov", "putin")}
    assert set(s.actor_id) == {"peskov", "zakharova", "kellogg", "lavrov", "ukraine_gov"}
