"""The output layer: every file a command writes is written here, whole or not at all.

* **Atomic.** The data goes to a temporary file in the target's folder (``.NAME.XXXX.tmp``),
  is flushed and fsynced, and is renamed over the target only when complete; the folder is
  fsynced after the rename. A reader sees the old file or the new one, never half of one. When
  anything fails (disk full, quota, read-only file system, permission denied, a file size limit)
  the temporary file is removed, the target is left as it was, and the command says so in one
  line (:class:`~simcity_council.errors.OutputError`, exit 1).
* **No overwriting without** ``--force``. Every command that writes (``schema -o``, ``new -o``,
  ``export -o``, ``report -o``) refuses an existing target unless given ``--force``; without it
  the rename is done with a hard link, so a file that appears meanwhile is not replaced either.
  (``graph -o`` and ``import-csv`` replace theirs: a map drawn again, a scenario filled in.)
* **Regular files only.** A target that is a device (``/dev/null``), a named pipe, a socket or a
  folder where a file is expected is refused, with or without ``--force``: replacing it would
  replace the device node, not write to it. A link to a regular file writes the file it points
  to (the link stays).
* **Modes.** A new scenario file, schema or story map gets the permissions any program of the
  user's would give it: ``0666`` less the umask (usually ``0644``, rw-r--r--: they are meant to
  be shared), not the owner-only ``0600`` of a temporary file (:mod:`.files`); a file replaced
  with ``--force`` keeps its permission bits. A writer may instead give a fixed ``mode``:
  research data (exports, reports, xAPI statements, which hold pseudonyms and written answers)
  is always owner-only, ``0600`` (:data:`~simcity_council.session.privacy.FILE_MODE`), new or
  replaced. Session logs are created owner-only by the recorder; their lock files (a process id
  and a host name) ``0644`` less the umask.

:func:`dumps` is ``json.dumps`` that never writes ``NaN`` or ``Infinity`` (not JSON): a value
that is not finite is written ``null``.
"""

from __future__ import annotations

import errno
import json
import math
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from .errors import OutputError
from .files import umask_mode
from .safeio import kind_of

_HINTS = {
    errno.ENOSPC: ("the disk is full", "free some space and run the command again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space and run the command again"),
    errno.EROFS: ("the file system is read-only", "choose a folder you can write to"),
    errno.EACCES: ("permission denied", "choose a folder you can write to"),
    errno.EPERM: ("permission denied", "choose a folder you can write to"),
    errno.EFBIG: ("the file is too large for this file system", "choose another disk"),
    errno.ENAMETOOLONG: ("the name is too long", "choose a shorter name"),
}


def reason(error: OSError) -> tuple[str, str]:
    """What went wrong in words ("the disk is full") and what to do about it (or "")."""
    return _HINTS.get(error.errno or 0, ((error.strerror or str(error)).rstrip(".").lower(), ""))


def failed(path: str | os.PathLike[str], error: OSError, doing: str = "write") -> OutputError:
    """A one-line message for an OSError while writing ``path``."""
    why, hint = reason(error)
    message = f"{os.fspath(path)}: cannot {doing} it: {why}; nothing was written"
    return OutputError(message + (f" ({hint})" if hint else ""))


def check_target(path: str | os.PathLike[str], *, force: bool, flag: str = "--force") -> Path:
    """The file to write for ``path``: refused if it is not a regular file, or if it exists and
    ``force`` is not given. A link to a regular file gives the file it points to."""
    target = Path(path)
    name = os.fspath(path)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        if os.path.lexists(target):
            raise OutputError(
                f"{name}: is a link to nothing; remove it or choose another name"
            ) from None
        return target
    except ValueError:
        raise OutputError(f"{name}: the file name contains a NUL character") from None
    except OSError as error:
        raise failed(name, error, "check") from None
    kind = kind_of(info.st_mode)
    if kind is not None:
        raise OutputError(
            f"{name}: is {kind}, not a regular file; choose the name of a file to write"
        )
    if not force:
        raise OutputError(
            f"{name}: already exists; not replacing it (pass {flag} to replace it, or choose "
            "another name)"
        )
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def check_folder(
    path: str | os.PathLike[str], *, create: bool, for_file: str | os.PathLike[str] = ""
) -> Path:
    """The folder ``path``, created (with its parents) when ``create``; refused if it is not a
    folder. ``for_file`` names the file to be written in it, for the message."""
    folder = Path(path)
    name = os.fspath(path)
    subject = f"{os.fspath(for_file)}: the folder {name!r}" if for_file else f"{name}: the folder"
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        if not create:
            raise OutputError(f"{subject} does not exist (create it first)") from None
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise failed(name, error, "create") from None
        return folder
    except (OSError, ValueError) as error:
        raise OutputError(f"{subject} cannot be used ({error})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{subject} is {kind_of(info.st_mode)}, not a folder")
    return folder


