"""Plain words for the numbers the engine returns.

People quantities are in [0, 1] and shown as 0-100; money is shown with the scenario's currency.
Every function here returns plain text, so both the rich and the plain (screen-reader) output use
the same wording and no information is carried by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..engine.views import Cause, EndReason
from ..wording import cause_parts

_END_REASON_WORDS = {
    "turn_limit": "You served the full term.",
    "receivership": (
        "The reserve fell below the floor and the state took over the city's finances "
        "(receivership)."
    ),
    "recall": "Trust collapsed and the council was recalled.",
}


def points(value: float) -> int:
    """A [0, 1] quantity as the whole number players see (0-100)."""
    return int(round(value * 100))


def signed_points(change: float, digits: int = 0) -> str:
    """A [0, 1] change on the 0-100 scale with its sign: ``+3``, ``-2``, ``0``."""
    scaled = round(change * 100, digits)
    if scaled == 0:
        return "0"
    text = f"{abs(scaled):.{digits}f}"
    return ("+" if scaled > 0 else "-") + text


def direction(change: float, digits: int = 0) -> str:
    """``up``, ``down`` or ``no change`` for a [0, 1] change, as it shows when rounded."""
    scaled = round(change * 100, digits)
    if scaled > 0:
        return "up"
    if scaled < 0:
        return "down"
    return "no change"


def shown_change(value: float, change: float) -> float:
    """The change as players see it: the difference of the rounded 0-100 numbers, so that
    "63 to 66" always says "up 3" (the unrounded change may round to 2)."""
    return (points(value) - points(value - change)) / 100


def change_words(change: float) -> str:
    """A change in words with its size, for plain output: ``up 3``, ``down 2``, ``no change``."""
    way = direction(change)
    if way == "no change":
        return way
    return f"{way} {abs(points(change))}"


def arrow(change: float) -> str:
    """A change as an arrow and a signed number for rich output: ``▲+3``, ``▼-2``, ``=0``."""
    way = direction(change)
    if way == "up":
        return "▲" + signed_points(change)
    if way == "down":
        return "▼" + signed_points(change)
    return "=0"


def money(amount: float, currency: str) -> str:
    """``USD 1,250,000`` or ``-USD 40,000``."""
    sign = "-" if round(amount) < 0 else ""
    return f"{sign}{currency} {abs(amount):,.0f}"


def signed_money(amount: float, currency: str) -> str:
    """``+USD 400,000`` / ``-USD 50,000``."""
    return ("+" if round(amount) > 0 else "") + money(amount, currency)


def percent(share: float) -> str:
    """A share in [0, 1] as a percentage: ``35%``."""
    return f"{share * 100:.0f}%"


def top_beliefs(belief: Mapping[str, float], names: Mapping[str, str], count: int = 3) -> str:
    """The domains the city believes a group cares about most: ``Housing 45%, Parks 30%``;
    an even belief (the city's starting guess when it knows nothing) says so rather than listing
    three domains picked by their order in the file."""
    if belief and max(belief.values()) - min(belief.values()) < 0.005:
        return f"no area more than another (an even guess, {percent(max(belief.values()))} each)"
    ranked = sorted(belief.items(), key=lambda item: -round(item[1], 6))[:count]
    return ", ".join(f"{names.get(domain, domain)} {percent(weight)}" for domain, weight in ranked)


def cause_words(cause: Cause) -> str:
    """A cause in plain words: ``your decision: Participatory budgeting`` (wording.py)."""
    kind, label = cause_parts(cause)
    return f"{kind}: {label}" if kind else label


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


def kind_total_words(kind: str) -> str:
    """A kind of cause in a total (see ``causes.totals_by_kind``): ``your decisions``..."""
    return _KIND_TOTAL_WORDS[kind]


def unavailable_words(reason: str) -> str:
    """Why an option or action cannot be chosen, after "unavailable": the engine says
    ``needs: <condition>`` for a missing requirement."""
    reason = reason.strip() or "not possible now"
    if reason.startswith("needs: "):
        return f"unavailable until this is true: {reason[len('needs: ') :]}"
    return f"unavailable: {reason}"


def end_reason_words(reason: EndReason | None) -> str:
    """Why the game ended, as a sentence."""
    if reason is None:
        return "The game is not over yet."
    return _END_REASON_WORDS[reason]


def stance_words(stance: str) -> str:
    """The analysis tag of an option, shown so students can reflect on it."""
    return {"inclusive": "inclusive", "narrow": "narrow", "mixed": "mixed"}[stance]


def join_names(names: list[str] | tuple[str, ...]) -> str:
    """``A``, ``A and B``, ``A, B and C``; ``nobody`` for none."""
    if not names:
        return "nobody"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]
