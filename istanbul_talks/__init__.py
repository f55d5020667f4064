"""istanbul_talks: load, validate and chart the hand-coded dataset of the 2025 Istanbul talks.

    >>> import istanbul_talks as it
    >>> data = it.load()            # every table, typed; raises InvalidDataError if invalid
    >>> problems = it.validate()    # [] when the data are valid

``load``, ``save`` and ``Dataset`` need pandas; they are imported on first use so that the
command-line validator starts without it.
"""

from .paths import REPO_ROOT
from .problems import InvalidDataError, Problem
from .validate import validate

__all__ = ["REPO_ROOT", "Dataset", "InvalidDataError", "Problem", "load", "save", "validate"]


def __getattr__(name: str):
    if name in ("load", "save", "Dataset", "tables"):
        import importlib

        tables = importlib.import_module(f"{__name__}.tables")  # also binds the submodule on the package
        return tables if name == "tables" else getattr(tables, name)
    raise AttributeError(f"module 'istanbul_talks' has no attribute {name!r}")
