"""The simulation state: numpy arrays with a leading games axis (DESIGN.md §3.1).

Each game draws its groups' true needs once, from its seed: ``variant`` holds, per group, which of
the compiled needs variants is the truth in this game (:mod:`simcity_council.scenario.compile`).
The city's *belief* about each group's needs is stored compactly and exactly: listening only
ever moves belief in a straight line toward the truth, so
``belief = truth + gap * (belief0 - truth)`` with one number ``gap`` per game and group (1 at the
start, shrinking toward 0 as the city listens). :meth:`State.belief` expands it.

The arrays of two or more axes are laid out games-fastest (column-major, :func:`by_games`):
the shapes are as above, only the memory order differs, so that the step's operations with a
per-group row run over long stretches of games. Values, digests and results do not depend on it;
speed does, so arrays the step makes or puts in the state keep that layout.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from ..scenario.compile import CompiledScenario
from .precision import PEOPLE, for_engine
from .rng import STREAM_NEEDS, as_seeds, uniform

END_NONE, END_TURN_LIMIT, END_RECEIVERSHIP, END_RECALL = range(4)
END_REASONS = {END_TURN_LIMIT: "turn_limit", END_RECEIVERSHIP: "receivership", END_RECALL: "recall"}
PROMISE_NONE, PROMISE_OPEN, PROMISE_KEPT, PROMISE_BROKEN, PROMISE_VOID = range(5)
#: ``ceiling`` of a group whose trust is not scarred.
NO_CEILING = 1.0


@dataclass
class State:
    """Every game's state. ``turn`` is the 1-based turn awaiting choices (shared by the batch;
    games that ended stay frozen while the others go on)."""

    turn: int
    seeds: np.ndarray  # (games,) uint64, not part of the digest
    variant: np.ndarray  # (games, groups) int8: which needs variant is true in this game
    trust: np.ndarray  # (games, groups)
    wellbeing: np.ndarray
    engagement: np.ndarray
    uncertainty: np.ndarray  # how unsure the city is (1 = no idea)
    gap: np.ndarray  # belief error left, as a share of the initial error
    service: np.ndarray  # (games, groups) service above the baseline from today's budgets
    projects: np.ndarray  # (games, groups) service of one-time projects, fading
    temporary: np.ndarray  # (games, temporary decisions, groups) service they added, to undo
    ceiling: np.ndarray  # (games, groups) highest trust can recover to (1 = not scarred)
    scar_until: np.ndarray  # (games, groups) int16 last turn of the scar (0 = none)
    allocation: np.ndarray  # (games, domains) float64 money per turn each domain gets now
    reserve: np.ndarray  # (games,)
    revenue: np.ndarray  # revenue arriving next turn
    revenue_base: np.ndarray  # before the economy multiplier
    resilience: np.ndarray
    indicators: np.ndarray  # (games, indicators)
    flags: np.ndarray  # (games, flags) bool
    fired: np.ndarray  # (games, events) bool: has fired
    chosen: np.ndarray  # (games, decisions) int64 option index, -1 = not chosen
    chosen_turn: np.ndarray  # (games, decisions) int16 turn it was chosen (0 = not chosen)
    appeared: np.ndarray  # (games, decisions) bool: has been on an agenda
    agenda: np.ndarray  # (games, decisions) bool: on the agenda of `turn`
    acted: np.ndarray  # (games, actions) int16 times taken
    pending: np.ndarray  # (games, delayed effects, turns + 2) uint8: count due per turn
    promise: np.ndarray  # (games, promises) int8 PROMISE_*
    promise_due: np.ndarray  # (games, promises) int64 turn it falls due (0 = none)
    terminated: np.ndarray  # (games,) bool
    truncated: np.ndarray
    end_reason: np.ndarray  # (games,) int8 END_*
    played: np.ndarray  # (games,) int64 turns played (stops when the game ends)
    #: (games, groups) intp: where each group's true needs sit in a table flattened over
    #: (groups, variants); derived from ``variant`` once (it never changes), not digested
    world: np.ndarray
    #: (games, sources with budget effects) money per turn each one's ``budget.<domain>``
    #: effects have moved so far (``CompiledScenario.budget_sources``): attribution's record
    #: of what the allocations include, not digested
    effect_money: np.ndarray

    @property
    def games(self) -> int:
        """How many games the state holds (one row of every array each)."""
        return int(self.seeds.shape[0])

    @property
    def active(self) -> np.ndarray:
        """(games,) bool: still playing (neither terminated nor truncated)."""
        return ~(self.terminated | self.truncated)

    def truth(self, c: CompiledScenario) -> np.ndarray:
        """Each game's true needs, (games, groups, domains)."""
        return c.needs[np.arange(c.n_groups), self.variant]

    def belief(self, c: CompiledScenario) -> np.ndarray:
        """The city's belief about needs, (games, groups, domains)."""
        truth = self.truth(c)
        return truth + self.gap[:, :, None] * (c.belief0 - truth)

    def copy(self) -> State:
        """An independent copy of every array, so a game can branch (what-ifs, copies)."""
        return State(self.turn, *[getattr(self, name).copy(order="K") for name in _ARRAYS])

    def take(self, index: np.ndarray) -> State:
        """The games at ``index`` (positions, or a mask over the games) as a new state
        (copies)."""
        index = np.asarray(index)
        if index.dtype == bool:
            index = np.flatnonzero(index)
        return State(self.turn, *(rows_of(getattr(self, name), index) for name in _ARRAYS))

    def put(self, index: np.ndarray, part: State) -> None:
        """Write ``part`` (from :meth:`take`) back into the games at ``index``."""
        for name in _ARRAYS:
            getattr(self, name)[index] = getattr(part, name)


