"""`simcity-council export LOG_OR_DIR... --format csv|parquet|xapi [-o OUT] [--lrs URL]`: tidy
tables (CSV or Parquet) or xAPI statements (a file, or posted to a learning record store)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..textsafe import clean
from . import add_section_option

HELP = (
    "export session logs as tidy tables (csv, parquet: a folder) or xAPI statements (a JSON "
    "file, or sent to an LRS with --lrs)"
)
MAX_KEY_BYTES = 65_536  # a pseudonymisation key file: a key of some tens of bytes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "logs", nargs="+", metavar="LOG_OR_DIR", help="log files or folders of them"
    )
    parser.add_argument(
        "--format", choices=("csv", "parquet", "xapi"), required=True, help="output format"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="csv, parquet: a folder (sessions, turns, groups, ... and codebook.json); "
        "xapi: a .json file (optional with --lrs)",
    )
    parser.add_argument(
        "--base-iri",
        default=None,
        metavar="IRI",
        help="xapi: your institution's base IRI for activities and accounts",
    )
    parser.add_argument(
        "--lrs",
        metavar="URL",
        help="xapi: send the statements to this learning record store's xAPI endpoint",
    )
    parser.add_argument(
        "--auth",
        metavar="USER:PASSWORD",
        help="xapi --lrs: HTTP basic credentials (or set SIMCITY_COUNCIL_LRS_AUTH, which "
        "keeps them out of the shell history)",
    )
    parser.add_argument(
        "--pseudonymise",
        "--pseudonymize",
        metavar="KEY",
        help="replace players and session ids by keyed hashes (HMAC-SHA256) of KEY, the same "
        "in every file and run; @FILE reads the key from a file",
    )
    add_section_option(parser)
    parser.add_argument(
        "--exclude-auto",
        action="store_true",
        help="leave out sessions a policy played any turn of (demos, tests)",
    )
    parser.add_argument(
        "--include-no-consent",
        action="store_true",
        help="also export sessions recorded with --consent no (left out by default)",
    )
    parser.add_argument(
        "--skip-bad", action="store_true", help="leave out unusable logs instead of stopping"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace OUT (csv: the files in it) if it exists"
    )


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..session.collect import Selection, collect_logs

    xapi = args.format == "xapi"
    for name, value in (("--base-iri", args.base_iri), ("--lrs", args.lrs), ("--auth", args.auth)):
        if value is not None and not xapi:
            raise UsageError(f"{name} applies to --format xapi only")
    if args.auth is not None and args.lrs is None:
        raise UsageError("--auth goes with --lrs URL")
    if args.output is None and not (xapi and args.lrs):
        raise UsageError("-o OUT is needed (with --format xapi, or --lrs URL)")
    if args.output is not None:
        _check_outputs(args.format, Path(args.output), args.force)  # before reading any log
    if xapi:  # a bad IRI or URL is a usage error before any log is read or file written
        _check_base(args.base_iri)
        if args.lrs is not None:
            from ..session.lrs import statements_endpoint

            statements_endpoint(args.lrs)
    pseudonymiser = _pseudonymiser(args.pseudonymise) if args.pseudonymise else None
    selection = Selection(
        sections=tuple(args.section),
        include_auto=not args.exclude_auto,
        include_no_consent=args.include_no_consent,
    )
    collected = collect_logs(args.logs, skip_bad=args.skip_bad, selection=selection)
    for warning in collected.warnings:
        print(clean(f"warning: {warning}"), file=sys.stderr)
    if collected.summary():
        print(clean(f"note: {collected.summary()}"), file=sys.stderr)
    logs = collected.logs
    if args.format == "csv":
        from ..session.export_csv import export_csv

        written = export_csv(logs, args.output, pseudonymiser, force=args.force)
        print(f"exported {len(logs)} session(s) to {', '.join(str(p) for p in written)}")
    elif args.format == "parquet":
        from ..session.export_parquet import export_parquet

        written = export_parquet(logs, args.output, pseudonymiser, force=args.force)
        print(f"exported {len(logs)} session(s) to {', '.join(str(p) for p in written)}")
    else:
        _xapi(args, logs, pseudonymiser)
    return 0


def _check_base(base_iri: str | None) -> str:
    """The base IRI of the statements' activities (the default, or an http(s) IRI)."""
    from ..errors import UsageError
    from ..session.xapi import DEFAULT_BASE

    base = base_iri or DEFAULT_BASE
    if not base.startswith(("http://", "https://")):
        raise UsageError(f"--base-iri must be an http(s) IRI, got {base!r}")
    return base


def _xapi(args: argparse.Namespace, logs, pseudonymiser) -> None:  # noqa: ANN001
    from ..session.xapi import statements, write_statements

    base = _check_base(args.base_iri)
    data = statements(logs, base, pseudonymiser=pseudonymiser)
    if args.output is not None:
        write_statements(data, args.output, force=args.force)
        print(
            f"exported {len(data)} xAPI statement(s) from {len(logs)} session(s) to {args.output}"
        )
    if args.lrs is not None:
        from ..session.lrs import AUTH_ENV, post_statements

        auth = args.auth if args.auth is not None else os.environ.get(AUTH_ENV)
        report = post_statements(data, args.lrs, auth)
        print(clean(report.text()) + f" (from {len(logs)} session(s))")


def _check_outputs(kind: str, out: Path, force: bool) -> None:
    """Refuse at once what the writers would refuse after reading every log."""
    from ..safeout import Outputs
    from ..session.export_csv import output_names

    if kind == "xapi":
        Outputs([out], force=force, create_folder=False)
    elif os.path.isdir(out):
        Outputs([out / name for name in output_names(kind)], force=force)


def _pseudonymiser(key: str):  # noqa: ANN202
    from ..errors import UsageError
    from ..session.privacy import Pseudonymiser

    if key.startswith("@"):
        from ..errors import InputError
        from ..safeio import read_bytes

        try:
            raw = read_bytes(key[1:], limit=MAX_KEY_BYTES, what="key file").strip()
        except InputError as error:
            raise UsageError(f"--pseudonymise: cannot use the key file: {error}") from None
    else:
        raw = key.encode("utf-8")
    try:
        return Pseudonymiser(raw)
    except ValueError as error:
        raise UsageError(
            f"--pseudonymise: {error} (use a long random key and keep it safe)"
        ) from None
