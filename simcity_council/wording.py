"""Words both front ends use for the same facts, so the window and the terminal say the same.

Everything a student reads about a number, a cause, an option, a condition or the end of the game
is worded here once: the window sets these sentences in its own type (bold, italics, cards), the
terminal in rich or plain text, and ``tests/test_wording.py`` checks that both print the same
sentences for the same turn result. Nothing here computes a rule of the game: it words what the
engine's views and results say.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine.views import (
        Cause,
        Change,
        CityView,
        GroupChange,
        GroupView,
        OptionView,
        TurnResult,
    )

# ---- numbers ------------------------------------------------------------------------------------

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$"}


def points(value: float) -> int:
    """A level in [0, 1] (trust, wellbeing, resilience...) as the whole number players see
    (0-100), rounded down: a trust of 29.96 shows 29, so a number on screen never contradicts a
    check against a whole-point threshold ("trust at least 30": not met). The tiny allowance
    keeps 0.29, stored as 28.999999..., at 29."""
    return math.floor(value * 100 + 1e-6)


def gap_points(value: float) -> int:
    """A gap between groups (less is better) as players see it, rounded up: never less than the
    difference of the two rounded-down levels it separates (trust 47 and 35 show a gap of 12,
    not 11), and "a gap of at most 15" is never "not met" beside a 15."""
    return math.ceil(value * 100 - 1e-6)


def delta_points(amount: float) -> int:
    """A change or an amount on the 0-100 scale, rounded to the nearest whole point (a cause of
    -0.4 points shows 0, not -1)."""
    return int(round(amount * 100))


def shown_change(before: float, after: float) -> int:
    """The change between two 0-100 numbers as they are shown: "53 to 52" is -1, even when the
    unrounded change was under half a point."""
    return points(after) - points(before)


def signed(amount: int, zero: str = "no change") -> str:
    """A whole-point change with its sign: ``+3``, ``-2``; ``zero`` for none."""
    if amount == 0:
        return zero
    return f"+{amount}" if amount > 0 else f"-{-amount}"


def change(before: float, after: float) -> str:
    """``+3``, ``-2`` or ``no change`` between two 0-100 numbers as shown."""
    return signed(shown_change(before, after))


def money(amount: float, currency: str) -> str:
    """An amount of money: ``$1,250,000``, ``-$40,000``, ``1,250,000 CHF`` (ASCII minus: every
    terminal and screen reader says it)."""
    whole = round(amount)
    sign = "-" if whole < 0 else ""
    digits = f"{abs(whole):,}"
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{digits} {currency}"


def signed_money(amount: float, currency: str) -> str:
    """A change of money with its sign: ``+$400,000``, ``-$50,000``, ``$0``."""
    return ("+" if round(amount) > 0 else "") + money(amount, currency)


def percent(share: float) -> str:
    """A share in [0, 1] as a percentage: ``35%``."""
    return f"{share * 100:.0f}%"


def share_words(group: GroupView, names: Mapping[str, str] | None = None) -> str:
    """A group's share of the residents; with the groups' ``names``, also the groups it
    overlaps (so shares that add up to more than 100% say why). An organisation says it is not
    in the resident scores."""
    if group.kind == "organisation":
        return "an organisation, not in the resident scores"
    if not group.share:
        return "not counted in the population shares"
    text = f"{percent(group.share)} of residents"
    if group.overlaps and names:
        among = join_names([names.get(g, g) for g in group.overlaps])
        text += f", also counted among {among}"
    return text


def promises_words(view: Any) -> str:
    """The open promises of a turn's view, each with when it falls due and whether it would
    count as kept now: ``Report progress every year (due in 2 turns; kept so far)``."""
    parts = []
    for i, label in enumerate(view.promises_open):
        if i >= len(view.promises_due):
            parts.append(label)
            continue
        due, kept = view.promises_due[i]
        left = due - view.turn
        when = "due this turn" if left <= 0 else f"due in {plural(left, 'turn')}"
        parts.append(f"{label} ({when}; {'kept so far' if kept else 'not kept yet'})")
    return "; ".join(parts)


def staff_points(count: int) -> str:
    """``1 staff point``, ``3 staff points``."""
    return f"{count} staff point" + ("" if count == 1 else "s")


def decision_choice(title: str, label: str) -> str:
    """A decision and the option taken: ``Budget: Participatory budgeting``; a title that is a
    question takes no colon (``How do we set the budget? Participatory budgeting``)."""
    title = title.strip()
    return f"{title} {label}" if title.endswith(("?", "!", ".", ":")) else f"{title}: {label}"


def plural(count: int, word: str) -> str:
    """``1 decision``, ``2 decisions``."""
    return f"{count} {word}" + ("" if count == 1 else "s")


def join_names(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``; ``nobody`` for none."""
    if not names:
        return "nobody"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


