"""Automatic players, vectorised over the games of a batch (no Python loop over games).

``make_policy(name)`` gives one of: ``random``, ``inclusive`` (the most inclusive option by its
analysis tag; listening aimed at the least-understood groups, within capacity and budget),
``narrow`` (the narrow option that the city forecasts best for the loudest groups, then the
cheapest; no listening), ``greedy`` (the best immediate trust by the city's *forecast*, which
rests on what it believes; listening as inclusive), or ``script:FILE`` (choices by decision id
from a file: :mod:`.script`). Every policy returns valid choices: options available to that game,
actions that fit what the options leave of the capacity and the reserve.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np

from ..errors import UsageError
from ..scenario._condition_tree import fold_rows
from ..scenario.compile import STANCE_CODE, CompiledScenario
from .forecast import forecast
from .precision import for_engine
from .rng import STREAM_POLICY, derive_seeds, uniform
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
        choice = np.full((n, c.n_decisions), -1, np.int64, order="F")  # state.by_games
        capacity = np.full(n, c.capacity, np.int64)
        money = s.reserve.copy()
        turn = min(s.turn, c.turns + 1)
        for k in c.decisions_by_turn[turn].tolist():
            on = s.agenda[:, k]
            if not np.count_nonzero(on):
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
            if scores.ndim == 1 and np.isfinite(scores).all():
                j = _first_available(ok, scores)
            else:
                cols = scores.T if scores.ndim == 2 else scores
                j = _argmax_columns(
                    [np.where(o, sc, -np.inf) for o, sc in zip(ok, cols, strict=True)]
                )
            choice[:, k] = np.where(on, j, -1)
            capacity -= np.where(on, cap[j], 0)
            money -= np.where(on, c.option_cost[k][j], 0.0)
        act = np.zeros((n, len(c.action_ids)), bool, order="F")
        if act.shape[1] and self.takes_actions:
            usable = action_columns(c, s, env)[0]
            active = s.active
            if not active.all():
                usable = [u & active for u in usable]
            # (games, actions), games-fastest as the state (state.by_games)
            self.actions(c, s, np.stack(usable).T, capacity, money, act)
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
            # rows contiguous: numpy sorts short rows of a column-major array slowly
            order = np.argsort(-np.ascontiguousarray(value), axis=1, kind="stable")
        if order.shape[0] == 1 or bool((order == order[0]).all()):
            for a in order[0].tolist():
                fits = usable[:, a] & (value[:, a] > 0) & (cap[a] <= capacity)
                if cost[a] != 0:
                    fits &= cost[a] <= money
                took = act[:, a]
                took |= fits
                capacity -= cap[a] * fits
                money -= cost[a] * fits
            return
        # each game's rank-th action, as a position in the (actions, games) flattened arrays
        usable_t = np.ascontiguousarray(usable.T).reshape(-1)
        value_t = np.ascontiguousarray(value.T).reshape(-1)
        rows = np.arange(n)
        taken = np.zeros(na * n, bool)
        for rank in range(na):
            a = order[:, rank]
            at = a * n + rows
            fits = usable_t[at] & (value_t[at] > 0) & (cap[a] <= capacity)
            fits &= (cost[a] == 0) | (cost[a] <= money)
            taken[at] = fits
            capacity -= cap[a] * fits
            money -= cost[a] * fits
        act |= taken.reshape(na, n).T


def _max_columns(cols: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Row-wise max over a list of (games,) columns and the first column holding it (as
    ``argmax`` over the stacked columns, without numpy's slow short-axis reduction)."""
    best = cols[0]
    index = np.zeros(best.shape[0], np.int64)
    for j, col in enumerate(cols[1:], 1):
        better = col > best
        if np.count_nonzero(better):
            index[better] = j
            best = np.where(better, col, best)
    return best, index


def _first_available(ok: list[np.ndarray], scores: np.ndarray) -> np.ndarray:
    """:func:`_argmax_columns` of ``np.where(ok[o], scores[o], -inf)`` when every game scores
    the options alike (finite ``scores`` (options,)): each game's first option it may take,
    best score first (ties: the lower index), 0 when it may take none."""
    j = np.zeros(ok[0].shape[0], np.int64)
    todo = np.ones(ok[0].shape[0], bool)
    for o in np.argsort(-scores, kind="stable").tolist():
        take = ok[o] & todo
        j[take] = o
        todo &= ~take
    return j


def _argmax_columns(cols: list[np.ndarray]) -> np.ndarray:
    """Row-wise ``argmax`` over (games,) columns (first maximum wins)."""
    return _max_columns(cols)[1]


