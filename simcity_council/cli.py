"""The one command-line entry point: ``simcity-council COMMAND ...``.

Each command lives in ``simcity_council/commands/<name>.py`` and exposes::

    HELP: str                                   # one line for ``--help``
    def add_arguments(parser) -> None           # its options
    def run(args) -> int                        # the exit code

Command modules import heavy dependencies (numpy, pygame) inside ``run`` so that ``--help`` and
``validate`` start fast. Every user-facing failure is a
:class:`~simcity_council.errors.CouncilError`,
printed on stderr without a traceback unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import __version__
from .errors import CouncilError
from .textsafe import clean

COMMANDS = (
    "play",
    "validate",
    "graph",
    "schema",
    "new",
    "batch",
    "balance",
    "replay",
    "whatif",
    "export",
    "report",
    "bench",
    "import-csv",
)


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors say how to get help."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n(run '{self.prog} --help' for help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="simcity-council",
        description="A public-administration training game: listen, decide, and see who gains.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f".commands.{name.replace('-', '_')}", __package__)
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        # SUPPRESS: without it the sub-command's default (False) overwrites a `--debug` given
        # before the command name, and `simcity-council --debug validate ...` shows no traceback.
        cmd.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
        module.add_arguments(cmd)
        cmd.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        # `simcity-council` alone plays, like `python main.py`.
        args = parser.parse_args(["play", *(["--debug"] if args.debug else [])])
    try:
        return int(args._module.run(args) or 0)
    except CouncilError as error:
        if args.debug:
            raise
        text = clean(str(error))  # messages quote file names and values: no escapes
        print(f"error: {text}" if not _is_located(error) else text, file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        if args.debug:
            raise
        print("\ninterrupted; nothing was lost that had been saved.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _is_located(error: CouncilError) -> bool:
    """Errors that already start with ``file:line:col`` print as they are."""
    from .errors import InputError, ScenarioError

    return isinstance(error, (ScenarioError, InputError))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
