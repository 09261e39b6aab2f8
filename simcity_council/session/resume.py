"""Continue a session after a crash or a stop: replay its log, then keep writing to the same file.

The resume is recorded as a line of its own (who plays from here on, in which front end), so a
log says where a session was continued and whether a policy finished a game a person began.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LogError
from ..safeout import reason
from .lock import LogLock
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
    ``notes`` say so, for the front end to show. Anything else wrong is a ``LogError``. While the
    recorder is open, no other game may write the log (:mod:`.lock`): a second one is refused.
    """
    path = Path(path)
    lock = LogLock.acquire(path, frontend)  # before reading: no other game may write meanwhile
    try:
        log = read_log(path)
        game = replay_game(log, ScenarioCache().get(log))
        notes = [lock.note()] if lock.note() else []
        if log.truncated is not None:
            notes.append(log.truncated.message(str(path)) + "; it was removed")
        if log.whole_bytes < log.size:
            # a partial line, or blank lines an editor added
            _repair(path, _truncate, log.whole_bytes)
        if not log.ends_with_newline:
            _repair(path, _append_newline)  # the last line is whole but lacks its newline
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
            lock=lock,
        )
        recorder.record_resume(frontend, partial_line_removed=log.truncated is not None)
    except BaseException:
        lock.release()
        raise
    return game, recorder


def _repair(path: Path, fix: Callable[..., None], *args: int) -> None:
    try:
        fix(path, *args)
    except OSError as error:
        raise LogError(
            f"cannot repair the log's last line: {reason(error)[0]}; nothing was changed",
            str(path),
        ) from None


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
