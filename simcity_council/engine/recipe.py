"""Fixed recipes and the built-in search for the best one (the "no recipe" criterion).

A *recipe* is a fixed sequence of choices that ignores what happens in the game: one option per
decision (taken whenever the decision comes up and the option is available; otherwise the first
available option) and a set of actions per turn (each taken if it is available and fits the
staff points and money left, in order). A class would find such a recipe by trial and error; if
one meets every objective in most games, the scenario has no dilemma, only a combination lock.

:func:`search_recipe` is a coordinate ascent: from the best of a few starting recipes (the
choices of the inclusive, narrow and greedy policies, and random ones), it tries every option of
each decision and every set of up to two actions of each turn, keeping any change that raises
the share of training games meeting every objective (ties: higher mean lowest-resident trust),
until a pass changes nothing or the budget of evaluations is spent. Every candidate of one step
is played in one batch (candidates x training seeds), so the search costs a few dozen batches.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from ..scenario.compile import CompiledScenario
from .policies import Policy, make_policy
from .precision import for_engine
from .rng import derive_seeds
from .state import State


@dataclass(frozen=True)
class Recipe:
    """One option index per decision, and per turn the actions to take (turns, actions)."""

    options: tuple[int, ...]
    actions: tuple[tuple[int, ...], ...]

    def describe(self, c: CompiledScenario) -> dict[str, object]:
        """Ids, for the report."""
        return {
            "decisions": {
                d: c.option_ids[k][j]
                for k, (d, j) in enumerate(zip(c.decision_ids, self.options, strict=True))
            },
            "actions": [[c.action_ids[a] for a in turn] for turn in self.actions],
        }


class RecipePolicy(Policy):
    """Plays one recipe per game: ``options`` (games, decisions), ``actions`` (games, turns,
    actions) bool."""

    name = "recipe"

    def __init__(self, options: np.ndarray, actions: np.ndarray) -> None:
        self.options = options
        self.act_plan = actions

    def option_scores(self, c, s, k):
        """Each game's recipe option far ahead, the others in file order (the first available
        one when the recipe's is not)."""
        mo = c.max_options
        want = self.options[:, k]
        scores = np.tile(-np.arange(mo, dtype=np.float64), (s.games, 1))  # else the first
        scores[np.arange(s.games), want] += 1000.0
        return scores

    def actions(self, c, s, usable, capacity, money, act):
        """The recipe's actions for this turn, in order, each only if available and it fits."""
        t = min(s.turn, self.act_plan.shape[1]) - 1
        plan = self.act_plan[:, t]
        for a in range(act.shape[1]):
            fits = plan[:, a] & usable[:, a] & (c.action_capacity[a] <= capacity)
            if c.action_cost[a]:
                fits &= c.action_cost[a] <= money
            act[:, a] |= fits
            capacity -= c.action_capacity[a] * fits
            money -= c.action_cost[a] * fits


def play_recipes(c: CompiledScenario, recipes: list[Recipe], seeds: np.ndarray) -> np.ndarray:
    """(recipes, 2): for each recipe over ``seeds``, the share of games meeting every objective
    and the mean lowest-resident trust. One batch of recipes x seeds."""
    from .playtest import play

    n, r = len(seeds), len(recipes)
    options = np.repeat(np.array([rc.options for rc in recipes], np.int64), n, axis=0)
    na = len(c.action_ids)
    plan = np.zeros((r, c.turns, na), bool)
    for i, rc in enumerate(recipes):
        for t, acts in enumerate(rc.actions):
            plan[i, t, list(acts)] = True
    actions = np.repeat(plan, n, axis=0)
    played = play(c, RecipePolicy(options, actions), np.tile(seeds, r))
    met = played.scores.all_met.reshape(r, n).mean(axis=1)
    trust = played.scores.trust_min.reshape(r, n).mean(axis=1)
    return np.stack([met, trust], axis=1)


