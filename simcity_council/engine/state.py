"""The simulation state: numpy arrays with a leading games axis (DESIGN.md §3.1).

The city's *belief* about each group's priorities is stored compactly and exactly: listening
only ever moves belief in a straight line toward the truth, so
``belief = truth + gap * (belief0 - truth)`` with one number ``gap`` per game and group
(1 at the start, shrinking toward 0 as the city listens). :meth:`State.belief` expands it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields

import numpy as np

from ..scenario.compile import CompiledScenario
from .precision import PEOPLE, for_engine
from .rng import as_seeds

END_NONE, END_TURN_LIMIT, END_RECEIVERSHIP, END_RECALL = range(4)
END_REASONS = {END_TURN_LIMIT: "turn_limit", END_RECEIVERSHIP: "receivership", END_RECALL: "recall"}
PROMISE_NONE, PROMISE_OPEN, PROMISE_KEPT, PROMISE_BROKEN = range(4)


@dataclass
class State:
    """Every game's state. ``turn`` is the 1-based turn awaiting choices (shared by the batch;
    games that ended stay frozen while the others go on)."""

    turn: int
    seeds: np.ndarray  # (games,) uint64, not part of the digest
    trust: np.ndarray  # (games, groups)
    wellbeing: np.ndarray
    engagement: np.ndarray
    expectation: np.ndarray  # benefit each group expects per turn
    uncertainty: np.ndarray  # how unsure the city is (1 = no idea)
    gap: np.ndarray  # belief error left, as a share of the initial error
    reserve: np.ndarray  # (games,)
    revenue: np.ndarray  # revenue arriving next turn
    revenue_base: np.ndarray  # before the economy multiplier
    resilience: np.ndarray
    recurring: np.ndarray  # recurring cost committed per turn
    recurring_benefit: np.ndarray  # (games, groups) true benefit of recurring spending
    indicators: np.ndarray  # (games, indicators)
    flags: np.ndarray  # (games, flags) bool
    fired: np.ndarray  # (games, events) bool: has fired
    chosen: np.ndarray  # (games, decisions) int64 option index, -1 = not chosen
    appeared: np.ndarray  # (games, decisions) bool: has been on an agenda
    agenda: np.ndarray  # (games, decisions) bool: on the agenda of `turn`
    pending: np.ndarray  # (games, delayed effects, turns + 2) uint8: count due per turn
    promise: np.ndarray  # (games, promises) int8 PROMISE_*
    promise_due: np.ndarray  # (games, promises) int64 turn it falls due (0 = none)
    terminated: np.ndarray  # (games,) bool
    truncated: np.ndarray
    end_reason: np.ndarray  # (games,) int8 END_*
    played: np.ndarray  # (games,) int64 turns played (stops when the game ends)

    @property
    def games(self) -> int:
        return int(self.seeds.shape[0])

    @property
    def active(self) -> np.ndarray:
        return ~(self.terminated | self.truncated)

    def belief(self, c: CompiledScenario) -> np.ndarray:
        """The city's belief about priorities, (games, groups, domains)."""
        return c.truth + self.gap[:, :, None] * (c.belief0 - c.truth)

    def copy(self) -> State:
        return State(self.turn, *(getattr(self, f.name).copy() for f in fields(self)[1:]))

    def take(self, index: np.ndarray) -> State:
        """The games at ``index`` as a new state (copies)."""
        return State(self.turn, *(getattr(self, f.name)[index] for f in fields(self)[1:]))

    def put(self, index: np.ndarray, part: State) -> None:
        """Write ``part`` (from :meth:`take`) back into the games at ``index``."""
        for f in fields(self)[1:]:
            getattr(self, f.name)[index] = getattr(part, f.name)


