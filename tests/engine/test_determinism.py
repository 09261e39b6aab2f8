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
    assert first[0] != second[0]  # each seed draws its own world: the groups' true needs
    assert first[-1] != second[-1]


def test_the_seed_draws_each_groups_true_needs(synthetic):
    games = [Game.start(synthetic, seed=s) for s in range(40)]
    worlds = {tuple(g.state.variant[0].tolist()) for g in games}
    assert len(worlds) > 30  # nearly every game is a different world
    again = Game.start(synthetic, seed=7).state.variant
    assert np.array_equal(again, games[7].state.variant)


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
    result = run_batch(synthetic, "random", n, seed=seed, per_game_digests=True)
    seeds = derive_seeds(seed, n)
    for i in range(n):
        game, _ = _play(synthetic, int(seeds[i]))
        assert game.digest() == result.digests[i], f"game {i} differs from its single game"
        assert game.scores().trust_min == result.scores.trust_min[i]


def test_batch_chunks_do_not_change_results(synthetic):
    whole = run_batch(synthetic, "greedy", 50, seed=2, per_game_digests=True)
    chunked = run_batch(synthetic, "greedy", 50, seed=2, chunk=7, per_game_digests=True)
    assert whole.digests == chunked.digests


def test_attribution_does_not_change_results(synthetic):
    fast = run_batch(synthetic, "inclusive", 20, seed=4, per_game_digests=True)
    explained = run_batch(
        synthetic, "inclusive", 20, seed=4, attribution=True, per_game_digests=True
    )
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
    fired, playing = [], []
    for policy_on_3 in ("narrow", "inclusive"):
        batch = Batch.start(synthetic, derive_seeds(3, 200))
        seen = None
        for turn in range(1, 8):
            alive = batch.state.active.copy()
            info = batch.play(make_policy(policy_on_3 if turn == 3 else "random"))
            seen = info.fired
        fired.append(seen[:, free])
        playing.append(alive)  # a game that ended (say, in receivership) rolls nothing
    both = playing[0] & playing[1]
    assert both.sum() > 100
    assert np.array_equal(fired[0][both], fired[1][both])


def test_the_batch_digest_does_not_depend_on_the_chunk_size(synthetic):
    digests = {run_batch(synthetic, "random", 90, seed=3, chunk=chunk).digest for chunk in (7, 90)}
    assert len(digests) == 1
