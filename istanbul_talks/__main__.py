"""Command line: ``python -m istanbul_talks validate [ROOT]`` and ``locate SOURCE_ID "passage"``."""

from .cli import main

raise SystemExit(main())
