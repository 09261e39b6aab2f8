"""`simcity-council export LOG_OR_DIR... --format csv|xapi -o OUT`: tidy CSV or xAPI statements."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..textsafe import clean

HELP = "export session logs as tidy CSV files (a folder) or xAPI statements (a JSON file)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "logs", nargs="+", metavar="LOG_OR_DIR", help="log files or folders of them"
    )
    parser.add_argument("--format", choices=("csv", "xapi"), required=True, help="output format")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="csv: a folder (sessions.csv, turns.csv, groups.csv, ...); xapi: a .json file",
    )
    parser.add_argument(
        "--base-iri",
        default=None,
        metavar="IRI",
        help="xapi: your institution's base IRI for activities and accounts",
    )
    parser.add_argument(
        "--skip-bad", action="store_true", help="leave out unusable logs instead of stopping"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace OUT (csv: the files in it) if it exists"
    )


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..session.collect import collect_logs

    if args.base_iri is not None and args.format != "xapi":
        raise UsageError("--base-iri applies to --format xapi only")
    _check_outputs(args.format, Path(args.output), args.force)  # before reading any log
    collected = collect_logs(args.logs, skip_bad=args.skip_bad)
    for warning in collected.warnings:
        print(clean(f"warning: {warning}"), file=sys.stderr)
    logs = collected.logs
    if args.format == "csv":
        from ..session.export_csv import export_csv

        written = export_csv(logs, args.output, force=args.force)
        print(f"exported {len(logs)} session(s) to {', '.join(str(p) for p in written)}")
    else:
        from ..session.xapi import DEFAULT_BASE, export_xapi

        base = args.base_iri or DEFAULT_BASE
        if not base.startswith(("http://", "https://")):
            raise UsageError(f"--base-iri must be an http(s) IRI, got {base!r}")
        count = export_xapi(logs, args.output, base, force=args.force)
        print(f"exported {count} xAPI statement(s) from {len(logs)} session(s) to {args.output}")
    return 0


def _check_outputs(kind: str, out: Path, force: bool) -> None:
    """Refuse at once what the writers would refuse after reading every log."""
    from ..safeout import Outputs
    from ..session.export_csv import COLUMNS

    if kind == "xapi":
        Outputs([out], force=force, create_folder=False)
    elif os.path.isdir(out):
        Outputs([out / f"{name}.csv" for name in COLUMNS], force=force)
