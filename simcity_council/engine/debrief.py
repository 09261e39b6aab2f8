"""What the debrief reveals that the player could not see during play (issue 12).

* :func:`needs_revealed`: each group's true needs in this game against what the city believed at
  the start and at the end;
* :func:`consequences`: which decision of this game each later cause is charged to: its delayed
  effects, and the events its choices made possible (an event whose condition names a flag the
  decision set, or the option it chose);
* :func:`decision_stories`: per group, each decision's trust effect including what it led to;
* :func:`other_paths`: the same seed, the same luck, played from the start by other automatic
  players ("what the other paths would have given you").

Front ends only show these; every rule lives here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .views import Scores

#: The paths the debrief compares the player's with.
OTHER_PATHS = ("inclusive", "narrow")


@dataclass(frozen=True)
class NeedShare:
    """One domain's weight in a group's needs: the truth of this game, the city's belief at the
    start (as written in the scenario) and at the end of the game (after listening)."""

    domain: str
    name: str
    true: float
    believed_at_start: float
    believed_at_end: float


@dataclass(frozen=True)
class GroupNeeds:
    """A group's true needs against what the city believed, at the start and the end: how much
    listening taught the city about them."""

    id: str
    name: str
    needs: tuple[NeedShare, ...]  # biggest true need first
    understood_at_start: float  # 1 - how far the belief was from the truth (0-1)
    understood_at_end: float

    @property
    def learned(self) -> float:
        """How much closer to the truth the city's belief came during the game."""
        return self.understood_at_end - self.understood_at_start


