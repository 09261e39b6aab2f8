"""Who may choose what: the condition env, option/action availability, the agenda, and the
check of a turn's choices (DESIGN.md §3.3 step 1). All vectorised over the games axis.

Availability rules (docs/model.md, "Choices"):

* an option is available when its ``requires`` holds, its staff ``capacity`` fits the city's,
  and its one-time cost fits in the reserve -- except that when no option of a decision is
  affordable, the cheapest ones stay available (an agenda item must always be answerable);
* an action is available when its ``requires`` holds and it fits capacity and the reserve;
* together, the chosen options and actions must fit the staff capacity, and the actions must be
  payable from what the options leave in the reserve.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.compile import CompiledScenario
from .state import State

# Why an option or action is not available.
OK, NEED_REQUIRES, NEED_CAPACITY, NEED_MONEY = range(4)


def make_env(c: CompiledScenario, s: State, turn: int) -> dict[str, np.ndarray]:
    """The arrays a condition reads (docs/architecture.md), as views of the state."""
    n = s.games
    return {
        "trust": s.trust,
        "wellbeing": s.wellbeing,
        "engagement": s.engagement,
        "share": c.share,
        "reserve": s.reserve,
        "revenue": s.revenue,
        "resilience": s.resilience,
        "capacity": np.full(n, float(c.capacity)),
        "turn": np.full(n, turn, np.int64),
        "flag": s.flags,
        "indicator": s.indicators,
        "event": s.fired,
        "chose": s.chosen,
    }


@dataclass(frozen=True)
class OptionStatus:
    """For one decision: ``available`` (games, options) and ``why`` (games, options) codes."""

    available: np.ndarray
    why: np.ndarray


def option_status(c: CompiledScenario, s: State, env: dict, k: int) -> OptionStatus:
    """Which options of decision ``k`` each game may choose, and why not."""
    n, mo = s.games, c.max_options
    why = np.zeros((n, mo), np.int64)
    for j, cond in enumerate(c.option_requires[k]):
        if cond is not None:
            why[~cond.evaluate(env), j] = NEED_REQUIRES
    why[:, c.option_capacity[k] > c.capacity] = np.maximum(
        why[:, c.option_capacity[k] > c.capacity], NEED_CAPACITY
    )
    base = (why == OK) & c.option_valid[k]
    affordable = base & (c.option_cost[k] <= s.reserve[:, None])
    none = ~affordable.any(axis=1)
    cost = np.where(base, c.option_cost[k], np.inf)
    cheapest = base & (cost == cost.min(axis=1, keepdims=True)) & none[:, None]
    available = affordable | cheapest
    why[base & ~available] = NEED_MONEY
    why[:, ~c.option_valid[k]] = NEED_REQUIRES
    return OptionStatus(available, why)


def action_status(c: CompiledScenario, s: State, env: dict) -> OptionStatus:
    """Which actions each game may take this turn, (games, actions), and why not."""
    n, na = s.games, len(c.action_ids)
    why = np.zeros((n, na), np.int64)
    for a, cond in enumerate(c.action_requires):
        if cond is not None:
            why[~cond.evaluate(env), a] = NEED_REQUIRES
    over = c.action_capacity > c.capacity
    why[:, over] = np.maximum(why[:, over], NEED_CAPACITY)
    poor = (c.action_cost[None, :] > s.reserve[:, None]) & (why == OK)
    why[poor] = NEED_MONEY
    return OptionStatus(why == OK, why)


def open_agenda(c: CompiledScenario, s: State, turn: int, fired_now: np.ndarray | None) -> None:
    """Put on ``turn``'s agenda every decision due then (DESIGN.md §3.2), in place.

    A decision appears once: on its ``turn``; on the first turn of its ``window`` where ``when``
    holds; or on the turn after its ``after_event`` fired. One whose options are all unavailable
    does not appear that turn."""
    s.agenda[...] = False
    if turn > c.turns:
        return
    env = make_env(c, s, turn)
    active = s.active
    for k in c.decisions_by_turn[turn]:
        due = ~s.appeared[:, k] & active
        e = c.decision_after_event[k]
        if e >= 0:
            if fired_now is None:
                continue
            due &= fired_now[:, e]
        if not due.any():
            continue
        when = c.decision_when[k]
        if when is not None:
            due &= when.evaluate(env)
        if due.any() and not _always_answerable(c, int(k)):
            due &= option_status(c, s, env, k).available.any(axis=1)
        s.agenda[:, k] = due
        s.appeared[:, k] |= due


def _always_answerable(c: CompiledScenario, k: int) -> bool:
    """True when some option of decision ``k`` has no ``requires`` and fits the staff capacity:
    then one is always available (money never blocks the cheapest)."""
    return any(
        cond is None and c.option_capacity[k][j] <= c.capacity
        for j, cond in enumerate(c.option_requires[k])
    )


def check_choices(
    c: CompiledScenario, s: State, choice: np.ndarray, act: np.ndarray
) -> list[tuple[int, str]]:
    """Every game whose choices break a rule, as (game, message). Empty when all are fine."""
    env = make_env(c, s, s.turn)
    bad: dict[int, str] = {}
    games = np.arange(s.games)
    active = s.active
    cap = np.zeros(s.games, np.int64)
    cost = np.zeros(s.games)
    for k in np.flatnonzero(s.agenda.any(axis=0) | (choice >= 0).any(axis=0)):
        ck = choice[:, k]
        on = s.agenda[:, k] & active
        for g in np.flatnonzero(on & (ck < 0)):
            bad.setdefault(
                int(g),
                f"decision '{c.decision_ids[k]}' is on the agenda: choose an "
                f"option ({', '.join(c.option_ids[k])})",
            )
        for g in np.flatnonzero(~on & (ck >= 0) & active):
            bad.setdefault(int(g), f"decision '{c.decision_ids[k]}' is not on this turn's agenda")
        picked = on & (ck >= 0)
        if not picked.any():
            continue
        idx = np.clip(ck, 0, c.max_options - 1)
        status = option_status(c, s, env, int(k))
        ok = status.available[games, idx] & (ck < c.max_options)
        for g in np.flatnonzero(picked & ~ok):
            bad.setdefault(int(g), f"option {int(ck[g])} of '{c.decision_ids[k]}' is not available")
        cap += np.where(picked, c.option_capacity[k][idx], 0)
        cost += np.where(picked, c.option_cost[k][idx], 0.0)
    if act.shape[1]:
        status = action_status(c, s, env)
        for g in np.flatnonzero((act & ~status.available).any(axis=1) & active):
            bad.setdefault(int(g), "an action chosen is not available")
        cap += (act * c.action_capacity).sum(axis=1)
        act_cost = (act * c.action_cost).sum(axis=1)
        for g in np.flatnonzero((act_cost > 0) & (act_cost > s.reserve - cost) & active):
            bad.setdefault(int(g), "not enough money in the reserve for these actions")
    for g in np.flatnonzero((cap > c.capacity) & active):
        bad.setdefault(
            int(g), f"these choices need {int(cap[g])} staff points; the city has {c.capacity}"
        )
    return sorted(bad.items())
