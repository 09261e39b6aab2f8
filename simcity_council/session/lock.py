"""One game writes a session log at a time.

While a game has a log open (from :meth:`SessionRecorder.create` or ``play --resume`` until the
game is closed), a lock file ``LOG.lock`` sits beside the log, and the game holds an operating
system lock on it: ``flock`` on POSIX, ``msvcrt.locking`` on Windows. The OS lock is the truth:
the system releases it when the process ends for any reason (crash, ``kill -9``, power loss), so a
lock can never outlive its game. The file's contents only say who holds it (process id, host,
since when, which front end), for the message a second game shows::

    LOG: this game is already open (process 4242 on host 'lab-07' since 2026-12-02T10:32:05Z,
    in the terminal); finish or close it there first

A lock file left behind by a crashed game is *stale*: its OS lock is free. The next game takes it
over (and says whose it was, and whether that process is still running). Taking over is safe even
when two games start at once: each locks the file it opened and then checks that this file is
still the one at ``LOG.lock``; a game that released its lock removes the file first, so a late
comer that locked the removed file tries again. Where the file system offers no OS locks (some
network shares), the process id decides: a lock whose process is alive on this host is held.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
import time
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import LogError

LOCK_SUFFIX = ".lock"
_WINDOWS_LOCK_OFFSET = 1 << 30  # lock a byte far past the text, so that it stays readable
_NO_OS_LOCKS = (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL, getattr(errno, "ENOTSUP", -1))
_MAX_INFO = 4096

# Locks this process holds, by lock file: a second open of the same log in one process (the
# window going back to its title screen and resuming) takes the lock over from the first.
_HELD: dict[str, LogLock] = {}


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) a lock, as written in the lock file."""

    pid: int
    host: str
    since: str
    frontend: str

    def describe(self) -> str:
        """The holder in words (process, host, since when, which front end), for error messages."""
        where = {"gui": "in the game window", "text": "in the terminal"}.get(
            self.frontend, f"front end {self.frontend!r}" if self.frontend else ""
        )
        text = f"process {self.pid} on host {self.host!r} since {self.since}"
        return f"{text}, {where}" if where else text

    def alive(self) -> bool | None:
        """Whether the process still runs (None: on another host, or cannot tell)."""
        if self.host != socket.gethostname():
            return None
        return _pid_alive(self.pid)


def lock_path_of(log: Path) -> Path:
    """``LOG.lock`` beside the log's real path (so two names of one log share one lock)."""
    real = Path(os.path.realpath(log))
    return real.with_name(real.name + LOCK_SUFFIX)


