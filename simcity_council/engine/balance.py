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
  of seeds; ``temptation_loud``: some group with a voice at or above the median ends with
  higher trust under narrow play in >= 70 %;
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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..scenario.compile import CompiledScenario
from .playtest import (
    DOMINANCE_SCORES,
    MIN_PAIRS,
    MONEY_TOLERANCE,
    QUANTILES,
    SCORES,
    TOLERANCE,
    Dominance,
    Forced,
    Played,
    dominance,
    losers,
    luck_share,
    play,
    policy_summary,
    summarise,
)
from .policies import POLICY_NAMES, RandomPolicy, make_policy
from .precision import for_engine
from .reading import reading_summary
from .recipe import SearchResult, search_recipe
from .rng import derive_seeds
from .state import END_RECALL, END_RECEIVERSHIP

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

#: Independent random players per seed for the luck criteria.
PLAYERS = 3
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
class Criterion:
    """One criterion of the teaching contract: its value, the threshold, whether it holds and,
    when it does not, why (with optional detail for the author)."""

    value: float
    threshold: Any
    holds: bool
    why: str = ""
    detail: Any = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for the report (a range threshold as a list; empty parts left out)."""
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
    objective_rates: dict[str, float | None]  # over the games where each applies; None: none
    warnings: tuple[str, ...] = field(default_factory=tuple)  # why each failing criterion fails
    #: what else the author should know though every criterion holds (objectives out of reach)
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: words of the scenario read per game under random play (:mod:`.reading`)
    reading: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every criterion holds."""
        return all(c.holds for c in self.criteria.values())

    def as_dict(self) -> dict[str, object]:
        """The ``balance --json`` object."""
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
            "notes": list(self.notes),
            "reading": self.reading,
            "ok": self.ok,
        }


def _criterion(name: str, value: float, why: str = "", detail: Any = None) -> Criterion:
    t = THRESHOLDS[name]
    if isinstance(t, tuple):
        holds = t[0] <= value <= t[1]
    elif name in _AT_MOST:
        holds = value <= t
    else:
        holds = value >= t
    return Criterion(round(float(value), 4), t, bool(holds), "" if holds else why, detail)


