"""`simcity-council new ID [-o FILE]`: a commented template scenario that validates as written."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

HELP = "write a commented template scenario (stdout, or -o FILE; replaces a file only with --force)"

_ID = re.compile(r"[a-z][a-z0-9_]*")
SCHEMA_NAME = "scenario.schema.json"  # written beside a new scenario for editor completion


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="the new scenario's id, e.g. riverside_2019")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def template_for(ident: str) -> str:
    """The template text with ``ident`` as ``meta.id`` and a title made from it."""
    from ..scenario import builtin_path

    text = builtin_path("template").read_text(encoding="utf-8")
    title = ident.replace("_", " ").strip().title()
    text, ids = re.subn(r"(?m)^(  id: )template\b", rf"\g<1>{ident}", text, count=1)
    text, titles = re.subn(r"(?m)^(  title: )Template Town", rf"\g<1>{title}", text, count=1)
    text = text.replace("Template Town", title)  # the city and the texts that name it
    # The new file lives outside this repository: point editors at a schema beside it.
    text, schemas = re.subn(
        r"(?m)^(# yaml-language-server: \$schema=)\S+", rf"\g<1>{SCHEMA_NAME}", text, count=1
    )
    if not (ids and titles and schemas):  # the template lost its placeholders: a packaging error
        from ..errors import CouncilError

        raise CouncilError("the built-in template is damaged: reinstall simcity-council")
    return text


def write_atomically(path: str | os.PathLike[str], text: str, overwrite: bool) -> None:
    """Write ``text`` to ``path`` through the output layer (:func:`..safeout.write_file`): whole or
    not at all; an existing file only with ``overwrite``; never onto a device or a pipe."""
    from ..safeout import write_file

    write_file(path, text, force=overwrite, create_folder=False)


def _same_text(path: Path, text: str) -> bool:
    """Whether ``path`` holds ``text`` (False when it cannot be read: say so, harmlessly)."""
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError

    if not _ID.fullmatch(args.id) or len(args.id) > 64:
        suggestion = re.sub(r"[^a-z0-9]+", "_", args.id.lower()).strip("_")
        hint = f"; try '{suggestion}'" if _ID.fullmatch(suggestion) else ""
        raise UsageError(
            f"'{args.id}' is not a valid id: use lower-case letters, digits and '_', starting "
            f"with a letter{hint}"
        )
    text = template_for(args.id)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    write_atomically(args.output, text, overwrite=args.force)
    schema = Path(args.output).parent / SCHEMA_NAME
    note = ""
    from ..scenario.jsonschema import schema_text

    if not os.path.lexists(schema):
        write_atomically(schema, schema_text(), overwrite=False)
        note = f" and {schema} (your editor's completion and tooltips)"
    elif not _same_text(schema, schema_text()):  # kept: it is not ours to replace
        print(
            f"note: kept {schema}, which is not this version's schema (an editor may flag "
            f"fields it lacks); replace it with: simcity-council schema -o {schema} --force",
            file=sys.stderr,
        )
    print(
        f"wrote {args.output}{note}; check it with: simcity-council validate {args.output}",
        file=sys.stderr,
    )
    return 0
