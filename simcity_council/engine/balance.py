"""The balance report: does a scenario teach the lesson it means to teach? (DESIGN.md §3.6)

Pure analysis (no I/O, no printing). Every policy (``random``, ``inclusive``, ``narrow``,
``greedy``) plays the *same* per-game seeds, so game *i* of each meets the same luck (common
random numbers). The report gives per-policy scores, how games end, which group ends lowest and
how often each objective is met, and each criterion of the teaching contract as
``{value, threshold, holds, why}``:

* ``lesson_holds``: inclusive beats narrow on the lowest resident group's trust in >= 70 % of
  paired seeds;
* ``luck_matters_trust`` / ``luck_matters_reserve``: under random play, the seed (luck: events
  and each game's true needs) explains 10-50 % of the variance of lowest-resident trust and of
  the reserve. Each seed is played by :data:`PLAYERS` independent random players; the share is
  the one-way ANOVA estimate of the between-seed variance over the total;
* ``temptation_reserve``: narrow leads on reserve after the first third of the turns in >= 90 %
  of seeds; ``temptation_loud``: some group with above-median voice ends with higher trust under
  narrow play in >= 70 %;
* ``real_losers``: every group loses trust, relative to an alternative, under at least one
  inclusive option (forced-option runs, below);
* ``no_recipe``: the best fixed recipe found by :func:`~.recipe.search_recipe` meets every
  objective in <= 60 % of fresh seeds;
* ``failure_reachable``: random play ends early (receivership or recall) in 5-40 % of games;
* ``listening_pays``: under the better of greedy and inclusive (by lowest-resident trust),
  knowing every group's true needs from the start against never learning them is worth >= 5
  points of lowest-resident trust;
* ``no_dead_content``: every option available in >= 1 % of random games, every event fires in
  some game, every objective both met and missed in some games;
* ``no_dominant_option``: no option at least as good as an alternative on every score in every
  paired seed and better on one.

Forced-option runs. For each decision and option, a batch of paired games is played by the
``random`` policy with that option forced whenever the decision comes up (and available); every
other choice stays random, and since a policy's draws depend only on (seed, turn, decision), the
other choices and the luck are the same across the forced batches. They serve ``real_losers``
(mean final trust of each group, option against alternative, over seeds where both really took
their option) and ``no_dominant_option``.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..scenario.compile import STANCE_CODE, CompiledScenario, compile_scenario
from .batch import Batch
from .policies import POLICY_NAMES, Policy, RandomPolicy, make_policy
from .precision import for_engine
from .recipe import SearchResult, search_recipe
from .rng import derive_seeds
from .rules import make_env, option_columns
from .scores import ScoreArrays
from .state import END_REASONS, END_RECALL, END_RECEIVERSHIP, State

#: The scores the report summarises and the dominance check compares (higher is better).
SCORES = (
    "trust_mean",
    "trust_min",
    "trust_gap",
    "wellbeing_mean",
    "wellbeing_min",
    "resilience",
    "reserve",
    "engagement",
)
DOMINANCE_SCORES = ("trust_mean", "trust_min", "wellbeing_min", "resilience", "reserve")
QUANTILES = {"p10": 10, "p50": 50, "p90": 90}
#: Independent random players per seed for the luck criteria.
PLAYERS = 3
#: Two scores closer than this count as equal: half a point on the 0-100 scale players see.
TOLERANCE = 0.005
#: ... and a tenth of a percent of one turn's revenue for money.
MONEY_TOLERANCE = 0.001
#: Fewest paired seeds a forced-option verdict may rest on.
MIN_PAIRS = 10
THRESHOLDS: dict[str, Any] = {
    "lesson_holds": 0.70,
    "luck_matters_trust": (0.10, 0.50),
    "luck_matters_reserve": (0.10, 0.50),
    "temptation_reserve": 0.90,
    "temptation_loud": 0.70,
    "real_losers": 1.0,
    "no_recipe": 0.60,
    "failure_reachable": (0.05, 0.40),
    "listening_pays": 5.0,
    "no_dead_content": 0,
    "no_dominant_option": 0,
}
#: How criteria compare their value with the threshold.
_AT_MOST = {"no_recipe", "no_dead_content", "no_dominant_option"}
#: Kept for callers of version 1.
CRITERIA = THRESHOLDS


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


@dataclass(frozen=True)
class Criterion:
    value: float
    threshold: Any
    holds: bool
    why: str = ""
    detail: Any = None

    def as_dict(self) -> dict[str, Any]:
        threshold = list(self.threshold) if isinstance(self.threshold, tuple) else self.threshold
        out: dict[str, Any] = {"value": self.value, "threshold": threshold, "holds": self.holds}
        if self.why:
            out["why"] = self.why
        if self.detail is not None:
            out["detail"] = self.detail
        return out


@dataclass(frozen=True)
class BalanceReport:
    """Everything :func:`balance_report` found; :meth:`as_dict` gives the ``--json`` object."""

    scenario: str
    runs: int
    seed: int
    policies: dict[str, dict[str, Any]]
    criteria: dict[str, Criterion]
    recipe: dict[str, Any]
    dominant_options: tuple[Dominance, ...]
    dominance_runs: int
    never_fired: tuple[str, ...]
    event_rates: dict[str, float]
    dead_options: tuple[str, ...]
    objective_rates: dict[str, float]
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when every criterion holds."""
        return all(c.holds for c in self.criteria.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "scenario": self.scenario,
            "runs": self.runs,
            "seed": self.seed,
            "policies": self.policies,
            "criteria": {name: crit.as_dict() for name, crit in self.criteria.items()},
            "recipe": self.recipe,
            "dominant_options": [dataclasses.asdict(d) for d in self.dominant_options],
            "dominance_runs": self.dominance_runs,
            "never_fired": list(self.never_fired),
            "event_rates": self.event_rates,
            "dead_options": list(self.dead_options),
            "objective_rates": self.objective_rates,
            "warnings": list(self.warnings),
            "ok": self.ok,
        }