# ---- what the city knows ------------------------------------------------------------------------


def sureness(uncertainty: float) -> str:
    """How sure the city is about a group's needs, as words that follow "the city"
    (uncertainty 1 = no idea): ``has no idea``, ``is unsure``, ``is fairly sure``, ``is sure``."""
    if uncertainty >= 0.8:
        return "has no idea"
    if uncertainty >= 0.55:
        return "is unsure"
    if uncertainty >= 0.3:
        return "is fairly sure"
    return "is sure"


def learned_words(uncertainty: Change) -> str:
    """What a turn taught the city about a group's needs, or ``""`` when it learned nothing that
    shows ("uncertainty 2 to 2" said nothing)."""
    before, after = sureness(uncertainty.before), sureness(uncertainty.after)
    if before != after:
        was = before.replace("is ", "was ", 1).replace("has ", "had ", 1)
        return f"Now the city {after} what they want (it {was})."
    if uncertainty.after < uncertainty.before - 0.02:
        still = f"is still {after[3:]}" if after.startswith("is ") else f"still {after}"
        return f"The city understands what they want a little better (it {still})."
    return ""


def top_beliefs(belief: Mapping[str, float], names: Mapping[str, str], count: int = 3) -> str:
    """The domains the city believes a group cares about most: ``Housing 45%, Parks 30%``; an
    even belief (the city's guess when it knows nothing) says so."""
    if belief and max(belief.values()) - min(belief.values()) < 0.005:
        return f"no area more than another (an even guess, {percent(max(belief.values()))} each)"
    ranked = sorted(belief.items(), key=lambda item: -round(item[1], 6))[:count]
    return ", ".join(f"{names.get(k, k)} {percent(v)}" for k, v in ranked if v > 0)


def news_heading(labels: Sequence[str], turn: int) -> str:
    """The heading for events rolled at the end of ``turn`` (1-based). They arrive after the
    turn's choices and set up the next turn, so they are dated between the two turns' labels
    (the labels may be months or years apart: Portland's Nov 2015 to Apr 2020)."""
    if 1 <= turn < len(labels):
        return f"News between {labels[turn - 1]} and {labels[turn]}"
    return "News at the end of the term"


def headline(title: str) -> str:
    """An event title as the start of a sentence: a full stop unless it ends in one already."""
    title = title.strip()
    return title if title.endswith((".", "?", "!", ":")) else f"{title}."


def event_sentence(title: str, text: str) -> str:
    """An event as the student reads it: ``Murders rise. Twenty-four people were killed...``."""
    return f"{headline(title)} {text.strip()}"


# ---- causes -------------------------------------------------------------------------------------

#: What kind of thing a cause was, as the player is told it.
_CAUSE_KIND_WORDS = {
    "option": "your decision",
    "action": "your action",
    "event": "event",
    "delayed": "delayed effect",
}
#: Drift labels that read wrongly with a minus sign.
_DRIFT_WHEN_NEGATIVE: dict[str, str] = {}


def cause_parts(cause: Cause) -> tuple[str, str]:
    """A cause as (what kind of thing it was, its label), for a front end to set in its own
    type: ``("your decision", "Participatory budgeting")``, ``("broken promise", ...)``; drift
    and revenue have no kind (``""``): their label says it all ("The openness they expect...")."""
    label = (cause.label or cause.id).strip().rstrip(".")
    if cause.kind == "promise":
        return ("broken promise" if cause.amount < 0 else "kept promise"), label
    if cause.kind in _CAUSE_KIND_WORDS:
        return _CAUSE_KIND_WORDS[cause.kind], label
    if cause.amount < 0 and cause.id in _DRIFT_WHEN_NEGATIVE:
        return "", _DRIFT_WHEN_NEGATIVE[cause.id]
    return "", label


def cause_words(cause: Cause) -> str:
    """A cause in plain words: ``your decision: Participatory budgeting``."""
    kind, label = cause_parts(cause)
    return f"{kind}: {label}" if kind else label


@dataclass(frozen=True)
class WhyLine:
    """One line of why a 0-100 number changed: whole points, the kind of cause and its label.
    The lines of a change add up to the change shown; ``kind`` is ``""`` for a drift and for the
    line that gathers the rest ("smaller causes and rounding")."""

    points: int
    kind: str
    label: str

    @property
    def text(self) -> str:
        """``+2 your decision: Hearings``."""
        what = f"{self.kind}: {self.label}" if self.kind else self.label
        return f"{signed(self.points)} {what}"


REST_OF_CHANGE = "smaller causes and rounding"
ONLY_SMALL_CAUSES = "several small causes together"


#: the most causes a 0-100 number's why lists when the rest would still be more than a point
WHY_MOST = 6


