"""A problem found in the data, pointing at the file, line and field a coder has to fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class InvalidDataError(ValueError):
    """Raised by ``load`` when the data fail validation; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        listing = "\n".join(str(p) for p in problems)
        super().__init__(f"the dataset has {len(problems)} problem(s):\n{listing}")
