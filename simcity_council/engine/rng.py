"""Counter-based randomness: a pure function of (game seed, turn, stream).

No generator state is carried from one draw to the next, so a choice never changes the luck of
later turns (common random numbers), a batch and a single game draw identical numbers, and a
what-if replay keeps the same luck. The mixing function is splitmix64's finaliser, applied
vectorised to ``uint64`` arrays (wrap-around multiplication is the point, so overflow warnings
cannot occur: numpy integer arrays wrap silently).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_MASK64 = (1 << 64) - 1
_SEED_MASK = (1 << 63) - 1

# Stream numbers: one per kind of draw, offset by the item's position.
STREAM_EVENT = 1
STREAM_EFFECT = 100_000
STREAM_POLICY = 200_000
STREAM_NEEDS = 300_000  # drawn on "turn 0": which needs variant is true, one stream per group
STREAM_DISPLAY = 400_000  # drawn on "turn 0": the order a game lists each decision's options in


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser on a uint64 array (a bijection with good avalanche)."""
    z = x + _GOLDEN
    shifted = np.empty_like(z)  # one scratch array: the steps below write in place
    z ^= np.right_shift(z, _S30, out=shifted)
    z *= _M1
    z ^= np.right_shift(z, _S27, out=shifted)
    z *= _M2
    z ^= np.right_shift(z, _S31, out=shifted)
    return z


def _mix64_int(x: int) -> int:
    """:func:`mix64` on one Python int (the same bits; faster for a batch of one)."""
    z = (x + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


@lru_cache(maxsize=4096)
def _key(turn: int, stream: int) -> int:
    return _mix64_int(((turn & 0xFFFFFFFF) << 32) | (stream & 0xFFFFFFFF))


def uniform(seeds: np.ndarray, turn: int, stream: int) -> np.ndarray:
    """One float in [0, 1) per game, a pure function of (seed, turn, stream)."""
    key = _key(turn, stream)
    if seeds.shape[0] <= 4:  # interactive games: plain ints beat numpy's per-call overhead
        out = []
        for seed in seeds.tolist():
            bits = _mix64_int((_mix64_int(seed ^ key) + seed) & _MASK64)
            out.append((bits >> 11) * (1.0 / 9007199254740992.0))
        return np.array(out, np.float64)
    z = mix64(mix64(seeds ^ np.uint64(key)) + seeds)
    return (z >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)


def uniform_many(seeds: np.ndarray, turn: int, streams: list[int]) -> np.ndarray:
    """(games, len(streams)): column ``i`` is ``uniform(seeds, turn, streams[i])``, bit for bit,
    drawn with one pass of array operations for all the streams."""
    if seeds.shape[0] <= 4:  # as in uniform, with plain ints; one array at the end
        small = [_key(turn, st) for st in streams]
        rows = [
            [
                (_mix64_int((_mix64_int(seed ^ key) + seed) & _MASK64) >> 11)
                * (1.0 / 9007199254740992.0)
                for key in small
            ]
            for seed in seeds.tolist()
        ]
        return np.array(rows, np.float64).reshape(seeds.shape[0], len(streams))
    if len(streams) == 1:
        return uniform(seeds, turn, streams[0])[:, None]
    keys = np.array([_key(turn, st) for st in streams], np.uint64)
    col = seeds[:, None]
    z = mix64(np.add(mix64(np.bitwise_xor(col, keys, order="F")), col, order="F"))  # by_games
    return (z >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)


def as_seeds(seeds: object) -> np.ndarray:
    """Per-game seeds as a uint64 array (Python ints are taken modulo 2**64)."""
    arr = np.asarray(seeds)
    if arr.dtype == np.uint64:
        return arr.reshape(-1).copy()
    return np.array([int(s) & _MASK64 for s in np.ravel(arr)], np.uint64)


def derive_seeds_range(seed: int, start: int, stop: int) -> np.ndarray:
    """``derive_seeds(seed, stop)[start:stop]`` without making the first ``start`` seeds."""
    base = np.uint64(int(seed) & _MASK64)
    index = np.arange(start, stop, dtype=np.uint64)
    return mix64(mix64(index ^ mix64(np.array([base], np.uint64))[0]) + base) & np.uint64(
        _SEED_MASK
    )


def derive_seeds(seed: int, n: int) -> np.ndarray:
    """Per-game seeds for game 0..n-1 of a batch with ``seed``: uint64 in [0, 2**63).

    ``derive_seeds(S, n)[i]`` does not depend on ``n``, so a batch can grow or be split."""
    base = np.uint64(int(seed) & _MASK64)
    index = np.arange(n, dtype=np.uint64)
    return mix64(mix64(index ^ mix64(np.array([base], np.uint64))[0]) + base) & np.uint64(
        _SEED_MASK
    )
