"""Counter-based randomness: a pure function of (seed, turn, stream)."""

from __future__ import annotations

import numpy as np
import pytest

from simcity_council.engine.rng import as_seeds, derive_seeds, uniform, uniform_many


def test_uniform_is_pure_and_in_range():
    seeds = derive_seeds(1, 10_000)
    a = uniform(seeds, 3, 7)
    assert np.array_equal(a, uniform(seeds, 3, 7))
    assert np.array_equal(a[5:9], uniform(seeds[5:9], 3, 7))
    assert a.min() >= 0.0
    assert a.max() < 1.0
    assert abs(a.mean() - 0.5) < 0.02


def test_streams_and_turns_are_independent():
    seeds = derive_seeds(1, 10_000)
    a, b, c = uniform(seeds, 3, 7), uniform(seeds, 3, 8), uniform(seeds, 4, 7)
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.05
    assert abs(np.corrcoef(a, c)[0, 1]) < 0.05


def test_as_seeds_takes_big_python_ints():
    assert as_seeds([2**64 + 5])[0] == 5


@pytest.mark.parametrize("games", [1, 3, 5, 100], ids=["one", "few", "past-small", "many"])
@pytest.mark.parametrize("streams", [[], [7], [7, 9, 400_003]], ids=["none", "one", "three"])
def test_uniform_many_is_each_stream_bit_for_bit(games, streams):
    seeds = derive_seeds(5, games)
    many = uniform_many(seeds, 4, streams)
    assert many.shape == (games, len(streams))
    for i, stream in enumerate(streams):
        assert many[:, i].tobytes() == uniform(seeds, 4, stream).tobytes()