class _Context:
    """What the criteria need, played on first use and kept: the policies on the paired
    seeds, more random players, the forced-option runs, the recipe search, the knowledge
    variants. With ``workers`` > 1 every batch but the recipe search (which runs here
    meanwhile) is handed to a pool of processes at the start (:func:`_play_job`)."""

    def __init__(self, c, runs, seed, dominance_runs, search_budget, workers: int = 1) -> None:
        self.c, self.runs, self.seed = c, runs, seed
        self.seeds = derive_seeds(seed, runs)
        self.d_runs = min(runs, 300) if dominance_runs is None else dominance_runs
        self.search_budget = search_budget
        self._played: dict[Any, Played] = {}
        self._jobs: dict[Any, Any] = {}  # key -> Future, while a pool plays them
        self._forced: list[list[Played]] | None = None
        self._found: SearchResult | None = None
        self._dominant: tuple[Dominance, ...] | None = None
        self._pool: ProcessPoolExecutor | None = None
        if workers > 1:
            self._start_pool(workers)

    def _specs(self) -> dict[Any, tuple[Any, np.ndarray, bool, str]]:
        """Every batch the criteria may play: key -> (policy, seeds, track, knowledge)."""
        specs: dict[Any, tuple[Any, np.ndarray, bool, str]] = {}
        for name in POLICY_NAMES:
            specs[name] = (make_policy(name), self.seeds, name == "random", "belief")
        for i in range(1, PLAYERS):
            specs[("random", i)] = (RandomPolicy(salt=i), self.seeds, False, "belief")
        for name in ("greedy", "inclusive"):
            for knowledge in ("perfect", "none"):
                specs[(name, knowledge)] = (make_policy(name), self.seeds, False, knowledge)
        if self.d_runs > 0:
            seeds = derive_seeds(self.seed + 1, self.d_runs)
            for k in range(self.c.n_decisions):
                for j in range(len(self.c.option_ids[k])):
                    forced = Forced(make_policy("random"), k, j)
                    specs[("forced", k, j)] = (forced, seeds, False, "belief")
        return specs

    def _start_pool(self, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")  # no inherited state: same on every OS
        self._pool = ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init_job, initargs=(self.c.model,)
        )
        specs = self._specs()
        # the biggest batches first, so that the pool ends together
        for key, spec in sorted(specs.items(), key=lambda kv: -len(kv[1][1])):
            self._jobs[key] = self._pool.submit(_play_job, *spec)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def batch(self, key: Any) -> Played:
        """The batch ``key`` of :meth:`_specs`, from the pool or played here."""
        if key not in self._played:
            if key in self._jobs:
                self._played[key] = self._jobs.pop(key).result()
            else:
                policy, seeds, track, knowledge = self._specs_one(key)
                self._played[key] = play(
                    self.c, policy, seeds, track_available=track, knowledge=knowledge
                )
        return self._played[key]

    def _specs_one(self, key: Any) -> tuple[Any, np.ndarray, bool, str]:
        if isinstance(key, str):
            return make_policy(key), self.seeds, key == "random", "belief"
        if key[0] == "random":
            return RandomPolicy(salt=key[1]), self.seeds, False, "belief"
        if key[0] == "forced":
            seeds = derive_seeds(self.seed + 1, self.d_runs)
            return Forced(make_policy("random"), key[1], key[2]), seeds, False, "belief"
        return make_policy(key[0]), self.seeds, False, key[1]

    def played(self, name: str) -> Played:
        return self.batch(name)

    def all_played(self) -> dict[str, Played]:
        return {name: self.played(name) for name in POLICY_NAMES}

    def forced(self) -> list[list[Played]]:
        if self._forced is None:
            self._forced = (
                [
                    [self.batch(("forced", k, j)) for j in range(len(self.c.option_ids[k]))]
                    for k in range(self.c.n_decisions)
                ]
                if self.d_runs > 0
                else []
            )
        return self._forced

    def dominant(self) -> tuple[Dominance, ...]:
        if self._dominant is None:
            self._dominant = dominance(self.c, self.forced()) if self.forced() else ()
        return self._dominant

    def found(self) -> SearchResult:
        if self._found is None:
            self._found = search_recipe(
                self.c,
                derive_seeds(self.seed + 2, min(200, self.runs)),
                derive_seeds(self.seed + 3, self.runs),
                self.search_budget,
            )
        return self._found


#: The scenario a pool process plays (set once per process by :func:`_init_job`).
_JOB_SCENARIO: list[CompiledScenario] = []


def _init_job(model: Any) -> None:
    from ..scenario.compile import compile_scenario

    _JOB_SCENARIO[:] = [for_engine(compile_scenario(model))]


def _play_job(policy: Any, seeds: np.ndarray, track: bool, knowledge: str) -> Played:
    """One batch, in a pool process (the same as :func:`play` here: same seeds, same games)."""
    return play(_JOB_SCENARIO[0], policy, seeds, track_available=track, knowledge=knowledge)


def _lesson_holds(x: _Context) -> dict[str, Criterion]:
    inc, nar = x.played("inclusive").scores, x.played("narrow").scores
    wins = float(np.mean(inc.trust_min > nar.trust_min))
    why = (
        f"inclusive play ends with the higher lowest-resident trust in only {wins:.0%} of "
        f"seeds (inclusive mean {100 * inc.trust_min.mean():.1f}, narrow "
        f"{100 * nar.trust_min.mean():.1f})"
    )
    return {"lesson_holds": _criterion("lesson_holds", wins, why)}


