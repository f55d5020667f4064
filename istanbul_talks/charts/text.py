"""Making coded text safe to draw.

Summaries and quotes come from the news and may contain anything: ``$`` (which matplotlib reads as
mathematics), ``<`` and ``&`` (which plotly reads as markup, including links), very long strings.
Every string that reaches a chart goes through one of these.
"""

from __future__ import annotations

import html
import re
import textwrap

ELLIPSIS = "…"
MARKDOWN_MARKUP = re.compile(r"([\\`*_{}\[\]<>#+!|~&$])")  # Markdown markup, a table cell's border, entities, and mathematics ($)


def shorten(text, width: int) -> str:
    text = "" if text is None or text != text else str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + ELLIPSIS


def for_matplotlib(text, width: int = 80) -> str:
    """Plain text for a matplotlib label: mathtext disabled by escaping ``$``, length capped."""
    return shorten(text, width).replace("$", r"\$")


def for_plotly(text, width: int = 300, wrap: int = 70) -> str:
    """Text for plotly hover and labels: HTML-escaped (so tags and links show as text) and wrapped."""
    lines = textwrap.wrap(shorten(text, width), wrap, break_long_words=True) or [""]
    return "<br>".join(html.escape(line, quote=True) for line in lines)


def for_markdown(text) -> str:
    """Text for a cell of a Markdown table: markup escaped (so ``|``, ``*`` or a tag show as written)
    and line breaks joined."""
    text = "" if text is None or text != text else str(text)
    return MARKDOWN_MARKUP.sub(r"\\\1", " ".join(text.split()))
