"""Batch size and chunking never change a game: per-game digests are bit for bit the same.

Reductions over the groups axis (population means in the step and in conditions, the policies'
sums) use a fixed summation order, so a game played in a batch of 257 equals the same game
played alone (a batch of one) and in chunks of any size.
"""

from __future__ import annotations

import pytest

from simcity_council.engine import Game
from simcity_council.engine.batch import run_batch
from simcity_council.engine.rng import derive_seeds
from simcity_council.scenario import builtin_ids, load_scenario

N = 257
SEED = 31


@pytest.mark.parametrize("policy", ["inclusive", "random"])
@pytest.mark.parametrize("scenario_id", builtin_ids())
def test_batch_of_257_equals_each_game_alone(scenario_id: str, policy: str) -> None:
    loaded = load_scenario(scenario_id)
    whole = run_batch(loaded, policy, N, seed=SEED, per_game_digests=True)
    alone = run_batch(loaded, policy, N, seed=SEED, chunk=1, per_game_digests=True)
    chunked = run_batch(loaded, policy, N, seed=SEED, chunk=64, per_game_digests=True)
    for i in range(N):
        assert whole.digests[i] == alone.digests[i], f"game {i}: batch of {N} != played alone"
        assert whole.digests[i] == chunked.digests[i], f"game {i}: chunks of 64 differ"
    seeds = derive_seeds(SEED, N)
    for i in (0, N // 2, N - 1):  # a few through the interactive facade too
        game = Game.start(loaded, seed=int(seeds[i]))
        while not game.done:
            game.submit(game.suggest(policy))
        assert game.digest() == whole.digests[i], f"game {i}: Game != batch"


@pytest.mark.parametrize("policy", ["inclusive", "random", "greedy"])
def test_policy_in_a_batch_chooses_what_each_game_alone_chooses(synthetic, policy: str) -> None:
    """take_best scans whole columns when every game ranks the actions alike and per game
    otherwise (random values differ by game): a batch chooses what each game alone chooses."""
    many = run_batch(synthetic, policy, 100, seed=5, per_game_digests=True)
    alone = run_batch(synthetic, policy, 100, seed=5, chunk=1, per_game_digests=True)
    assert many.digests == alone.digests
