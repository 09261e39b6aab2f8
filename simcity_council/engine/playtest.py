"""Playing batches for the balance report: each policy on paired seeds, forced-option runs,
dominance, who loses under inclusive options, and summaries (no I/O, no printing).

Forced-option runs. For each decision and option, a batch of paired games is played by the
``random`` policy with that option forced whenever the decision comes up (and available); every
other choice stays random, and since a policy's draws depend only on (seed, turn, decision), the
other choices and the luck are the same across the forced batches.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..scenario.compile import STANCE_CODE, CompiledScenario
from .batch import Batch
from .policies import Policy, make_policy
from .precision import for_engine
from .rules import make_env, option_columns
from .scores import SCORE_NAMES, ScoreArrays
from .state import END_REASONS, State

#: The scores the report summarises (higher is better, but for the gap).
SCORES = SCORE_NAMES
#: The scores the dominance check compares (higher is better).
DOMINANCE_SCORES = ("trust_mean", "trust_min", "wellbeing_min", "resilience", "reserve")
QUANTILES = {"p10": 10, "p50": 50, "p90": 90}
#: Two scores closer than this count as equal: half a point on the 0-100 scale players see.
TOLERANCE = 0.005
#: ... and a tenth of a percent of one turn's revenue for money.
MONEY_TOLERANCE = 0.001
#: Fewest paired seeds a forced-option verdict may rest on.
MIN_PAIRS = 10


@dataclass(frozen=True)
class Played:
    """The end of a batch of games played by one policy (and what was seen on the way)."""

    scores: ScoreArrays
    fired: np.ndarray  # (games, events) bool: the event fired at some point
    chosen: np.ndarray  # (games, decisions) int: option index, -1 if the decision never came up
    reserve_at: np.ndarray  # (games,) reserve at the end of turn ``at_turn``
    available: np.ndarray | None  # (games, decisions, options) bool: ever available
    at_turn: int


@dataclass(frozen=True)
class Dominance:
    """Option ``better`` of ``decision`` dominates option ``worse`` in all ``pairs`` seeds."""

    decision: str
    better: str
    worse: str
    pairs: int


class Forced(Policy):
    """``base``, except that option ``option`` of decision ``decision`` is taken when available."""

    def __init__(self, base: Policy, decision: int, option: int) -> None:
        self.base = base
        self.decision = decision
        self.option = option
        self.name = f"{base.name}+forced"

    def option_scores(self, c: CompiledScenario, s: State, k: int) -> np.ndarray:
        """The base policy's scores, with the forced option of the forced decision on top."""
        scores = np.asarray(self.base.option_scores(c, s, k), dtype=np.float64)
        if k != self.decision:
            return scores
        bonus = np.zeros(c.max_options)
        bonus[self.option] = 1e12
        return scores + bonus

    def actions(self, c, s, usable, capacity, money, act) -> None:
        """The base policy's actions (forcing concerns options only)."""
        self.base.actions(c, s, usable, capacity, money, act)


def play(
    c: CompiledScenario,
    policy: Policy,
    seeds: np.ndarray,
    track_available: bool = False,
    knowledge: str = "belief",
) -> Played:
    """Play one game per seed to the end with ``policy`` (an engine :class:`Batch`, so game *i*
    equals ``Game.start(..., seed=seeds[i])`` played by the same policy). ``knowledge``:
    ``belief`` (the game as it is), ``perfect`` (the city knows every group's true needs from
    the start) or ``none`` (listening never teaches it anything)."""
    if knowledge == "none":
        c = _deaf(c)
    batch = Batch.start(c, seeds)
    c = batch.compiled
    s = batch.state
    if knowledge == "perfect":
        s.gap[...] = 0.0
    at_turn = max(1, math.ceil(c.turns / 3))
    reserve_at = s.reserve.copy()
    available = np.zeros((s.games, c.n_decisions, c.max_options), bool) if track_available else None
    while batch.turn <= c.turns and not batch.done.all():
        if available is not None:
            _track(c, batch.state, available)
        batch.play(policy)
        if batch.turn - 1 == at_turn:
            reserve_at = batch.state.reserve.copy()
    return Played(
        batch.scores(),
        batch.state.fired.copy(),
        batch.state.chosen.copy(),
        reserve_at,
        available,
        at_turn,
    )


def _track(c: CompiledScenario, s: State, available: np.ndarray) -> None:
    """Mark the options each game could take this turn."""
    env = None
    for k in np.flatnonzero(s.agenda.any(axis=0)).tolist():
        env = env or make_env(c, s, s.turn)
        cols = option_columns(c, s, env, k)[0]
        on = s.agenda[:, k] & s.active
        for j, col in enumerate(cols):
            available[:, k, j] |= col & on


def _deaf(c: CompiledScenario) -> CompiledScenario:
    """``c`` where listening teaches nothing about needs: it still hears people and makes the
    city surer (so a policy listens to the same groups as in the other variants), but the
    belief never moves."""
    deaf = copy.copy(for_engine(c))  # every attribute, the engine's mark included
    deaf.learns_needs = False
    return deaf


