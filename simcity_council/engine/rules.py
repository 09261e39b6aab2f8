"""Who may choose what: the condition env, option/action availability, the agenda, and the one
check of a turn's choices (:func:`assess`). All vectorised over the games axis.

Availability rules (docs/model.md, "Choices"):

* an option is available when its ``requires`` holds, its staff ``capacity`` fits the city's,
  and its one-time cost fits in the reserve -- except that when no option of a decision is
  affordable, the cheapest ones stay available (an agenda item must always be answerable);
* an action is available when its ``requires`` holds and it fits capacity and the reserve;
* together, the chosen options and actions must fit the staff capacity, and the actions must be
  payable from what the options leave in the reserve.

:func:`assess` is the only place these rules are applied to a set of choices: the engine's
step, the policies, :class:`~simcity_council.engine.game.Game` and both front ends use it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario._condition_tree import group_max, group_min, weighted_sum
from ..scenario.compile import CompiledScenario
from .state import State, columns_with_any

# Why an option or action is not available.
OK, NEED_REQUIRES, NEED_CAPACITY, NEED_MONEY = range(4)


class Env(dict):
    """The arrays a condition reads (docs/architecture.md). The resident aggregates
    (``trust_min``, ``trust_mean``, ...) are computed on first use only, and so is the
    availability of each decision's options and of the actions (:attr:`columns`): an env
    describes one state at one moment, so what it says stays true while that state is not
    changed (make a new env after changing the state)."""

    def __init__(self, c: CompiledScenario, s: State, turn: int) -> None:
        n = s.games
        super().__init__(
            trust=s.trust,
            wellbeing=s.wellbeing,
            engagement=s.engagement,
            share=c.share,
            reserve=s.reserve,
            revenue=s.revenue,
            resilience=s.resilience,
            capacity=filled(n, float(c.capacity), np.float64),
            turn=filled(n, turn, np.int64),
            flag=s.flags,
            indicator=s.indicators,
            event=s.fired,
            action=s.acted,
            chose=s.chosen,
        )
        self._c = c
        #: :func:`option_columns` by decision and :func:`action_columns` (key -1), as computed
        self.columns: dict[int, tuple[list[np.ndarray], list[np.ndarray]]] = {}

    def __missing__(self, key: str) -> np.ndarray:
        value = resident_aggregate(self._c, self["trust"], self["wellbeing"], key)
        self[key] = value
        return value


def filled(shape: int | tuple[int, ...], value: float, dtype: type) -> np.ndarray:
    """``np.full(shape, value, dtype)`` without its Python wrapper (several times the cost of
    filling a one-game array)."""
    out: np.ndarray = np.empty(shape, dtype)
    out.fill(value)
    return out


def resident_aggregate(
    c: CompiledScenario, trust: np.ndarray, wellbeing: np.ndarray, key: str
) -> np.ndarray:
    """One of the scores over resident groups: ``trust_min``, ``trust_mean``, ``trust_gap``,
    ``wellbeing_min``, ``wellbeing_mean`` (means weighted by population share)."""
    quantity, _, how = key.partition("_")
    if quantity not in ("trust", "wellbeing") or how not in ("min", "mean", "gap"):
        raise KeyError(key)
    x = trust if quantity == "trust" else wellbeing
    if how == "mean":
        return weighted_sum(x, c.pop_weight)
    res = x[:, c.resident] if not c.resident.all() else x
    if how == "min":
        return group_min(res)
    return group_max(res) - group_min(res)


def make_env(c: CompiledScenario, s: State, turn: int) -> Env:
    """The condition env of every game of ``s`` at ``turn``."""
    return Env(c, s, turn)


@dataclass(frozen=True)
class OptionStatus:
    """For one decision: ``available`` (games, options) and ``why`` (games, options) codes."""

    available: np.ndarray
    why: np.ndarray


def option_columns(
    c: CompiledScenario, s: State, env: dict, k: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """:func:`option_status` of decision ``k`` as one (games,) column per option: (available,
    why). Column-wise, because numpy reduces over a short axis such as options slowly.
    Computed once per :class:`Env` (read the columns, do not change them)."""
    if isinstance(env, Env):
        hit = env.columns.get(k)
        if hit is None:
            hit = env.columns[k] = _option_columns(c, s, env, k)
        return hit
    return _option_columns(c, s, env, k)


def _option_columns(
    c: CompiledScenario, s: State, env: dict, k: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    # worked out as (options, games) arrays, a few operations for all the options at once,
    # and handed out as their rows
    n, mo = s.games, c.max_options
    base = np.zeros((mo, n), bool)
    why = filled((mo, n), NEED_REQUIRES, np.int64)
    for j in range(mo):
        cond = c.option_requires[k][j] if j < len(c.option_requires[k]) else None
        if not c.option_valid[k, j]:
            continue  # not an option: NEED_REQUIRES
        if c.option_capacity[k, j] > c.capacity:
            why[j] = NEED_CAPACITY
        elif cond is None:
            base[j] = True
            why[j] = OK
        else:
            ok = cond.evaluate(env)  # a fresh (games,) bool array
            base[j] = ok
            why[j] = np.where(ok, OK, NEED_REQUIRES)
    cost = c.option_cost[k][:, None]
    available = base & (cost <= s.reserve)
    # (the ufunc reductions under ndarray.any/min and np.count_nonzero, without their Python
    # wrappers: the same results)
    none = ~np.logical_or.reduce(available, axis=0)
    if np.logical_or.reduce(none):  # the cheapest of those whose requires hold stay available
        priced = np.where(base, cost, np.inf)
        available |= base & (priced == np.minimum.reduce(priced, axis=0)) & none
    short = base & ~available
    if np.logical_or.reduce(short, axis=None):
        why[short] = NEED_MONEY
    return list(available), list(why)


def option_status(c: CompiledScenario, s: State, env: dict, k: int) -> OptionStatus:
    """Which options of decision ``k`` each game may choose, and why not."""
    available, why = option_columns(c, s, env, k)
    return OptionStatus(np.stack(available, axis=1), np.stack(why, axis=1))


def action_columns(
    c: CompiledScenario, s: State, env: dict
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """:func:`action_status` as one (games,) column per action: (available, why); once per
    :class:`Env`, as :func:`option_columns`."""
    if isinstance(env, Env):
        hit = env.columns.get(-1)
        if hit is None:
            hit = env.columns[-1] = _action_columns(c, s, env)
        return hit
    return _action_columns(c, s, env)


def _action_columns(
    c: CompiledScenario, s: State, env: dict
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    # as (actions, games) arrays, handed out as their rows (as _option_columns)
    n = s.games
    too_big = (c.action_capacity > c.capacity).tolist()
    ok = np.ones((len(c.action_requires), n), bool)
    for a, cond in enumerate(c.action_requires):
        if cond is not None and not too_big[a]:
            ok[a] = cond.evaluate(env)
    poor = c.action_cost[:, None] > s.reserve
    available = ok & ~poor
    why = np.where(ok, np.where(poor, NEED_MONEY, OK), NEED_REQUIRES).astype(np.int64)
    if any(too_big):
        available[too_big] = False
        why[too_big] = NEED_CAPACITY
    return list(available), list(why)


def action_status(c: CompiledScenario, s: State, env: dict) -> OptionStatus:
    """Which actions each game may take this turn, (games, actions), and why not."""
    n, na = s.games, len(c.action_ids)
    if not na:
        return OptionStatus(np.zeros((n, 0), bool), np.zeros((n, 0), np.int64))
    available, why = action_columns(c, s, env)
    return OptionStatus(np.stack(available, axis=1), np.stack(why, axis=1))


def open_agenda(c: CompiledScenario, s: State, turn: int, fired_now: np.ndarray | None) -> None:
    """Put on ``turn``'s agenda every decision due then (DESIGN.md §3.2), in place.

    A decision appears once: on its ``turn``; on the first turn of its ``window`` where ``when``
    holds; or on the turn after its ``after_event`` fired. One whose options are all unavailable
    does not appear that turn."""
    s.agenda[...] = False
    if turn > c.turns:
        return
    ks = c.decisions_by_turn[turn]
    if not ks.size:
        return
    env = make_env(c, s, turn)
    # not yet on an agenda, in a game still playing: every decision of the turn at once
    fresh = np.logical_and(~s.appeared[:, ks], s.active[:, None], order="F")
    for i in columns_with_any(fresh):
        k = int(ks[i])
        due = fresh[:, i]
        e = c.decision_after_event[k]
        if e >= 0:
            if fired_now is None:
                continue
            due &= fired_now[:, e]
        if not np.count_nonzero(due):
            continue
        when = c.decision_when[k]
        if when is not None:
            due &= when.evaluate(env)
        if not c.decision_answerable[k] and np.count_nonzero(due):
            due &= option_status(c, s, env, k).available.any(axis=1)
        s.agenda[:, k] = due
        appeared = s.appeared[:, k]
        appeared |= due


@dataclass(frozen=True)
class Assessment:
    """What a set of choices leaves and breaks, per game: staff ``capacity`` and ``money``
    (reserve) left after paying them, and ``problems`` as (game, message), empty when every
    game's choices are valid. Choices may be partial (a front end checking as the player
    chooses): with ``complete=False`` an unanswered agenda item is not a problem."""

    capacity: np.ndarray  # (games,) int staff points left
    money: np.ndarray  # (games,) reserve left after one-time costs
    problems: tuple[tuple[int, str], ...]

    @property
    def ok(self) -> bool:
        """True when every game's choices are valid."""
        return not self.problems


