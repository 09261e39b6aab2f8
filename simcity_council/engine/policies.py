"""Automatic players, vectorised over the games of a batch (no Python loop over games).

``make_policy(name)`` gives one of: ``random``, ``inclusive`` (the most inclusive option; listening
aimed at the least-understood groups, within capacity and budget), ``narrow`` (the cheapest, least
consultative option; no listening), ``greedy`` (the best immediate expected score by the city's
*belief*), or ``script:FILE`` (choices by decision id from a file: :mod:`.script`). Every
policy returns valid choices: options available to that game, actions that fit what the options
leave of the capacity and the reserve.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np

from ..errors import UsageError
from ..scenario._condition_tree import fold_rows
from ..scenario.compile import STANCE_CODE, CompiledScenario
from .precision import for_engine
from .rng import STREAM_POLICY, uniform
from .rules import action_columns, make_env, option_columns
from .state import State

POLICY_NAMES = ("random", "inclusive", "narrow", "greedy")


class Policy:
    """Base class: choose options by :meth:`option_scores`, then actions by :meth:`actions`."""

    name = "policy"
    takes_actions = True

    def choose(self, c: CompiledScenario, s: State) -> tuple[np.ndarray, np.ndarray]:
        """(choice (games, decisions) int -1 = none, act (games, actions) bool) for ``s.turn``.

        Works column by column (one (games,) array per option or action): numpy reduces over
        a short axis such as options slowly."""
        c = for_engine(c)
        n = s.games
        env = make_env(c, s, s.turn)
        choice = np.full((n, c.n_decisions), -1, np.int64)
        capacity = np.full(n, c.capacity, np.int64)
        money = s.reserve.copy()
        turn = min(s.turn, c.turns + 1)
        for k in c.decisions_by_turn[turn].tolist():
            on = s.agenda[:, k]
            if not on.any():
                continue
            ok, _ = option_columns(c, s, env, k)
            cap = c.option_capacity[k]
            fits = [o & (cap[j] <= capacity) for j, o in enumerate(ok)]
            some = fits[0].copy()
            for f in fits[1:]:
                some |= f
            if not some.all():
                ok = [f | (o & ~some) for f, o in zip(fits, ok, strict=True)]
            else:
                ok = fits
            scores = self.option_scores(c, s, k)
            cols = scores.T if scores.ndim == 2 else scores
            j = _argmax_columns([np.where(o, sc, -np.inf) for o, sc in zip(ok, cols, strict=True)])
            choice[:, k] = np.where(on, j, -1)
            capacity -= np.where(on, cap[j], 0)
            money -= np.where(on, c.option_cost[k][j], 0.0)
        act = np.zeros((n, len(c.action_ids)), bool)
        if act.shape[1] and self.takes_actions:
            usable = action_columns(c, s, env)[0]
            active = s.active
            if not active.all():
                usable = [u & active for u in usable]
            self.actions(c, s, np.stack(usable, axis=1), capacity, money, act)
        return choice, act

    def option_scores(self, c: CompiledScenario, s: State, k: int) -> np.ndarray:
        """Higher is preferred; (options,) or (games, options)."""
        raise NotImplementedError

    def actions(self, c, s, usable, capacity, money, act) -> None:
        """Fill ``act`` in place (default: no actions)."""

    @staticmethod
    def take_best(c, value, usable, capacity, money, act) -> None:
        """Repeatedly take each game's best remaining action with value > 0 that fits.

        Capacity and money only shrink, so an action that does not fit now never will: the
        repeated choice of the best fitting action is one scan of the actions from best to
        worst (ties: the lower index first), taking each that fits. When every game ranks the
        actions alike (the usual case) the scan is over whole columns."""
        n, na = value.shape
        if not na:
            return
        cost, cap = c.action_cost, c.action_capacity
        if n == 1 or bool((value == value[0]).all()):
            order = np.argsort(-value[:1], axis=1, kind="stable")  # best first, ties by index
        else:
            order = np.argsort(-value, axis=1, kind="stable")
        if order.shape[0] == 1 or bool((order == order[0]).all()):
            for a in order[0].tolist():
                fits = usable[:, a] & (value[:, a] > 0) & (cap[a] <= capacity)
                if cost[a] != 0:
                    fits &= cost[a] <= money
                act[:, a] |= fits
                capacity -= cap[a] * fits
                money -= cost[a] * fits
            return
        rows = np.arange(n)
        for rank in range(na):
            a = order[:, rank]
            fits = usable[rows, a] & (value[rows, a] > 0) & (cap[a] <= capacity)
            fits &= (cost[a] == 0) | (cost[a] <= money)
            act[rows[fits], a[fits]] = True
            capacity -= cap[a] * fits
            money -= cost[a] * fits


def _max_columns(cols: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Row-wise max over a list of (games,) columns and the first column holding it (as
    ``argmax`` over the stacked columns, without numpy's slow short-axis reduction)."""
    best = cols[0]
    index = np.zeros(best.shape[0], np.int64)
    for j, col in enumerate(cols[1:], 1):
        better = col > best
        if better.any():
            index[better] = j
            best = np.where(better, col, best)
    return best, index