def summarise(scores: ScoreArrays) -> dict[str, dict[str, float]]:
    """mean, p10, p50, p90 of every score in :data:`SCORES`."""
    out: dict[str, dict[str, float]] = {}
    for name in SCORES:
        x = np.asarray(getattr(scores, name), dtype=np.float64)
        row = {"mean": float(x.mean())}
        for label, q in QUANTILES.items():
            row[label] = float(np.percentile(x, q))
        out[name] = row
    return out


def policy_summary(c: CompiledScenario, p: Played) -> dict[str, Any]:
    """Scores, how games end, which resident group ends lowest, objective rates."""
    sc = p.scores
    ends = {name: float(np.mean(sc.end_reason == code)) for code, name in END_REASONS.items()}
    res = np.flatnonzero(c.resident)
    low = res[np.argmin(sc.trust[:, res], axis=1)]
    lowest = {c.group_ids[g]: float(np.mean(low == g)) for g in np.unique(low)}
    # met, of the games where each applies (as the student's debrief counts); None: never
    objectives = {
        o.id: float(sc.objectives[sc.applies[:, i], i].mean()) if sc.applies[:, i].any() else None
        for i, o in enumerate(c.model.objectives)
    }
    return {
        "scores": summarise(sc),
        "end_reasons": ends,
        "lowest_group": dict(sorted(lowest.items(), key=lambda kv: -kv[1])),
        "objectives": objectives,
        "all_objectives": float(sc.all_met.mean()) if objectives else 0.0,
    }


def _score_matrix(scores: ScoreArrays, money_scale: float) -> np.ndarray:
    """(games, scores): the :data:`DOMINANCE_SCORES`, then every group's final trust
    (organisations too: an option that serves only the union is not "dominated" by a free one
    that costs the union), money rescaled so one tolerance fits every column."""
    cols = [np.asarray(getattr(scores, n), dtype=np.float64) for n in DOMINANCE_SCORES]
    i = DOMINANCE_SCORES.index("reserve")
    cols[i] = cols[i] / money_scale * (TOLERANCE / MONEY_TOLERANCE)
    cols += list(np.asarray(scores.trust, dtype=np.float64).T)
    return np.stack(cols, axis=1)


def forced_runs(c: CompiledScenario, seeds: np.ndarray, base: str = "random") -> list[list[Played]]:
    """[decision][option]: the forced-option batches (module docstring)."""
    return [
        [play(c, Forced(make_policy(base), k, j), seeds) for j in range(len(c.option_ids[k]))]
        for k in range(c.n_decisions)
    ]


def dominance(c: CompiledScenario, runs: list[list[Played]]) -> tuple[Dominance, ...]:
    """Options that dominate an alternative of the same decision in every paired seed."""
    money_scale = c.revenue0 if c.revenue0 > 0 else max(abs(c.reserve0), 1.0)
    found: list[Dominance] = []
    for k, decision in enumerate(c.decision_ids):
        options = c.option_ids[k]
        if len(options) < 2:
            continue
        mats = [_score_matrix(r.scores, money_scale) for r in runs[k]]
        took = [r.chosen[:, k] == j for j, r in enumerate(runs[k])]
        for a in range(len(options)):
            for b in range(len(options)):
                if a == b:
                    continue
                both = took[a] & took[b]
                pairs = int(both.sum())
                if pairs < MIN_PAIRS:
                    continue
                diff = mats[a][both] - mats[b][both]
                at_least = (diff >= -TOLERANCE).all(axis=1)
                better = (diff > TOLERANCE).any(axis=1)
                if (at_least & better).all():
                    found.append(Dominance(decision, options[a], options[b], pairs))
    return tuple(found)


def losers(c: CompiledScenario, runs: list[list[Played]]) -> dict[str, dict[str, Any]]:
    """For each group, the inclusive option that costs it most trust against an alternative of
    the same decision (mean final trust over seeds where both took their option), if any loses
    it at least half a point."""
    out: dict[str, dict[str, Any]] = {}
    for g, gid in enumerate(c.group_ids):
        worst: dict[str, Any] | None = None
        for k in range(c.n_decisions):
            for j in range(len(c.option_ids[k])):
                if c.option_stance[k, j] != STANCE_CODE["inclusive"]:
                    continue
                for alt in range(len(c.option_ids[k])):
                    if alt == j:
                        continue
                    a, b = runs[k][j], runs[k][alt]
                    both = (a.chosen[:, k] == j) & (b.chosen[:, k] == alt)
                    if both.sum() < MIN_PAIRS:
                        continue
                    diff = float(np.mean(a.scores.trust[both, g] - b.scores.trust[both, g]))
                    if diff < -TOLERANCE and (worst is None or diff < worst["loss"]):
                        worst = {
                            "decision": c.decision_ids[k],
                            "option": c.option_ids[k][j],
                            "against": c.option_ids[k][alt],
                            "loss": round(diff * 100, 2),
                        }
        if worst is not None:
            out[gid] = worst
    return out


def luck_share(x: np.ndarray) -> float:
    """(players, seeds) values: the share of their variance explained by the seed (one-way
    ANOVA estimate of the between-seed variance, over between + within)."""
    m, n = x.shape
    if n < 2 or m < 2:
        return 0.0
    seed_means = x.mean(axis=0)
    msb = m * seed_means.var(ddof=1)
    msw = float(x.var(axis=0, ddof=1).mean())
    between = max((msb - msw) / m, 0.0)
    total = between + msw
    return float(between / total) if total > 0 else 0.0
