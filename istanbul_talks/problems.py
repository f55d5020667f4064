"""A problem found in the data, pointing at the file, line and field a coder has to fix.

Every problem carries a stable ``code``: the Frictionless error type where one fits
(``type-error``, ``constraint-error``, ``unique-error``, ``primary-key``, ``foreign-key``,
``encoding-error``, ``format-error``, ``missing-cell``, ``extra-cell``, ``blank-row``,
``incorrect-label``, ``package-error``, ``schema-error``), otherwise the name of the project's rule
(``parent-cycle``, ``unsafe-character``, ``quote-too-long``...). Tests and tools match on
``(file, line, field, code)``; the message is for people.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str
    code: str = ""  # filled in from the rule's name when a rule leaves it empty (see validate.run_rules)

    def __str__(self) -> str:
        code = f"[{self.code}] " if self.code else ""
        return f"{self.file}:{self.line}: {self.field}: {code}{self.message}"


class InvalidDataError(ValueError):
    """Raised by ``load`` when the data (or the codebook) fail validation; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        listing = "\n".join(str(p) for p in problems)
        super().__init__(f"the dataset has {len(problems)} problem(s):\n{listing}")


def shown(value: str, limit: int = 80) -> str:
    """A cell value as a message may print it: invisible and control characters escaped, long values cut.

    ``str.isprintable`` is false for every control, format (Cf), separator other than the space,
    surrogate, private-use and unassigned character, so nothing in a message can reorder or hide text.
    """
    cut = value[:limit]
    if not cut.isprintable():
        cut = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in cut)
    return cut + (f"... ({len(value)} characters)" if len(value) > limit else "")
