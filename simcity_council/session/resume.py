"""Continue a session after a crash or a stop: replay its log, then keep writing to the same file.

The resume is recorded as a line of its own (who plays from here on, in which front end), so a
log says where a session was continued and whether a policy finished a game a person began.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .logformat import SuspendRecord, read_log
from .recorder import _BINARY, SessionRecorder
from .replay import ScenarioCache, replay_game

if TYPE_CHECKING:
    from ..engine import Game


def resume_session(
    path: str | Path, *, frontend: str = "api", policy: str | None = None
) -> tuple[Game, SessionRecorder]:
    """Restore the game of a log exactly (replaying and verifying every recorded turn) and return
    it with a recorder that appends to the same file, after a resume line saying that
    ``policy`` (None: a person) plays on in ``frontend``.

    A partial last line (the process stopped while writing it) is cut off first; the recorder's
    ``notes`` say so, for the front end to show. Anything else wrong is a ``LogError``.
    """
    path = Path(path)
    log = read_log(path)
    game = replay_game(log, ScenarioCache().get(log))
    notes: list[str] = []
    if log.truncated is not None:
        notes.append(log.truncated.message(str(path)) + "; it was removed")
    if log.whole_bytes < log.size:
        _truncate(path, log.whole_bytes)  # a partial line, or blank lines an editor added
    if not log.ends_with_newline:
        _append_newline(path)  # the last line is whole but its newline was never written
    recorder = SessionRecorder(
        path,
        game,
        len(log.turns),
        tuple(notes),
        log.end is not None,
        log.header.player,
        last_hash=log.hashes[-1],
        policy=policy,
        stopped=bool(log.records) and isinstance(log.records[-1], SuspendRecord),
    )
    recorder.record_resume(frontend, partial_line_removed=log.truncated is not None)
    return game, recorder


def _truncate(path: Path, size: int) -> None:
    fd = os.open(path, os.O_WRONLY | _BINARY)
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    finally:
        os.close(fd)


def _append_newline(path: Path) -> None:
    """The last line is whole but lacks its newline (cut just before it): complete it."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | _BINARY)
    try:
        os.write(fd, b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