def why(change: Change, limit: int = 3) -> tuple[WhyLine, ...]:
    """Why a 0-100 number changed: its biggest causes in whole points, largest first, then what
    is left of the change shown. ``limit`` causes, or more (up to :data:`WHY_MOST`) while what
    is left is more than a point: "+4 smaller causes and rounding" under three named causes
    read as a cause of its own. The one rule both front ends use, so they list the same causes;
    empty when the number shows no change and no cause rounds to a point."""
    ranked = sorted(
        (c for c in change.causes if abs(c.amount) > 1e-9), key=lambda c: -abs(c.amount)
    )
    candidates = [c for c in ranked if delta_points(abs(c.amount))]
    total = shown_change(change.before, change.after)
    lines = [WhyLine(delta_points(c.amount), *cause_parts(c)) for c in candidates[:limit]]
    rest = total - sum(line.points for line in lines)
    for c in candidates[limit:WHY_MOST]:
        if abs(rest) <= 1:
            break
        lines.append(WhyLine(delta_points(c.amount), *cause_parts(c)))
        rest = total - sum(line.points for line in lines)
    if rest:
        lines.append(WhyLine(rest, "", REST_OF_CHANGE if lines else ONLY_SMALL_CAUSES))
    return tuple(lines)


def _without_undone(causes: Sequence[Cause]) -> list[Cause]:
    """The causes less each lasting change that a later effect of the same source has undone
    to the cent (Minneapolis's COVID freezes, -$19.3M a turn, and "The 2020 freezes end",
    +$19.3M: both would be listed every turn to the end of the game, adding up to nothing)."""
    undone: set[int] = set()
    for i, later in enumerate(causes):
        if later.kind != "delayed":
            continue
        for j, first in enumerate(causes):
            if (
                j not in undone
                and first.kind in ("event", "option", "action")
                and first.id == later.id
                and round(first.amount + later.amount, 2) == 0
            ):
                undone |= {i, j}
                break
    return [c for k, c in enumerate(causes) if k not in undone]


def _merged(causes: Sequence[Cause]) -> list[Cause]:
    """Causes that read alike (the same kind and words) as one line, their amounts added: the
    eight delayed rows of "The rest of the 5.6% cut", one per bureau, read as three lines of the
    same words otherwise."""
    out: dict[tuple[str, str], Cause] = {}
    for c in causes:
        key = (c.kind, c.label)
        first = out.get(key)
        out[key] = c if first is None else replace(first, amount=first.amount + c.amount)
    return list(out.values())


def money_why(change: Change, currency: str, limit: int = 8) -> tuple[str, ...]:
    """Why an amount of money changed, biggest first: ``-$40,000 your decision: Hearings``; past
    ``limit`` lines, the rest in one line that says how many items it holds (each smaller than
    every line above it, though together they may not be), so the lines always add up to the
    change."""
    causes = _merged(_without_undone(change.causes))
    ranked = sorted((c for c in causes if round(c.amount)), key=lambda c: -abs(c.amount))
    if len(ranked) == limit + 1:  # one item more: named, not "1 smaller item together"
        limit += 1
    lines = [f"{signed_money(c.amount, currency)} {cause_words(c)}" for c in ranked[:limit]]
    rest: float = change.delta - sum((c.amount for c in ranked[:limit]), 0.0)
    if lines and abs(rest) >= 0.5:
        hidden = len(ranked) - len(lines)
        what = (
            f"{hidden} smaller item{'s' if hidden > 1 else ''} together"
            if hidden
            else "rounding and items under a unit"
        )
        lines.append(f"{signed_money(rest, currency)} {what}")
    return tuple(lines)


#: How to read the debrief's causes (both front ends): which causes are choices, and how a
#: decision is credited (engine: what a turn is expected to give is charged to its decisions).
CAUSES_NOTE = (
    "Every change of trust has a cause: a decision (how the group was heard on it, what it did "
    "to the services the group relies on, and whether the group was asked and then ignored), "
    "an event, a promise, and how the group is doing against when you started (its wellbeing, "
    "which follows the services that reach what it really needs, and shocks). Losses weigh "
    "twice gains."
)


# ---- a turn's result ----------------------------------------------------------------------------

_QUANTITIES = (("trust", "Trust"), ("wellbeing", "Wellbeing"), ("engagement", "Engagement"))


def level_sentence(name: str, change: Change) -> str:
    """``Trust 52 to 54 (+2).``, or ``Trust 52, no change.``"""
    if not shown_change(change.before, change.after):
        return f"{name} {points(change.after)}, no change."
    return f"{name} {points(change.before)} to {points(change.after)} ({change_text(change)})."


