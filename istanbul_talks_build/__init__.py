"""Build tools for istanbul-talks: executing the notebooks, checking that outputs are current,
rendering the codebook page.

They are kept apart from the analysis library (``istanbul_talks``) on purpose: notebooks and users
import the library, never these; ``make`` and ``python -m istanbul_talks codebook`` run them.
"""
