"""Write a session log as the game goes: every line flushed and fsynced.

A crash (laptop battery, killed process) at any moment leaves a log that is valid up to its last
whole line; :func:`~simcity_council.session.resume.resume_session` continues it.
"""

from __future__ import annotations

import functools
import os
import secrets
import uuid
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_type_hints

import platformdirs

from .. import __version__
from ..errors import GameError, LogError
from ..textsafe import clean
from .lock import LogLock
from .logformat import FORMAT_NAME, FORMAT_VERSION, LOG_SUFFIX, dumps_line, line_hash
from .privacy import (
    FILE_MODE,
    MAX_PSEUDONYM,
    make_private_dir,
    pseudonym_problem,
    section_problem,
)

if TYPE_CHECKING:
    from ..engine import Game
    from ..engine.views import Scores, TurnResult, TurnView
    from ..scenario import LoadedScenario

APP_NAME = "simcity-council"
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


@functools.cache
def _quantities() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from ..engine.views import Change, GroupChange, TurnResult

    group = tuple(n for n, t in get_type_hints(GroupChange).items() if t is Change)
    city = tuple(n for n, t in get_type_hints(TurnResult).items() if t is Change)
    return group, city


def quantities() -> tuple[list[str], list[str]]:
    """The per-group and city quantities a turn line records: every :class:`Change` the
    engine's :class:`GroupChange` and :class:`TurnResult` carry, in their order (a quantity the
    engine adds is recorded, verified and exported without a change here)."""
    group, city = _quantities()
    return list(group), list(city)


def initial_values(game: Game) -> dict[str, Any]:
    """The state before the first turn, keyed like a turn line (from the view; a quantity the
    view does not show is read from the state arrays, as the engine reports it)."""
    import numpy as np

    from ..engine.precision import as_decimal

    view = game.view()
    group_q, city_q = quantities()
    state = None

    def from_state(name: str) -> Any:
        nonlocal state
        state = state if state is not None else game.state
        if name not in {f.name for f in dataclass_fields(state)}:
            raise GameError(
                f"the engine reports '{name}' but neither its view nor its state has it"
            )
        array = getattr(state, name)[0]
        return as_decimal(array).tolist() if array.dtype == np.float32 else array.tolist()

    by_group: dict[str, dict[str, float]] = {}
    view_fields = {f.name for f in dataclass_fields(view.groups[0])} if view.groups else set()
    for q in group_q:
        if q in view_fields:
            by_group[q] = {g.id: getattr(g, q) for g in view.groups}
        else:
            by_group[q] = dict(zip((g.id for g in view.groups), from_state(q), strict=True))
    city_fields = {f.name for f in dataclass_fields(view.city)}
    city = {q: (getattr(view.city, q) if q in city_fields else from_state(q)) for q in city_q}
    return {
        "digest": game.digest(),
        "by_group": by_group,
        "city": {q: float(v) for q, v in city.items()},
        "indicators": dict(view.city.indicators),
    }


def result_values(result: TurnResult) -> dict[str, Any]:
    """The replayable values of a turn line, from a :class:`TurnResult` (generic over the
    engine's quantities; see :func:`quantities`)."""
    group_q, city_q = _quantities()
    return {
        "digest": result.digest,
        "by_group": {q: {g.id: getattr(g, q).after for g in result.groups} for q in group_q},
        "city": {q: getattr(result, q).after for q in city_q},
        "indicators": {k: c.after for k, c in result.indicators.items()},
        "events": [e.id for e in result.events],
        "end_reason": result.end_reason,
    }


def _tenths(value: float | None) -> float | None:
    """Seconds to 0.1 s: the precision a person's time has (no float noise in sums)."""
    return None if value is None else round(float(value), 1)