def indicator_stories(
    result: TurnResult, names: Mapping[str, str] | None = None
) -> list[tuple[str, tuple[WhyLine, ...]]]:
    """Each indicator that moved in a turn: ``Share of approved PB projects delivered 0 to 40
    (+40).`` and why (``+40 your decision: Approve all 12 projects as voted``)."""
    names = names or {}
    return [
        (level_sentence(names.get(key, key), change), why(change))
        for key, change in result.indicators.items()
        if shown_change(change.before, change.after)
    ]


def change_text(change: Change) -> str:
    return signed(shown_change(change.before, change.after))


@dataclass(frozen=True)
class GroupStory:
    """What happened to one group in a turn: a sentence per number and why it moved."""

    name: str
    lines: tuple[tuple[str, tuple[WhyLine, ...]], ...]  # (sentence, why) for trust, wellbeing...
    learned: str

    def sentences(self) -> list[str]:
        out = []
        for sentence, reasons in self.lines:
            out.append(sentence)
            out += [r.text for r in reasons]
        if self.learned:
            out.append(self.learned)
        return out


def group_story(group: GroupChange) -> GroupStory:
    """Trust, wellbeing and engagement of a group over a turn, each with why it moved."""
    lines = tuple(
        (level_sentence(label, getattr(group, attr)), why(getattr(group, attr)))
        for attr, label in _QUANTITIES
    )
    return GroupStory(group.name, lines, learned_words(group.uncertainty))


def summary_line(group: GroupChange) -> str:
    """One line per group for a turn's summary: ``trust 54 (+2), wellbeing 40, engagement 31
    (+1)``; a number that shows no change has no bracket (the heading says changes are in
    brackets)."""
    parts = []
    for attr, label in _QUANTITIES:
        value = getattr(group, attr)
        delta = shown_change(value.before, value.after)
        parts.append(
            f"{label.lower()} {points(value.after)}" + (f" ({signed(delta)})" if delta else "")
        )
    return ", ".join(parts)


def biggest_changes(result: TurnResult, count: int = 3) -> str:
    """The turn's result in one sentence, first: the ``count`` biggest moves of a group's trust
    or wellbeing (``Biggest changes: Unions and retirees, wellbeing -10; ...``), or that none
    moved by a whole point."""
    moves = [
        (shown_change(q.before, q.after), g.name, label.lower())
        for g in result.groups
        for attr, label in _QUANTITIES[:2]
        if (q := getattr(g, attr)) is not None
    ]
    moves = sorted((m for m in moves if m[0]), key=lambda m: -abs(m[0]))[:count]
    if not moves:
        return "No group's trust or wellbeing moved by a whole point."
    return "Biggest changes: " + "; ".join(f"{n}, {q} {signed(d)}" for d, n, q in moves) + "."


def reserve_sentence(result: TurnResult, currency: str) -> str:
    r = result.reserve
    return (
        f"Reserve {money(r.before, currency)} to {money(r.after, currency)} "
        f"({signed_money(r.delta, currency)})."
    )


def revenue_sentence(result: TurnResult, currency: str) -> str:
    """Next turn's revenue and how the turn changed it: ``Revenue next turn $520,853,328 to
    $466,525,519 (-$54,327,809).`` (its causes: :func:`money_why` of ``result.revenue``)."""
    r = result.revenue
    if not round(r.delta):
        return f"Revenue next turn {money(r.after, currency)}, no change."
    return (
        f"Revenue next turn {money(r.before, currency)} to {money(r.after, currency)} "
        f"({signed_money(r.delta, currency)})."
    )


def resilience_sentence(result: TurnResult) -> str:
    return level_sentence("Resilience", result.resilience)


def promise_sentence_groups(result: TurnResult) -> tuple[list[str], list[str], list[str]]:
    """The turn's promises in words: (kept, broken, released)."""
    kept = [f"Promise kept: {p}." for p in result.promises_kept]
    broken = [
        f"Promise broken: {p}. The groups who were promised lose trust."
        for p in result.promises_broken
    ]
    released = [
        f"Promise no longer applies: {p}. It is neither kept nor broken."
        for p in result.promises_released
    ]
    return kept, broken, released


def promise_sentences(result: TurnResult) -> list[str]:
    kept, broken, released = promise_sentence_groups(result)
    return kept + broken + released


_END_WORDS = {
    "turn_limit": "You served the full term.",
    "receivership": (
        "The reserve fell below the floor: the state has taken over the city's finances "
        "(receivership)."
    ),
    "recall": "Trust collapsed: residents recalled the council.",
}


def end_words(reason: str | None) -> str:
    """Why the game ended, as a sentence."""
    if reason is None:
        return "The game is not over yet."
    return _END_WORDS.get(reason, "The game is over.")


