"""Attribution's bookkeeping: every change of a turn split by its source, the parts adding up
to the change.

The attribution pass (:mod:`.attribution`) *adds* the parts of a change
(``add(quantity, source, amount)``) and then *commits* the quantity with its value before and
after (clamps included). Committing scales the parts by ``(after - before) / sum(parts)``, so
clamping is shared out in proportion and the parts always add up to the real change (to float
rounding).

Sources are the fixed list ``CompiledScenario.sources``: one per decision (the option chosen),
action, event, delayed effect and promise, then revenue, the running budget and a few kinds of
drift.
"""

from __future__ import annotations

import numpy as np

from ..scenario.compile import CompiledScenario

GROUP_QUANTITIES = ("trust", "wellbeing", "engagement", "uncertainty")
CITY_QUANTITIES = ("reserve", "resilience", "revenue")


class Ledger:
    """Per-turn parts of each change, by source: ``parts[q]`` has shape (games, sources, ...)."""

    def __init__(self, c: CompiledScenario, games: int) -> None:
        ns = len(c.sources)
        shapes: dict[str, tuple[int, ...]] = {q: (games, ns, c.n_groups) for q in GROUP_QUANTITIES}
        shapes.update({q: (games, ns) for q in CITY_QUANTITIES})
        shapes["indicator"] = (games, ns, len(c.indicator_ids))
        self.parts = {q: np.zeros(s) for q, s in shapes.items()}
        self._stage = {q: np.zeros(s) for q, s in shapes.items()}

    def add(self, quantity: str, source: int, amount: np.ndarray | float) -> None:
        """Add a part of the change of ``quantity`` done by ``source``."""
        part = self._stage[quantity][:, source]
        part += amount  # in place (``stage[:, source] += amount`` would copy it back)

    def add_each(self, quantity: str, sources: np.ndarray, amounts: np.ndarray) -> None:
        """:meth:`add` ``amounts[:, i]`` by ``sources[i]`` for each i, in one go (the sources
        distinct: each is added once, so the sums are those of one :meth:`add` each)."""
        self._stage[quantity][:, sources] += amounts

    def commit(self, quantity: str, before: np.ndarray, after: np.ndarray) -> None:
        """Scale the parts added since the last commit to the real change and keep them."""
        stage = self._stage[quantity]
        raw = np.add.reduce(stage, axis=1)  # stage.sum(axis=1) without its Python wrapper
        change = np.subtract(after, before, dtype=np.float64)  # exact for float32 values
        # change / raw where raw != 0 (where raw == 0 every part is 0, so any factor will do)
        factor = change / (raw + (raw == 0.0))
        self.parts[quantity] += stage * factor[:, None]
        stage.fill(0.0)
