"""The balance report: does a scenario teach the lesson it means to teach?

Pure analysis (no I/O, no printing). :func:`balance_report` plays every policy (``random``,
``inclusive``, ``narrow``, ``greedy``) on the *same* per-game seeds, so that game *i* of each
policy meets the same luck (common random numbers), and reports:

* per-policy scores (``trust_mean``, ``trust_min``, ``resilience``, ``reserve``, ``engagement``:
  mean, p10, p50, p90);
* the share of paired seeds in which ``inclusive`` beats ``narrow`` on the lowest group's trust
  and on resilience, and whether ``narrow`` ends with more money on average (the dilemma is real);
* options that dominate an alternative (see below);
* events that never fire in any policy's games;
* a warning for every criterion (:data:`CRITERIA`) the scenario fails.

Dominance check. For each decision and each of its options, a batch of paired games is played by
the ``random`` policy with that one option forced whenever the decision comes up (and available);
every other choice stays random, and since a policy's random draws depend only on (seed, turn,
decision), the other choices and all the luck are the same across the forced batches. Option A
*dominates* option B when, over the seeds in which both forced games really took their option, A
is at least as good as B on every score (trust_mean, trust_min, resilience, reserve, engagement;
within :data:`TOLERANCE`, or :data:`MONEY_TOLERANCE` for money) **and** better by more than that
on at least one score, *in every one of those seeds*.
That is a paired, per-state test over the varied states random play reaches: an option that wins
everywhere is no dilemma. Its cost is one batch of ``dominance_runs`` games per option
(about 30-40 small batches per scenario), affordable for every ``balance`` run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..scenario.compile import CompiledScenario
from .batch import Batch
from .policies import POLICY_NAMES, Policy, make_policy
from .rng import derive_seeds
from .scores import ScoreArrays
from .state import State

#: The scores the report summarises and the dominance check compares (higher is better).
SCORES = ("trust_mean", "trust_min", "resilience", "reserve", "engagement")
QUANTILES = {"p10": 10, "p50": 50, "p90": 90}
#: Pass marks every built-in scenario must meet (at 2,000 runs).
CRITERIA = {
    "inclusive_beats_narrow_trust_min": 0.75,
    "inclusive_beats_narrow_resilience": 0.65,
}
#: Two scores closer than this count as equal in the dominance check: half a point on the 0-100
#: scale players see for people scores (differences a player cannot see are no reason to prefer
#: an option) ...
TOLERANCE = 0.005
#: ... and a tenth of a percent of one turn's revenue for money.
MONEY_TOLERANCE = 0.001
#: Fewest paired seeds a dominance verdict may rest on.
MIN_PAIRS = 10


@dataclass(frozen=True)
class Played:
    """The end of a batch of games played by one policy."""

    scores: ScoreArrays
    fired: np.ndarray  # (games, events) bool: the event fired at some point
    chosen: np.ndarray  # (games, decisions) int: option index, -1 if the decision never came up


@dataclass(frozen=True)
class Dominance:
    """Option ``better`` of ``decision`` dominates option ``worse`` in all ``pairs`` seeds."""

    decision: str
    better: str
    worse: str
    pairs: int


@dataclass(frozen=True)
class BalanceReport:
    """Everything :func:`balance_report` found; :meth:`as_dict` gives the ``--json`` object."""

    scenario: str
    runs: int
    seed: int
    policies: dict[str, dict[str, dict[str, float]]]
    inclusive_beats_narrow: dict[str, float]
    narrow_richer: bool
    reserve_gap: float  # mean reserve of narrow minus inclusive
    dominant_options: tuple[Dominance, ...]
    dominance_runs: int
    never_fired: tuple[str, ...]
    event_rates: dict[str, float]
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when every criterion holds."""
        return not self.warnings

    def as_dict(self) -> dict[str, object]:
        return {
            "scenario": self.scenario,
            "runs": self.runs,
            "seed": self.seed,
            "policies": self.policies,
            "inclusive_beats_narrow": self.inclusive_beats_narrow,
            "narrow_richer": self.narrow_richer,
            "reserve_gap": self.reserve_gap,
            "dominant_options": [
                {"decision": d.decision, "better": d.better, "worse": d.worse, "pairs": d.pairs}
                for d in self.dominant_options
            ],
            "dominance_runs": self.dominance_runs,
            "never_fired": list(self.never_fired),
            "event_rates": self.event_rates,
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


def play(c: CompiledScenario, policy: Policy, seeds: np.ndarray) -> Played:
    """Play one game per seed to the end with ``policy`` (an engine :class:`Batch`, so game *i*
    equals ``Game.start(..., seed=seeds[i])`` played by the same policy)."""
    batch = Batch.start(c, seeds)
    while batch.turn <= c.turns and not batch.done.all():
        batch.play(policy)
    return Played(batch.scores(), batch.state.fired.copy(), batch.state.chosen.copy())


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


def _score_matrix(scores: ScoreArrays, money_scale: float) -> np.ndarray:
    """(games, scores), money rescaled so one tolerance fits every column."""
    cols = [np.asarray(getattr(scores, n), dtype=np.float64) for n in SCORES]
    # money in units of MONEY_TOLERANCE / TOLERANCE turns of revenue, so one tolerance fits all
    cols[SCORES.index("reserve")] = (
        cols[SCORES.index("reserve")] / money_scale * (TOLERANCE / MONEY_TOLERANCE)
    )
    return np.stack(cols, axis=1)


def dominance(
    c: CompiledScenario, seeds: np.ndarray, base: str = "random"
) -> tuple[Dominance, ...]:
    """Options that dominate an alternative of the same decision in every paired seed."""
    money_scale = c.revenue0 if c.revenue0 > 0 else max(abs(c.reserve0), 1.0)
    found: list[Dominance] = []
    for k, decision in enumerate(c.decision_ids):
        options = c.option_ids[k]
        if len(options) < 2:
            continue
        runs = [play(c, _Forced(make_policy(base), k, j), seeds) for j in range(len(options))]
        mats = [_score_matrix(r.scores, money_scale) for r in runs]
        took = [r.chosen[:, k] == j for j, r in enumerate(runs)]
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


def balance_report(
    c: CompiledScenario,
    runs: int = 2000,
    seed: int = 0,
    dominance_runs: int | None = None,
) -> BalanceReport:
    """Play every policy ``runs`` times on the same seeds and judge the scenario's balance.

    ``dominance_runs`` (default ``min(runs, 300)``) is the batch size of each forced-option run."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    seeds = derive_seeds(seed, runs)
    played = {name: play(c, make_policy(name), seeds) for name in POLICY_NAMES}
    inc, nar = played["inclusive"].scores, played["narrow"].scores
    beats = {
        "trust_min": float(np.mean(inc.trust_min > nar.trust_min)),
        "resilience": float(np.mean(inc.resilience > nar.resilience)),
    }
    reserve_gap = float(np.mean(nar.reserve) - np.mean(inc.reserve))
    fired_any = np.zeros(len(c.event_ids), bool)
    fired_count = np.zeros(len(c.event_ids))
    for p in played.values():
        fired_any |= p.fired.any(axis=0)
        fired_count += p.fired.sum(axis=0)
    total = runs * len(played)
    rates = {e: float(fired_count[i] / total) for i, e in enumerate(c.event_ids)}
    never = tuple(e for i, e in enumerate(c.event_ids) if not fired_any[i])
    d_runs = min(runs, 300) if dominance_runs is None else dominance_runs
    dominant = dominance(c, derive_seeds(seed + 1, d_runs)) if d_runs > 0 else ()
    warnings = _warnings(beats, reserve_gap, dominant, never)
    return BalanceReport(
        scenario=c.model.meta.id,
        runs=runs,
        seed=seed,
        policies={name: summarise(p.scores) for name, p in played.items()},
        inclusive_beats_narrow=beats,
        narrow_richer=reserve_gap > 0.0,
        reserve_gap=reserve_gap,
        dominant_options=dominant,
        dominance_runs=d_runs,
        never_fired=never,
        event_rates=rates,
        warnings=warnings,
    )


def _warnings(
    beats: dict[str, float],
    reserve_gap: float,
    dominant: tuple[Dominance, ...],
    never: tuple[str, ...],
) -> tuple[str, ...]:
    """One plain-words warning for every criterion that fails."""
    out: list[str] = []
    for score, key in (
        ("trust_min", "inclusive_beats_narrow_trust_min"),
        ("resilience", "inclusive_beats_narrow_resilience"),
    ):
        need = CRITERIA[key]
        if beats[score] < need:
            out.append(
                f"inclusive beats narrow on {score} in {beats[score]:.0%} of seeds; "
                f"needs at least {need:.0%}"
            )
    if reserve_gap <= 0.0:
        out.append(
            "narrow does not end with more money than inclusive on average: "
            "inclusion costs nothing, so there is no dilemma"
        )
    for d in dominant:
        out.append(
            f"option '{d.better}' of '{d.decision}' dominates '{d.worse}' "
            f"in all {d.pairs} paired seeds"
        )
    for e in never:
        out.append(f"event '{e}' never fires")
    return tuple(out)
