"""Many games at once: :class:`Batch` (per-game seeds, per-game choices each turn) for replay and
research, and :func:`run_batch` (a policy plays ``runs`` games) for ``batch`` and ``balance``.

Game *i* of ``run_batch(loaded, policy, n, seed=S)`` equals
``Game.start(loaded, seed=derive_seeds(S, n)[i])`` played by the same policy, bit for bit:
both run the same step on the same arrays, and randomness depends only on (seed, turn, stream).
The time measured (``seconds``) is metadata for the report; it never touches the state.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from ..errors import GameError
from ..scenario.compile import CompiledScenario
from .attribution import attribute
from .game import compiled_for, resolve, start_state
from .ledger import Ledger
from .policies import Policy, make_policy
from .precision import for_engine
from .rng import derive_seeds_range
from .rules import check_choices
from .scores import ScoreArrays, compact, score_arrays
from .state import State, StreamDigest, digests
from .step import StepInfo, step
from .views import Choices

Progress = Callable[[int, int], None]


def compiled_of(source: Any) -> CompiledScenario:
    """A CompiledScenario from a LoadedScenario, an id/path, or a CompiledScenario."""
    if isinstance(source, CompiledScenario):
        return for_engine(source)
    return compiled_for(resolve(source))


class Batch:
    """A batch of games stepped together with per-game choices (e.g. replaying many logs)."""

    def __init__(self, compiled: CompiledScenario, state: State) -> None:
        self.compiled = compiled
        self.state = state

    @classmethod
    def start(cls, source: Any, seeds: Sequence[int] | np.ndarray) -> Batch:
        """Every game at the start of turn 1; game *i* plays with ``seeds[i]``."""
        c = compiled_of(source)
        return cls(c, start_state(c, seeds))

    @property
    def games(self) -> int:
        """How many games the batch plays (rows of every state array)."""
        return self.state.games

    @property
    def turn(self) -> int:
        """The 1-based turn awaiting choices, shared by every game of the batch."""
        return self.state.turn

    @property
    def done(self) -> np.ndarray:
        """(games,) bool: terminated or truncated."""
        return ~self.state.active

    def encode(self, choices: Sequence[Choices]) -> tuple[np.ndarray, np.ndarray]:
        """Per-game :class:`Choices` as arrays (choice (games, decisions), act (games, actions)).
        Unknown ids raise :class:`GameError` naming the game."""
        c = self.compiled
        dec = {d: k for k, d in enumerate(c.decision_ids)}
        opts = [{o: j for j, o in enumerate(ids)} for ids in c.option_ids]
        acts = {a: i for i, a in enumerate(c.action_ids)}
        choice = np.full((len(choices), c.n_decisions), -1, np.int64)
        act = np.zeros((len(choices), len(c.action_ids)), bool)
        for g, ch in enumerate(choices):
            for d, o in ch.decisions.items():
                if d not in dec or o not in opts[dec[d]]:
                    raise GameError(f"game {g}: unknown choice {d}={o}")
                choice[g, dec[d]] = opts[dec[d]][o]
            for a in ch.actions:
                if a not in acts:
                    raise GameError(f"game {g}: unknown action '{a}'")
                act[g, acts[a]] = True
        return choice, act

    def check(self, choice: np.ndarray, act: np.ndarray) -> list[tuple[int, str]]:
        """(game, message) for every game whose choices break a rule."""
        return check_choices(self.compiled, self.state, choice, act)

    def step(
        self, choice: np.ndarray, act: np.ndarray, check: bool = True, attribution: bool = False
    ) -> tuple[StepInfo, Ledger | None]:
        """One turn for every game, and (with ``attribution``) its ledger of causes. With
        ``check``, bad choices raise :class:`GameError` (naming the first bad game) and change
        nothing."""
        if check:
            bad = self.check(choice, act)
            if bad:
                g, message = bad[0]
                raise GameError(f"game {g}, turn {self.turn}: {message}")
        before = self.state.copy() if attribution else self.state
        info = step(self.compiled, self.state, choice, act, record=attribution)
        if not attribution or info.record is None:
            return info, None
        return info, attribute(self.compiled, before, self.state, info.record)

    def play(self, policy: Policy) -> StepInfo:
        """One turn with the choices of ``policy``."""
        choice, act = policy.choose(self.compiled, self.state)
        return step(self.compiled, self.state, choice, act)

    def digests(self) -> list[str]:
        """Each game's state digest, in game order (for replay and determinism checks)."""
        return digests(self.state)

    def scores(self) -> ScoreArrays:
        """Every game's scores as arrays (final once the games are done)."""
        return score_arrays(self.compiled, self.state)

    def keep(self, rows: np.ndarray) -> None:
        """Keep only the games at ``rows`` (e.g. drop logs already found to diverge)."""
        self.state = self.state.take(np.asarray(rows))


