"""`simcity-council report LOG_OR_DIR... -o OUT.html`: the class debrief for instructors."""

from __future__ import annotations

import argparse
import sys

from ..textsafe import clean
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
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")


def run(args: argparse.Namespace) -> int:
    from ..safeout import check_target
    from ..session.collect import Selection, collect_logs
    from ..session.report import write_report

    check_target(args.output, force=args.force)  # before reading a class's worth of logs
    selection = Selection(sections=tuple(args.section), include_auto=args.include_auto)
    collected = collect_logs(args.logs, skip_bad=args.skip_bad, selection=selection)
    for warning in collected.warnings:
        print(clean(f"warning: {warning}"), file=sys.stderr)
    if collected.summary():
        print(clean(f"note: {collected.summary()}"), file=sys.stderr)
    path = write_report(collected.logs, args.output, collected.summary(), force=args.force)
    print(f"wrote the class report for {len(collected.logs)} session(s) to {path}")
    return 0
