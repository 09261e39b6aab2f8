"""`simcity-council import-csv TABLE.csv --into SCENARIO.yaml`: groups x needs (or the city's
belief, or incidence) from a spreadsheet into a scenario file, keeping its comments and layout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "fill groups' needs, belief or domains' incidence from a spreadsheet table (CSV)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("table", type=Path, metavar="TABLE.csv", help="the table, saved as CSV")
    parser.add_argument(
        "--into", required=True, type=Path, metavar="SCENARIO", help="the scenario file to fill"
    )
    parser.add_argument(
        "--field",
        choices=("needs", "belief", "incidence"),
        help="what the table holds: needs (the default: groups' true needs over domains), "
        "belief (what the city believes they need), or incidence (how much of each domain "
        "reaches each group); groups may be the rows or the columns",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write the filled scenario here instead of changing SCENARIO",
    )


def run(args: argparse.Namespace) -> int:
    from ..errors import Problem, ScenarioError, UsageError
    from ..scenario import inspect_source
    from ..scenario.csvimport import plan_import, read_table, rewrite, weights
    from ..scenario.loader import read_document
    from .new import write_atomically

    try:
        raw = args.table.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read {args.table}: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # spreadsheets on Windows save CSV this way
    table = read_table(text, str(args.table))
    doc, problems = read_document(args.into, str(args.into))
    if problems or not isinstance(doc.data, dict):
        raise ScenarioError(problems or [Problem(str(args.into), 1, 1, "", "not a scenario")])
    section, field, table = plan_import(table, doc.data, args.field)
    new = weights(table, doc.data, section, field)
    filled = rewrite(doc, section, field, new)
    target = args.output or args.into
    # the result must still validate (no new problem): write it beside the target first
    check = target.with_name(f".{target.name}.import-check.yaml")
    try:
        check.write_text(filled, encoding="utf-8")
        _, after, _ = inspect_source(check)
    finally:
        check.unlink(missing_ok=True)
    _, before, _ = inspect_source(args.into)
    old = {(p.path, p.message) for p in before}
    added = [p for p in after if (p.path, p.message.replace(check.name, "")) not in old]
    if added:
        shown = [Problem(str(target), p.line, p.column, p.path, p.message, p.hint) for p in added]
        raise ScenarioError(shown)
    write_atomically(target, filled, overwrite=True)
    names = ", ".join(new)
    print(f"{target}: {field} of {len(new)} {section} from {args.table} ({names})", file=sys.stderr)
    return 0
