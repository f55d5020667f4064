"""The real dataset, loaded (and so validated) once per test process, for tests that only read it.

``it.load()`` validates and parses every table; tests that read the data share one load and each
get their own copy of the tables (a copy is cheap; a test may change its copy freely). Tests of
``load`` itself, and tests that change files, still call ``it.load()`` themselves.
"""

from __future__ import annotations

import functools

import istanbul_talks as it


@functools.cache
def _loaded():
    return it.load()


def real_data():
    """The committed dataset as ``it.load()`` returns it (a fresh copy of every table)."""
    return it.Dataset({name: frame.copy() for name, frame in _loaded().items()})