def needs_revealed(game) -> tuple[GroupNeeds, ...]:  # noqa: ANN001 - engine.Game
    """Every group's true needs in this game against the city's belief, start and end."""
    c = game.compiled
    s = game.state
    out = []
    for g, group in enumerate(c.model.groups):
        truth = np.asarray(c.needs[g, int(s.variant[0, g])], np.float64)
        start = np.asarray(c.belief0[g], np.float64)
        gap = float(s.gap[0, g])
        end = truth + gap * (start - truth)
        shares = [
            NeedShare(d.id, d.name, float(truth[i]), float(start[i]), float(end[i]))
            for i, d in enumerate(c.model.domains)
            if truth[i] > 0.0005 or start[i] > 0.0005
        ]
        shares.sort(key=lambda n: -n.true)
        out.append(
            GroupNeeds(
                group.id,
                group.name,
                tuple(shares),
                1.0 - 0.5 * float(np.abs(start - truth).sum()),
                1.0 - 0.5 * float(np.abs(end - truth).sum()),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class Root:
    """The decision a later cause is charged to, and how it led there."""

    decision: str
    option: str
    how: str  # plain words: "its later effect", "made possible by setting <flag>", ...


def consequences(game) -> dict[tuple[str, str], Root]:  # noqa: ANN001 - engine.Game
    """(cause kind, cause id) -> the decision of this game it is charged to, for the delayed
    effects of options chosen and the events that fired because of a choice (their condition
    names a flag the choice set, or the option chosen). An event's own delayed effects follow
    the event. Events that need no choice (luck) are not charged to anyone."""
    c = game.compiled
    m = c.model
    results = game.results
    chosen: dict[str, tuple[str, int]] = {}  # decision -> (option, turn)
    set_by: dict[str, tuple[str, str, int]] = {}  # flag -> (decision, option, turn), first
    flags_of = {(d.id, o.id): tuple(o.sets) for d in m.decisions for o in d.options}
    for r in results:
        for decision, option in r.choices.decisions.items():
            chosen[decision] = (option, r.turn)
            for flag in flags_of.get((decision, option), ()):
                set_by.setdefault(flag, (decision, option, r.turn))
    roots: dict[tuple[str, str], Root] = {}
    for decision, (option, _) in chosen.items():
        roots[("delayed", f"{decision}.{option}")] = Root(decision, option, "its later effect")
    fired_at = {e.id: r.turn for r in results for e in r.events}
    for e, event in enumerate(m.events):
        if event.id not in fired_at:
            continue
        cond = c.event_when[e]
        root = None
        for name in sorted(cond.names) if cond is not None else ():
            kind, _, rest = name.partition(".")
            if kind == "flag" and rest in set_by and set_by[rest][2] <= fired_at[event.id]:
                decision, option, _ = set_by[rest]
                flag_label = next((f.label for f in m.flags if f.id == rest), rest)
                root = Root(decision, option, f"made possible by it: {flag_label}")
            elif kind == "chose":
                decision, _, option = rest.partition(".")
                if chosen.get(decision, ("", 0))[0] == option:
                    root = Root(decision, option, "made possible by this choice")
            if root is not None:
                break
        if root is not None:
            roots[("event", event.id)] = root
            roots[("delayed", event.id)] = root
    return roots


@dataclass(frozen=True)
class DecisionEffect:
    """One decision's effect on one group's trust over the game: direct (the turn it was taken,
    and its budget when it ended) and later (what it led to, see :func:`consequences`)."""

    decision: str
    title: str
    option: str
    label: str
    stance: str  # the analysis tag, shown only in the debrief
    direct: float
    later: float
    later_causes: tuple[str, ...]  # labels of what it led to

    @property
    def total(self) -> float:
        """The whole effect on the group's trust: direct plus later."""
        return self.direct + self.later


def decision_stories(game) -> dict[str, tuple[DecisionEffect, ...]]:  # noqa: ANN001
    """Group id -> the decisions of this game with their trust effect on that group, direct and
    later, biggest total first. What was charged to no decision (luck, drift, actions) is
    left out: the trust causes of each turn still show it."""
    m = game.compiled.model
    roots = consequences(game)
    titles = {d.id: d for d in m.decisions}
    taken: dict[str, str] = {}
    for r in game.results:
        taken.update(r.choices.decisions)
    out: dict[str, tuple[DecisionEffect, ...]] = {}
    for i, group in enumerate(m.groups):
        direct: dict[str, float] = {}
        later: dict[str, float] = {}
        why: dict[str, list[str]] = {}
        for r in game.results:
            for cause in r.groups[i].trust.causes:
                if cause.kind == "option":  # id: "<decision>.<option>"
                    decision = cause.id.partition(".")[0]
                    direct[decision] = direct.get(decision, 0.0) + cause.amount
                    continue
                root = roots.get((cause.kind, cause.id))
                if root is None:
                    continue
                later[root.decision] = later.get(root.decision, 0.0) + cause.amount
                label = f"{cause.label.rstrip('.')} ({root.how})"
                if label not in why.setdefault(root.decision, []):
                    why[root.decision].append(label)
        effects = []
        for decision, option in taken.items():
            d = titles[decision]
            o = next(o for o in d.options if o.id == option)
            effects.append(
                DecisionEffect(
                    decision,
                    d.title,
                    option,
                    o.label,
                    o.stance,
                    direct.get(decision, 0.0),
                    later.get(decision, 0.0),
                    tuple(why.get(decision, ())),
                )
            )
        effects.sort(key=lambda e: -abs(e.total))
        out[group.id] = tuple(effects)
    return out


def other_paths(game, policies: Sequence[str] = OTHER_PATHS) -> dict[str, Scores]:  # noqa: ANN001
    """The scores each automatic player gets on this game's seed (the same luck), played from
    the first turn to the end."""
    from .game import Game

    out = {}
    for name in policies:
        other = Game.start(game.scenario, seed=game.seed)
        while not other.done:
            other.submit(other.suggest(name))
        out[name] = other.scores()
    return out


__all__ = [
    "OTHER_PATHS",
    "DecisionEffect",
    "GroupNeeds",
    "NeedShare",
    "Root",
    "consequences",
    "decision_stories",
    "needs_revealed",
    "other_paths",
]
