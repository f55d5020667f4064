"""The README's "how to code a new source" steps, followed end to end on a copy of the dataset."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys

import istanbul_talks as it
from istanbul_talks.paths import REPO_ROOT

TEXT = "Istanbul, 3 June. Officials said on Monday that the talks would go on. “We will meet again,” the envoy said.\n"


def locate(root, source_id, passage):
    done = subprocess.run([sys.executable, "-m", "istanbul_talks", "locate", source_id, passage, "--root", str(root)],
                          capture_output=True, text=True, cwd=REPO_ROOT, check=True)
    start, end = map(int, re.findall(r"=(\d+)", done.stdout))
    return start, end


def test_a_new_stored_source_can_be_coded_located_validated_and_loaded(dataset):
    seed = dataset.path("seeds/001_test_article.txt")
    seed.write_bytes(TEXT.encode("utf-8"))  # 1. store the text, never to be edited
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    dataset.append("data/outlets.csv", "test_outlet,Test Outlet,TR,private")  # 2. the outlet
    dataset.append("data/sources.csv", f"test-20250603-meet-again,test_outlet,Talks will go on,https://example.org/a,2025-06-03,,exact,"
                                       f"page header,en,seeds/001_test_article.txt,{digest},")  # 3. the source (headline visible: no description)
    start, end = locate(dataset.root, "test-20250603-meet-again", "“We will meet again,” the envoy said.")  # 6. cite the passage
    dataset.append("data/events.csv", "test_meeting,2025-06-02,,exact,'on Monday' in a text dated Tuesday 2025-06-03,proposed,proposal,"
                                      "Another meeting proposed,Istanbul,An envoy said the sides would meet again.,,,")  # 4. the event
    dataset.append("data/event_sources.csv", f"test_meeting,test-20250603-meet-again,{start},{end},proposed,")
    dataset.append("data/statements.csv", f"test-001,test-20250603-meet-again,{start},{end},kellogg,,2025-06-03,,exact,,direct_talks,support,"
                                          f"The envoy said the sides would meet again.,We will meet again,test_meeting")  # 5. the statement
    dataset.append("data/statement_topics.csv", "test-001,direct_talks,support,,,")  # 5. its primary row in statement_topics
    assert [str(p) for p in it.validate(dataset.root)] == []  # 8. validate
    data = it.load(dataset.root)
    row = data.statements.set_index("statement_id").loc["test-001"]
    assert TEXT[row["span_start"]:row["span_end"]].startswith("“We will meet again")


def test_a_wrong_span_in_the_new_row_is_reported_where_it_is(dataset):
    line = dataset.append("data/statements.csv", "test-001,seed000-putin-open-to-high-level-talks,0,10,kellogg,,2025-05-30,,exact,,direct_talks,"
                                                 "support,A summary.,not in the text,")
    prefix = f"data/statements.csv:{line}: quote: [quote-outside-span] is not inside its span 0..10"
    assert any(str(p).startswith(prefix) for p in it.validate(dataset.root))