def result_sentences(
    result: TurnResult,
    currency: str,
    labels: Sequence[str] = (),
    indicator_names: Mapping[str, str] | None = None,
) -> list[str]:
    """Every sentence a turn's result says, in the order both front ends show them (the window
    on its result screen; the terminal in its summary and its details)."""
    out = [f"What happened in {result.label}"]
    if result.events:
        out.append(news_heading(labels, result.turn))
        out += [event_sentence(e.title, e.text) for e in result.events]
    else:
        out.append("No news this turn.")
    out += promise_sentences(result)
    if result.done:
        out.append(end_words(result.end_reason))
    for group in result.groups:
        out.append(group.name)
        out += group_story(group).sentences()
    out.append(reserve_sentence(result, currency))
    out += money_why(result.reserve, currency)
    out.append(revenue_sentence(result, currency))
    out += money_why(result.revenue, currency)
    out.append(resilience_sentence(result))
    out += [r.text for r in why(result.resilience)]
    for sentence, reasons in indicator_stories(result, indicator_names):
        out += [sentence, *(r.text for r in reasons)]
    return out


# ---- options and actions ------------------------------------------------------------------------


def consult_words(level: float) -> str:
    """How fully an option hears a group, in words (never the raw 0-1 number)."""
    if level >= 0.67:
        return "fully"
    if level >= 0.34:
        return "in part"
    return "a little"


def consulted(consult: Mapping[str, float], names: Mapping[str, str]) -> str:
    """Who an option hears, grouped by how fully: ``Consults fully: Renters; in part: Owners,
    Staff.`` or ``Consults no one outside city hall.``"""
    by_level: dict[str, list[str]] = {}
    for group, level in consult.items():
        if level > 0:
            by_level.setdefault(consult_words(level), []).append(names.get(group, group))
    if not by_level:
        return "Consults no one outside city hall."
    parts = [
        f"{how}: {join_names(by_level[how])}"
        for how in ("fully", "in part", "a little")
        if how in by_level
    ]
    return "Consults " + "; ".join(parts) + "."


def openness_words(transparency: float) -> str:
    """How openly a decision is explained, in words; ``""`` when it is not."""
    if transparency <= 0:
        return ""
    how = "fully" if transparency >= 0.67 else "in part" if transparency >= 0.34 else "a little"
    return f"Explained in public: {how}."


def per_turn_words(option: OptionView, currency: str) -> str:
    """``$2,400,000 more every turn for 2 turns, this one included`` for an option that changes
    what running the city costs (from the turn it is chosen: the engine pays it that turn);
    ``""`` for one that does not."""
    if not option.per_turn:
        return ""
    amount = money(abs(option.per_turn), currency)
    text = f"{amount} more every turn" if option.per_turn > 0 else f"saves {amount} every turn"
    if option.for_turns:
        return text + f" for {option.for_turns} turns, this one included"
    return text + ", from this one on"


def price_words(option: OptionView, currency: str) -> str:
    """What an option costs, after "Costs" or in brackets: ``$40,000 once and $5,000 more every
    turn, from this one on``, ``saves $22,000,000 every turn for 3 turns, this one included``,
    ``$40,000 once``, ``nothing``."""
    per_turn = per_turn_words(option, currency)
    if not option.cost:
        return per_turn or "nothing"
    once = f"{money(option.cost, currency)} once"
    if not per_turn:
        return once
    return f"{once} and {per_turn}" if option.per_turn > 0 else f"{once}; {per_turn}"


def cost_sentence(option: OptionView, currency: str) -> str:
    """``Costs $40,000 once and $5,000 more every turn, from this one on; uses 2 staff
    points.``, ``Saves $22,000,000 every turn for 3 turns, this one included.``"""
    price = price_words(option, currency)
    text = price[0].upper() + price[1:] if price.startswith("saves") else f"Costs {price}"
    if option.capacity:
        text += f"; uses {staff_points(option.capacity)}"
    return text + "."


def this_turn_money(option: OptionView) -> float:
    """What an option takes from the reserve in the turn it is chosen: its one-time cost and
    its first turn of any budget change (negative when it saves more than it costs)."""
    return option.cost + option.per_turn


#: what a reserve below its floor at the end of a turn means (both front ends)
TAKEOVER = "the state takes over and the game ends"


def reserve_after_sentence(city: CityView, after: float) -> str:
    """Where a turn's choices leave the reserve, running the city included, before the news
    (``Game.reserve_after``): ``After running the city, the reserve ends at $2,685,614
    (-$8,400,985), before any news.``, and below the floor what follows."""
    cur = city.currency
    text = (
        f"After running the city, the reserve ends at {money(after, cur)} "
        f"({signed_money(after - city.reserve, cur)}), before any news"
    )
    if after < city.reserve_floor:
        return text + f": below its floor of {money(city.reserve_floor, cur)}, {TAKEOVER}."
    return text + "."


