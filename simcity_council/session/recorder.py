"""Write a session log as the game goes: every line flushed and fsynced.

A crash (laptop battery, killed process) at any moment leaves a log that is valid up to its last
whole line; :func:`~simcity_council.session.resume.resume_session` continues it.
"""

from __future__ import annotations

import os
import secrets
import uuid
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from .. import __version__
from ..errors import GameError, LogError
from ..textsafe import clean
from .lock import LogLock
from .logformat import FORMAT_NAME, FORMAT_VERSION, LOG_SUFFIX, dumps_line

if TYPE_CHECKING:
    from ..engine import Game
    from ..engine.views import Scores, TurnResult, TurnView
    from ..scenario import LoadedScenario

APP_NAME = "simcity-council"
_MAX_PLAYER = 64
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def default_log_dir() -> Path:
    """Where logs go unless told otherwise: the user data folder / ``sessions``."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "sessions"


def new_pseudonym() -> str:
    """A random pseudonym such as ``player-7f3a`` (never a real name)."""
    return f"player-{secrets.token_hex(2)}"


def utc_now() -> str:
    """The current UTC time, ISO 8601 with a ``Z`` (metadata only: never in a digest)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def scenario_source(loaded: LoadedScenario) -> str:
    """How to find the scenario again: its built-in id, or the absolute path of its file
    (``~/...`` inside the home folder, so that no account name is recorded)."""
    from ..scenario import builtin_ids

    path = Path(loaded.path).resolve()
    builtin_dir = Path(str(resources.files("simcity_council._scenarios"))).resolve()
    if path.parent == builtin_dir and path.stem in builtin_ids():
        return path.stem
    try:
        # Never record the home folder: it usually carries the person's account name.
        inside_home = path.relative_to(Path.home().resolve())
    except (ValueError, RuntimeError):
        return str(path)
    return "~/" + inside_home.as_posix()


