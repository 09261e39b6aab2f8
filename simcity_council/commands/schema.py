"""`simcity-council schema [-o FILE]`: the JSON Schema of the scenario format."""

from __future__ import annotations

import argparse
import sys

HELP = "print the JSON Schema of the scenario format (for editor completion and checks)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="write it to FILE instead of stdout")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace) -> int:
    from ..scenario.jsonschema import schema_text
    from .new import write_atomically

    text = schema_text()
    if args.output:
        write_atomically(args.output, text, overwrite=args.force)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
