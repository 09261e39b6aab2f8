"""Policy names from the command line, with ``script:FILE`` read by the input layer first.

A script file comes from outside like a scenario: before the engine's
:func:`~simcity_council.engine.policies.make_policy` reads it, it must be a regular file of at
most :data:`~simcity_council.safeio.MAX_SCRIPT_BYTES` bytes of UTF-8 text without control
characters, and parse under the same limits as a scenario (YAML: nesting, values, aliases and tags
as in :mod:`.scenario.loader`; JSON: :func:`~simcity_council.safeio.loads_json`). So a FIFO, a
device, a binary file or an alias bomb given as ``script:FILE`` is refused with the file named,
before anything is played.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ScenarioError, UsageError
from .safeio import MAX_SCRIPT_BYTES, loads_json, read_text

if TYPE_CHECKING:
    from .engine.policies import Policy

SCRIPT_PREFIX = "script:"


def check_script(path: Path) -> None:
    """Raise :class:`~simcity_council.errors.InputError` (or ``ScenarioError`` for YAML problems,
    each located) unless ``path`` is a script file the engine can safely read."""
    read_script_text(path)


def read_script_text(path: Path) -> str:
    """The text of a script file, checked as :func:`check_script` says. The engine's
    :func:`~simcity_council.engine.script.load_script` parses this text, the one checked (not
    the file again, which could have been swapped meanwhile)."""
    return read_checked_text(path, "script")


def read_checked_text(path: Path, what: str, yaml: bool = True) -> str:
    """The text of a small file from the command line (a script, a questions file): a regular
    UTF-8 file of at most :data:`~simcity_council.safeio.MAX_SCRIPT_BYTES` bytes without control
    characters that, as JSON (``.json``) or YAML (other names, when ``yaml``), parses under the
    scenario's limits. A missing file is a usage error (exit 2)."""
    display = str(path)
    if not os.path.lexists(path):  # a wrong name on the command line: a usage error (exit 2)
        raise UsageError(f"cannot read the {what} {display}: no such file")
    text = read_text(path, display, limit=MAX_SCRIPT_BYTES, what=f"{what} file")
    if path.suffix.lower() == ".json":
        loads_json(text, display)
        return text
    if not yaml:
        return text
    from .scenario.loader import compose_text

    _, problems = compose_text(text, display)
    if problems:
        raise ScenarioError(problems)
    return text


def make_checked_policy(name: str) -> Policy:
    """:func:`~simcity_council.engine.policies.make_policy`, after :func:`check_script` for a
    ``script:FILE`` policy."""
    if name.startswith(SCRIPT_PREFIX):
        check_script(Path(name[len(SCRIPT_PREFIX) :]))
    from .engine.policies import make_policy

    return make_policy(name)
