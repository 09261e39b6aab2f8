"""Direct effects (of options, delayed effects, promises and events), gathered then applied.

Effects of one stage are summed per quantity, applied once, clamped to [0, 1] (people,
resilience, indicators) and committed to the ledger, so clamping is shared out in proportion.
Money effects change the reserve (unclamped) or the revenue base (a lasting change).
"""

from __future__ import annotations

import numpy as np

from ..scenario.compile import (
    T_ENGAGEMENT,
    T_INDICATOR,
    T_RESERVE,
    T_RESILIENCE,
    T_REVENUE,
    T_TRUST,
    T_WELLBEING,
    EffectRow,
)
from .ledger import NoLedger
from .precision import clamp01
from .state import State

_PEOPLE = {T_TRUST: "trust", T_WELLBEING: "wellbeing", T_ENGAGEMENT: "engagement"}


class EffectStage:
    """Collects the direct changes of one stage of the turn; :meth:`apply` applies them."""

    def __init__(self, s: State, led: NoLedger, revenue_parts: list[tuple[int, np.ndarray]]):
        self.s = s
        self.led = led
        self.revenue_parts = revenue_parts
        self.delta: dict[str, np.ndarray] = {}

    def _add(self, quantity: str, source: int, amount: np.ndarray) -> None:
        """Add ``amount``, a temporary the stage may keep and change (callers pass fresh
        arrays, never state arrays)."""
        self.led.add(quantity, source, amount)
        if quantity in self.delta:
            self.delta[quantity] += amount
        else:
            self.delta[quantity] = amount

    def people(self, quantity: str, source: int, amount: np.ndarray) -> None:
        """Add ``amount`` (games, groups) to trust, wellbeing or engagement."""
        self._add(quantity, source, amount)

    def effect(self, row: EffectRow, weight: np.ndarray, source: int) -> None:
        """Add one effect, ``weight`` (games,) times (0/1 or a count)."""
        if row.kind in _PEOPLE:
            self._add(_PEOPLE[row.kind], source, weight[:, None] * (row.delta * row.groups))
        elif row.kind == T_RESILIENCE:
            self._add("resilience", source, weight * row.delta)
        elif row.kind == T_INDICATOR:
            amount = np.zeros(self.s.indicators.shape, self.s.indicators.dtype)
            amount[:, row.slot] = weight * row.delta
            self._add("indicator", source, amount)
        elif row.kind == T_RESERVE:
            amount = np.multiply(weight, row.delta, dtype=np.float64)  # money: float64
            self.s.reserve += amount
            self.led.add("reserve", source, amount)
        elif row.kind == T_REVENUE:
            amount = np.maximum(
                np.multiply(weight, row.delta, dtype=np.float64), -self.s.revenue_base
            )
            self.s.revenue_base += amount
            self.revenue_parts.append((source, amount))

    def apply(self) -> None:
        """Apply everything collected, clamp, and commit to the ledger."""
        s = self.s
        for quantity, delta in self.delta.items():
            attr = "indicators" if quantity == "indicator" else quantity
            before = getattr(s, attr)
            after = np.add(before, delta, out=delta)  # the stage's own temporary
            clamp01(after)
            self.led.commit(quantity, before, after)
            setattr(s, attr, after)
        self.delta = {}