def write_file(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    force: bool,
    create_folder: bool = True,
    flag: str = "--force",
    mode: int | None = None,
) -> Path:
    """Write ``data`` to ``path`` atomically (see the module); the path written. ``mode``: the
    file's permission bits, new or replaced (default: the umask's, or the replaced file's)."""
    with Outputs([path], force=force, create_folder=create_folder, flag=flag, mode=mode) as out:
        out.write(path, data)
    return Path(path)


class Outputs:
    """Several files written as one: each to a temporary file, all renamed into place only when
    every one is complete. Targets are checked before anything is written. ``mode``: the files'
    permission bits, new or replaced (default: see the module).

    >>> with Outputs([a, b], force=False) as out:   # doctest: +SKIP
    ...     out.handle(a).write("...")
    ...     out.write(b, "...")
    """

    def __init__(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        force: bool,
        create_folder: bool = True,
        flag: str = "--force",
        mode: int | None = None,
    ) -> None:
        self._mode = mode
        self._targets: dict[str, Path] = {}
        problems: list[OutputError] = []
        for path in paths:
            try:
                self._targets[os.fspath(path)] = check_target(path, force=force, flag=flag)
            except OutputError as error:
                problems.append(error)
        if problems:
            extra = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise OutputError(f"{problems[0]}{extra}")
        for name, target in self._targets.items():
            parent = target.parent if str(target.parent) else Path(".")
            check_folder(parent, create=create_folder, for_file=name)
        self._force = force
        self._flag = flag
        self._temps: dict[str, tuple[Path, IO[Any]]] = {}

    def __enter__(self) -> Outputs:
        return self

    def handle(self, path: str | os.PathLike[str], binary: bool = False) -> IO[Any]:
        """An open file to write ``path``'s data to (text: UTF-8, ``\\n`` line ends)."""
        name = os.fspath(path)
        target = self._targets[name]
        folder = target.parent if str(target.parent) else Path(".")
        try:
            fd, temp = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".tmp", dir=folder)
        except OSError as error:
            raise failed(name, error) from None
        if binary:
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self._temps[name] = (Path(temp), handle)
        return handle

    def temp_path(self, path: str | os.PathLike[str]) -> Path:
        """The temporary file for ``path``'s data, closed, for a writer that opens files itself
        (it must write the whole file there; it is moved into place with the others)."""
        handle = self.handle(path, binary=True)
        temp, _ = self._temps[os.fspath(path)]
        try:
            handle.close()
        except OSError as error:
            raise failed(path, error) from None
        return temp

    def write(self, path: str | os.PathLike[str], data: str | bytes) -> None:
        """Write all of ``data`` for ``path``."""
        handle = self.handle(path, binary=isinstance(data, bytes))
        try:
            handle.write(data)
        except OSError as error:
            raise failed(path, error) from None

    def __exit__(self, kind: Any, value: Any, trace: Any) -> None:
        try:
            if kind is None:
                self._commit()
        finally:
            for temp, handle in self._temps.values():
                try:
                    handle.close()
                except OSError:
                    pass
                try:
                    temp.unlink()
                except OSError:
                    pass

    def _commit(self) -> None:
        for name, (temp, handle) in self._temps.items():
            try:
                if handle.closed:  # written by another writer (temp_path)
                    _fsync_file(temp)
                else:
                    handle.flush()
                    os.fsync(handle.fileno())
                    handle.close()
                os.chmod(temp, _mode_for(self._targets[name]) if self._mode is None else self._mode)
            except OSError as error:
                raise failed(name, error) from None
        for name, (temp, _) in self._temps.items():
            target = self._targets[name]
            try:
                if self._force:
                    os.replace(temp, target)
                else:
                    _link_new(temp, target, name, self._flag)
            except OSError as error:
                raise failed(name, error) from None
            _fsync_folder(target.parent if str(target.parent) else Path("."))


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return umask_mode()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_new(temp: Path, target: Path, name: str, flag: str) -> None:
    """Move ``temp`` to ``target`` unless ``target`` exists (atomically where links work)."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise OutputError(
            f"{name}: already exists; not replacing it (pass {flag} to replace it)"
        ) from None
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
            raise
        if os.path.lexists(target):  # a file system without hard links: check, then rename
            raise OutputError(f"{name}: already exists; not replacing it") from None
        os.replace(temp, target)
        return
    temp.unlink()


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX; Windows cannot open folders)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def finite(value: Any) -> Any:
    """``value`` with every float that is not finite replaced by ``None`` (JSON ``null``)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


def dumps(value: Any, **options: Any) -> str:
    """``json.dumps`` that writes ``null`` for NaN and infinities (never invalid JSON)."""
    return json.dumps(finite(value), allow_nan=False, **options)
