"""Stored source texts and the passages (spans) that rows cite in them.

Spans are 0-based offsets in Unicode code points, end exclusive, which is exactly Python string
slicing. Coders never count characters by hand: ``locate`` finds a passage and refuses to guess
when it is absent or ambiguous.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


def read_text(path: Path) -> str:
    """Read a stored text exactly: UTF-8, no newline translation, so offsets match the bytes."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class PassageNotFound(LookupError):
    """The passage is absent from the text, or occurs more than once."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def find_all(text: str, passage: str) -> list[int]:
    starts, at = [], text.find(passage)
    while at != -1:
        starts.append(at)
        at = text.find(passage, at + 1)
    return starts


def locate(text: str, passage: str) -> Span:
    """Return the span of ``passage`` in ``text``; it must occur exactly once."""
    if not passage:
        raise PassageNotFound("the passage is empty")
    starts = find_all(text, passage)
    if not starts:
        raise PassageNotFound("the passage does not occur in the text (check quotes, dashes and apostrophes)")
    if len(starts) > 1:
        where = ", ".join(str(s) for s in starts)
        raise PassageNotFound(f"the passage occurs {len(starts)} times (at {where}); quote more of it")
    return Span(starts[0], starts[0] + len(passage))
