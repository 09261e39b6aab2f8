"""`simcity-council schema [--log | --codebook] [-o FILE [--force]]`: the JSON Schema of the
scenario format (default), of a session log line, or the research codebook."""

from __future__ import annotations

import argparse
import sys

HELP = (
    "print the JSON Schema of the scenario format (for editor completion and checks); --log: of "
    "a session log line; --codebook: every log field and export column, machine-readable"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--log", action="store_true", help="the JSON Schema of a session log line")
    what.add_argument(
        "--codebook",
        action="store_true",
        help="the codebook: every field of a log and every column of the exports (JSON)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write it to FILE instead of stdout")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def log_schema_text() -> str:
    import json

    from ..session.logmodels import log_schema

    return json.dumps(log_schema(), indent=2, ensure_ascii=False) + "\n"


def codebook_text() -> str:
    import json

    from ..session.codebook import codebook

    return json.dumps(codebook(), indent=2, ensure_ascii=False) + "\n"


def run(args: argparse.Namespace) -> int:
    from ..scenario.jsonschema import schema_text
    from .new import write_atomically

    if args.log:
        text = log_schema_text()
    elif args.codebook:
        text = codebook_text()
    else:
        text = schema_text()
    if args.output:
        write_atomically(args.output, text, overwrite=args.force)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