def _argmax_columns(cols: list[np.ndarray]) -> np.ndarray:
    """Row-wise ``argmax`` over (games,) columns (first maximum wins)."""
    return _max_columns(cols)[1]


class Inclusive(Policy):
    name = "inclusive"

    def option_scores(self, c, s, k):
        stance = c.option_stance[k]
        return (
            10.0 * (stance == STANCE_CODE["inclusive"])
            + 5.0 * (stance == STANCE_CODE["mixed"])
            + c.option_consult[k].sum(axis=1)
            + c.option_transparency[k]
        )

    def actions(self, c, s, usable, capacity, money, act):
        # Listening aimed at the least-understood groups; engagement and openness next.
        # per action, (groups, games) summed over groups in the fixed order of fold_rows
        unsure = np.ascontiguousarray(s.uncertainty.T)
        value = np.stack(
            [fold_rows(unsure * t[:, None]) for t in c.action_targets]
        ).T  # (games, actions), a view of (actions, games)
        value *= c.action_listening
        value += 0.5 * c.action_engagement * c.action_targets.sum(axis=1)
        value += 0.5 * c.action_transparency
        value += 1e-6
        self.take_best(c, value, usable, capacity, money, act)


class Narrow(Policy):
    name = "narrow"
    takes_actions = False

    def option_scores(self, c, s, k):
        return (
            -1000.0 * c.option_cost[k] / max(c.revenue0, 1.0)
            - c.option_consult[k].sum(axis=1)
            - c.option_transparency[k]
        )


class Greedy(Policy):
    """Best immediate expected trust by what the city believes, minus a little for money."""

    name = "greedy"

    def option_scores(self, c, s, k):
        w = c.model.model
        gain = np.maximum(c.option_consult[k][None] - c.voice, 0.0)  # (1, O, groups)
        believed = c.option_benefit[k][None] + s.gap[:, None, :] * c.option_benefit_belief[k][None]
        benefit = 1.0 - np.exp(-np.maximum(believed, 0.0) / w.benefit_scale)
        per_group = w.process_weight * gain + w.outcome_weight * benefit
        value = (per_group * c.share).sum(axis=2) + w.transparency_weight * c.option_transparency[k]
        return value - 0.1 * c.option_cost[k] / max(c.revenue0, 1.0)

    def actions(self, c, s, usable, capacity, money, act):
        w = c.model.model
        value = np.zeros(act.shape)
        for a in range(act.shape[1]):
            t = c.action_targets[a] * c.share
            heard = w.process_weight * w.listening_voice * c.action_listening[a] * t.sum()
            value[:, a] = (
                heard
                + w.transparency_weight * c.action_transparency[a]
                - 0.1 * c.action_cost[a] / max(c.revenue0, 1.0)
            )
        self.take_best(c, value, usable, capacity, money, act)


class RandomPolicy(Policy):
    """Uniform over available options; each action with probability 1/2 if it fits."""

    name = "random"

    def option_scores(self, c, s, k):
        return np.stack(
            [uniform(s.seeds, s.turn, STREAM_POLICY + 64 * k + j) for j in range(c.max_options)],
            axis=1,
        )

    def actions(self, c, s, usable, capacity, money, act):
        base = STREAM_POLICY + 64 * c.n_decisions
        value = np.stack(
            [uniform(s.seeds, s.turn, base + a) - 0.5 for a in range(act.shape[1])], axis=1
        )
        self.take_best(c, value, usable, capacity, money, act)


def make_policy(name: str) -> Policy:
    """A policy by name; :class:`UsageError` (with a suggestion) for an unknown one."""
    if name.startswith("script:"):
        from .script import load_script  # the Script class lives in engine/script.py

        return load_script(Path(name[len("script:") :]))
    table = {"random": RandomPolicy, "inclusive": Inclusive, "narrow": Narrow, "greedy": Greedy}
    if name in table:
        return table[name]()
    close = difflib.get_close_matches(name, [*POLICY_NAMES, "script:FILE"], n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise UsageError(
        f"unknown policy '{name}'{hint} (policies: {', '.join(POLICY_NAMES)}, script:FILE)"
    )
