"""Determinism: same seed and choices -> same digests at every turn; batch == single games."""

from __future__ import annotations

import numpy as np

from simcity_council.engine import Game
from simcity_council.engine.batch import Batch, run_batch
from simcity_council.engine.policies import make_policy
from simcity_council.engine.rng import derive_seeds


def _play(loaded, seed, policy="random"):
    game = Game.start(loaded, seed=seed)
    digests = [game.digest()]
    while not game.done:
        digests.append(game.submit(game.suggest(policy)).digest)
    return game, digests


def test_same_seed_same_digests_every_turn(synthetic):
    _, first = _play(synthetic, 5)
    _, second = _play(synthetic, 5)
    for t, (a, b) in enumerate(zip(first, second, strict=True)):
        assert a == b, f"[turn {t}] digests differ with the same seed and choices"


def test_different_seeds_diverge(synthetic):
    _, first = _play(synthetic, 5)
    _, second = _play(synthetic, 6)
    assert first[0] == second[0]  # the seed is not part of the state
    assert first[-1] != second[-1]


def test_copied_game_continues_identically(synthetic):
    game = Game.start(synthetic, seed=9)
    for _ in range(3):
        game.submit(game.suggest("random"))
    twin = game.copy()
    while not game.done:
        choices = game.suggest("random")
        assert twin.suggest("random") == choices, f"[turn {game.turn}] suggestions differ"
        a, b = game.submit(choices), twin.submit(choices)
        assert a == b, f"[turn {a.turn}] results differ after copy"


def test_copy_is_independent(minimal):
    game = Game.start(minimal, seed=9)
    twin = game.copy()
    game.submit(game.suggest("narrow"))
    assert twin.turn == 1
    assert twin.results == ()


def test_batch_of_n_equals_n_single_games(synthetic):
    n, seed = 6, 1234
    result = run_batch(synthetic, "random", n, seed=seed)
    seeds = derive_seeds(seed, n)
    for i in range(n):
        game, _ = _play(synthetic, int(seeds[i]))
        assert game.digest() == result.digests[i], f"game {i} differs from its single game"
        assert game.scores().trust_min == result.scores.trust_min[i]


def test_batch_chunks_do_not_change_results(synthetic):
    whole = run_batch(synthetic, "greedy", 50, seed=2)
    chunked = run_batch(synthetic, "greedy", 50, seed=2, chunk=7)
    assert whole.digests == chunked.digests


def test_attribution_does_not_change_results(synthetic):
    fast = run_batch(synthetic, "inclusive", 20, seed=4)
    explained = run_batch(synthetic, "inclusive", 20, seed=4, attribution=True)
    assert fast.digests == explained.digests


def test_derive_seeds_prefix_does_not_depend_on_n():
    assert list(derive_seeds(7, 3)) == list(derive_seeds(7, 10)[:3])
    assert len(set(derive_seeds(7, 1000).tolist())) == 1000


def test_a_choice_does_not_change_later_luck(synthetic):
    """Two batches with the same seeds, different choices on turn 3: the events of turn 7
    whose conditions do not depend on the choices fire in the same games."""
    c = Batch.start(synthetic, derive_seeds(3, 200)).compiled
    free = [e for e, cond in enumerate(c.event_when) if cond is None]
    assert free
    fired = []
    for policy_on_3 in ("narrow", "inclusive"):
        batch = Batch.start(synthetic, derive_seeds(3, 200))
        seen = None
        for turn in range(1, 8):
            info = batch.play(make_policy(policy_on_3 if turn == 3 else "random"))
            seen = info.fired
        fired.append(seen[:, free])
    assert np.array_equal(fired[0], fired[1])