def assess(
    c: CompiledScenario,
    s: State,
    choice: np.ndarray,
    act: np.ndarray,
    complete: bool = True,
    env: dict | None = None,
) -> Assessment:
    """Check ``choice`` (games, decisions; -1 = none) and ``act`` (games, actions) against the
    rules of this turn. The one choice checker of the game (module docstring)."""
    env = make_env(c, s, s.turn) if env is None else env
    bad: dict[int, str] = {}
    active = s.active
    cap = np.zeros(s.games, np.int64)
    cost = np.zeros(s.games)
    # np.logical_or.reduce: ndarray.any without its Python wrapper; (x).nonzero()[0]:
    # np.flatnonzero(x) for 1-d x, without its wrapper (each a few times the cost at one game)
    either = np.logical_or.reduce(s.agenda, axis=0) | np.logical_or.reduce(choice >= 0, axis=0)
    for k in either.nonzero()[0]:
        ck = choice[:, k]
        answered = ck >= 0
        on = s.agenda[:, k] & active
        if complete:
            for g in (on & ~answered).nonzero()[0]:
                bad.setdefault(
                    int(g),
                    f"decision '{c.decision_ids[k]}' is on the agenda: choose an "
                    f"option ({', '.join(c.option_ids[k])})",
                )
        for g in (answered & ~on & active).nonzero()[0]:
            bad.setdefault(int(g), f"decision '{c.decision_ids[k]}' is not on this turn's agenda")
        picked = on & answered
        if not np.logical_or.reduce(picked):
            continue
        # np.clip, for whole numbers: its Python wrapper costs a few times the sum at n=1
        idx = np.minimum(np.maximum(ck, 0), c.max_options - 1)
        # each game's column idx of the decision's options
        ok = idx.choose(option_columns(c, s, env, int(k))[0]) & (ck < c.max_options)
        for g in (picked & ~ok).nonzero()[0]:
            bad.setdefault(int(g), f"option {int(ck[g])} of '{c.decision_ids[k]}' is not available")
        cap += np.where(picked, c.option_capacity[k][idx], 0)
        cost += np.where(picked, c.option_cost[k][idx], 0.0)
    if act.shape[1]:
        usable = np.array(action_columns(c, s, env)[0]).T  # (games, actions)
        for g in (np.logical_or.reduce(act & ~usable, axis=1) & active).nonzero()[0]:
            bad.setdefault(int(g), "an action chosen is not available")
        cap += np.add.reduce(act * c.action_capacity, axis=1)  # ndarray.sum, no wrapper
        act_cost = np.add.reduce(act * c.action_cost, axis=1)
        for g in ((act_cost > 0) & (act_cost > s.reserve - cost) & active).nonzero()[0]:
            bad.setdefault(int(g), "not enough money in the reserve for these actions")
        cost = cost + act_cost
    for g in ((cap > c.capacity) & active).nonzero()[0]:
        bad.setdefault(
            int(g), f"these choices need {int(cap[g])} staff points; the city has {c.capacity}"
        )
    return Assessment(c.capacity - cap, s.reserve - cost, tuple(sorted(bad.items())))


def check_choices(
    c: CompiledScenario, s: State, choice: np.ndarray, act: np.ndarray
) -> list[tuple[int, str]]:
    """Every game whose choices break a rule, as (game, message). Empty when all are fine."""
    return list(assess(c, s, choice, act).problems)
