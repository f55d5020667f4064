"""The command-line interface coders use while coding a source."""

from __future__ import annotations

import argparse
import os
import sys

from .paths import resolve_root
from .problems import InvalidDataError
from .schema import Codebook
from .spans import PassageNotFound, locate, read_text
from .validate import validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m istanbul_talks", description="Validate the Istanbul talks dataset and help code new sources.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every table, span, quote and hash; exit 1 if anything is wrong")
    check.add_argument("root", nargs="?", help="folder holding data/ and seeds/ (default: this repository)")
    find = commands.add_parser("locate", help="print the span (start end) of a passage in a stored source text")
    find.add_argument("source_id")
    find.add_argument("passage")
    find.add_argument("--root", help="folder holding data/ and seeds/ (default: this repository)")
    commands.add_parser("codebook", help="rewrite data/CODEBOOK.md from data/datapackage.json")
    args = parser.parse_args(argv)
    if args.command == "codebook":
        return run_codebook()
    return run_validate(args.root) if args.command == "validate" else run_locate(args.root, args.source_id, args.passage)


def run_validate(root: str | None) -> int:
    problems = validate(root)
    try:
        for problem in problems:
            print(problem)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `| head`) stopped reading: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"OK: {resolve_root(root) / 'data'} is valid.")
    return 0


def run_codebook() -> int:
    from istanbul_talks_build.codebook_doc import render  # a build tool, kept out of the library: imported only here

    target = resolve_root() / "data" / "CODEBOOK.md"
    try:
        text = render(Codebook.read())
    except InvalidDataError as exc:
        return _refuse(exc)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def run_locate(root: str | None, source_id: str, passage: str) -> int:
    base = resolve_root(root)
    from .csvfiles import read_raw

    try:
        table = Codebook.read(base).tables["sources"]
        source = next((r for r in read_raw(base / table.path, table.path).rows if r.get("source_id") == source_id), None)
    except InvalidDataError as exc:
        return _refuse(exc)
    if source is None:
        print(f"error: no source '{source_id}' in {table.path}", file=sys.stderr)
        return 2
    if not source.get("path"):
        print(f"error: source '{source_id}' has no stored text (empty path); its rows take no spans", file=sys.stderr)
        return 2
    try:
        span = locate(read_text(base / source.get("path")), passage)
    except PassageNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: the stored text {source.get('path')} cannot be read as UTF-8: {exc} (run: python -m istanbul_talks validate)", file=sys.stderr)
        return 2
    print(f"span_start={span.start} span_end={span.end}")
    return 0


def _refuse(exc: InvalidDataError) -> int:
    """The data cannot be used for this command: say why, as the validator would, and exit 2."""
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print("error: fix these first (python -m istanbul_talks validate)", file=sys.stderr)
    return 2
