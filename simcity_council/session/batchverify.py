"""Verify many logs of one scenario file as ONE batch of the engine (batch-first, DESIGN.md §3.1).

Game *i* of the batch is started with log *i*'s seed and stepped with its recorded choices. After
each turn every game's digest and indicators are compared with its log; a game that diverges, or
whose choices cannot be played, or whose log ends, leaves the batch. Because the engine's batch
and single games are the same code path, the result equals replaying each log on its own
(``replay.verify_one``), which the tests check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields as dataclass_fields
from typing import Any

import numpy as np

from ..engine.scores import SCORE_NAMES
from ..engine.state import END_REASONS
from ..errors import LogError, ReplayDivergence
from .logformat import SessionLog, TurnRecord
from .replay import (
    ScenarioCache,
    ScenarioWords,
    compare_end,
    compare_initial,
    compare_turn,
    initial_divergence,
    verify_one,
)


class _Failed(Exception):
    def __init__(self, error: LogError) -> None:
        self.error = error


class _Unplayable(ReplayDivergence):
    """Recorded choices the batch refused; its message names options by index, so the log is
    replayed on its own to report them as the interactive game does (by id, with the reason)."""


def verify_batch_logs(
    logs: Sequence[SessionLog], cache: ScenarioCache
) -> list[tuple[int, LogError | None]]:
    """For each log (all of one scenario file): (turns verified, first problem or None)."""
    from ..engine.batch import Batch

    loaded = cache.get(logs[0])
    run = Batch.start(loaded, [log.header.seed for log in logs])
    c = run.compiled
    state_arrays = {f.name for f in dataclass_fields(run.state)}
    fields = [(tuple(log.header.fields.group), tuple(log.header.fields.city)) for log in logs]
    if len(set(fields)) != 1 or not set(fields[0][0] + fields[0][1]) <= state_arrays:
        # a quantity the batch state does not hold under that name (or logs that record
        # different quantities): replay these logs one by one, with the interactive game
        return [_one(log, cache) for log in logs]
    group_q, city_q = fields[0]
    decision_index = {d: k for k, d in enumerate(c.decision_ids)}
    option_index = [{o: j for j, o in enumerate(opts)} for opts in c.option_ids]
    action_index = {a: i for i, a in enumerate(c.action_ids)}
    words = ScenarioWords(loaded.model, c)
    outcome: list[tuple[int, LogError | None]] = [(0, None)] * len(logs)
    alive = list(range(len(logs)))  # batch row r is log alive[r]

    keep = []
    initial = run.digests()
    before = _TurnValues(run, c, np.zeros((len(logs), len(c.event_ids)), bool), group_q, city_q)
    for row, i in enumerate(alive):
        log = logs[i]
        if log.header.initial.digest != initial[row]:
            outcome[i] = (0, initial_divergence(log))
            continue
        try:
            compare_initial(log, before.row(row, initial[row]), c.model)
        except ReplayDivergence as error:
            outcome[i] = (0, error)
            continue
        keep.append(row)
    alive = _shrink(run, alive, keep)
    turn = 1
    while alive:
        keep = [r for r, i in enumerate(alive) if len(logs[i].turns) >= turn]
        if len(keep) < len(alive):  # these logs end here: check their end lines
            scores = run.scores() if any(logs[i].end for i in alive) else None
            for r, i in enumerate(alive):
                if len(logs[i].turns) < turn:
                    outcome[i] = (turn - 1, _check_end(logs[i], scores, r, c))
        alive = _shrink(run, alive, keep)
        if not alive:
            break
        n = len(alive)
        choice = np.full((n, c.n_decisions), -1, np.int64)
        act = np.zeros((n, len(c.action_ids)), bool)
        ended = run.done
        keep = []
        for r, i in enumerate(alive):
            record = logs[i].turns[turn - 1]
            try:
                if ended[r]:
                    raise _Failed(_ended_early(logs[i], record))
                _encode(record, logs[i], r, choice, act, decision_index, option_index, action_index)
            except _Failed as failed:
                outcome[i] = (turn - 1, failed.error)
                continue
            keep.append(r)
        choice, act = choice[keep], act[keep]
        alive = _shrink(run, alive, keep)
        if not alive:
            break
        refused = dict(run.check(choice, act))
        if refused:
            keep = []
            for r, i in enumerate(alive):
                if r in refused:
                    outcome[i] = (
                        turn - 1,
                        _unplayable(logs[i].turns[turn - 1], logs[i], refused[r]),
                    )
                else:
                    keep.append(r)
            choice, act = choice[keep], act[keep]
            alive = _shrink(run, alive, keep)
            if not alive:
                break
        fired = run.step(choice, act, check=False)[0].fired
        digests = run.digests()
        values = _TurnValues(run, c, fired, group_q, city_q)
        keep = []
        for r, i in enumerate(alive):
            record = logs[i].turns[turn - 1]
            try:
                compare_turn(record, values.row(r, digests[r]), logs[i].name)
                words.check(record, logs[i].name, logs[i].header.seed)
            except ReplayDivergence as error:
                outcome[i] = (turn - 1, error)
                continue
            keep.append(r)
        alive = _shrink(run, alive, keep)
        turn += 1
    return [
        _reference(logs[i], cache, found) if isinstance(found[1], _Unplayable) else found
        for i, found in enumerate(outcome)
    ]


def _one(log: SessionLog, cache: ScenarioCache) -> tuple[int, LogError | None]:
    """One log verified with the interactive game: (turns verified, first problem or None)."""
    try:
        return verify_one(log, cache), None
    except ReplayDivergence as error:
        return max(error.turn - 1, 0), error
    except LogError as error:
        return 0, error


def _reference(
    log: SessionLog, cache: ScenarioCache, found: tuple[int, LogError | None]
) -> tuple[int, LogError | None]:
    """The interactive replay's verdict for a log whose choices the batch refused (rare)."""
    try:
        verify_one(log, cache)
    except ReplayDivergence as error:
        return max(error.turn - 1, 0), error
    return found  # cannot happen (batch and single games agree); keep the batch's finding


