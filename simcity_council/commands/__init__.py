"""The commands of ``simcity-council``, one module each (see ``simcity_council/cli.py``)."""

from __future__ import annotations

import argparse


def add_section_option(
    parser: argparse.ArgumentParser,
    text: str = "only sessions of this class section (repeat for several)",
) -> None:
    """``--section NAME`` (repeatable) for the commands that read a class's logs."""
    parser.add_argument("--section", action="append", default=[], metavar="NAME", help=text)
