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

from functools import cache

import numpy as np

from ..scenario.compile import CompiledScenario

GROUP_QUANTITIES = ("trust", "wellbeing", "engagement", "uncertainty")
CITY_QUANTITIES = ("reserve", "resilience", "revenue")

_ALL = slice(None)
#: the table of the group quantities and indicators, and that of the city quantities
_PEOPLE, _CITY = 0, 1


class Ledger:
    """Per-turn parts of each change, by source: ``parts[q]`` has shape (games, sources, ...).

    The parts are kept in two tables, and so are the parts being added: the group quantities
    and the indicators side by side as the columns of one (games, sources, columns) array, the
    city quantities as the rows of one (games, quantities, sources) array. A quantity is summed
    over the sources as an array of its own would be: in source order down the middle axis, by
    numpy's pairwise sum along a contiguous last axis.

    A commit is applied when its quantity is next added to or committed, or when the parts are
    read, together with every other commit then waiting in its table: one pass over the table
    (a dozen numpy calls) instead of one per quantity. Each quantity's columns get the same
    operations as alone, so the same bits."""

    def __init__(self, c: CompiledScenario, games: int) -> None:
        ns, ng, ni = len(c.sources), c.n_groups, len(c.indicator_ids)
        width = len(GROUP_QUANTITIES) * ng + ni
        people, city = (games, ns, width), (games, len(CITY_QUANTITIES), ns)
        self._tables = (np.zeros(people), np.zeros(city))
        self._stages = (np.zeros(people), np.zeros(city))
        self._where = _layout(ng, ni)
        #: per table: the change (after - before) of each quantity committed and not yet applied
        self._due: tuple[dict[str, np.ndarray], ...] = ({}, {})
        self._parts: dict[str, np.ndarray] | None = None

    @property
    def parts(self) -> dict[str, np.ndarray]:
        """Each quantity's parts, (games, sources, groups or indicators) or (games, sources):
        views of the tables, every commit applied."""
        self._apply_all()
        if self._parts is None:
            tables = self._tables
            self._parts = {
                q: tables[t][:, :, at] if t == _PEOPLE else tables[t][:, at]
                for q, (t, at) in self._where.items()
            }
        return self._parts

    def by_source(self, game: int) -> np.ndarray:
        """Every part of game ``game``, (sources, columns): the columns of the group quantities
        (a group each, in the order of ``GROUP_QUANTITIES``), then the indicators, then one per
        city quantity."""
        self._apply_all()
        people, city = self._tables
        return np.concatenate((people[game], city[game].T), axis=1)

    def add(self, quantity: str, source: int, amount: np.ndarray | float) -> None:
        """Add a part of the change of ``quantity`` done by ``source``."""
        t, at = self._where[quantity]
        if quantity in self._due[t]:
            self._apply(t)
        part = self._stages[t][(_ALL, source, at) if t == _PEOPLE else (_ALL, at, source)]
        part += amount  # in place (``stage[:, source] += amount`` would copy it back)

    def add_each(self, quantity: str, sources: np.ndarray, amounts: np.ndarray) -> None:
        """:meth:`add` ``amounts[:, i]`` by ``sources[i]`` for each i, in one go (the sources
        distinct: each is added once, so the sums are those of one :meth:`add` each)."""
        t, at = self._where[quantity]
        if quantity in self._due[t]:
            self._apply(t)
        self._stages[t][(_ALL, sources, at) if t == _PEOPLE else (_ALL, at, sources)] += amounts

    def commit(self, quantity: str, before: np.ndarray, after: np.ndarray) -> None:
        """Scale the parts added since the last commit to the real change and keep them (done
        when the table is next applied; the change is taken now)."""
        t, _ = self._where[quantity]
        if quantity in self._due[t]:
            self._apply(t)
        self._due[t][quantity] = np.subtract(after, before, dtype=np.float64)  # exact for f32

    def _apply_all(self) -> None:
        for t in (_PEOPLE, _CITY):
            self._apply(t)

    def _apply(self, t: int) -> None:
        """Apply the commits waiting in table ``t``: each quantity's parts scaled to its change,
        added to what it has, and its staging cleared. Every other quantity of the table gets a
        factor of 0, so its parts gain ``staged * 0`` (0: its staging is clear, or, for one
        added to and not committed yet, finite) and keep their bits; the staging of one added
        to and not committed yet is kept for its own commit."""
        due = self._due[t]
        if not due:
            return
        stage = self._stages[t]
        over = 1 if t == _PEOPLE else 2  # the sources' axis
        raw = np.add.reduce(stage, axis=over)
        change = np.zeros(raw.shape)
        for quantity, delta in due.items():
            change[:, self._where[quantity][1]] = delta
        # change / raw where raw != 0 (where raw == 0 every part is 0, so any factor will do)
        factor = change / (raw + (raw == 0.0))
        parts = self._tables[t]
        parts += stage * (factor[:, None] if t == _PEOPLE else factor[:, :, None])
        for quantity in due:
            at = self._where[quantity][1]
            stage[(_ALL, _ALL, at) if t == _PEOPLE else (_ALL, at)] = 0.0
        due.clear()


@cache
def _layout(ng: int, ni: int) -> dict[str, tuple[int, slice | int]]:
    """Each quantity's table and place in it: its columns (people) or row (city). Made once
    per shape (read it, do not change it)."""
    out: dict[str, tuple[int, slice | int]] = {
        q: (_PEOPLE, slice(i * ng, (i + 1) * ng)) for i, q in enumerate(GROUP_QUANTITIES)
    }
    at = len(GROUP_QUANTITIES) * ng
    out["indicator"] = (_PEOPLE, slice(at, at + ni))
    out.update({q: (_CITY, i) for i, q in enumerate(CITY_QUANTITIES)})
    return out
