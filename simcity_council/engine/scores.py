"""Scores of every game of a batch (DESIGN.md §3.4), as arrays, and as :class:`Scores`.

Population scores are over the *resident* groups (organisations are not part of the
population): mean trust and wellbeing weighted by population share (overlapping groups count
again on top of the groups they overlap), the lowest resident group's trust and wellbeing, and
the gap between the most and least trusting resident groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.compile import CompiledScenario
from .precision import as_decimal, for_engine
from .rules import make_env, resident_aggregate
from .state import END_REASONS, State
from .step import population_mean
from .views import ObjectiveResult, Scores

SCORE_NAMES = (
    "trust_mean",
    "trust_min",
    "trust_gap",
    "wellbeing_mean",
    "wellbeing_min",
    "resilience",
    "reserve",
    "engagement",
)


@dataclass(frozen=True)
class ScoreArrays:
    """One value per game for each score; ``objectives`` (met), ``applies`` (the objective
    counts), ``debrief`` and ``reflection`` are (games, n) bool; ``trust`` the final trust of
    every group (games, groups). An objective that does not apply counts as met in
    :attr:`all_met`."""

    trust_mean: np.ndarray
    trust_min: np.ndarray
    trust_gap: np.ndarray
    wellbeing_mean: np.ndarray
    wellbeing_min: np.ndarray
    resilience: np.ndarray
    reserve: np.ndarray
    engagement: np.ndarray
    objectives: np.ndarray
    applies: np.ndarray
    debrief: np.ndarray
    reflection: np.ndarray
    end_reason: np.ndarray
    trust: np.ndarray

    @property
    def all_met(self) -> np.ndarray:
        """(games,) every objective that applies is met."""
        return (self.objectives | ~self.applies).all(axis=1)


_UNIT_SCORES = (
    "trust_mean",
    "trust_min",
    "trust_gap",
    "wellbeing_mean",
    "wellbeing_min",
    "resilience",
    "engagement",
)


def compact(a: ScoreArrays) -> ScoreArrays:
    """``a`` with its [0, 1] scores as float32 (the values they are in the engine, so nothing
    is lost; :func:`precision.as_decimal` reads them back as the decimals logs show)."""
    from dataclasses import replace

    return replace(
        a,
        trust=a.trust.astype(np.float32),
        **{name: getattr(a, name).astype(np.float32) for name in _UNIT_SCORES},
    )


def concat(parts: list[ScoreArrays]) -> ScoreArrays:
    """The scores of consecutive chunks of games as one."""
    from dataclasses import fields

    return ScoreArrays(
        *(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(ScoreArrays))
    )


def score_arrays(c: CompiledScenario, s: State) -> ScoreArrays:
    """Scores of every game in ``s`` (final once the games are done)."""
    c = for_engine(c)
    env = make_env(c, s, min(s.turn, c.turns))
    n = s.games
    objectives = np.zeros((n, len(c.objective_when)), bool)
    for i, cond in enumerate(c.objective_when):
        objectives[:, i] = cond.evaluate(env)
    applies = np.ones_like(objectives)
    for i, applies_when in enumerate(c.objective_applies):
        if applies_when is not None:
            applies[:, i] = applies_when.evaluate(env)
    debrief = np.zeros((n, len(c.debrief_when)), bool)
    for i, cond in enumerate(c.debrief_when):
        debrief[:, i] = cond.evaluate(env)
    reflection = np.ones((n, len(c.reflection_when)), bool)
    for i, asked_when in enumerate(c.reflection_when):
        if asked_when is not None:
            reflection[:, i] = asked_when.evaluate(env)

    def agg(key: str) -> np.ndarray:
        return as_decimal(resident_aggregate(c, s.trust, s.wellbeing, key))

    return ScoreArrays(  # [0, 1] scores as the decimals views and logs show (precision.py)
        trust_mean=agg("trust_mean"),
        trust_min=agg("trust_min"),
        trust_gap=agg("trust_gap"),
        wellbeing_mean=agg("wellbeing_mean"),
        wellbeing_min=agg("wellbeing_min"),
        resilience=as_decimal(s.resilience),
        reserve=s.reserve.copy(),
        engagement=as_decimal(population_mean(s.engagement, c.pop_weight)),
        objectives=objectives,
        applies=applies,
        debrief=debrief,
        reflection=reflection,
        end_reason=s.end_reason.copy(),
        trust=s.trust.copy(),
    )


def scores_of(c: CompiledScenario, s: State, game: int = 0) -> Scores:
    """The :class:`Scores` of one game of ``s``."""
    a = score_arrays(c, s)
    m = c.model
    return Scores(
        trust_mean=float(a.trust_mean[game]),
        trust_min=float(a.trust_min[game]),
        trust_gap=float(a.trust_gap[game]),
        wellbeing_mean=float(a.wellbeing_mean[game]),
        wellbeing_min=float(a.wellbeing_min[game]),
        resilience=float(a.resilience[game]),
        reserve=float(a.reserve[game]),
        engagement=float(a.engagement[game]),
        objectives=tuple(
            ObjectiveResult(
                o.id, o.label, bool(a.objectives[game, i]), o.weight, bool(a.applies[game, i])
            )
            for i, o in enumerate(m.objectives)
        ),
        debrief=tuple(x.text for i, x in enumerate(m.debrief) if a.debrief[game, i]),
        reflection=tuple(
            q if isinstance(q, str) else q.text
            for i, q in enumerate(m.reflection)
            if a.reflection[game, i]
        ),
        end_reason=END_REASONS.get(int(a.end_reason[game])),  # type: ignore[arg-type]
    )