def spending_sentence(spend: Mapping[str, float], names: Mapping[str, str], currency: str) -> str:
    parts = [f"{names.get(d, d)} {money(v, currency)}" for d, v in spend.items() if v]
    return ("Spends on: " + ", ".join(parts) + ".") if parts else ""


#: the narrowest forecast range (points) worth showing: a city sure to a point or two gives the
#: figure alone, so the ranges that remain mark the groups it does not know
FORECAST_RANGE_SHOWN = 3


#: what a forecast's points are (both front ends: the guide, the option's tooltip); a forecast
#: of services is not a level, so it can pass 100 (a big programme for a small group)
FORECAST_SCALE = (
    "The city's forecast of a group's services is in points where 100 is a whole service the "
    "group relies on: a large programme for a small group can pass 100. It is not the group's "
    "wellbeing, which moves toward what the services support, part of the way each turn."
)


def forecast_sentence(option: OptionView, names: Mapping[str, str]) -> str:
    """The city's forecast of what an option does to the services each group relies on, on the
    0-100 scale with the range the city's uncertainty allows (the engine's forecast, built on
    what the city believes each group needs: a group the city has not heard may be
    mis-forecast): ``City's forecast for their services: Renters +12 (+4 to +20); Owners -3.``
    (a range narrower than :data:`FORECAST_RANGE_SHOWN` points is left out)
    Groups it leaves unchanged are not named; ``""`` when it changes no group's services."""
    parts = []
    for item in option.forecast:
        expected, low, high = (delta_points(x) for x in (item.expected, item.low, item.high))
        if not (expected or low or high):
            continue
        unsure = high - low >= FORECAST_RANGE_SHOWN  # then say how far off it may be
        if not expected and not unsure:
            continue  # a sure nothing is not news
        text = f"{names.get(item.group, item.group)} {signed(expected, '0')}"
        if unsure:
            text += f" ({signed(low, '0')} to {signed(high, '0')})"
        parts.append(text)
    if not parts:
        return ""
    return "City's forecast for their services: " + "; ".join(parts) + "."


def option_sentences(
    option: OptionView,
    currency: str,
    group_names: Mapping[str, str],
    domain_names: Mapping[str, str],
) -> list[str]:
    """What a student may weigh about an option, sentence by sentence (never its stance: that
    is for the debrief). The label and the description are the front end's to set."""
    out = [cost_sentence(option, currency)]
    out.append(consulted(option.consult, group_names))
    for sentence in (
        spending_sentence(option.spend, domain_names, currency),
        openness_words(option.transparency),
        f"Promise: {option.promise.strip().rstrip('.')}." if option.promise else "",
        forecast_sentence(option, group_names),
    ):
        if sentence:
            out.append(sentence)
    return out


def action_effects(listening: float, engagement: float, transparency: float) -> str:
    """What a listening action does, in words: ``listens closely; raises engagement by 5``."""
    parts = []
    if listening:
        how = "closely" if listening >= 0.5 else "a little"
        parts.append(f"listens {how} (the city learns what they want)")
    if engagement:
        parts.append(f"raises their engagement by {delta_points(engagement)}")
    if transparency:
        parts.append(f"makes this turn more open (+{delta_points(transparency)})")
    return "; ".join(parts)


#: An option's analysis tag, for the debrief and the replay only: students never see it while
#: they play (it would tell them which answer the game's authors think is the inclusive one).
STANCE_WORDS = {
    "inclusive": "inclusive, brings the affected groups in",
    "narrow": "narrow, decided by a few",
    "mixed": "mixed",
}


def unavailable_words(reason: str) -> str:
    """Why an option or action cannot be chosen, after "is": the engine says
    ``needs: <condition>`` for a missing requirement."""
    reason = reason.strip() or "not possible now"
    if reason.startswith("needs: "):  # not "until": what it needs may never come now
        return f"unavailable: needs {reason[len('needs: ') :]}"
    return f"unavailable: {reason}"


# ---- the city map as text -----------------------------------------------------------------------


def map_lines(
    city_map: Any,
    values: Mapping[str, float],
    names: Mapping[str, str],
    quantity: str,
    shares: bool = True,
) -> list[str]:
    """The map in words, an area a line (the text alternative of the picture, and the
    terminal's ``map``): ``North Minneapolis: trust 47, from Black residents 32 (45% of those
    living here), Other residents 60 (55%).`` The mix is what tells areas apart: a group's own
    number is the same wherever it lives. ``values`` are the groups' ``quantity`` (trust or
    wellbeing) in [0, 1]. Without ``shares`` (a second quantity under the first, which gave
    them), only the numbers: ``Wellbeing 51, from Black residents 40, Other residents 65.``"""
    from .scenario.map import area_level

    lines = []
    for area in city_map.areas:
        here = [(g, w) for g, w in area.live.items() if w > 0 and g in values]
        parts = [f"{names.get(g, g)} {points(values[g])}" for g, _ in here]
        if shares:  # the first says what the share is of
            parts = [
                f"{part} ({percent(w)}{' of those living here' if not i else ''})"
                for i, (part, (_, w)) in enumerate(zip(parts, here, strict=True))
            ]
        mix = ", ".join(parts)
        line = f"{area.name}: {quantity} {points(area_level(area, values))}"
        if mix:
            line += f", from {mix}"
            if shares and sum(w for _, w in here) > 1.0 + 1e-9:
                line += "; the groups overlap"
        if not shares:
            level = line.split(": ", 1)[1]
            lines.append(f"{level[:1].upper()}{level[1:]}.")
            continue
        if area.work:
            line += "; works here: " + join_names([names.get(g, g) for g in area.work])
        lines.append(line + ".")
    return lines