class _Forced(Policy):
    """``base``, except that option ``option`` of decision ``decision`` is taken when available."""

    def __init__(self, base: Policy, decision: int, option: int) -> None:
        self.base = base
        self.decision = decision
        self.option = option
        self.name = f"{base.name}+forced"

    def option_scores(self, c: CompiledScenario, s: State, k: int) -> np.ndarray:
        scores = np.asarray(self.base.option_scores(c, s, k), dtype=np.float64)
        if k != self.decision:
            return scores
        bonus = np.zeros(c.max_options)
        bonus[self.option] = 1e12
        return scores + bonus

    def actions(self, c, s, usable, capacity, money, act) -> None:
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
    available = (
        np.zeros((s.games, c.n_decisions, c.max_options), bool) if track_available else None
    )
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
    """``c`` with listening that teaches nothing about needs (``listening_rate`` 0)."""
    weights = c.model.model.model_copy(update={"listening_rate": 0.0})
    return for_engine(compile_scenario(c.model.model_copy(update={"model": weights})))


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


def _policy_summary(c: CompiledScenario, p: Played) -> dict[str, Any]:
    """Scores, how games end, which resident group ends lowest, objective rates."""
    sc = p.scores
    ends = {name: float(np.mean(sc.end_reason == code)) for code, name in END_REASONS.items()}
    res = np.flatnonzero(c.resident)
    low = res[np.argmin(sc.trust[:, res], axis=1)]
    lowest = {c.group_ids[g]: float(np.mean(low == g)) for g in np.unique(low)}
    objectives = {
        o.id: float((sc.objectives[:, i] | ~sc.applies[:, i]).mean())
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
    """(games, scores), money rescaled so one tolerance fits every column."""
    cols = [np.asarray(getattr(scores, n), dtype=np.float64) for n in DOMINANCE_SCORES]
    i = DOMINANCE_SCORES.index("reserve")
    cols[i] = cols[i] / money_scale * (TOLERANCE / MONEY_TOLERANCE)
    return np.stack(cols, axis=1)


def forced_runs(c: CompiledScenario, seeds: np.ndarray, base: str = "random") -> list[list[Played]]:
    """[decision][option]: the forced-option batches (module docstring)."""
    return [
        [play(c, _Forced(make_policy(base), k, j), seeds) for j in range(len(c.option_ids[k]))]
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


def _criterion(name: str, value: float, why: str = "", detail: Any = None) -> Criterion:
    t = THRESHOLDS[name]
    if isinstance(t, tuple):
        holds = t[0] <= value <= t[1]
    elif name in _AT_MOST:
        holds = value <= t
    else:
        holds = value >= t
    return Criterion(round(float(value), 4), t, bool(holds), "" if holds else why, detail)


def balance_report(  # noqa: PLR0915 - one criterion after another
    c: CompiledScenario,
    runs: int = 2000,
    seed: int = 0,
    dominance_runs: int | None = None,
    search_budget: int = 600,
) -> BalanceReport:
    """Play every policy ``runs`` times on the same seeds and judge the scenario's balance.

    ``dominance_runs`` (default ``min(runs, 300)``) is the batch size of each forced-option run;
    ``search_budget`` the number of recipes the search may try."""
    if runs < 2:
        raise ValueError("runs must be at least 2")
    c = for_engine(c)
    seeds = derive_seeds(seed, runs)
    played = {
        name: play(c, make_policy(name), seeds, track_available=name == "random")
        for name in POLICY_NAMES
    }
    inc, nar, rnd = played["inclusive"], played["narrow"], played["random"]
    criteria: dict[str, Criterion] = {}

    # the lesson holds
    wins = float(np.mean(inc.scores.trust_min > nar.scores.trust_min))
    criteria["lesson_holds"] = _criterion(
        "lesson_holds",
        wins,
        f"inclusive play ends with the higher lowest-resident trust in only {wins:.0%} of "
        f"seeds (inclusive mean {100 * inc.scores.trust_min.mean():.1f}, narrow "
        f"{100 * nar.scores.trust_min.mean():.1f})",
    )

    # luck matters, choices matter more
    others = [play(c, RandomPolicy(salt=i), seeds) for i in range(1, PLAYERS)]
    trials = [rnd, *others]
    for score, key in (("trust_min", "luck_matters_trust"), ("reserve", "luck_matters_reserve")):
        x = np.stack([np.asarray(getattr(p.scores, score), np.float64) for p in trials])
        share = luck_share(x)
        low = share < THRESHOLDS[key][0]
        criteria[key] = _criterion(
            key,
            share,
            f"under random play the seed explains {share:.0%} of the variance of {score}: "
            + (
                "luck barely matters (events and drawn needs change too little)"
                if low
                else "luck outweighs choices (events or drawn needs swamp what players do)"
            ),
        )

    # temptation
    leads = float(np.mean(nar.reserve_at > inc.reserve_at))
    criteria["temptation_reserve"] = _criterion(
        "temptation_reserve",
        leads,
        f"after turn {nar.at_turn} narrow play has more money than inclusive play in only "
        f"{leads:.0%} of seeds (mean {nar.reserve_at.mean():,.0f} against "
        f"{inc.reserve_at.mean():,.0f})",
    )
    voice = np.asarray(c.voice, np.float64)
    loud = np.flatnonzero(voice > np.median(voice))
    rates = {
        c.group_ids[g]: float(np.mean(nar.scores.trust[:, g] > inc.scores.trust[:, g]))
        for g in loud
    }
    top = max(rates, key=rates.get) if rates else ""
    criteria["temptation_loud"] = _criterion(
        "temptation_loud",
        rates.get(top, 0.0),
        "no group with above-median voice ends with more trust under narrow play in 70% of "
        "seeds: " + ", ".join(f"{g} {r:.0%}" for g, r in rates.items()),
        detail=rates,
    )

    # forced-option runs: real losers and dominance
    d_runs = min(runs, 300) if dominance_runs is None else dominance_runs
    forced = forced_runs(c, derive_seeds(seed + 1, d_runs)) if d_runs > 0 else []
    lost = losers(c, forced) if forced else {}
    missing = [g for g in c.group_ids if g not in lost]
    criteria["real_losers"] = _criterion(
        "real_losers",
        len(lost) / max(c.n_groups, 1),
        "no inclusive option costs these groups trust against an alternative: "
        + ", ".join(missing),
        detail=lost,
    )
    dominant = dominance(c, forced) if forced else ()
    criteria["no_dominant_option"] = _criterion(
        "no_dominant_option",
        len(dominant),
        "; ".join(
            f"'{d.better}' of '{d.decision}' is at least as good as '{d.worse}' on every score "
            f"in all {d.pairs} paired seeds"
            for d in dominant
        ),
    )

    # no recipe
    found: SearchResult = search_recipe(
        c, derive_seeds(seed + 2, min(200, runs)), derive_seeds(seed + 3, runs), search_budget
    )
    criteria["no_recipe"] = _criterion(
        "no_recipe",
        found.test_success,
        f"one fixed sequence of choices meets every objective in {found.test_success:.0%} of "
        "fresh seeds (see 'recipe'): the scenario can be won without reading the game",
    )
    recipe = {
        "success": found.test_success,
        "train_success": found.train_success,
        "evaluations": found.evaluations,
        "train_games": found.train_games,
        "test_games": found.test_games,
        **found.recipe.describe(c),
    }

    # failure is reachable
    early = float(np.mean(np.isin(rnd.scores.end_reason, (END_RECEIVERSHIP, END_RECALL))))
    criteria["failure_reachable"] = _criterion(
        "failure_reachable",
        early,
        f"random play ends early in {early:.0%} of games "
        f"(receivership {np.mean(rnd.scores.end_reason == END_RECEIVERSHIP):.0%}, "
        f"recall {np.mean(rnd.scores.end_reason == END_RECALL):.0%})",
    )

    # listening pays
    best = max(("greedy", "inclusive"), key=lambda p: played[p].scores.trust_min.mean())
    perfect = play(c, make_policy(best), seeds, knowledge="perfect")
    deaf = play(c, make_policy(best), seeds, knowledge="none")
    worth = 100 * float(np.mean(perfect.scores.trust_min - deaf.scores.trust_min))
    criteria["listening_pays"] = _criterion(
        "listening_pays",
        worth,
        f"under {best} play, knowing every group's needs against never learning them is worth "
        f"{worth:.1f} points of lowest-resident trust",
        detail={"policy": best},
    )

    # no dead content
    avail_rate = rnd.available.any(axis=0) if rnd.available is not None else None
    rate = rnd.available.mean(axis=0) if rnd.available is not None else None
    dead_options = tuple(
        f"{c.decision_ids[k]}.{c.option_ids[k][j]}"
        for k in range(c.n_decisions)
        for j in range(len(c.option_ids[k]))
        if rate is not None and rate[k, j] < 0.01
    )
    del avail_rate
    fired_any = np.zeros(len(c.event_ids), bool)
    fired_count = np.zeros(len(c.event_ids))
    for p in played.values():
        fired_any |= p.fired.any(axis=0)
        fired_count += p.fired.sum(axis=0)
    total = runs * len(played)
    event_rates = {e: float(fired_count[i] / total) for i, e in enumerate(c.event_ids)}
    never = tuple(e for i, e in enumerate(c.event_ids) if not fired_any[i])
    met = np.concatenate([p.scores.objectives for p in played.values()])
    counts = np.concatenate([p.scores.applies for p in played.values()])
    objective_rates = {
        o.id: float(met[counts[:, i], i].mean()) if counts[:, i].any() else 0.0
        for i, o in enumerate(c.model.objectives)
    }
    stuck = tuple(
        f"{o.id} ({'always met' if met[counts[:, i], i].all() else 'never met'})"
        for i, o in enumerate(c.model.objectives)
        if met[counts[:, i], i].all() or not met[counts[:, i], i].any()
    )
    dead = [f"option {o} available in under 1% of random games" for o in dead_options]
    dead += [f"event {e} never fires" for e in never]
    dead += [f"objective {o}" for o in stuck]
    criteria["no_dead_content"] = _criterion("no_dead_content", len(dead), "; ".join(dead))

    order = (
        "lesson_holds",
        "luck_matters_trust",
        "luck_matters_reserve",
        "temptation_reserve",
        "temptation_loud",
        "real_losers",
        "no_recipe",
        "failure_reachable",
        "listening_pays",
        "no_dead_content",
        "no_dominant_option",
    )
    criteria = {name: criteria[name] for name in order}
    warnings = tuple(f"{name}: {crit.why}" for name, crit in criteria.items() if not crit.holds)
    return BalanceReport(
        scenario=c.model.meta.id,
        runs=runs,
        seed=seed,
        policies={name: _policy_summary(c, p) for name, p in played.items()},
        criteria=criteria,
        recipe=recipe,
        dominant_options=dominant,
        dominance_runs=d_runs,
        never_fired=never,
        event_rates=event_rates,
        dead_options=dead_options,
        objective_rates=objective_rates,
        warnings=warnings,
    )
