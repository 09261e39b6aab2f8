"""`simcity-council new ID [-o FILE]`: a commented template scenario that validates as written."""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HELP = "write a commented template scenario (stdout, or -o FILE; never overwrites)"

_ID = re.compile(r"[a-z][a-z0-9_]*")
SCHEMA_NAME = "scenario.schema.json"  # written beside a new scenario for editor completion


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="the new scenario's id, e.g. riverside_2019")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def template_for(ident: str) -> str:
    """The template text with ``ident`` as ``meta.id`` and a title made from it."""
    from ..scenario import builtin_path

    text = builtin_path("template").read_text(encoding="utf-8")
    title = ident.replace("_", " ").strip().title()
    text, ids = re.subn(r"(?m)^(  id: )template\b", rf"\g<1>{ident}", text, count=1)
    text, titles = re.subn(r"(?m)^(  title: )Template Town", rf"\g<1>{title}", text, count=1)
    # The new file lives outside this repository: point editors at a schema beside it.
    text, schemas = re.subn(
        r"(?m)^(# yaml-language-server: \$schema=)\S+", rf"\g<1>{SCHEMA_NAME}", text, count=1
    )
    if not (ids and titles and schemas):  # the template lost its placeholders: a packaging error
        from ..errors import CouncilError

        raise CouncilError("the built-in template is damaged: reinstall simcity-council")
    return text


def write_atomically(path: str | os.PathLike[str], text: str, overwrite: bool) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, so a reader never
    sees half a file. Without ``overwrite``, an existing file is left alone (exit 1)."""
    from ..errors import Problem, ScenarioError
    from ..files import give_umask_mode

    target = Path(path)

    def fail(message: str, hint: str = "") -> ScenarioError:
        return ScenarioError([Problem(str(target), 0, 0, "", message, hint)])

    if not overwrite and target.exists():
        raise fail("already exists; not overwriting it", "choose another name, or delete it first")
    folder = target.parent
    if not folder.is_dir():
        raise fail(f"the folder '{folder}' does not exist", "create it first")
    temp: str | None = None
    try:
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        give_umask_mode(temp)  # mkstemp makes it owner-only; a scenario is meant to be shared
        if overwrite:
            os.replace(temp, target)
        else:
            _link_new(temp, target, fail)
    except OSError as err:
        raise fail(f"cannot write it: {err.strerror or err}") from None
    finally:
        if temp is not None and os.path.exists(temp):
            os.unlink(temp)


def _link_new(temp: str, target: Path, fail: Callable[..., Exception]) -> None:
    """Move ``temp`` to ``target`` unless ``target`` exists (checked atomically where possible)."""
    try:
        os.link(temp, target)  # fails if the target appeared meanwhile
    except FileExistsError:
        raise fail("already exists; not overwriting it") from None
    except OSError:  # file systems without hard links
        if target.exists():
            raise fail("already exists; not overwriting it") from None
        os.replace(temp, target)


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
    write_atomically(args.output, text, overwrite=False)
    schema = Path(args.output).parent / SCHEMA_NAME
    note = ""
    if not schema.exists():
        from ..scenario.jsonschema import schema_text

        write_atomically(schema, schema_text(), overwrite=False)
        note = f" and {schema} (your editor's completion and tooltips)"
    print(
        f"wrote {args.output}{note}; check it with: simcity-council validate {args.output}",
        file=sys.stderr,
    )
    return 0