def turn_line(
    result: TurnResult,
    stances: dict[str, str],
    positions: dict[str, int],
    prev: str,
    policy: str | None,
    seconds: float | None = None,
    answer_seconds: dict[str, float] | None = None,
    invalid: int | None = None,
    help: int | None = None,
) -> dict[str, Any]:
    """The log line of one turn (everything but the metadata is replayable)."""
    values = result_values(result)
    person = policy is None
    return {
        "type": "turn",
        "prev": prev,
        "turn": result.turn,
        "label": result.label,
        "played_by": "person" if person else "policy",
        "policy": policy,
        "choices": dict(result.choices.decisions),
        "stances": stances,
        "actions": list(result.choices.actions),
        "positions": positions,
        "digest": values["digest"],
        "by_group": values["by_group"],
        "city": values["city"],
        "indicators": values["indicators"],
        "events": values["events"],
        "end_reason": values["end_reason"],
        "seconds": _tenths(seconds) if person else None,
        "answer_seconds": (
            {d: _tenths(s) for d, s in answer_seconds.items()}
            if person and answer_seconds is not None
            else None
        ),
        "invalid": invalid if person else None,
        "help": help if person else None,
        "time": utc_now(),
    }


def positions_of(view: TurnView, decisions: dict[str, str]) -> dict[str, int]:
    """Where each chosen option was listed on the turn's agenda (1 = first; each game lists a
    decision's options in its own order)."""
    order = {d.id: [o.id for o in d.options] for d in view.agenda}
    return {d: order[d].index(o) + 1 for d, o in decisions.items() if o in order.get(d, ())}


def stances_of(view: TurnView, decisions: dict[str, str]) -> dict[str, str]:
    """The stance tag of each chosen option, looked up in the turn's agenda."""
    by_decision = {d.id: {o.id: o.stance for o in d.options} for d in view.agenda}
    return {d: by_decision.get(d, {}).get(o, "") for d, o in decisions.items()}


def end_line(scores: Scores, prev: str) -> dict[str, Any]:
    """The end line's fields (scores, objectives, why it ended), chained to the line ``prev``."""
    from ..engine.scores import SCORE_NAMES

    return {
        "type": "end",
        "prev": prev,
        "scores": {name: getattr(scores, name) for name in SCORE_NAMES},
        "objectives": [
            {"id": o.id, "label": o.label, "met": o.met, "weight": o.weight, "applies": o.applies}
            for o in scores.objectives
        ],
        "end_reason": scores.end_reason,
        "ended": utc_now(),
    }


