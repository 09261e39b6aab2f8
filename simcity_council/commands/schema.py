"""`simcity-council schema [-o FILE]`: the JSON Schema of the scenario format."""

from __future__ import annotations

import argparse
import sys

HELP = "print the JSON Schema of the scenario format (for editor completion and checks)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="write it to FILE instead of stdout")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace) -> int:
    from ..safeout import write_file
    from ..scenario.jsonschema import schema_text

    text = schema_text()
    if args.output:
        write_file(args.output, text, force=args.force, create_folder=False)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