# Fixed order and dtype of the digest: (field, little-endian dtype); [0, 1] quantities are
# float32 (precision.py), money float64.
_DIGEST_FIELDS: tuple[tuple[str, str], ...] = (
    ("trust", "<f4"),
    ("wellbeing", "<f4"),
    ("engagement", "<f4"),
    ("expectation", "<f4"),
    ("uncertainty", "<f4"),
    ("gap", "<f4"),
    ("reserve", "<f8"),
    ("revenue", "<f8"),
    ("revenue_base", "<f8"),
    ("resilience", "<f4"),
    ("recurring", "<f8"),
    ("recurring_benefit", "<f4"),
    ("indicators", "<f4"),
    ("flags", "u1"),
    ("fired", "u1"),
    ("chosen", "<i8"),
    ("appeared", "u1"),
    ("agenda", "u1"),
    ("pending", "u1"),
    ("promise", "i1"),
    ("promise_due", "<i8"),
    ("terminated", "u1"),
    ("truncated", "u1"),
    ("end_reason", "i1"),
    ("played", "<i8"),
)


def state_bytes(state: State) -> np.ndarray:
    """(games, n) uint8: each game's state in a fixed order, dtype and byte order. The batch's
    shared ``turn`` is left out (``played`` counts each game's own turns), so a game that ended
    keeps its digest while the rest of its batch plays on."""
    n = state.games
    parts = []
    for name, dtype in _DIGEST_FIELDS:
        arr = np.ascontiguousarray(getattr(state, name).reshape(n, -1), dtype=dtype)
        parts.append(arr.view(np.uint8).reshape(n, -1))
    return np.concatenate(parts, axis=1)


def digests(state: State, length: int = 32) -> list[str]:
    """Per-game SHA-256 (hex, first ``length`` characters) of the state: stable across runs,
    machines and batch sizes."""
    if state.games == 1:  # one game: hash the fields in turn (the same bytes, no copy)
        h = hashlib.sha256()
        for name, dtype in _DIGEST_FIELDS:
            h.update(np.ascontiguousarray(getattr(state, name), dtype=dtype).tobytes())
        return [h.hexdigest()[:length]]
    rows = state_bytes(state)
    return [hashlib.sha256(row.tobytes()).hexdigest()[:length] for row in rows]


def combined_digest(per_game: list[str]) -> str:
    """One digest for a whole batch: SHA-256 over the per-game digests in order."""
    h = hashlib.sha256()
    for d in per_game:
        h.update(d.encode("ascii"))
    return h.hexdigest()[:32]


def new_state(c: CompiledScenario, seeds: np.ndarray) -> State:
    """Every game at the start of turn 1 (the turn-1 agenda is set by the caller via
    ``engine.step.open_agenda``)."""
    c = for_engine(c)
    s = as_seeds(seeds)
    n, ng = s.shape[0], c.n_groups

    def rows(x: np.ndarray) -> np.ndarray:  # one row per game, in x's dtype
        return np.repeat(x.reshape(1, -1), n, axis=0)

    w = c.model.model
    trust = rows(c.trust0)
    return State(
        turn=1,
        seeds=s,
        trust=trust,
        wellbeing=rows(c.wellbeing0),
        engagement=rows(c.engagement0),
        expectation=np.clip(w.expectation_base * (0.5 + trust), 0.0, 1.0),
        uncertainty=rows(c.uncertainty0),
        gap=np.ones((n, ng), PEOPLE),
        reserve=np.full(n, c.reserve0),
        revenue=np.full(n, c.revenue0),
        revenue_base=np.full(n, c.revenue0),
        resilience=np.full(n, c.resilience0, PEOPLE),
        recurring=np.zeros(n),
        recurring_benefit=np.zeros((n, ng), PEOPLE),
        indicators=rows(c.indicator0),
        flags=np.zeros((n, 1), bool) | c.flag0.reshape(1, -1),
        fired=np.zeros((n, len(c.event_ids)), bool),
        chosen=np.full((n, c.n_decisions), -1, np.int64),
        appeared=np.zeros((n, c.n_decisions), bool),
        agenda=np.zeros((n, c.n_decisions), bool),
        pending=np.zeros((n, len(c.delayed), c.turns + 2), np.uint8),
        promise=np.zeros((n, len(c.promise_labels)), np.int8),
        promise_due=np.zeros((n, len(c.promise_labels)), np.int64),
        terminated=np.zeros(n, bool),
        truncated=np.zeros(n, bool),
        end_reason=np.zeros(n, np.int8),
        played=np.zeros(n, np.int64),
    )