class LogLock:
    """A held lock; :meth:`release` (or the end of the process) lets it go."""

    def __init__(self, log: Path, path: Path, fd: int, taken_over: Holder | None) -> None:
        self.log = log
        self.path = path
        #: The holder of a stale lock that was taken over (its game ended without releasing it).
        self.taken_over = taken_over
        self._fd: int | None = fd
        self._finalizer = weakref.finalize(self, _release, fd, str(path))

    @property
    def held(self) -> bool:
        """Whether this lock is still held: not released, and its file descriptor still open."""
        return self._fd is not None and self._finalizer.alive

    def note(self) -> str:
        """A sentence for the player when a stale lock was taken over, else ''."""
        if self.taken_over is None:
            return ""
        state: dict[bool | None, str] = {
            True: "still running, but it no longer holds the log",
            False: "no longer running",
        }
        alive = state.get(self.taken_over.alive(), "")
        return f"{self.log}: took over the lock left by {self.taken_over.describe()}" + (
            f" ({alive})" if alive else ""
        )

    def release(self) -> None:
        """Remove the lock file and let the OS lock go (idempotent)."""
        if self._fd is None:
            return
        self._fd = None
        _HELD.pop(str(self.path), None)
        self._finalizer()

    def _hand_over(self) -> int:
        """Give this lock's file descriptor to a new holder in this process."""
        fd = self._fd
        assert fd is not None  # only held locks are in _HELD
        self._fd = None
        self._finalizer.detach()
        return fd

    @classmethod
    def acquire(cls, log: str | os.PathLike[str], frontend: str = "") -> LogLock:
        """Lock ``log`` for writing, or raise :class:`LogError` saying who has it."""
        log = Path(log)
        path = lock_path_of(log)
        mine = _HELD.pop(str(path), None)
        if mine is not None and mine.held:
            fd = mine._hand_over()
            _write_holder(fd, frontend)
            return cls._register(log, path, fd, None)
        for _ in range(20):
            fd = _open(path, log)
            try:
                locked = _os_lock(fd)
            except BlockingIOError:
                holder = _wait_for_holder(path)
                os.close(fd)
                raise _held_error(log, holder) from None
            if not _still_at(fd, path):  # released (and removed) between our open and lock
                os.close(fd)
                continue
            previous = _read_holder(path)
            if not locked and previous is not None and previous.alive():
                os.close(fd)  # no OS locks here: a live process on this host holds it
                raise _held_error(log, previous)
            _write_holder(fd, frontend)
            return cls._register(log, path, fd, previous)
        raise LogError("cannot lock the log: its lock file keeps changing", str(log))

    @classmethod
    def _register(cls, log: Path, path: Path, fd: int, previous: Holder | None) -> LogLock:
        lock = cls(log, path, fd, previous)
        _HELD[str(path)] = lock
        return lock


def _open(path: Path, log: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise LogError(f"its lock file {path.name} is a link; remove it", str(log)) from None
        reason = (error.strerror or str(error)).lower()
        raise LogError(f"cannot lock the log ({path.name}: {reason})", str(log)) from None


def _os_lock(fd: int) -> bool:
    """Take the OS lock without waiting: True when taken, False when the file system has no OS
    locks; :class:`BlockingIOError` when another process holds it."""
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows (sys.platform: mypy checks it)
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError as error:
                raise BlockingIOError(*error.args) from None
            return True
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        raise
    except OSError as error:
        if error.errno in _NO_OS_LOCKS:
            return False
        if error.errno in (errno.EAGAIN, errno.EACCES):
            raise BlockingIOError(*error.args) from None
        return False  # an OS lock this file system does not offer: the process id decides


def _still_at(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _read_holder(path: Path) -> Holder | None:
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(_MAX_INFO).decode("utf-8"))
        return Holder(
            int(data["pid"]), str(data["host"])[:200], str(data["since"])[:40],
            str(data.get("frontend", ""))[:40],
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _wait_for_holder(path: Path) -> Holder | None:
    """Who holds the lock: a game that has just taken it writes who it is right after, so an
    empty lock file is read again for a moment."""
    for _ in range(25):
        holder = _read_holder(path)
        if holder is not None:
            return holder
        time.sleep(0.02)
    return None


def _write_holder(fd: int, frontend: str) -> None:
    since = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    info = {"pid": os.getpid(), "host": socket.gethostname(), "since": since}
    data = json.dumps({**info, "frontend": frontend}).encode("utf-8") + b"\n"
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)
    except OSError:
        pass  # who holds it is a courtesy; the OS lock is what counts


def _held_error(log: Path, holder: Holder | None) -> LogError:
    who = f" ({holder.describe()})" if holder is not None else ""
    return LogError(
        f"this game is already open{who}; finish or close it there first, then run the "
        "command again",
        str(log),
    )


def _release(fd: int, path: str) -> None:
    """Remove the lock file while still holding it, then let the OS lock go."""
    if os.name != "nt":
        try:
            os.unlink(path)
        except OSError:
            pass
    try:
        os.close(fd)
    except OSError:
        pass
    if os.name == "nt":  # pragma: no cover - Windows cannot remove an open file
        try:
            os.unlink(path)
        except OSError:
            pass


def _pid_alive(pid: int) -> bool | None:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows (sys.platform: mypy checks it)
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFO
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    except OSError:
        return None
    return True
