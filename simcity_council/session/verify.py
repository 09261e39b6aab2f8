"""Replay + verify many logs: logs of the same scenario are replayed together as one batch.

Each log is checked against its header (format, scenario file hash, initial state) and then turn by
turn: the state digest, every recorded indicator, the events fired and the end reason. The result
for a log names the first turn that differs and the line it is on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import LogError, ReplayDivergence
from .integrity import cut_end, find_forks
from .logformat import SessionLog, read_log
from .replay import ScenarioCache, verify_one
from .testgame import overlay_key


@dataclass(frozen=True)
class Verdict:
    """The outcome for one log."""

    path: Path
    turns: int  # turns that replayed identically
    error: LogError | None = None  # the first problem, if any
    note: str = ""  # e.g. a partial last line that was left out
    finished: bool = False  # the log has its end line
    #: for an unfinished log: how it stops (the player stopped it, or it just ends)
    stop: str = ""
    #: another log of the same session this one is a copy of (identical, or a shorter copy)
    copy_of: Path | None = None

    @property
    def ok(self) -> bool:
        """Whether the log replayed identically with nothing to report."""
        return self.error is None and not self.note

    @property
    def status(self) -> str:
        """``finished``, ``unfinished`` (a prefix of a session, verified as far as it goes) or
        ``failed``."""
        if not self.ok:
            return "failed"
        return "finished" if self.finished else "unfinished"

    def lines(self) -> list[str]:
        """What to print: the verified count, then any problem."""
        out = []
        if self.error is None or isinstance(self.error, ReplayDivergence):
            state = "" if self.finished else f" (unfinished: {self.stop or 'no end line'})"
            if self.copy_of is not None:
                state += f" (a copy of {self.copy_of}: the same session)"
            count = self.turns
            if self.error is not None:
                out.append(f"{self.path}: replayed {count} turn(s) identically, then:")
            else:
                out.append(f"{self.path}: verified: {count} turns{state}")
        if self.note:
            out.append(self.note)
        if self.error is not None:
            out.append(str(self.error))
        return out


#: how an unfinished log (a prefix of a session: nothing in it can show whether lines followed)
#: stops: with the player's suspend line, or just ends
STOPPED = "no end line; the player stopped it"
JUST_ENDS = "no end line and no suspend line: a crash, a closed window, or lines cut from the end"


def verify_paths(paths: Sequence[str | Path]) -> list[Verdict]:
    """Verify every log; one :class:`Verdict` per path, in the order given.

    Besides each log on its own (its chain of line hashes, then the replay), the logs are
    checked against each other: two logs of one session that go on differently (a copied log
    resumed twice) both fail, naming the line where they part."""
    verdicts: dict[int, Verdict] = {}
    logs: dict[int, SessionLog] = {}
    for index, path in enumerate(paths):
        try:
            logs[index] = read_log(path)
        except LogError as error:
            verdicts[index] = Verdict(Path(path), 0, error)
    copies: dict[int, Path] = {}
    for index, problem in find_forks(logs, copies).items():
        verdicts[index] = _verdict(logs.pop(index), 0, problem)
    cache = ScenarioCache()
    groups: dict[str, list[int]] = defaultdict(list)
    for index, log in logs.items():
        try:
            cache.get(log)
        except LogError as error:
            verdicts[index] = _verdict(log, 0, error)
            continue
        # test games started with --set replay on their own flags
        groups[log.header.scenario_sha256 + overlay_key(log.header.settings)].append(index)
    for indices in groups.values():
        batch = [logs[i] for i in indices]
        for index, verdict in zip(indices, verify_batch(batch, cache), strict=True):
            if index in copies:
                verdict = replace(verdict, copy_of=copies[index])
            verdicts[index] = verdict
    return [verdicts[i] for i in range(len(paths))]


def _verdict(log: SessionLog, turns: int, error: LogError | None) -> Verdict:
    note = log.truncated.message(log.name) if log.truncated else ""
    if isinstance(error, ReplayDivergence):
        error = _across_versions(log, error)
    if error is None:
        error = cut_end(log)
    stop = "" if log.end is not None else (STOPPED if log.stopped_by_player else JUST_ENDS)
    return Verdict(log.path, turns, error, note, log.end is not None, stop)


_EDITED = " (the line was edited after it was written)"


def _across_versions(log: SessionLog, error: ReplayDivergence) -> ReplayDivergence:
    """A log another release wrote may differ because that release computed or wrote values
    differently, not because anyone edited it: say so, and how to replay it."""
    from .. import __version__

    recorded = log.header.package_version
    if recorded == __version__ or f"simcity-council {recorded}" in error.message:
        return error
    message = (
        f"{error.message.replace(_EDITED, '')}; the log was written by simcity-council "
        f"{recorded} and this is {__version__}, which may compute or write values differently, "
        "or the line was edited: replay it with the version that wrote it to tell (pip install "
        f"'simcity-council=={recorded}')"
    )
    return ReplayDivergence(message, error.file, error.line, error.turn)


def verify_batch(logs: Sequence[SessionLog], cache: ScenarioCache) -> list[Verdict]:
    """Verify logs of one scenario file, all in one engine batch."""
    from .batchverify import verify_batch_logs

    return [
        _verdict(log, turns, error)
        for log, (turns, error) in zip(logs, verify_batch_logs(logs, cache), strict=True)
    ]


def verify_each(logs: Sequence[SessionLog], cache: ScenarioCache) -> list[Verdict]:
    """Verify logs one by one with the interactive game (the reference for the batch path)."""
    out = []
    for log in logs:
        try:
            turns = verify_one(log, cache)
        except ReplayDivergence as error:
            out.append(_verdict(log, max(error.turn - 1, 0), error))
        except LogError as error:
            out.append(_verdict(log, 0, error))
        else:
            out.append(_verdict(log, turns, None))
    return out
