"""Writing the files a command generates: whole or not at all, readable as the user's umask says.

Every file a command writes for the user (a new scenario, the schema, a story map, an export) is
written to a temporary file in the same folder and moved into place, so a reader never sees half
a file; and it gets the permissions any program of the user's would give it (``0o666`` less the
umask), not the owner-only ``0o600`` of a temporary file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path


def umask_mode(base: int = 0o666) -> int:
    """``base`` less the process umask (how ``open()`` would create a file)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
        found = re.search(r"^Umask:\s*([0-7]+)", status, re.MULTILINE)
        if found:
            return base & ~int(found.group(1), 8)
    except OSError:
        pass
    mask = os.umask(0o022)  # no other way to read it: set it back at once
    os.umask(mask)
    return base & ~mask


def give_umask_mode(path: str | os.PathLike[str]) -> None:
    """Give a file made by ``tempfile.mkstemp`` (owner-only) the usual permissions."""
    os.chmod(path, umask_mode())
