"""A batch of games with given per-game seeds, stepped with per-game choices, that can drop games.

The thin adapter the batch verifier needs over the engine's batch arrays: the engine steps every
game of a :class:`~simcity_council.engine.state.State` at once; this keeps the rows that are still
being verified.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..engine.state import State
    from ..scenario import LoadedScenario
    from ..scenario.compile import CompiledScenario


@dataclass
class BatchRun:
    compiled: CompiledScenario
    state: State

    @classmethod
    def start(cls, loaded: LoadedScenario, seeds: Sequence[int]) -> BatchRun:
        """Every game at the start of turn 1, game *i* with ``seeds[i]``."""
        from ..engine.rules import open_agenda
        from ..engine.state import new_state
        from ..scenario.compile import compile_scenario

        c = compile_scenario(loaded.model)
        s = new_state(c, np.array([int(x) for x in seeds], dtype=object))
        open_agenda(c, s, 1, None)
        return cls(c, s)

    def digests(self) -> list[str]:
        from ..engine.state import digests

        return digests(self.state)

    def ended(self) -> np.ndarray:
        return ~self.state.active

    def check(self, choice: np.ndarray, act: np.ndarray) -> list[tuple[int, str]]:
        """Rows whose choices break a rule, with the engine's message."""
        from ..engine.rules import check_choices

        return check_choices(self.compiled, self.state, choice, act)

    def step(self, choice: np.ndarray, act: np.ndarray) -> np.ndarray:
        """One turn for every game; the events fired, (games, events) bool."""
        from ..engine.step import step

        return step(self.compiled, self.state, choice, act).fired

    def keep(self, rows: np.ndarray) -> None:
        self.state = self.state.take(rows)

    def end_reason(self, row: int) -> str | None:
        from ..engine.state import END_REASONS

        return END_REASONS.get(int(self.state.end_reason[row]))