def _luck(x: _Context) -> dict[str, Criterion]:
    trials = [x.played("random")]
    trials += [x.batch(("random", i)) for i in range(1, PLAYERS)]
    out = {}
    for score, key in (("trust_min", "luck_matters_trust"), ("reserve", "luck_matters_reserve")):
        values = np.stack([np.asarray(getattr(p.scores, score), np.float64) for p in trials])
        share = luck_share(values)
        low = share < THRESHOLDS[key][0]
        why = f"under random play the seed explains {share:.0%} of the variance of {score}: " + (
            "luck barely matters: games differ too little from seed to seed (an event that "
            "fires in nearly every game, or in almost none, is no luck; chances nearer one in "
            "two, and events that move this score more, make games differ)"
            if low
            else "luck outweighs choices: events or drawn needs swamp what players do (smaller "
            "event effects, or options that move this score more)"
        )
        out[key] = _criterion(key, share, why)
    return out


def _temptation(x: _Context) -> dict[str, Criterion]:
    c = x.c
    inc, nar = x.played("inclusive"), x.played("narrow")
    leads = float(np.mean(nar.reserve_at > inc.reserve_at))
    out = {
        "temptation_reserve": _criterion(
            "temptation_reserve",
            leads,
            f"after turn {nar.at_turn} narrow play has more money than inclusive play in only "
            f"{leads:.0%} of seeds (mean {nar.reserve_at.mean():,.0f} against "
            f"{inc.reserve_at.mean():,.0f})",
        )
    }
    voice = np.asarray(c.voice, np.float64)
    loud = np.flatnonzero((voice >= np.median(voice)) & (voice > voice.min()))
    rates = {
        c.group_ids[g]: float(np.mean(nar.scores.trust[:, g] > inc.scores.trust[:, g]))
        for g in loud
    }
    top = max(rates, key=lambda g: rates[g]) if rates else ""
    out["temptation_loud"] = _criterion(
        "temptation_loud",
        rates.get(top, 0.0),
        "no group with a voice at or above the median ends with more trust under narrow play "
        "in 70% of seeds: " + ", ".join(f"{g} {r:.0%}" for g, r in rates.items()),
        detail=rates,
    )
    return out


def _real_losers(x: _Context) -> dict[str, Criterion]:
    c = x.c
    lost = losers(c, x.forced()) if x.forced() else {}
    missing = [g for g in c.group_ids if g not in lost]
    why = "no inclusive option costs these groups trust against an alternative: " + ", ".join(
        missing
    )
    return {"real_losers": _criterion("real_losers", len(lost) / max(c.n_groups, 1), why, lost)}


def _no_dominant(x: _Context) -> dict[str, Criterion]:
    dominant = x.dominant()
    why = "; ".join(
        f"'{d.better}' of '{d.decision}' is at least as good as '{d.worse}' on every score "
        f"in all {d.pairs} paired seeds"
        for d in dominant
    )
    return {
        "no_dominant_option": _criterion(
            "no_dominant_option", len(dominant), why, [dataclasses.asdict(d) for d in dominant]
        )
    }


def _no_recipe(x: _Context) -> dict[str, Criterion]:
    found = x.found()
    why = (
        f"one fixed sequence of choices meets every objective in {found.test_success:.0%} of "
        "fresh seeds (the recipe is printed above, and under 'recipe' in --json): the scenario "
        "can be won without reading the game"
    )
    if found.test_success > THRESHOLDS["no_recipe"]:
        why += (
            ". Levers: make the best choice depend on what the game shows (an event that "
            "fires in some games and not others, needs that differ by seed, a state-triggered "
            "event that punishes the recipe's weak spot), or give its options a cost that "
            "binds in some games (money, staff, a promise it cannot always keep)"
        )
    return {"no_recipe": _criterion("no_recipe", found.test_success, why)}


def _failure(x: _Context) -> dict[str, Criterion]:
    ends = x.played("random").scores.end_reason
    early = float(np.mean(np.isin(ends, (END_RECEIVERSHIP, END_RECALL))))
    why = (
        f"random play ends early in {early:.1%} of games (receivership "
        f"{np.mean(ends == END_RECEIVERSHIP):.1%}, recall {np.mean(ends == END_RECALL):.1%})"
    )
    return {"failure_reachable": _criterion("failure_reachable", early, why)}


