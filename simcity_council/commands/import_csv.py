"""`simcity-council import-csv TABLE.csv --into SCENARIO.yaml`: groups x needs (or the city's
belief, or incidence) from a spreadsheet into a scenario file, keeping its comments and layout."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HELP = "fill groups' needs, belief or domains' incidence from a spreadsheet table (CSV)"
MAX_TABLE_BYTES = 1_000_000  # a groups x domains table is a few KB


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
    from ..errors import Problem, ScenarioError
    from ..safeout import failed
    from ..scenario import inspect_source
    from ..scenario.csvimport import plan_import, read_table, rewrite, weights
    from ..scenario.loader import read_document
    from .new import write_atomically

    table = read_table(read_table_text(args.table), str(args.table))
    doc, problems = read_document(args.into, str(args.into))
    if problems or not isinstance(doc.data, dict):
        raise ScenarioError(problems or [Problem(str(args.into), 1, 1, "", "not a scenario")])
    section, field, table = plan_import(table, doc.data, args.field)
    new = weights(table, doc.data, section, field)
    filled = rewrite(doc, section, field, new)
    target = args.output or args.into
    # the result must still validate (no new problem): write it beside the target first
    try:
        fd, temp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".import-check.yaml", dir=target.parent
        )
    except OSError as error:
        raise failed(target, error) from None
    check = Path(temp)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(filled)
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
    from ..textsafe import clean

    print(
        clean(f"{target}: {field} of {len(new)} {section} from {args.table} ({names})"),
        file=sys.stderr,
    )
    return 0


def read_table_text(path: Path) -> str:
    """The table's text, read by the input layer's rules (:mod:`..safeio`: a regular file of at
    most :data:`MAX_TABLE_BYTES`, no control characters): UTF-8, or Windows-1252 (spreadsheets
    on Windows save CSV this way)."""
    from ..errors import InputError
    from ..safeio import decode_utf8, read_bytes, refuse_controls

    name = str(path)
    raw = read_bytes(path, name, limit=MAX_TABLE_BYTES, what="table")
    try:
        text = decode_utf8(raw, name)
    except InputError as error:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise error from None
    return refuse_controls(text.replace("\r\n", "\n"), name)
