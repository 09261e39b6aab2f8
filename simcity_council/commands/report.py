"""`simcity-council report LOG_OR_DIR... -o OUT.html`: the class debrief for instructors."""

from __future__ import annotations

import argparse
import sys

from . import add_section_option

HELP = "a class debrief report (one self-contained HTML file) from collected session logs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("logs", nargs="+", metavar="LOG_OR_DIR", help="log files or folders")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="the .html file")
    add_section_option(parser)
    parser.add_argument(
        "--include-auto",
        action="store_true",
        help="count sessions a policy played any turn of (demos, tests); left out by default",
    )
    parser.add_argument(
        "--skip-bad", action="store_true", help="leave out unusable logs instead of stopping"
    )


def run(args: argparse.Namespace) -> int:
    from ..session.collect import Selection, collect_logs
    from ..session.report import write_report

    selection = Selection(sections=tuple(args.section), include_auto=args.include_auto)
    collected = collect_logs(args.logs, skip_bad=args.skip_bad, selection=selection)
    for warning in collected.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if collected.summary():
        print(f"note: {collected.summary()}", file=sys.stderr)
    path = write_report(collected.logs, args.output, collected.summary())
    print(f"wrote the class report for {len(collected.logs)} session(s) to {path}")
    return 0
