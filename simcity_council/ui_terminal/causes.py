"""Adding up the recorded causes of trust changes, for turn summaries and the debrief.

The engine splits every change into :class:`~simcity_council.engine.views.Cause` parts that add up
to the change. Here we only sum and rank those parts; no rule of the game is computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..engine.views import Cause, TurnResult


@dataclass(frozen=True)
class GroupTrustStory:
    """How one group's trust moved over a whole game, and the causes that moved it most."""

    id: str
    name: str
    index: int  # position in the scenario's group order
    before: float
    after: float
    causes: tuple[Cause, ...]  # summed over turns, largest effect first
    totals: tuple[tuple[str, float], ...] = ()  # (kind, amount): every cause, summed by kind

    @property
    def delta(self) -> float:
        return self.after - self.before


def biggest(causes: Iterable[Cause], count: int = 3) -> tuple[Cause, ...]:
    """The ``count`` causes with the largest effect (either sign); ties keep their first order.
    Causes that round to nothing on the 0-100 scale (under 0.05 points) are left out."""
    ranked = sorted(
        (c for c in causes if abs(c.amount) >= 0.0005),
        key=lambda c: -abs(c.amount),
    )
    return tuple(ranked[:count])


def sum_causes(causes: Iterable[Cause]) -> tuple[Cause, ...]:
    """Causes with the same kind and id added together, in order of first appearance."""
    totals: dict[tuple[str, str], Cause] = {}
    for cause in causes:
        key = (cause.kind, cause.id)
        if key in totals:
            seen = totals[key]
            totals[key] = Cause(seen.kind, seen.id, seen.label, seen.amount + cause.amount)
        else:
            totals[key] = cause
    return tuple(totals.values())


#: The order totals are told in; drift, revenue and the running budget are ``other``.
_KIND_ORDER = ("option", "action", "event", "delayed", "promise", "other")
_DRIFT_TOTALS: dict[str, str] = {}


def totals_by_kind(causes: Iterable[Cause]) -> tuple[tuple[str, float], ...]:
    """Causes added up by kind (``option``, ``action``, ``event``, ``delayed``, ``promise``;
    drift and revenue as ``voice``, ``bars`` and ``other``), in that order, leaving out kinds
    that never appear."""
    totals: dict[str, float] = {}
    for cause in causes:
        if cause.kind in ("drift", "revenue", "budget"):
            kind = _DRIFT_TOTALS.get(cause.id, "other")
        else:
            kind = cause.kind
        totals[kind] = totals.get(kind, 0.0) + cause.amount
    return tuple((kind, totals[kind]) for kind in _KIND_ORDER if kind in totals)


def trust_stories(results: Sequence[TurnResult], count: int = 3) -> tuple[GroupTrustStory, ...]:
    """Per group: trust at the start and the end of ``results`` and its ``count`` biggest causes
    summed over all turns. Groups keep the scenario's order."""
    if not results:
        return ()
    stories = []
    for i, first in enumerate(results[0].groups):
        changes = [result.groups[i].trust for result in results]
        summed = sum_causes(cause for change in changes for cause in change.causes)
        stories.append(
            GroupTrustStory(
                id=first.id,
                name=first.name,
                index=i,
                before=changes[0].before,
                after=changes[-1].after,
                causes=biggest(summed, count),
                totals=totals_by_kind(summed),
            )
        )
    return tuple(stories)
