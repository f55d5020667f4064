"""Text a news report could contain that must never break or hijack a chart."""

from __future__ import annotations

from loaded import real_data

from istanbul_talks import analysis

SCRIPT = "<script>document.title='PWNED';console.error('PWNED-script')</script>"
IMG = "<img src=x onerror=\"document.title='PWNED';console.error('PWNED-img')\">"
LINK = "<a href=\"javascript:document.title='PWNED'\">read more</a>"
PUNCTUATION = "\"Quotes\" & 'apostrophes' &amp; R&D <b>bold?</b> costs $5 and $x^2$"
RTL = "مفاوضات إسطنبول שיחות איסטנבול"
COMBINING = "Z\u0324\u0354\u0367\u0311a\u0308\u0356\u032dl\u036e\u0312g\u0301\u0334o"
LONG = "Very long " + "x" * 3000 + " end"
HOSTILE = [SCRIPT, IMG, LINK, PUNCTUATION, RTL, COMBINING, LONG]


def hostile_data():
    """The real data, with hostile text in titles, names, summaries and quotes (in memory only)."""
    data = real_data()
    for frame, columns in ((data.events, ["title", "summary"]), (data.statements, ["summary", "quote"]),
                           (data.actors, ["name"]), (data.topics, ["label"]), (data.sources, ["title"]), (data.outlets, ["name"]),
                           (data.negotiation_issues, ["label", "pole_0", "pole_100"]), (data.commitments, ["description"]), (data.phases, ["label"])):
        for column in columns:
            frame[column] = [HOSTILE[i % len(HOSTILE)] for i in range(len(frame))]
    return data


def hostile_statements(data):
    return analysis.statements_enriched(data)