def _shrink(run: Any, alive: list[int], keep: list[int]) -> list[int]:
    """Keep batch rows ``keep`` (in order); the new list of log indices."""
    if len(keep) != len(alive):
        run.keep(np.asarray(keep, np.int64))
    return [alive[r] for r in keep]


def _encode(
    record: TurnRecord,
    log: SessionLog,
    row: int,
    choice: np.ndarray,
    act: np.ndarray,
    decision_index: dict[str, int],
    option_index: list[dict[str, int]],
    action_index: dict[str, int],
) -> None:
    for decision, option in record.choices.items():
        k = decision_index.get(decision)
        if k is None:
            raise _Failed(_unplayable(record, log, f"unknown decision '{decision}'"))
        j = option_index[k].get(option)
        if j is None:
            raise _Failed(_unplayable(record, log, f"'{decision}' has no option '{option}'"))
        choice[row, k] = j
    for action in record.actions:
        a = action_index.get(action)
        if a is None:
            raise _Failed(_unplayable(record, log, f"unknown action '{action}'"))
        if act[row, a]:
            raise _Failed(_unplayable(record, log, f"action '{action}' chosen twice"))
        act[row, a] = True


class _TurnValues:
    """The state after a turn as Python values (one conversion per turn, not per game), for
    the quantities the logs record (float32 ones as the decimals a log holds)."""

    def __init__(
        self, run: Any, c: Any, fired: np.ndarray, group_q: tuple[str, ...], city_q: tuple[str, ...]
    ) -> None:
        from ..engine.state import END_REASONS

        s = run.state
        self.groups = c.group_ids
        self.indicator_ids = c.indicator_ids
        self.event_ids = c.event_ids
        self.by_group = {q: _python(getattr(s, q)) for q in group_q}
        self.city = {q: _python(getattr(s, q)) for q in city_q}
        self.indicators = _python(s.indicators)
        self.fired = fired.tolist()
        self.end_reason = [END_REASONS.get(code) for code in s.end_reason.tolist()]

    def row(self, r: int, digest: str) -> dict[str, Any]:
        """One game's values, keyed like a turn line."""
        groups = self.groups
        return {
            "digest": digest,
            "by_group": {
                q: dict(zip(groups, values[r], strict=True)) for q, values in self.by_group.items()
            },
            "city": {q: values[r] for q, values in self.city.items()},
            "indicators": dict(zip(self.indicator_ids, self.indicators[r], strict=True)),
            "events": [e for e, on in zip(self.event_ids, self.fired[r], strict=True) if on],
            "end_reason": self.end_reason[r],
        }


def _python(array: np.ndarray) -> list[Any]:
    """An engine array as Python numbers: [0, 1] quantities (float32) as the shortest decimals
    that read back as the same float32 (what views and logs hold), money as it is."""
    from ..engine.precision import as_decimal

    return as_decimal(array).tolist() if array.dtype == np.float32 else array.tolist()


def _check_end(log: SessionLog, scores: Any, row: int, c: Any) -> LogError | None:
    """The end line against the replayed scores (None when it matches or there is none)."""
    if log.end is None:
        return None
    actual = {name: float(getattr(scores, name)[row]) for name in SCORE_NAMES}
    met = {o.id: bool(scores.objectives[row, k]) for k, o in enumerate(c.model.objectives)}
    applies = {o.id: bool(scores.applies[row, k]) for k, o in enumerate(c.model.objectives)}
    reason = END_REASONS.get(int(scores.end_reason[row]))
    try:
        compare_end(log, actual, met, reason, c.model, applies)
    except ReplayDivergence as error:
        return error
    return None


def _ended_early(log: SessionLog, record: TurnRecord) -> ReplayDivergence:
    return ReplayDivergence(
        f"turn {record.turn}: the replayed game had already ended, but the log goes on",
        log.name,
        record.line,
        record.turn,
    )


def _unplayable(record: TurnRecord, log: SessionLog, why: str) -> ReplayDivergence:
    return _Unplayable(
        f"turn {record.turn}: the recorded choices cannot be played at this turn: {why}",
        log.name,
        record.line,
        record.turn,
    )
