"""Counter-based randomness: a pure function of (seed, turn, stream)."""

from __future__ import annotations

import numpy as np

from simcity_council.engine.rng import as_seeds, derive_seeds, uniform


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