# ---- conditions in 0-100 words ------------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """What the ids of a scenario are called, for :func:`condition_words`."""

    groups: Mapping[str, str]
    flags: Mapping[str, str]
    indicators: Mapping[str, str]
    events: Mapping[str, str]
    options: Mapping[tuple[str, str], str]
    currency: str = "USD"

    @classmethod
    def of(cls, model: Any) -> Names:
        """From a scenario model (``scenario.models.Scenario``)."""
        return cls(
            groups={g.id: g.name for g in model.groups},
            flags={f.id: f.label for f in model.flags},
            indicators={i.id: i.name for i in model.indicators},
            events={e.id: e.title for e in model.events},
            options={(d.id, o.id): o.label for d in model.decisions for o in d.options},
            currency=model.city.currency,
        )


_COMPARE = {
    ast.GtE: "at least",
    ast.Gt: "above",
    ast.LtE: "at most",
    ast.Lt: "below",
    ast.Eq: "exactly",
    ast.NotEq: "not",
}
_VECTOR = {"min": "every group's {q}", "max": "some group's {q}", "mean": "average {q}"}
_PEOPLE = ("trust", "wellbeing", "engagement")
#: the condition language's resident aggregates (scores), as students read them
_AGGREGATES = {
    "trust_min": "every resident group's trust",
    "trust_mean": "residents' average trust",
    "trust_gap": "the gap between the most and least trusting resident groups",
    "wellbeing_min": "every resident group's wellbeing",
    "wellbeing_mean": "residents' average wellbeing",
}
#: min/max/mean of several named values: "the lowest of ...", ...
_OF_SEVERAL = {"min": "the lowest of", "max": "the highest of", "mean": "the average of"}


