"""The city's forecast of what each option does to each group's services.

The forecast uses what the city *believes* each group needs, never the truth: a group the city
has not listened to is mis-forecast (DESIGN.md §3.3 rule 5). Because the service of an option is
linear in needs, the belief-weighted value is ``truth + gap x (initial belief - truth)`` per game
and group. The city also believes its programmes work as designed (no targeting loss), which is
why projects for a misread group disappoint.

The range is what the city's uncertainty allows: from the forecast toward the least and most
favourable needs the group could have (the compiled needs variants and the initial belief), by
the share of its uncertainty.
"""

from __future__ import annotations

import numpy as np

from ..scenario.compile import CompiledScenario
from .state import State


def _belief_values(c: CompiledScenario, k: int) -> np.ndarray:
    """(options, groups): each option's service by the city's initial belief."""
    w = c.model.model
    per_money = c.belief0 * (c.incidence.T / c.scale)  # (groups, domains)
    amounts = c.option_budget[k] + w.spend_weight * c.option_spend[k]  # (options, domains)
    out = np.zeros((amounts.shape[0], c.n_groups))
    for d in range(amounts.shape[1]):
        out += amounts[:, d, None] * per_money[None, :, d]
    return out


def _variant_values(c: CompiledScenario, k: int) -> np.ndarray:
    """(options, groups, variants): each option's service in every world the needs may be."""
    w = c.model.model
    return np.asarray(c.option_budget_value[k], np.float64) + w.spend_weight * np.asarray(
        c.option_spend_value[k], np.float64
    )


def forecast(c: CompiledScenario, s: State, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(expected, low, high), each (options, games, groups): the city's forecast of each
    option of decision ``k`` for every game of ``s``, and the range its uncertainty allows."""
    variants = _variant_values(c, k)  # (O, G, M)
    gi = np.arange(c.n_groups)
    truth = variants[:, gi, s.variant]  # (O, games, G)
    believed0 = _belief_values(c, k)[:, None, :]  # (O, 1, G)
    gap = np.asarray(s.gap, np.float64)[None]
    expected = truth + gap * (believed0 - truth)
    lowest = np.minimum(variants.min(axis=2), believed0[:, 0])[:, None, :]
    highest = np.maximum(variants.max(axis=2), believed0[:, 0])[:, None, :]
    u = np.asarray(s.uncertainty, np.float64)[None]
    low = expected - u * np.maximum(expected - lowest, 0.0)
    high = expected + u * np.maximum(highest - expected, 0.0)
    return expected, low, high