def append_line(path: Path, obj: dict[str, Any]) -> bytes:
    """Append one line and make it durable (flush + fsync) before returning; its bytes.

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
    return data


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


def check_player(player: str) -> str:
    """The pseudonym, stripped; GameError with the reason if it identifies someone."""
    problem = pseudonym_problem(player)
    if problem:
        raise GameError(f"pseudonym {player.strip()[:MAX_PSEUDONYM]!r} refused: {problem}")
    return player.strip()


class SessionRecorder:
    """Writes one session's log. Make one with :meth:`create` (or ``resume_session``).

    :attr:`policy` says who plays the next turns: None for a person, or a policy's name; every
    turn line records it (``played_by``, ``policy``)."""

    def __init__(
        self,
        path: Path,
        game: Game,
        turns_recorded: int,
        notes: tuple[str, ...] = (),
        finished: bool = False,
        player: str = "",
        last_hash: str = "",
        policy: str | None = None,
        stopped: bool = False,
        lock: LogLock | None = None,
    ) -> None:
        self._path = path
        self._lock = lock  # held while this recorder may write (session/lock.py)
        self._player = player
        self._game = game
        self._turns = turns_recorded
        self._finished = finished
        self._last_hash = last_hash
        self._stopped = stopped  # the last line is a suspend line
        #: None while a person plays; a policy name while a policy does.
        self.policy = policy
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
        frontend: str = "api",
        settings: dict[str, Any] | None = None,
        *,
        section: str | None = None,
        consent: str = "unknown",
        policy: str | None = None,
    ) -> SessionRecorder:
        """Start a log for a game that has not played a turn yet; writes the header.

        ``player`` is a pseudonym (one that looks like an e-mail or a full name is refused);
        ``section`` the class section; ``consent`` yes, no or unknown; ``policy`` the policy
        that plays (None: a person)."""
        if game.results:
            raise GameError("create the session recorder before the first turn is played")
        player = new_pseudonym() if player is None else check_player(player)
        if section is not None:
            problem = section_problem(section)
            if problem:
                raise GameError(f"section {section!r:.70} refused: {problem}")
            section = section.strip()
        if consent not in ("yes", "no", "unknown"):
            raise GameError(f"consent must be yes, no or unknown, not {consent!r}")
        folder = Path(log_dir) if log_dir is not None else default_log_dir()
        try:
            make_private_dir(folder)
        except OSError as error:
            raise LogError(f"cannot create the log folder: {_why(error)}", str(folder)) from None
        loaded = game.scenario
        session_id = str(uuid.uuid4())
        view = game.view()
        group_q, city_q = quantities()
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
            "section": section,
            "consent": consent,
            "frontend": frontend,
            "played_by": "person" if policy is None else "policy",
            "policy": policy,
            "started": utc_now(),
            "settings": without_home(dict(settings or {})),
            "fields": {"group": group_q, "city": city_q},
            "groups": [{"id": g.id, "name": g.name, "share": g.share} for g in view.groups],
            "initial": initial_values(game),
        }
        try:
            data = dumps_line(header)
        except (TypeError, ValueError) as error:
            raise GameError(f"settings must be plain JSON values: {error}") from None
        path = _create_file(folder, loaded.model.meta.id, session_id, data)
        return cls(
            path,
            game,
            0,
            player=player,
            last_hash=line_hash(data[:-1]),
            policy=policy,
            lock=LogLock.acquire(path, frontend),
        )

    def _append(self, obj: dict[str, Any]) -> None:
        data = append_line(self._path, obj)
        self._last_hash = line_hash(data[:-1])
        self._stopped = obj["type"] == "suspend"

    def record_turn(
        self,
        result: TurnResult,
        seconds: float | None = None,
        *,
        answer_seconds: dict[str, float] | None = None,
        invalid: int | None = None,
        help: int | None = None,
    ) -> None:
        """Append the line of a turn just played (call once per turn, in order). ``seconds``,
        ``answer_seconds`` (decision id -> seconds to answer), ``invalid`` (answers refused) and
        ``help`` (help requests) describe a person's turn; they are not recorded for a policy's."""
        if self._finished:
            raise GameError("the session is finished; no more turns can be recorded")
        if result.turn != self._turns + 1:
            raise GameError(
                f"record_turn got turn {result.turn}, expected turn {self._turns + 1} "
                "(record every turn once, in order)"
            )
        view = self._game.history[result.turn - 1]
        stances = stances_of(view, result.choices.decisions)
        positions = positions_of(view, result.choices.decisions)
        self._append(
            turn_line(
                result,
                stances,
                positions,
                self._last_hash,
                self.policy,
                seconds,
                answer_seconds,
                invalid,
                help,
            )
        )
        self._turns += 1

    def record_resume(self, frontend: str, partial_line_removed: bool = False) -> None:
        """Append a resume line: the session goes on here, played by :attr:`policy` (or a
        person), in ``frontend``."""
        self._append(
            {
                "type": "resume",
                "prev": self._last_hash,
                "after_turn": self._turns,
                "frontend": frontend,
                "played_by": "person" if self.policy is None else "policy",
                "policy": self.policy,
                "package_version": __version__,
                "partial_line_removed": partial_line_removed,
                "time": utc_now(),
            }
        )

    def suspend(self) -> None:
        """Append a suspend line: the player stopped before the end (nothing if the game is
        finished, or the last line already says so)."""
        if self._finished or self._stopped:
            return
        self._append(
            {
                "type": "suspend",
                "prev": self._last_hash,
                "after_turn": self._turns,
                "time": utc_now(),
            }
        )

    def record_reflection(self, question: str, answer: str) -> None:
        """Append a student's written answer to a debrief question (also after :meth:`finish`).
        Control characters typed or pasted into it are left out (readers refuse them)."""
        question, answer = clean(question), clean(answer)
        self._append(
            {
                "type": "reflection",
                "prev": self._last_hash,
                "question": question,
                "answer": answer,
                "time": utc_now(),
            }
        )

    def finish(self, scores: Scores) -> None:
        """Append the end line (scores, objectives met, end reason, end time)."""
        if self._finished:
            raise GameError("the session is already finished")
        self._append(end_line(scores, self._last_hash))
        self._finished = True


def _create_file(folder: Path, scenario_id: str, session_id: str, header: bytes) -> Path:
    """Create a new log named ``<UTC time>-<scenario>-<id>.jsonl``, owner-only; never overwrite
    one."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    for attempt in range(8):
        suffix = session_id[:8] if attempt == 0 else uuid.uuid4().hex[:8]
        path = folder / f"{stamp}-{scenario_id}-{suffix}{LOG_SUFFIX}"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, FILE_MODE)
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
