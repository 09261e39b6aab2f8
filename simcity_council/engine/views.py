"""What the engine shows the outside world: read-only views and named results.

This module is the contract between the engine and everything that uses it (the terminal and pygame
front ends, session logs, exports). Front ends draw these and submit :class:`Choices`; they never
touch the state arrays and never compute a rule of the game.

Everything here is a frozen dataclass of plain Python values (str, int, float, tuples, dicts), so a
view can be printed, compared in tests, or turned into JSON with :func:`dataclasses.asdict`.
People quantities are in [0, 1] (shown as 0-100); money is in the scenario's currency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Stance = Literal["inclusive", "narrow", "mixed"]
CauseKind = Literal["option", "action", "event", "delayed", "promise", "revenue", "budget", "drift"]
GroupKind = Literal["residents", "organisation"]
EndReason = Literal["turn_limit", "receivership", "recall"]


@dataclass(frozen=True)
class Choices:
    """A player's choices for one turn: ``{decision_id: option_id}`` and action ids in order.

    Both front ends, policies, scripts and session logs build this same data.
    """

    decisions: dict[str, str] = field(default_factory=dict)
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cause:
    """One source of a change, e.g. ``Cause('option', 'budget_process.pb', 'Participatory
    budgeting', 0.031)``. The causes of a :class:`Change` add up to ``after - before``."""

    kind: CauseKind
    id: str  # option: "<decision>.<option>"; action/event: its id; delayed/promise: source id
    label: str  # plain words for players
    amount: float


@dataclass(frozen=True)
class Change:
    """A quantity before and after a turn, with the causes that add up to the difference."""

    before: float
    after: float
    causes: tuple[Cause, ...] = ()

    @property
    def delta(self) -> float:
        """``after - before``: what the causes add up to."""
        return self.after - self.before


@dataclass(frozen=True)
class GroupView:
    """One group as the player sees it: who they are, their trust, wellbeing and engagement, and
    the city's belief about their needs (never the hidden truth)."""

    id: str
    name: str
    description: str
    share: float
    voice: float  # accustomed voice: how heard they are without outreach
    vulnerability: float
    trust: float
    wellbeing: float
    engagement: float
    trust_change: float  # since the previous turn (0 on the first turn)
    wellbeing_change: float
    engagement_change: float
    belief: dict[str, float]  # domain id -> what the city believes they need (sums to 1)
    uncertainty: float  # how unsure the city is (1 = no idea)
    kind: GroupKind = "residents"
    service: float = 0.0  # their services now against the start (0 = as at the start)
    scarred_until: int = 0  # last turn trust cannot recover above `ceiling` (0 = not scarred)
    ceiling: float = 1.0  # 1 when not scarred
    overlaps: tuple[str, ...] = ()  # ids of the resident groups its members also belong to


@dataclass(frozen=True)
class CityView:
    """The city's money, resilience, staff, indicators and flags at the start of a turn."""

    currency: str
    reserve: float
    reserve_floor: float
    revenue: float  # expected next revenue
    resilience: float
    capacity: int  # staff action points per turn
    indicators: dict[str, float]
    indicator_names: dict[str, str]
    flags: dict[str, bool]
    flag_labels: dict[str, str]
    spending: float  # what running every service costs per turn now
    budget: dict[str, float] = field(default_factory=dict)  # domain -> allocation per turn now
    baseline: dict[str, float] = field(default_factory=dict)  # domain -> at the start


@dataclass(frozen=True)
class Forecast:
    """The city's forecast of what an option does to one group's services (by what the city
    believes the group needs, so an unheard group is mis-forecast), with the range its
    uncertainty allows. In service units: 1 = the whole of a service the group fully needs."""

    group: str
    expected: float
    low: float
    high: float


@dataclass(frozen=True)
class OptionView:
    """One answer to an agenda item. ``stance`` is for the debrief and analysis only: front
    ends never show it during play."""

    id: str
    label: str
    description: str
    stance: Stance
    cost: float  # one-time total: overhead + spending
    per_turn: float  # change of what running the city costs per turn (negative: it saves)
    capacity: int
    spend: dict[str, float]  # one-time, per domain
    consult: dict[str, float]
    transparency: float
    promise: str  # label of the promise it makes, "" if none
    available: bool
    reason: str  # why not available, in plain words ("" when available)
    for_turns: int = 0  # how long the budget change lasts (0 = for good)
    budget: dict[str, float] = field(default_factory=dict)  # per-turn change, per domain
    forecast: tuple[Forecast, ...] = ()  # per group whose services it changes


@dataclass(frozen=True)
class DecisionView:
    """An agenda item: the question, its options and the groups with a stake in it."""

    id: str
    title: str
    prompt: str
    options: tuple[OptionView, ...]
    stakes: tuple[str, ...] = ()  # ids of the groups it concerns


@dataclass(frozen=True)
class ActionView:
    """A staff action (listening, engagement, openness) the player may take this turn, with its
    cost and whether it is available (and why not)."""

    id: str
    name: str
    description: str
    cost: float
    capacity: int
    targets: tuple[str, ...]
    listening: float
    engagement: float
    transparency: float
    available: bool
    reason: str


@dataclass(frozen=True)
class DomainView:
    """A service domain the city budgets for (what group needs are spread over)."""

    id: str
    name: str
    description: str


@dataclass(frozen=True)
class TurnView:
    """Everything a player may know at the start of a turn (never the hidden true needs)."""

    turn: int  # 1-based
    turns_total: int
    label: str
    city: CityView
    groups: tuple[GroupView, ...]
    domains: tuple[DomainView, ...]
    agenda: tuple[DecisionView, ...]
    actions: tuple[ActionView, ...]
    promises_open: tuple[str, ...]  # labels of promises not yet due
    #: for each open promise: the turn it falls due, and whether it would count as kept now
    promises_due: tuple[tuple[int, bool], ...] = ()


@dataclass(frozen=True)
class EventView:
    """An event that fired this turn, as the player reads it."""

    id: str
    title: str
    text: str


@dataclass(frozen=True)
class GroupChange:
    """How one group's trust, wellbeing, engagement and the city's uncertainty about them
    changed in a turn, each with its causes."""

    id: str
    name: str
    trust: Change
    wellbeing: Change
    engagement: Change
    uncertainty: Change


@dataclass(frozen=True)
class TurnResult:
    """What happened in one turn, and why."""

    turn: int
    label: str
    choices: Choices
    events: tuple[EventView, ...]
    groups: tuple[GroupChange, ...]
    reserve: Change  # causes: costs (negative), revenue, money effects
    resilience: Change
    revenue: Change
    indicators: dict[str, Change]
    promises_kept: tuple[str, ...]
    promises_broken: tuple[str, ...]
    #: promises released this turn: their ``void_when`` came to hold (no longer owed)
    promises_released: tuple[str, ...]
    terminated: bool  # the game's own ending (receivership, recall)
    truncated: bool  # the turn limit
    end_reason: EndReason | None
    digest: str  # stable hash of the state after the turn

    @property
    def done(self) -> bool:
        """Whether the game ended with this turn (terminated or truncated)."""
        return self.terminated or self.truncated

    def __str__(self) -> str:
        """A readable summary (``print(result)`` at a Python prompt); ``repr`` has it all."""
        chose = "; ".join(f"{d} = {o}" for d, o in self.choices.decisions.items()) or "nothing"
        lines = [f"Turn {self.turn}: {self.label}", f"  chose: {chose}"]
        if self.choices.actions:
            lines.append(f"  actions: {', '.join(self.choices.actions)}")
        lines += [f"  event: {e.title}" for e in self.events]
        lines.append("  trust (0-100), before -> after, and the biggest cause:")
        width = max((len(g.name) for g in self.groups), default=0)
        for g in self.groups:
            t = g.trust
            top = max(t.causes, key=lambda c: abs(c.amount), default=None)
            why = f"  {top.label} {100 * top.amount:+.1f}" if top else ""
            lines.append(
                f"    {g.name:<{width}} {100 * t.before:5.1f} -> {100 * t.after:5.1f}"
                f" ({100 * t.delta:+.1f}){why}"
            )
        lines.append(
            f"  reserve {self.reserve.before:,.0f} -> {self.reserve.after:,.0f}; resilience "
            f"{100 * self.resilience.before:.1f} -> {100 * self.resilience.after:.1f}"
        )
        lines += [f"  promise kept: {p}" for p in self.promises_kept]
        lines += [f"  promise broken: {p}" for p in self.promises_broken]
        lines += [f"  promise released: {p}" for p in self.promises_released]
        if self.done:
            lines.append(f"  the game is over: {self.end_reason}")
        return "\n".join(lines)


@dataclass(frozen=True)
class ObjectiveResult:
    """One learning objective at the end: met or not, its weight, and whether it applied."""

    id: str
    label: str
    met: bool
    weight: float
    applies: bool = True  # False: it did not apply in this game (its `applies` did not hold)


@dataclass(frozen=True)
class Scores:
    """Scores of a game (final once the game is done). There is no single 'win'."""

    trust_mean: float  # resident groups, population-weighted
    trust_min: float  # the lowest resident group
    trust_gap: float  # highest minus lowest resident group trust
    resilience: float
    reserve: float
    engagement: float  # population-weighted
    objectives: tuple[ObjectiveResult, ...]
    debrief: tuple[str, ...]  # scenario debrief texts whose condition holds
    end_reason: EndReason | None
    wellbeing_mean: float = 0.0  # resident groups, population-weighted
    wellbeing_min: float = 0.0  # the lowest resident group
    reflection: tuple[str, ...] = ()  # reflection questions whose condition holds

    def __str__(self) -> str:
        """A readable summary (``print(game.scores())``); ``repr`` has it all."""
        lines = [
            f"trust: mean {100 * self.trust_mean:.1f}, lowest group {100 * self.trust_min:.1f},"
            f" gap {100 * self.trust_gap:.1f}; wellbeing: mean {100 * self.wellbeing_mean:.1f},"
            f" lowest {100 * self.wellbeing_min:.1f}; resilience {100 * self.resilience:.1f};"
            f" engagement {100 * self.engagement:.1f}; reserve {self.reserve:,.0f}"
        ]
        lines += [
            f"  [{'x' if o.met else ' '}] {o.label}" if o.applies else f"  [-] {o.label} (n/a)"
            for o in self.objectives
        ]
        if self.end_reason:
            lines.append(f"  ended: {self.end_reason}")
        return "\n".join(lines)
