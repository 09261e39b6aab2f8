"""Changes gathered by cause, then applied once: :class:`Changes`.

A stage of the turn adds what each cause (a decision, an action, an event, a delayed effect, a
promise, drift) does to each quantity; :meth:`Changes.apply` applies them together:

* trust: each cause's change is netted first, and a cause whose net change is a loss weighs
  ``loss_aversion`` times more (trust is lost faster than gained, for every cause), except a
  loss announced in advance (:meth:`Changes.add_expected`: a temporary budget ending on time);
  trust is then kept in [0, 1] and cannot rise above a scarred group's ``ceiling``;
* people, resilience and indicators are kept in [0, 1];
* money effects change the reserve (unclamped) or the revenue base (a lasting change);
  ``budget.<domain>`` effects change a domain's allocation from now on (and its service); a
  decision's, at once or delayed (:attr:`Changes.pays_now`), is paid this turn too, as an
  option's own budget change is; an event's, and its delayed ones, from the next turn.

What was applied is kept (:attr:`Changes.applied`) for the attribution pass
(:mod:`.attribution`), which shares any clamping out among the causes in proportion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..scenario.compile import (
    T_BUDGET,
    T_ENGAGEMENT,
    T_INDICATOR,
    T_RESERVE,
    T_RESILIENCE,
    T_REVENUE,
    T_TRUST,
    T_WELLBEING,
    CompiledScenario,
    EffectRow,
)
from .precision import above0, clamp01, clip
from .state import State, by_games, outer

_PEOPLE = {T_TRUST: "trust", T_WELLBEING: "wellbeing", T_ENGAGEMENT: "engagement"}


@dataclass
class Applied:
    """One quantity's application: each cause's part (trust: after loss aversion), and the
    value before and after (clamps included)."""

    quantity: str
    parts: list[tuple[int, np.ndarray]]
    before: np.ndarray
    after: np.ndarray


@dataclass
class Changes:
    """The changes of one stage of the turn, by cause (see the module docstring)."""

    c: CompiledScenario
    s: State
    parts: dict[str, list[tuple[int, np.ndarray]]] = field(default_factory=dict)
    money: list[tuple[str, int, np.ndarray]] = field(default_factory=list)  # reserve, revenue
    budget_impulses: list[tuple[int, np.ndarray]] = field(default_factory=list)
    applied: list[Applied] = field(default_factory=list)
    expected: list[tuple[int, np.ndarray]] = field(default_factory=list)  # trust, not averse
    #: a budget change lands before this turn's running of the city is over, so this turn pays
    #: it too (a decision's effects, at once or delayed, as an option's own budget change is
    #: paid from the turn it is chosen); news, and an event's delayed effects, pay from the
    #: next turn (an event's own budget change starts then, so its delayed one keeps its span)
    pays_now: bool = False

    def add(self, quantity: str, source: int, amount: np.ndarray) -> None:
        """Add ``amount`` (games, groups) for people, (games,) for resilience, (games,
        indicators) for indicators, done by ``source``."""
        self.parts.setdefault(quantity, []).append((source, amount))

    def add_expected(self, source: int, amount: np.ndarray) -> None:
        """Add a trust change that was announced in advance (a temporary budget ending when it
        said it would): a loss counts at face value, not ``loss_aversion`` times."""
        self.expected.append((source, amount))

    def effect(
        self, row: EffectRow, weight: np.ndarray, source: int, pays_now: bool | None = None
    ) -> None:
        """Add one authored effect, ``weight`` (games,) times (0/1 or a count); ``pays_now``:
        whether a budget change is paid this turn too (default: :attr:`pays_now`)."""
        now = self.pays_now if pays_now is None else pays_now
        s = self.s
        if row.kind in _PEOPLE:
            self.add(_PEOPLE[row.kind], source, outer(weight, row.delta * row.groups))
        elif row.kind == T_RESILIENCE:
            self.add("resilience", source, weight * row.delta)
        elif row.kind == T_INDICATOR:
            amount = np.zeros(s.indicators.shape, s.indicators.dtype, order="F")
            amount[:, row.slot] = weight * row.delta
            self.add("indicator", source, amount)
        elif row.kind == T_RESERVE:
            amount = np.multiply(weight, row.delta, dtype=np.float64)  # money: float64
            s.reserve += amount
            self.money.append(("reserve", source, amount))
        elif row.kind == T_REVENUE:
            amount = np.maximum(np.multiply(weight, row.delta, dtype=np.float64), -s.revenue_base)
            s.revenue_base += amount
            self.money.append(("revenue", source, amount))
        elif row.kind == T_BUDGET:
            if row.value is None:  # compile_scenario gives every budget row its service table
                raise RuntimeError(f"budget effect {row.index} has no service table")
            took = weight != 0  # only the games it happens in: a batch never mixes games
            column = s.allocation[:, row.slot]
            moved = np.where(took, above0(column + weight * row.delta), column)
            col = self.c.budget_column.get(source)
            if col is not None:  # what it moved, as paid every turn from now on
                paid = s.effect_money[:, col]
                paid += moved - column
            if now:  # and this turn's share of it, now
                saved = (column - moved).astype(np.float64)
                s.reserve += saved
                self.money.append(("reserve", source, saved))
            s.allocation[:, row.slot] = moved
            # (games, groups): each game's row by its groups' true needs (state.world), indexed
            # groups-first so that it comes out in the state's layout
            value = np.take(row.value.reshape(-1), s.world.T).T
            impulse = value * weight.astype(value.dtype)[:, None]
            s.service += impulse
            self.budget_impulses.append((source, impulse))
            w = self.c.model.model
            self.add("trust", source, (w.trust_rate * w.outcome_weight) * clip(impulse, -1, 1))

    def apply(self) -> None:
        """Apply everything gathered (module docstring) and keep what was applied."""
        s = self.s
        w = self.c.model.model
        if self.expected:
            self.parts.setdefault("trust", [])
        for quantity, parts in self.parts.items():
            if quantity == "trust":
                parts = _loss_averse(parts, w.loss_aversion) + self.expected
            attr = "indicators" if quantity == "indicator" else quantity
            before = getattr(s, attr)
            after = before + (parts[0][1] if len(parts) == 1 else _sum(parts))
            clamp01(after)
            if quantity == "trust" and np.count_nonzero(s.scar_until):
                # trust cannot recover above a scar's ceiling (a group without a scar has
                # ceiling 1, which the clamp already keeps: nothing to do when none is scarred)
                np.minimum(after, np.maximum(before, s.ceiling), out=after)
            setattr(s, attr, by_games(after.astype(before.dtype, copy=False)))
            self.applied.append(Applied(quantity, parts, before, getattr(s, attr)))
        self.parts = {}
        self.expected = []


def _sum(parts: list[tuple[int, np.ndarray]]) -> np.ndarray:
    """``0 + parts[0] + parts[1] + ...`` in that order (a fixed order: bit-identical results
    in a batch of one and of many)."""
    total = parts[0][1] + parts[1][1]
    for _, amount in parts[2:]:
        total = total + amount
    return total


def _loss_averse(parts: list[tuple[int, np.ndarray]], factor: float) -> list:
    """Each cause's trust change netted, a net loss weighted ``factor`` times (causes that
    appear more than once, e.g. a decision's signal and its direct effects, are one cause)."""
    net: dict[int, np.ndarray] = {}
    for source, amount in parts:
        net[source] = amount if source not in net else net[source] + amount
    out = []
    for source, amount in net.items():
        out.append((source, _averse(amount, factor)))
    return out


def _averse(amount: np.ndarray, factor: float) -> np.ndarray:
    """``np.where(amount < 0, amount * factor, amount)``, bit for bit. With ``factor >= 1``
    (the model's range) that is the smaller of ``amount`` and ``amount * factor``: rounding is
    monotonic, so a loss only grows and a gain is not the smaller; one cheap pass each."""
    scaled = amount * factor
    if factor >= 1.0:
        return np.minimum(amount, scaled, out=scaled)
    return np.where(amount < 0, scaled, amount)
