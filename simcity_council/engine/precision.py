"""The engine's number types: shares in [0, 1] as float32, money as float64.

Everything the model keeps in [0, 1] (trust, wellbeing, engagement, uncertainty, the belief
gap, resilience, indicators) and the service levels are stored and computed as float32: their
resolution (about 6e-8) is far below anything shown (0-100) or compared in a condition, and it
halves the
memory a batch streams through each turn, which is what bounds batch speed (``bench``). Money
(reserve, revenue, costs) stays float64, so the reserve still balances to the cent.

The compiled scenario is exact float64; :func:`for_engine` gives the engine its copy with the
tables that multiply [0, 1] quantities in float32, so that no step mixes the two by accident
(NumPy >= 2 promotes float32 with a float64 *array or NumPy scalar* to float64, and keeps
float32 with a Python float).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy._core import umath as _umath

from ..scenario.compile import CompiledScenario, EffectRow

PEOPLE = np.float32  # dtype of every [0, 1] quantity and of the weights applied to them

# Tables of CompiledScenario that the step multiplies with [0, 1] quantities.
_TABLES = (
    "share",
    "pop_weight",
    "trust0",
    "wellbeing0",
    "engagement0",
    "voice",
    "vulnerability",
    "uncertainty0",
    "mismatch",
    "vuln_weight",
    "indicator0",
    "option_consult",
    "option_transparency",
    "option_scars",
    "option_budget_value",
    "option_budget_up",
    "option_service_fixed",
    "option_service_designed",
    "option_spend_value",
    "decision_stakes",
    "promise_groups",
    "action_targets",
    "action_listening",
    "action_engagement",
    "action_transparency",
    "event_shock",
    "event_groups",
    "event_scars",
)
_MARK = "_engine_precision"
_COPY = "_engine_copy"


def for_engine(c: CompiledScenario) -> CompiledScenario:
    """``c`` with its [0, 1] tables in :data:`PEOPLE` (``c`` itself if it already is)."""
    if getattr(c, _MARK, False):
        return c
    cached = getattr(c, _COPY, None)
    if cached is not None:
        return cached
    rows: dict[int, EffectRow] = {}

    def row(r: EffectRow) -> EffectRow:
        if id(r) not in rows:
            value = None if r.value is None else r.value.astype(PEOPLE)
            rows[id(r)] = dataclasses.replace(r, groups=r.groups.astype(PEOPLE), value=value)
        return rows[id(r)]

    def nested(x: Any) -> Any:
        if isinstance(x, EffectRow):
            return row(x)
        return tuple(nested(y) for y in x)

    changes: dict[str, Any] = {name: getattr(c, name).astype(PEOPLE) for name in _TABLES}
    for name in ("effects", "delayed", "option_effects", "event_effects"):
        changes[name] = nested(getattr(c, name))
    out = dataclasses.replace(c, **changes)
    # fields set after construction (init=False or defaults filled in later) come along too
    for f in dataclasses.fields(c):
        if not f.init:
            setattr(out, f.name, getattr(c, f.name))
    setattr(out, _MARK, True)
    setattr(c, _COPY, out)  # a cache on the (read-only) compiled scenario
    return out


def constant(c: CompiledScenario, make: Callable[[CompiledScenario], Any]) -> Any:
    """``make(c)``: a constant of the scenario, worked out once and kept on it under the
    name of ``make`` (like :func:`for_engine`'s copy)."""
    cached = c.__dict__.get(make.__name__)
    if cached is None:
        cached = c.__dict__[make.__name__] = make(c)
    return cached


_SMALL = 2048  # elements: below this, np.clip's Python wrapper costs more than two ufunc calls


#: ``np.clip(x, lo, hi, out=...)`` for float arrays and two bounds, without its two layers of
#: Python wrappers (``ndarray.clip`` and ``_methods._clip``, about 2 µs a call, most of the
#: cost for one game's arrays): the ufunc they end in, so the same bits.
clip = _umath.clip  # type: ignore[attr-defined]


def clamp01(x: np.ndarray) -> np.ndarray:
    """``x`` clamped to [0, 1] in place and returned (``x`` is a temporary), by :data:`clip` at
    every size: maximum then minimum would be faster for the small arrays of one game, but it
    turns a -0.0 into +0.0 where clip keeps it, so a game played alone could then differ bit for
    bit from the same game in a large batch."""
    return clip(x, 0.0, 1.0, out=x)


_ZEROS: dict[tuple[tuple[int, ...], str, bool], np.ndarray] = {}


def zeros_like(x: np.ndarray) -> np.ndarray:
    """A read-only array of zeros of ``x``'s shape, dtype and layout (kept for reuse): numpy's
    maximum and minimum against a whole array of zeros take a loop several times faster than
    against the scalar 0, with the same results bit for bit (signed zeros and NaN too)."""
    key = (x.shape, x.dtype.str, bool(x.flags.f_contiguous and not x.flags.c_contiguous))
    z = _ZEROS.get(key)
    if z is None:
        if len(_ZEROS) >= 64:
            _ZEROS.clear()
        z = np.zeros(x.shape, x.dtype, order="F" if key[2] else "C")
        z.flags.writeable = False
        _ZEROS[key] = z
    return z


def above0(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``np.maximum(x, 0.0)`` (see :func:`zeros_like`)."""
    return np.maximum(x, zeros_like(x), out=out)


def below0(x: np.ndarray) -> np.ndarray:
    """``np.minimum(x, 0.0)`` (see :func:`zeros_like`)."""
    return np.minimum(x, zeros_like(x))


def cap1(x: np.ndarray) -> np.ndarray:
    """``np.minimum(x, 1)`` in place and returned (the faster pass for the size, as above)."""
    if x.size < _SMALL:
        return np.minimum(x, 1.0, out=x)
    return clip(x, -np.inf, 1.0, out=x)


def as_decimal(x: Any) -> np.ndarray:
    """float32 values as float64, each the shortest decimal (up to 12 places) that reads back
    as the same float32: the float32 nearest 0.35 is reported as 0.35, not 0.3499999940395355.
    Lossless (``as_decimal(x).astype(float32) == x``); what views, scores and session logs show.
    Values that need more places (below about 1e-4) are given exactly."""
    x32 = np.asarray(x, PEOPLE)
    wide = x32.astype(np.float64)
    if wide.size <= _AT_ONCE:
        # every number of places at once: (values, 12) candidates, the first that reads back
        flat = wide.reshape(-1, 1)
        near = np.rint(flat * _SCALE_ROW)  # what np.round(wide, places) computes
        near /= _SCALE_ROW  # k / 10**places, correctly rounded: prints short
        hit = near.astype(PEOPLE) == x32.reshape(-1, 1)
        first = hit.argmax(axis=1)
        rows = np.arange(flat.shape[0])
        out = np.where(hit[rows, first], near[rows, first], flat[:, 0])
        return out.reshape(x32.shape)
    out = wide.copy()
    todo = np.ones(x32.shape, bool)
    for scale in _SCALES:
        near = np.rint(wide * scale)
        near /= scale
        hit = near.astype(PEOPLE) == x32
        hit &= todo
        np.copyto(out, near, where=hit)
        todo ^= hit
        if not todo.any():
            break
    return out


_SCALES = tuple(10.0**places for places in range(1, 13))
_SCALE_ROW = np.array(_SCALES)[None, :]
_AT_ONCE = 4096  # values: below this, all places at once beats the loop