def without_home(value: Any) -> Any:
    """``value`` with the home folder written ``~`` in every string (settings may hold paths,
    e.g. ``{"auto": "script:/home/jane.doe/x.yaml"}``, and the folder names the account)."""
    if isinstance(value, str):
        for home in {str(Path.home().resolve()), str(Path.home())}:
            if len(home) > 1 and home in value:
                value = value.replace(home, "~")
        return value
    if isinstance(value, dict):
        return {key: without_home(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [without_home(item) for item in value]
    return value


def indicators_of(view: TurnView) -> dict[str, Any]:
    """The main indicators at the start of a turn, keyed like a turn line."""
    return {
        "trust": {g.id: g.trust for g in view.groups},
        "wellbeing": {g.id: g.wellbeing for g in view.groups},
        "engagement": {g.id: g.engagement for g in view.groups},
        "reserve": view.city.reserve,
        "resilience": view.city.resilience,
        "revenue": view.city.revenue,
        "indicators": dict(view.city.indicators),
    }


def turn_line(result: TurnResult, stances: dict[str, str], seconds: float | None) -> dict[str, Any]:
    """The log line of one turn (everything but ``seconds`` and ``time`` is replayable)."""
    return {
        "type": "turn",
        "turn": result.turn,
        "label": result.label,
        "choices": dict(result.choices.decisions),
        "stances": stances,
        "actions": list(result.choices.actions),
        "digest": result.digest,
        "trust": {g.id: g.trust.after for g in result.groups},
        "wellbeing": {g.id: g.wellbeing.after for g in result.groups},
        "engagement": {g.id: g.engagement.after for g in result.groups},
        "reserve": result.reserve.after,
        "resilience": result.resilience.after,
        "revenue": result.revenue.after,
        "indicators": {k: c.after for k, c in result.indicators.items()},
        "events": [e.id for e in result.events],
        "end_reason": result.end_reason,
        "seconds": None if seconds is None else float(seconds),
        "time": utc_now(),
    }


def stances_of(view: TurnView, decisions: dict[str, str]) -> dict[str, str]:
    """The stance tag of each chosen option, looked up in the turn's agenda."""
    by_decision = {d.id: {o.id: o.stance for o in d.options} for d in view.agenda}
    return {d: by_decision.get(d, {}).get(o, "") for d, o in decisions.items()}


def end_line(scores: Scores) -> dict[str, Any]:
    return {
        "type": "end",
        "scores": {
            "trust_mean": scores.trust_mean,
            "trust_min": scores.trust_min,
            "trust_gap": scores.trust_gap,
            "resilience": scores.resilience,
            "reserve": scores.reserve,
            "engagement": scores.engagement,
        },
        "objectives": [
            {"id": o.id, "label": o.label, "met": o.met, "weight": o.weight}
            for o in scores.objectives
        ],
        "end_reason": scores.end_reason,
        "ended": utc_now(),
    }


def append_line(path: Path, obj: dict[str, Any]) -> None:
    """Append one line and make it durable (flush + fsync) before returning.

    If the line cannot be written whole (disk full, quota, the file made read-only, removed
    media), what was written of it is cut off again, so the log stays valid up to its last whole
    line, and a :class:`LogError` says what happened and how to continue."""
    data = dumps_line(obj)
    try:
        # O_NONBLOCK: if the log was swapped for a named pipe, fail instead of waiting forever
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | _BINARY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise _not_saved(path, error) from None
    try:
        size = os.fstat(fd).st_size
        try:
            _write_all(fd, data)
            os.fsync(fd)
        except OSError as error:
            try:
                os.ftruncate(fd, size)
            except OSError:
                pass  # resume removes a partial last line anyway
            raise _not_saved(path, error) from None
    finally:
        os.close(fd)


def _why(error: OSError) -> str:
    """What went wrong and what to do, in words (the output layer's wording)."""
    from ..safeout import reason

    what, hint = reason(error)
    return what + (f" ({hint}, or play with --log-dir DIR)" if hint else "")


def _not_saved(path: Path, error: OSError) -> LogError:
    from ..safeout import reason

    return LogError(
        f"cannot save to the session log: {reason(error)[0]}. The log keeps every turn saved "
        f"before this one; fix that, then continue with: simcity-council play --resume {path}",
        str(path),
    )


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(folder: Path) -> None:
    """Make the new file's name durable too (POSIX; Windows cannot open folders)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class SessionRecorder:
    """Writes one session's log. Make one with :meth:`create` (or ``resume_session``)."""

    def __init__(
        self,
        path: Path,
        game: Game,
        turns_recorded: int,
        notes: tuple[str, ...] = (),
        finished: bool = False,
        player: str = "",
        lock: LogLock | None = None,
    ) -> None:
        self._path = path
        self._lock = lock  # held while this recorder may write (session/lock.py)
        self._player = player
        self._game = game
        self._turns = turns_recorded
        self._finished = finished
        #: Things the player should be told (e.g. a partial last line removed on resume).
        self.notes = notes

    @property
    def path(self) -> Path:
        """The log file (its header is already written and fsynced)."""
        return self._path

    @property
    def player(self) -> str:
        """The pseudonym recorded in the header."""
        return self._player

    def close(self) -> None:
        """Let other games open the log (the lock also goes when the process ends)."""
        if self._lock is not None:
            self._lock.release()

    @property
    def finished(self) -> bool:
        """True once the end line is written."""
        return self._finished

    @classmethod
    def create(
        cls,
        game: Game,
        log_dir: str | Path | None = None,
        player: str | None = None,
        frontend: str = "text",
        settings: dict[str, Any] | None = None,
    ) -> SessionRecorder:
        """Start a log for a game that has not played a turn yet; writes the header."""
        if game.results:
            raise GameError("create the session recorder before the first turn is played")
        player = new_pseudonym() if player is None else player.strip()
        if not player or len(player) > _MAX_PLAYER or not player.isprintable():
            raise GameError(
                f"player pseudonym must be 1-{_MAX_PLAYER} printable characters, got {player!r}"
            )
        folder = Path(log_dir) if log_dir is not None else default_log_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LogError(f"cannot create the log folder: {_why(error)}", str(folder)) from None
        loaded = game.scenario
        session_id = str(uuid.uuid4())
        view = game.view()
        header = {
            "type": "header",
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "session_id": session_id,
            "scenario": {
                "id": loaded.model.meta.id,
                "title": loaded.model.meta.title,
                "sha256": loaded.sha256,
                "source": scenario_source(loaded),
            },
            "package_version": __version__,
            "seed": int(game.seed),
            "player": player,
            "frontend": frontend,
            "started": utc_now(),
            "settings": without_home(dict(settings or {})),
            "groups": [{"id": g.id, "name": g.name, "share": g.share} for g in view.groups],
            "initial": {"digest": game.digest(), **indicators_of(view)},
        }
        try:
            data = dumps_line(header)
        except (TypeError, ValueError) as error:
            raise GameError(f"settings must be plain JSON values: {error}") from None
        path = _create_file(folder, loaded.model.meta.id, session_id, data)
        return cls(path, game, 0, player=player, lock=LogLock.acquire(path, frontend))

    def record_turn(self, result: TurnResult, seconds: float | None = None) -> None:
        """Append the line of a turn just played (call once per turn, in order)."""
        if self._finished:
            raise GameError("the session is finished; no more turns can be recorded")
        if result.turn != self._turns + 1:
            raise GameError(
                f"record_turn got turn {result.turn}, expected turn {self._turns + 1} "
                "(record every turn once, in order)"
            )
        view = self._game.history[result.turn - 1]
        stances = stances_of(view, result.choices.decisions)
        append_line(self._path, turn_line(result, stances, seconds))
        self._turns += 1

    def record_reflection(self, question: str, answer: str) -> None:
        """Append a student's written answer to a debrief question (also after :meth:`finish`).
        Control characters typed or pasted into it are left out (readers refuse them)."""
        question, answer = clean(question), clean(answer)
        append_line(
            self._path,
            {"type": "reflection", "question": question, "answer": answer, "time": utc_now()},
        )

    def finish(self, scores: Scores) -> None:
        """Append the end line (scores, objectives met, end reason, end time)."""
        if self._finished:
            raise GameError("the session is already finished")
        append_line(self._path, end_line(scores))
        self._finished = True


def _create_file(folder: Path, scenario_id: str, session_id: str, header: bytes) -> Path:
    """Create a new log named ``<UTC time>-<scenario>-<id>.jsonl``; never overwrite one."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    for attempt in range(8):
        suffix = session_id[:8] if attempt == 0 else uuid.uuid4().hex[:8]
        path = folder / f"{stamp}-{scenario_id}-{suffix}{LOG_SUFFIX}"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o644)
        except FileExistsError:
            continue
        except OSError as error:
            raise LogError(f"cannot create the log: {_why(error)}", str(path)) from None
        try:
            _write_all(fd, header)
            os.fsync(fd)
        except OSError as error:
            os.close(fd)
            path.unlink(missing_ok=True)  # no half-written header left behind
            raise LogError(f"cannot create the log: {_why(error)}", str(path)) from None
        os.close(fd)
        try:
            _fsync_dir(folder)
        except OSError:
            pass  # the header is durable; only the new name might not be after a power loss
        return path
    raise LogError("could not find a free log file name", str(folder))