@dataclass(frozen=True)
class BatchResult:
    """Final scores (one value per game), per-game digests and one digest of them all."""

    policy: str
    runs: int
    turns: int  # turn limit of the scenario
    seed: int
    seconds: float  # simulation only (not digests)
    game_turns: int  # turns actually played, summed over games
    scores: ScoreArrays
    digests: tuple[str, ...]
    digest: str

    @property
    def game_turns_per_s(self) -> float:
        """Throughput of the simulation: game-turns per second (0 when nothing was timed)."""
        return self.game_turns / self.seconds if self.seconds > 0 else 0.0


def run_batch(
    source: Any,
    policy: str | Policy,
    runs: int,
    seed: int = 0,
    progress: Progress | None = None,
    chunk: int = 16384,
    attribution: bool = False,
    per_game_digests: bool = False,
    keep: Sequence[str] | None = None,
) -> BatchResult:
    """Play ``runs`` games of a scenario with ``policy``; game *i* uses
    ``derive_seeds(seed, runs)[i]``. ``progress(done, runs)`` is called after each chunk.
    ``attribution`` computes the per-source ledger too (slower; same results);
    ``per_game_digests`` keeps each game's digest (otherwise only the one digest of all);
    ``keep`` names the score fields to keep (default all; the others are left empty), so that
    ten million games of a few scores fit in well under a gigabyte.

    The games are played ``chunk`` at a time (16,384 by default: the arrays of a chunk stay in
    the CPU's cache between the stages of a turn while each numpy call has enough games to be
    worth its overhead; measured best of 4k-32k with ``simcity-council bench --chunk``, 10-40 %
    ahead of 8k with the state's column-major layout), and only their scores are kept (the
    [0, 1] scores as float32), so memory grows with the number of games by a few dozen bytes
    each, not by their states.
    Per-game results never depend on the chunk size."""
    if runs < 1:
        raise GameError("runs must be at least 1")
    c = compiled_of(source)
    pol = make_policy(policy) if isinstance(policy, str) else policy
    columns: dict[str, np.ndarray] = {}  # every game's kept scores, filled chunk by chunk
    per_game: list[str] = []
    digest = StreamDigest()
    seconds, game_turns = 0.0, 0
    for lo in range(0, runs, chunk):
        t0 = time.perf_counter()
        s = start_state(c, derive_seeds_range(seed, lo, min(lo + chunk, runs)))
        while s.turn <= c.turns and s.active.any():
            game_turns += int(s.active.sum())
            choice, act = pol.choose(c, s)
            if attribution:
                before = s.copy()
                info = step(c, s, choice, act, record=True)
                if info.record is not None:
                    attribute(c, before, s, info.record)
            else:
                step(c, s, choice, act)
        seconds += time.perf_counter() - t0
        part = compact(score_arrays(c, s))
        for f in fields(part):
            value = getattr(part, f.name)
            if keep is not None and f.name not in keep:
                columns.setdefault(f.name, np.empty((0,) + value.shape[1:], value.dtype))
                continue
            if f.name not in columns:
                columns[f.name] = np.empty((runs,) + value.shape[1:], value.dtype)
            columns[f.name][lo : lo + value.shape[0]] = value
        digest.update(s)
        if per_game_digests:
            per_game += digests(s)
        if progress is not None:
            progress(min(lo + chunk, runs), runs)
    return BatchResult(
        policy=pol.name,
        runs=runs,
        turns=c.turns,
        seed=int(seed),
        seconds=seconds,
        game_turns=game_turns,
        scores=ScoreArrays(**columns),
        digests=tuple(per_game),
        digest=digest.hexdigest(),
    )