def _listening(x: _Context) -> dict[str, Criterion]:
    best = max(("greedy", "inclusive"), key=lambda p: x.played(p).scores.trust_min.mean())
    perfect = x.batch((best, "perfect"))
    deaf = x.batch((best, "none"))
    worth = 100 * float(np.mean(perfect.scores.trust_min - deaf.scores.trust_min))
    why = (
        f"under {best} play (of greedy and inclusive, the one that keeps the lowest resident "
        f"group higher), knowing every group's needs against never learning them is worth "
        f"{worth:.1f} points of lowest-resident trust"
    )
    c = x.c
    res = np.flatnonzero(c.resident)
    trust = x.played(best).scores.trust
    lowest = res[np.argmin(trust[:, res], axis=1)] if res.size and trust.size else np.array([])
    low_name = c.model.groups[int(np.bincount(lowest).argmax())].name if lowest.size else "none"
    if worth < 0:
        why += (
            ": below 0, the city's starting belief serves the lowest group better than the "
            "truth does; let belief differ from needs where spending decides the lowest group's "
            "lot"
        )
    elif worth < THRESHOLDS["listening_pays"]:
        why += (
            ": too little; make belief differ more from needs for the groups that end lowest "
            f"(most often {low_name}), on services that options fund or cut"
        )
    return {"listening_pays": _criterion("listening_pays", worth, why, {"policy": best})}


def _dead_content(x: _Context) -> dict[str, Criterion]:
    c = x.c
    dead = [f"option {o} available in under 1% of random games" for o in _dead_options(x)]
    dead += [f"event {e} never fires" for e in _never_fired(x)]
    met, counts = _objective_matrix(x)
    for i, o in enumerate(c.model.objectives):
        applies = counts[:, i]
        if applies.any() and met[applies, i].all():
            dead.append(f"objective {o.id} (always met)")
        elif not met[applies, i].any():
            dead.append(f"objective {o.id} (never met)")
    return {"no_dead_content": _criterion("no_dead_content", len(dead), "; ".join(dead), dead)}


def _dead_options(x: _Context) -> tuple[str, ...]:
    c = x.c
    available = x.played("random").available
    if available is None:
        return ()
    rate = available.mean(axis=0)
    return tuple(
        f"{c.decision_ids[k]}.{c.option_ids[k][j]}"
        for k in range(c.n_decisions)
        for j in range(len(c.option_ids[k]))
        if rate[k, j] < 0.01
    )


def _never_fired(x: _Context) -> tuple[str, ...]:
    fired = np.zeros(len(x.c.event_ids), bool)
    for p in x.all_played().values():
        fired |= p.fired.any(axis=0)
    return tuple(e for i, e in enumerate(x.c.event_ids) if not fired[i])


def _event_rates(x: _Context) -> dict[str, float]:
    played = x.all_played()
    count = sum(p.fired.sum(axis=0) for p in played.values())
    total = x.runs * len(played)
    return {e: float(count[i] / total) for i, e in enumerate(x.c.event_ids)}


def _objective_matrix(x: _Context) -> tuple[np.ndarray, np.ndarray]:
    played = x.all_played().values()
    met = np.concatenate([p.scores.objectives for p in played])
    counts = np.concatenate([p.scores.applies for p in played])
    return met, counts


#: Each criterion (or pair of criteria) and the function that judges it, in report order.
_JUDGES = (
    (("lesson_holds",), _lesson_holds),
    (("luck_matters_trust", "luck_matters_reserve"), _luck),
    (("temptation_reserve", "temptation_loud"), _temptation),
    (("real_losers",), _real_losers),
    (("no_recipe",), _no_recipe),
    (("failure_reachable",), _failure),
    (("listening_pays",), _listening),
    (("no_dead_content",), _dead_content),
    (("no_dominant_option",), _no_dominant),
)
CRITERION_NAMES = tuple(name for names, _ in _JUDGES for name in names)
#: The criteria that rest on the forced-option runs (none with ``dominance_runs=0``).
_FORCED_CRITERIA = ("real_losers", "no_dominant_option")


