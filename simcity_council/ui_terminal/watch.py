"""``play --watch``: notice when the scenario file is saved, while the terminal game waits.

:class:`Watcher` remembers the file's size, time and content hash. The prompter calls
:meth:`Watcher.wait_for_input` before it reads a line: at a terminal it waits for the line in
short steps and looks at the file in between, so a save is noticed at once; reading from a pipe or
a test it looks once. A change raises :class:`ScenarioChanged`, which the game catches to reload
the file and replay the choices made so far (see :meth:`TerminalUI._reload`).
"""

from __future__ import annotations

import hashlib
import os
import select
from pathlib import Path
from typing import TextIO


class ScenarioChanged(Exception):
    """The watched scenario file was saved with new content."""


class Watcher:
    """Watches one file. ``interval`` is how often (seconds) a waiting terminal looks at it."""

    def __init__(self, path: Path, interval: float = 0.4) -> None:
        self.path = Path(path)
        self.interval = interval
        self._seen = self._stamp()
        self._hash = self._digest()

    def _stamp(self) -> tuple[int, int]:
        try:
            info = self.path.stat()
        except OSError:
            return (-1, -1)
        return (info.st_mtime_ns, info.st_size)

    def _digest(self) -> str:
        from ..errors import InputError
        from ..safeio import read_bytes
        from ..scenario.loader import MAX_BYTES

        try:  # never blocks on a file swapped for a named pipe; a scenario's size cap
            return hashlib.sha256(read_bytes(self.path, limit=MAX_BYTES)).hexdigest()
        except InputError:
            return ""

    def changed(self) -> bool:
        """Whether the file has new content since it was last seen (and note it as seen)."""
        stamp = self._stamp()
        if stamp == self._seen:
            return False
        self._seen = stamp
        digest = self._digest()
        if digest == self._hash or not digest:
            return False  # saved unchanged, or half written: look again later
        self._hash = digest
        return True

    def check(self) -> None:
        """Raise :class:`ScenarioChanged` if the file has new content."""
        if self.changed():
            raise ScenarioChanged

    def wait_for_input(self, stream: TextIO) -> None:
        """Return when a line can be read from ``stream``; raise :class:`ScenarioChanged` as soon
        as the file changes meanwhile."""
        self.check()
        try:
            fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            return  # not a real file (a test): looking once is all we can do
        if os.name != "posix" or not os.isatty(fd):
            return
        while True:
            ready, _, _ = select.select([fd], [], [], self.interval)
            if ready:
                return
            self.check()