def _from_policy(c: CompiledScenario, name: str, seed: int) -> Recipe:
    """The choices one game of a policy made, as a recipe."""
    from .batch import Batch

    batch = Batch.start(c, derive_seeds(seed, 1))
    policy = make_policy(name)
    actions: list[tuple[int, ...]] = []
    while batch.turn <= c.turns and not batch.done.all():
        choice, act = policy.choose(c, batch.state)
        actions.append(tuple(np.flatnonzero(act[0]).tolist()))
        from .step import step

        step(c, batch.state, choice, act)
    chosen = batch.state.chosen[0]
    options = tuple(int(j) if j >= 0 else 0 for j in chosen)
    actions += [()] * (c.turns - len(actions))
    return Recipe(options, tuple(actions))


def _action_sets(c: CompiledScenario) -> list[tuple[int, ...]]:
    """Every set of up to two actions that fits the staff capacity."""
    na = len(c.action_ids)
    sets: list[tuple[int, ...]] = [()]
    sets += [(a,) for a in range(na) if c.action_capacity[a] <= c.capacity]
    sets += [
        pair
        for pair in combinations(range(na), 2)
        if c.action_capacity[list(pair)].sum() <= c.capacity
    ]
    return sets


@dataclass(frozen=True)
class SearchResult:
    """The best fixed recipe found, its success rate on the training and the fresh test seeds,
    and what the search cost (recipes evaluated, games per seed set)."""

    recipe: Recipe
    train_success: float
    test_success: float
    evaluations: int
    train_games: int
    test_games: int


def search_recipe(
    c: CompiledScenario,
    train: np.ndarray,
    test: np.ndarray,
    budget: int = 600,
    passes: int = 3,
) -> SearchResult:
    """The best fixed recipe found by coordinate ascent on ``train`` seeds, and how often it
    meets every objective in the fresh ``test`` seeds (module docstring)."""
    c = for_engine(c)
    starts = [_from_policy(c, p, 11) for p in ("inclusive", "narrow", "greedy", "random")]
    rng = np.random.default_rng(5)
    for _ in range(4):
        starts.append(
            Recipe(
                tuple(int(rng.integers(len(ids))) for ids in c.option_ids),
                tuple(() for _ in range(c.turns)),
            )
        )
    scored = play_recipes(c, starts, train)
    evaluations = len(starts)
    best_i = _best(scored)
    best, best_score = starts[best_i], tuple(scored[best_i])
    sets = _action_sets(c)
    for _ in range(passes):
        improved = False
        for k in range(c.n_decisions):
            if evaluations >= budget:
                break
            n_opt = len(c.option_ids[k])
            cands = [
                Recipe(best.options[:k] + (j,) + best.options[k + 1 :], best.actions)
                for j in range(n_opt)
                if j != best.options[k]
            ]
            best, best_score, changed = _step(c, cands, train, best, best_score)
            evaluations += len(cands)
            improved |= changed
        for t in range(c.turns):
            if evaluations >= budget or len(sets) < 2:
                break
            cands = [
                Recipe(best.options, best.actions[:t] + (acts,) + best.actions[t + 1 :])
                for acts in sets
                if acts != best.actions[t]
            ]
            best, best_score, changed = _step(c, cands, train, best, best_score)
            evaluations += len(cands)
            improved |= changed
        if not improved or evaluations >= budget:
            break
    test_score = play_recipes(c, [best], test)[0]
    return SearchResult(
        best, float(best_score[0]), float(test_score[0]), evaluations, len(train), len(test)
    )


def _best(scored: np.ndarray) -> int:
    return int(np.lexsort((scored[:, 1], scored[:, 0]))[-1])


def _step(c, cands, train, best, best_score):
    if not cands:
        return best, best_score, False
    scored = play_recipes(c, cands, train)
    i = _best(scored)
    if tuple(scored[i]) > best_score:
        return cands[i], tuple(scored[i]), True
    return best, best_score, False


__all__ = ["Recipe", "RecipePolicy", "SearchResult", "play_recipes", "search_recipe", "State"]