def balance_report(
    c: CompiledScenario,
    runs: int = 2000,
    seed: int = 0,
    dominance_runs: int | None = None,
    search_budget: int = 600,
    only: tuple[str, ...] | None = None,
    workers: int = 1,
) -> BalanceReport:
    """Play every policy ``runs`` times on the same seeds and judge the scenario's balance.

    ``dominance_runs`` (default ``min(runs, 300)``) is the batch size of each forced-option run;
    ``search_budget`` the number of recipes the search may try; ``only`` the criteria to judge
    (default: all, :data:`CRITERION_NAMES`); ``workers`` processes play the batches (the
    report is the same for any number)."""
    if runs < 2:
        raise ValueError("runs must be at least 2")
    unknown = set(only or ()) - set(CRITERION_NAMES)
    if unknown:
        raise ValueError(f"unknown criteria: {', '.join(sorted(unknown))}")
    x = _Context(for_engine(c), runs, seed, dominance_runs, search_budget, workers)
    criteria: dict[str, Criterion] = {}
    try:
        if workers > 1 and (only is None or "no_recipe" in only):
            x.found()  # here, while the pool plays everything else
        wanted = set(only) if only is not None else set(CRITERION_NAMES)
        if x.d_runs == 0:  # no forced-option runs: these two are not judged at all
            wanted -= set(_FORCED_CRITERIA)
        for names, judge in _JUDGES:
            if set(names) & wanted:
                judged = judge(x)
                criteria.update({n: judged[n] for n in names if n in wanted})
        reading = reading_summary(x.c, x.played("random"))
        policies = {name: policy_summary(x.c, p) for name, p in x.all_played().items()}
    finally:
        x.close()
    recipe: dict[str, Any] = {}
    if x._found is not None:
        found = x._found
        recipe = {
            "success": found.test_success,
            "train_success": found.train_success,
            "evaluations": found.evaluations,
            "train_games": found.train_games,
            "test_games": found.test_games,
            **found.recipe.describe(x.c),
        }
    met, counts = _objective_matrix(x)
    warnings = tuple(f"{name}: {crit.why}" for name, crit in criteria.items() if not crit.holds)
    notes: tuple[str, ...] = ()
    if c.model.objectives and recipe and not recipe["success"]:
        best = max((s["all_objectives"] for s in policies.values()), default=0.0)
        if best == 0.0:  # no_recipe "holds" then, but because nothing can win
            notes += (
                "no policy and no fixed recipe met every objective in any game: check that "
                "the objectives can be met together (no_recipe holds only because nothing wins)",
            )
    return BalanceReport(
        scenario=c.model.meta.id,
        runs=runs,
        seed=seed,
        policies=policies,
        criteria=criteria,
        recipe=recipe,
        dominant_options=x.dominant(),
        dominance_runs=x.d_runs,
        never_fired=_never_fired(x),
        event_rates=_event_rates(x),
        dead_options=_dead_options(x),
        objective_rates={
            o.id: float(met[counts[:, i], i].mean()) if counts[:, i].any() else None
            for i, o in enumerate(c.model.objectives)
        },
        warnings=warnings,
        notes=notes,
        reading=reading,
    )


__all__ = [
    "CRITERION_NAMES",
    "DOMINANCE_SCORES",
    "MIN_PAIRS",
    "MONEY_TOLERANCE",
    "QUANTILES",
    "SCORES",
    "THRESHOLDS",
    "TOLERANCE",
    "BalanceReport",
    "Criterion",
    "Dominance",
    "Played",
    "balance_report",
    "play",
    "summarise",
]
