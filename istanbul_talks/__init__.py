"""istanbul_talks: load, validate and chart the hand-coded dataset of the 2025 Istanbul talks.

    >>> import istanbul_talks as it
    >>> data = it.load()            # every table, typed; raises InvalidDataError if invalid
    >>> problems = it.validate()    # [] when the data are valid
"""

from .paths import REPO_ROOT
from .problems import InvalidDataError, Problem
from .tables import Dataset, load, save
from .validate import validate

__all__ = ["REPO_ROOT", "Dataset", "InvalidDataError", "Problem", "load", "save", "validate"]