class Inclusive(Policy):
    """Decide with everyone: the inclusive option (by its analysis tag), then the one that
    consults most and is most open; listening aimed at the least-understood groups."""

    name = "inclusive"

    def option_scores(self, c, s, k):
        """By stance tag (inclusive 10, mixed 5, narrow 0) plus total consultation and openness."""
        stance = c.option_stance[k]
        return (
            10.0 * (stance == STANCE_CODE["inclusive"])
            + 5.0 * (stance == STANCE_CODE["mixed"])
            + c.option_consult[k].sum(axis=1)
            + c.option_transparency[k]
        )

    def actions(self, c, s, usable, capacity, money, act):
        """Listening aimed at the least-understood groups, then engagement and openness, while
        staff and money last."""
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
    """Decide for those already heard: the narrow option (by its analysis tag), and among those
    the one the city forecasts best for the groups with the loudest accustomed voice, then the
    cheapest over the turns left; no listening."""

    name = "narrow"
    takes_actions = False

    def option_scores(self, c, s, k):
        """By stance tag (narrow first), plus the forecast for the loud groups, less a little for
        money and a great deal for what the city cannot afford over the turns left."""
        left = max(c.turns - s.turn + 1, 1)
        money = (c.option_cost[k] + left * c.option_budget_total[k]) / max(c.revenue0, 1.0)
        tag = 10.0 * (c.option_stance[k] == STANCE_CODE["narrow"]) + 5.0 * (
            c.option_stance[k] == STANCE_CODE["mixed"]
        )
        score = np.broadcast_to(tag - 0.001 * money, (s.games, c.max_options)).copy()
        spend = c.option_cost[k] + left * c.option_budget_total[k]  # (O,)
        score -= 10.0 * (spend[None, :] > _margin(c, s, left)[:, None])  # never go broke
        if c.option_budget_any[k] or c.option_spend_any[k]:
            loud = np.maximum(np.asarray(c.voice, np.float64) - 0.5, 0.0)  # (groups,)
            if np.count_nonzero(loud):
                value = forecast(c, s, k)[0]  # (O, games, groups)
                score += (value * loud).sum(axis=2).T
        return score


def _margin(c: CompiledScenario, s: State, left: int) -> np.ndarray:
    """(games,) what a city can spend over the turns left and stay above its reserve floor,
    if revenue and spending stay as they are."""
    spending = s.allocation.sum(axis=1)
    return s.reserve - c.reserve_floor + left * (s.revenue - spending)


class Greedy(Policy):
    """The option with the best immediate trust by the city's *forecast* (what it believes the
    groups need, so listening changes what it chooses): mean resident trust plus the lowest
    resident group's, less money spent over the turns left; listening aimed at the
    least-understood groups."""

    name = "greedy"

    def option_scores(self, c, s, k):
        """(games, options): the forecast trust signal, weighted towards the lowest resident
        group, less a cost for money spent (a large one beyond what the city can afford)."""
        w = c.model.model
        n, ng = s.games, c.n_groups
        mo = c.max_options
        stake = np.asarray(c.decision_stakes[k], np.float64)
        voice = np.asarray(c.voice, np.float64)
        consult = np.asarray(c.option_consult[k], np.float64)  # (O, groups)
        if c.option_budget_any[k] or c.option_spend_any[k]:
            value = forecast(c, s, k)[0]  # (O, games, groups)
        else:
            value = np.zeros((mo, n, ng))
        best = value.max(axis=0)
        left = max(c.turns - s.turn + 1, 1)
        low = np.argmin(np.where(c.resident, s.trust, np.inf), axis=1)  # (games,)
        weight = np.repeat(np.asarray(c.pop_weight, np.float64)[None], n, axis=0)
        weight[np.arange(n), low] += 1.0
        scores = np.zeros((n, mo))
        transparency = np.asarray(c.option_transparency[k], np.float64)
        margin = _margin(c, s, left)
        for j in range(mo):
            ignored = np.minimum((best - value[j]) / w.regret_scale, 1.0)
            against = np.minimum(np.maximum(-value[j], 0.0) / w.regret_scale, 1.0)
            heard = consult[j][None]
            process = stake * (
                np.maximum(heard - voice, 0.0) - np.maximum(voice - heard, 0.0) * against
            )
            outcome = np.clip(value[j], -1.0, 1.0)
            outcome = np.where(outcome < 0, outcome * (1.0 - w.fair_process * heard), outcome)
            tokenism = stake * heard * ignored * (1.0 - transparency[j])
            signal = (
                w.process_weight * process
                + w.outcome_weight * outcome
                - w.tokenism_weight * tokenism
            )
            signal = np.where(signal < 0, signal * w.loss_aversion, signal)
            money = c.option_cost[k][j] + left * c.option_budget_total[k][j]
            # spending what the city can afford costs a little; more than it can, a great deal
            share = money / np.maximum(margin, 0.01 * c.revenue0)
            scores[:, j] = (signal * weight).sum(axis=1) - 0.05 * share - 10.0 * (money > margin)
        return scores

    def actions(self, c, s, usable, capacity, money, act):
        """Listening as :class:`Inclusive` does."""
        Inclusive.actions(self, c, s, usable, capacity, money, act)


class RandomPolicy(Policy):
    """Uniform over available options; each action with probability 1/2 if it fits.

    Its draws come from the game's seed and the turn, like the game's luck, but on streams of
    their own; ``salt`` gives an independent player for the same luck (balance uses it to tell
    the variance that luck explains from the variance choices explain)."""

    name = "random"

    def __init__(self, salt: int = 0) -> None:
        self.salt = int(salt)

    def _seeds(self, s: State) -> np.ndarray:
        if not self.salt:
            return s.seeds
        return derive_seeds(self.salt, 1)[0] ^ s.seeds

    def option_scores(self, c, s, k):
        """(games, options) uniform draws on the policy's own streams: a random available pick."""
        seeds = self._seeds(s)
        return np.stack(
            [uniform(seeds, s.turn, STREAM_POLICY + 64 * k + j) for j in range(c.max_options)],
            axis=1,
        )

    def actions(self, c, s, usable, capacity, money, act):
        """Each action whose draw is above one half (probability 1/2), highest draw first, while
        it fits."""
        seeds = self._seeds(s)
        base = STREAM_POLICY + 64 * c.n_decisions
        value = np.stack(
            [uniform(seeds, s.turn, base + a) - 0.5 for a in range(act.shape[1])], axis=1
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
