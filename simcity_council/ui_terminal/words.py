"""Plain words for the numbers the engine returns, in the terminal.

The words are :mod:`simcity_council.wording`'s, shared with the window (money, causes, options,
conditions, the end of the game); what is here is only how the terminal marks a change: an arrow
and a signed number in rich output, words and a number in plain output. Every function returns
plain text, so both outputs carry the same information and nothing is said by colour alone.
"""

from __future__ import annotations

from ..engine.views import EndReason
from ..wording import (
    cause_words,
    delta_points,
    join_names,
    money,
    percent,
    points,
    signed_money,
    top_beliefs,
    unavailable_words,
)

__all__ = [
    "arrow",
    "cause_words",
    "change_words",
    "direction",
    "end_reason_words",
    "join_names",
    "money",
    "percent",
    "delta_points",
    "points",
    "shown_change",
    "signed_money",
    "signed_points",
    "top_beliefs",
    "unavailable_words",
]


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
    return f"{way} {abs(delta_points(change))}"


def arrow(change: float) -> str:
    """A change as an arrow and a signed number for rich output: ``▲+3``, ``▼-2``, ``=0``."""
    way = direction(change)
    if way == "up":
        return "▲" + signed_points(change)
    if way == "down":
        return "▼" + signed_points(change)
    return "=0"


def end_reason_words(reason: EndReason | None) -> str:
    """Why the game ended, as a sentence (the window says the same)."""
    from ..wording import end_words

    return end_words(reason)
