"""The debrief's reveal in words, shared by the window and the terminal: what each group really
needed against what the city believed, each decision with its stance and what it led to, and the
other paths on the same luck (:mod:`simcity_council.engine.debrief` computes them; nothing here
is a rule of the game)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .engine.debrief import DecisionEffect, GroupNeeds
from .engine.views import Scores
from .wording import money, points

NEEDS_HEADING = "What each group really needed, and what the city believed"
NEEDS_NOTE = (
    "Needs were drawn for this game around the scenario's values; only listening and "
    "consultation told the city which. Shares of what each group needs, 0 to 100."
)
DECISIONS_HEADING = "Your decisions, their stance, and what they led to"
DECISIONS_NOTE = (
    "Stance is the scenario's tag for an option: inclusive (brings the affected groups in), "
    "mixed, or narrow (decided by a few); it was hidden while you played. Trust effects are "
    "the decision's own (the turn you took it) plus what it led to later: its delayed effects "
    "and the events it made possible."
)
PATHS_HEADING = "The same luck, other paths"
PATHS_NOTE = (
    "The same seed (the same events and the same true needs) played from the first turn by "
    "an automatic player: 'inclusive' takes the option that hears the most people every time "
    "and listens; 'narrow' the cheapest option for those already heard, and never listens."
)


def _top(shares: Mapping[str, float], names: Mapping[str, str], count: int = 3) -> str:
    ranked = sorted(shares.items(), key=lambda kv: -kv[1])[:count]
    return ", ".join(f"{names.get(d, d)} {points(v)}" for d, v in ranked if points(v) > 0)


def worth_revealing(group: GroupNeeds, resident: bool) -> bool:
    """Every resident group; an organisation only when the city misread it (under 90 of 100)."""
    return resident or group.understood_at_start < 0.9


def needs_lines(group: GroupNeeds) -> list[str]:
    """Three sentences: the truth, the belief at the start, the belief at the end."""
    names = {n.domain: n.name for n in group.needs}
    truth = {n.domain: n.true for n in group.needs}
    start = {n.domain: n.believed_at_start for n in group.needs}
    end = {n.domain: n.believed_at_end for n in group.needs}
    understood = f"{points(group.understood_at_start)} at the start"
    if points(group.understood_at_end) != points(group.understood_at_start):
        understood += f", {points(group.understood_at_end)} at the end"
    else:
        understood += ", and no closer at the end: the city never listened to them"
    return [
        f"Really needed: {_top(truth, names)}.",
        f"The city believed at the start: {_top(start, names)}; at the end: {_top(end, names)}.",
        f"How well the city understood them (100 = exactly): {understood}.",
    ]


def decision_line(effect: DecisionEffect) -> str:
    """'Title: option (stance)'."""
    stance = effect.stance  # its words are in DECISIONS_NOTE, once
    sep = " " if effect.title.rstrip().endswith(("?", "!", ".", ":")) else ": "
    return f"{effect.title.rstrip()}{sep}{effect.label} ({stance})"


@dataclass(frozen=True)
class DecisionRow:
    """One decision taken: its line, and per group its trust effect in words."""

    line: str
    effects: tuple[str, ...]
    later: tuple[str, ...]  # what it led to, in words


def decision_rows(
    stories: Mapping[str, Sequence[DecisionEffect]],
    names: Mapping[str, str],
    taken: Sequence[str],
    limit: int = 3,
) -> list[DecisionRow]:
    """Every decision in ``taken`` (ids, in the order they were taken) with the groups whose
    trust it moved most (at most ``limit``), each as 'Group +3 (+7 at once, -4 later)'."""
    by_decision: dict[str, list[tuple[str, DecisionEffect]]] = {}
    for gid, effects in stories.items():
        for e in effects:
            by_decision.setdefault(e.decision, []).append((gid, e))
    rows = []
    for decision in taken:
        pairs = sorted(by_decision.get(decision, ()), key=lambda p: -abs(p[1].total))
        if not pairs:
            continue
        shown: list[str] = []
        later: list[str] = []
        for gid, e in pairs[:limit]:
            if round(100 * e.total) == 0:
                continue
            text = f"{names.get(gid, gid)} {_signed(e.total)}"
            if round(100 * e.later) != 0:
                at_once = round(100 * e.total) - round(100 * e.later)  # the two add up as shown
                text += f" ({_signed_points(at_once)} at once, {_signed(e.later)} later)"
                later += [c for c in e.later_causes if c not in later]
            shown.append(text)
        rows.append(DecisionRow(decision_line(pairs[0][1]), tuple(shown), tuple(later)))
    return rows


def _signed(amount: float) -> str:
    return _signed_points(round(100 * amount))


def _signed_points(shown: int) -> str:
    return f"+{shown}" if shown > 0 else str(shown)


#: The scores compared across paths: (attribute, label, is money).
PATH_SCORES = (
    ("trust_min", "Lowest resident group's trust", False),
    ("trust_mean", "Mean trust", False),
    ("wellbeing_min", "Lowest resident group's wellbeing", False),
    ("resilience", "Resilience", False),
    ("reserve", "Reserve", True),
)


def path_rows(
    yours: Scores, others: Mapping[str, Scores], currency: str
) -> tuple[list[str], list[list[str]]]:
    """A table: header (score, you, each other path) and one row per score, plus objectives met
    and how the game ended."""
    header = ["", "You", *(name.capitalize() for name in others)]
    rows = []
    paths = [yours, *others.values()]
    for attr, label, is_money in PATH_SCORES:
        cells = [
            money(getattr(p, attr), currency) if is_money else str(points(getattr(p, attr)))
            for p in paths
        ]
        rows.append([label, *cells])
    rows.append(["Objectives met", *(_objectives(p) for p in paths)])
    rows.append(["How it ended", *(_ENDED.get(p.end_reason or "", "") for p in paths)])
    return header, rows


# read in a row ("How it ended: you in receivership, narrow the full term") and in a table cell
_ENDED = {"turn_limit": "the full term", "receivership": "in receivership", "recall": "recalled"}


def _objectives(scores: Scores) -> str:
    counted = [o for o in scores.objectives if o.applies]
    return f"{sum(o.met for o in counted)} of {len(counted)}"


__all__ = [
    "DECISIONS_HEADING",
    "DECISIONS_NOTE",
    "NEEDS_HEADING",
    "NEEDS_NOTE",
    "PATHS_HEADING",
    "PATHS_NOTE",
    "PATH_SCORES",
    "DecisionRow",
    "decision_line",
    "decision_rows",
    "needs_lines",
    "path_rows",
    "worth_revealing",
]
