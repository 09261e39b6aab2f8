"""Scores of every game of a batch (DESIGN.md §3.4), as arrays, and as :class:`Scores`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.compile import CompiledScenario
from .precision import as_decimal, for_engine
from .rules import make_env
from .state import END_REASONS, State
from .step import population_mean
from .views import ObjectiveResult, Scores

SCORE_NAMES = ("trust_mean", "trust_min", "trust_gap", "resilience", "reserve", "engagement")


@dataclass(frozen=True)
class ScoreArrays:
    """One value per game for each score; ``objectives``/``debrief`` are (games, n) bool."""

    trust_mean: np.ndarray
    trust_min: np.ndarray
    trust_gap: np.ndarray
    resilience: np.ndarray
    reserve: np.ndarray
    engagement: np.ndarray
    objectives: np.ndarray
    debrief: np.ndarray
    end_reason: np.ndarray


def score_arrays(c: CompiledScenario, s: State) -> ScoreArrays:
    """Scores of every game in ``s`` (final once the games are done)."""
    c = for_engine(c)
    env = make_env(c, s, min(s.turn, c.turns))
    n = s.games
    objectives = np.zeros((n, len(c.objective_when)), bool)
    for i, cond in enumerate(c.objective_when):
        objectives[:, i] = cond.evaluate(env)
    debrief = np.zeros((n, len(c.debrief_when)), bool)
    for i, cond in enumerate(c.debrief_when):
        debrief[:, i] = cond.evaluate(env)
    low, high = s.trust.min(axis=1), s.trust.max(axis=1)
    return ScoreArrays(  # [0, 1] scores as the decimals views and logs show (precision.py)
        trust_mean=as_decimal(population_mean(s.trust, c.share)),
        trust_min=as_decimal(low),
        trust_gap=as_decimal(high - low),
        resilience=as_decimal(s.resilience),
        reserve=s.reserve.copy(),
        engagement=as_decimal(population_mean(s.engagement, c.share)),
        objectives=objectives,
        debrief=debrief,
        end_reason=s.end_reason.copy(),
    )


def scores_of(c: CompiledScenario, s: State, game: int = 0) -> Scores:
    """The :class:`Scores` of one game of ``s``."""
    a = score_arrays(c, s)
    m = c.model
    return Scores(
        trust_mean=float(a.trust_mean[game]),
        trust_min=float(a.trust_min[game]),
        trust_gap=float(a.trust_gap[game]),
        resilience=float(a.resilience[game]),
        reserve=float(a.reserve[game]),
        engagement=float(a.engagement[game]),
        objectives=tuple(
            ObjectiveResult(o.id, o.label, bool(a.objectives[game, i]), o.weight)
            for i, o in enumerate(m.objectives)
        ),
        debrief=tuple(x.text for i, x in enumerate(m.debrief) if a.debrief[game, i]),
        end_reason=END_REASONS.get(int(a.end_reason[game])),  # type: ignore[arg-type]
    )