_ARRAYS = tuple(f.name for f in fields(State))[1:]  # every field after ``turn``, in order


def by_games(x: np.ndarray) -> np.ndarray:
    """``x`` laid out games-fastest (column-major), as every per-game array of a state is: an
    operation with a per-group row (``trust - voice``) or a per-game column then runs over
    long contiguous stretches of games, not over rows of a few groups (several times faster
    in numpy). Values and digests do not depend on the layout."""
    return np.asfortranarray(x) if x.ndim > 1 else x


def rows_of(x: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``x[index]`` (``index``: positions, e.g. of games, or each game's option in a table of
    options) in the games-fastest layout, gathered in it: taking along the last axis of the
    transposed array copies once, where ``x[index]`` would come out row-major and need a second
    copy (and numpy's fancy indexing is slower than ``take`` besides)."""
    if x.ndim > 1:
        return np.take(x.T, index, axis=-1).T
    return x[index]


def columns_with_any(x: np.ndarray) -> list[int]:
    """The columns of ``x`` (games, n) with a true or nonzero value in some game (by the ufunc
    under ``ndarray.any``, without its Python wrapper: several times the cost at one game)."""
    some: np.ndarray = np.logical_or.reduce(x, axis=0)
    return some.nonzero()[0].tolist()


def outer(col: np.ndarray, row: np.ndarray) -> np.ndarray:
    """``col[:, None] * row``: a per-game column times a per-group row, (games, groups) in
    the state's layout (:func:`by_games`)."""
    return np.multiply(col[:, None], row, order="F")


def outer_mask(col: np.ndarray, row: np.ndarray) -> np.ndarray:
    """``col[:, None] & row`` (bool), as :func:`outer`."""
    return np.logical_and(col[:, None], row, order="F")


# Fixed order and dtype of the digest: (field, little-endian dtype); [0, 1] quantities are
# float32 (precision.py), money float64.
_DIGEST_FIELDS: tuple[tuple[str, str], ...] = (
    ("variant", "i1"),
    ("trust", "<f4"),
    ("wellbeing", "<f4"),
    ("engagement", "<f4"),
    ("uncertainty", "<f4"),
    ("gap", "<f4"),
    ("service", "<f4"),
    ("projects", "<f4"),
    ("temporary", "<f4"),
    ("ceiling", "<f4"),
    ("scar_until", "<i2"),
    ("allocation", "<f8"),
    ("reserve", "<f8"),
    ("revenue", "<f8"),
    ("revenue_base", "<f8"),
    ("resilience", "<f4"),
    ("indicators", "<f4"),
    ("flags", "u1"),
    ("fired", "u1"),
    ("chosen", "<i8"),
    ("chosen_turn", "<i2"),
    ("appeared", "u1"),
    ("agenda", "u1"),
    ("acted", "<i2"),
    ("pending", "u1"),
    ("promise", "i1"),
    ("promise_due", "<i8"),
    ("terminated", "u1"),
    ("truncated", "u1"),
    ("end_reason", "i1"),
    ("played", "<i8"),
)

_DIGEST_DTYPES = [(name, np.dtype(dtype)) for name, dtype in _DIGEST_FIELDS]


def state_bytes(state: State) -> np.ndarray:
    """(games, n) uint8: each game's state in a fixed order, dtype and byte order. The batch's
    shared ``turn`` is left out (``played`` counts each game's own turns), so a game that ended
    keeps its digest while the rest of its batch plays on."""
    n = state.games
    fields = [(getattr(state, name), np.dtype(dtype)) for name, dtype in _DIGEST_DTYPES]
    out = np.empty((n, sum(arr[:1].size * dt.itemsize for arr, dt in fields)), np.uint8)
    at = 0
    for arr, dt in fields:  # each field straight into its columns (converted, games in rows)
        width = arr[:1].size * dt.itemsize
        if width:  # the columns seen in the field's shape: no copy of a column-major field
            out[:, at : at + width].view(dt).reshape(arr.shape)[...] = arr
        at += width
    return out


def digests(state: State, length: int = 32) -> list[str]:
    """Per-game SHA-256 (hex, first ``length`` characters) of the state: stable across runs,
    machines and batch sizes."""
    if state.games == 1:  # one game: hash the fields in turn (the same bytes, no copy)
        h = hashlib.sha256()
        for name, dtype in _DIGEST_DTYPES:  # (a C-contiguous array's memory: its bytes)
            h.update(np.ascontiguousarray(getattr(state, name), dtype=dtype).data)
        return [h.hexdigest()[:length]]
    rows = state_bytes(state)
    return [hashlib.sha256(row.data).hexdigest()[:length] for row in rows]


class StreamDigest:
    """One digest of the final states of many games, fed chunk by chunk in game order: the same
    whatever the chunk size (the bytes fed are every game's state, one after another)."""

    def __init__(self) -> None:
        self._h = hashlib.sha256()

    def update(self, state: State) -> None:
        """Feed the next chunk of games (in game order)."""
        self._h.update(state_bytes(state).data)  # (C-contiguous: its memory is its bytes)

    def hexdigest(self) -> str:
        """The digest of everything fed so far (32 hex digits, like a per-game digest)."""
        return self._h.hexdigest()[:32]


def combined_digest(per_game: list[str]) -> str:
    """One digest for a whole batch: SHA-256 over the per-game digests in order."""
    h = hashlib.sha256()
    for d in per_game:
        h.update(d.encode("ascii"))
    return h.hexdigest()[:32]


def new_state(c: CompiledScenario, seeds: Sequence[int] | np.ndarray) -> State:
    """Every game at the start of turn 1 (the turn-1 agenda is set by the caller via
    ``engine.rules.open_agenda``). Each game draws its groups' true needs from its seed."""
    c = for_engine(c)
    s = as_seeds(seeds)
    n, ng = s.shape[0], c.n_groups

    def rows(x: np.ndarray) -> np.ndarray:  # one row per game, in x's dtype
        return by_games(np.repeat(x.reshape(1, -1), n, axis=0))

    def zeros(*shape: int, dtype: type = np.float64) -> np.ndarray:
        return np.zeros((n, *shape), dtype, order="F")

    m = c.needs.shape[1]
    variant = zeros(ng, dtype=np.int8)
    for g in range(ng):
        variant[:, g] = np.minimum(uniform(s, 0, STREAM_NEEDS + g) * m, m - 1).astype(np.int8)
    return State(
        turn=1,
        seeds=s,
        variant=variant,
        trust=rows(c.trust0),
        wellbeing=rows(c.wellbeing0),
        engagement=rows(c.engagement0),
        uncertainty=rows(c.uncertainty0),
        gap=np.ones((n, ng), PEOPLE, order="F"),
        service=zeros(ng, dtype=PEOPLE),
        projects=zeros(ng, dtype=PEOPLE),
        temporary=zeros(len(c.temporary_decisions), ng, dtype=PEOPLE),
        ceiling=np.full((n, ng), NO_CEILING, PEOPLE, order="F"),
        scar_until=zeros(ng, dtype=np.int16),
        allocation=rows(c.baseline.astype(np.float64)),
        reserve=np.full(n, c.reserve0),
        revenue=np.full(n, c.revenue0),
        revenue_base=np.full(n, c.revenue0),
        resilience=np.full(n, c.resilience0, PEOPLE),
        indicators=rows(c.indicator0),
        flags=rows(c.flag0.astype(bool)),
        fired=zeros(len(c.event_ids), dtype=bool),
        chosen=np.full((n, c.n_decisions), -1, np.int64, order="F"),
        chosen_turn=zeros(c.n_decisions, dtype=np.int16),
        appeared=zeros(c.n_decisions, dtype=bool),
        agenda=zeros(c.n_decisions, dtype=bool),
        acted=zeros(len(c.action_ids), dtype=np.int16),
        pending=zeros(len(c.delayed), c.turns + 2, dtype=np.uint8),
        promise=zeros(len(c.promise_labels), dtype=np.int8),
        promise_due=zeros(len(c.promise_labels), dtype=np.int64),
        terminated=np.zeros(n, bool),
        truncated=np.zeros(n, bool),
        end_reason=np.zeros(n, np.int8),
        played=np.zeros(n, np.int64),
        world=by_games(np.arange(ng, dtype=np.intp) * m + variant.astype(np.intp)),
        effect_money=zeros(len(c.budget_sources)),
    )