class _Words:
    """Turns a parsed condition into words; a part it cannot word stays as written."""

    def __init__(self, names: Names, text: str) -> None:
        self.names = names
        self.text = text

    def kind(self, node: ast.AST) -> str:
        """What a number in a comparison with ``node`` means: people (0-100), money, or plain."""
        if isinstance(node, ast.Call) and node.args:
            return self.kind(node.args[0])
        if isinstance(node, ast.BinOp):
            return self.kind(node.left)
        if isinstance(node, ast.Name):
            if node.id in ("reserve", "revenue"):
                return "money"
            if node.id in (*_PEOPLE, "resilience", *_AGGREGATES):
                return "people"
            return "plain"
        if isinstance(node, ast.Attribute):
            head = _dotted(node).split(".")[0]
            return "people" if head in (*_PEOPLE, "indicator") else "plain"
        return "plain"

    def number(self, node: ast.AST, kind: str) -> str:
        value = node.value if isinstance(node, ast.Constant) else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return self.word(node)
        if kind == "people":
            return str(points(value))
        if kind == "money":
            return money(value, self.names.currency)
        return f"{value:g}"

    def word(self, node: ast.AST) -> str:
        n = self.names
        if isinstance(node, ast.BoolOp):
            joint = ", and " if isinstance(node.op, ast.And) else ", or "
            return joint.join(self.word(v) for v in node.values)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.word(node.operand)
            simple = isinstance(node.operand, ast.Name | ast.Attribute)
            return f"not: {inner}" if simple else f"not ({inner})"
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            arg = node.args[0] if len(node.args) == 1 else None
            if isinstance(arg, ast.Name) and arg.id in _PEOPLE and node.func.id in _VECTOR:
                return _VECTOR[node.func.id].format(q=arg.id)
            if len(node.args) > 1 and node.func.id in _OF_SEVERAL and not node.keywords:
                heads = {
                    _dotted(a).split(".")[0] if isinstance(a, ast.Attribute) else ""
                    for a in node.args
                }
                (head,) = heads if len(heads) == 1 else ("",)
                if head in _PEOPLE and all(len(_dotted(a).split(".")) == 2 for a in node.args):
                    # "the lowest trust of White residents, Black residents and ..."
                    groups = [n.groups.get(_dotted(a).split(".")[1], "?") for a in node.args]
                    lowest = _OF_SEVERAL[node.func.id].removesuffix(" of")
                    return f"{lowest} {head} of {join_names(groups)}"
                several = join_names([self.word(a) for a in node.args])
                return f"{_OF_SEVERAL[node.func.id]} {several}"
        if isinstance(node, ast.Name):
            words = {"turn": "the turn", "capacity": "staff capacity", **_AGGREGATES}
            return words.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            parts = _dotted(node).split(".")
            head, rest = parts[0], parts[1:]
            if head in _PEOPLE and len(rest) == 1:
                return f"{head} of {n.groups.get(rest[0], rest[0])}"
            if head == "flag" and len(rest) == 1:
                return n.flags.get(rest[0], rest[0])
            if head == "indicator" and len(rest) == 1:
                return n.indicators.get(rest[0], rest[0])
            if head == "event" and len(rest) == 1:
                return f"'{n.events.get(rest[0], rest[0])}' has happened"
            if head == "chose" and len(rest) == 2:
                return f"'{n.options.get((rest[0], rest[1]), rest[1])}' was chosen"
        return ast.get_source_segment(self.text, node) or self.text

    def compare(self, node: ast.Compare) -> str:
        parts = []
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            if isinstance(left, ast.Name) and left.id == "turn" and isinstance(right, ast.Constant):
                parts.append(_turn_words(op, right.value))
            elif isinstance(left, ast.Constant):  # 0.2 < trust.renters: read it the other way
                flipped = {
                    ast.Lt: ast.Gt(),
                    ast.LtE: ast.GtE(),
                    ast.Gt: ast.Lt(),
                    ast.GtE: ast.LtE(),
                }
                mirror = flipped.get(type(op), op)
                parts.append(
                    f"{self.word(right)} {_COMPARE[type(mirror)]} "
                    f"{self.number(left, self.kind(right))}"
                )
            else:
                parts.append(
                    f"{self.word(left)} {_COMPARE[type(op)]} {self.number(right, self.kind(left))}"
                )
            left = right
        return " and ".join(parts)


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def _turn_words(op: ast.cmpop, value: Any) -> str:
    if isinstance(op, ast.GtE):
        return f"from turn {value}"
    if isinstance(op, ast.Gt):
        return f"after turn {value}"
    if isinstance(op, ast.LtE):
        return f"up to turn {value}"
    if isinstance(op, ast.Lt):
        return f"before turn {value}"
    return f"turn {value}" if isinstance(op, ast.Eq) else f"not turn {value}"


def condition_words(text: str, names: Names) -> str:
    """A condition as students read it, thresholds on the 0-100 scale they see:
    ``min(trust) >= 0.4 and turn >= 3`` -> ``every group's trust at least 40, and from turn 3``;
    ``indicator.disaggregated_data >= 0.2`` -> ``Race-disaggregated data at least 20``."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return text
    return _Words(names, text.strip()).word(tree.body)


def requirement_words(reason: str, requires: str | None, names: Names) -> str:
    """Why an option or action is unavailable, its condition in 0-100 words when it is a
    requirement the scenario states (``requires``)."""
    if reason.startswith("needs: ") and requires:
        return unavailable_words("needs: " + condition_words(requires, names))
    return unavailable_words(reason)


def requirements(model: Any) -> dict[str, str]:
    """``requires`` of every option (``decision.option``) and action (its id) of a scenario."""
    out = {a.id: a.requires for a in model.actions if a.requires}
    for d in model.decisions:
        out.update({f"{d.id}.{o.id}": o.requires for o in d.options if o.requires})
    return out


def objective_words(label: str, when: str, names: Names) -> str:
    """An objective with its test in 0-100 words: ``A city that can take a shock (resilience
    at least 40)``; the test is left out when the label says the same (every heading that lists
    objectives says they are checked at the end)."""
    test = condition_words(when, names)
    if test.lower() in label.lower():
        return label
    return f"{label} ({test})"


def kinds_total(totals: Iterable[tuple[str, float]]) -> str:
    """Causes added up by kind: ``your decisions +4.2; events -3.0``."""
    return "; ".join(f"{_KIND_TOTAL_WORDS[k]} {signed_tenths(v)}" for k, v in totals)


def signed_tenths(amount: float) -> str:
    """A [0, 1] change on the 0-100 scale with one decimal: ``+4.2``, ``-0.3``, ``0``."""
    scaled = round(amount * 100, 1)
    if scaled == 0:
        return "0"
    return f"{scaled:+.1f}"


_KIND_TOTAL_WORDS = {
    "option": "your decisions",
    "action": "your actions",
    "event": "events",
    "delayed": "delayed effects",
    "promise": "promises",
    "voice": "their own voice",
    "bars": "the openness and results they expect",
    "other": "everything else",
}
