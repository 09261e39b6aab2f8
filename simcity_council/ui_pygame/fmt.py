"""How numbers are written in the window: the shared words of :mod:`simcity_council.wording`
(so the window and the terminal write the same), plus what only a window needs (escaping for
pygame_gui's HTML, compact amounts for tiles and chart axes)."""

from __future__ import annotations

import html

from .. import wording
from ..textsafe import shown
from ..wording import headline, money, share_words, signed_money

__all__ = [
    "belief_text",
    "change_between",
    "esc",
    "headline",
    "money",
    "money_short",
    "people",
    "share_words",
    "signed",
    "signed_money",
]


def people(value: float) -> str:
    """A people quantity in [0, 1] as a 0-100 score."""
    return str(wording.points(value))


def signed(delta: float) -> str:
    """A change on the 0-100 scale with an explicit sign (``+3``, ``-2``, ``±0``)."""
    return wording.signed(wording.delta_points(delta), "±0")


def change_between(before: float, after: float, zero: str = "no change") -> str:
    """The change between two 0-100 scores as they are shown ("53 to 52" is "-1", never "no
    change" because the unrounded change was under half a point)."""
    return wording.signed(wording.shown_change(before, after), zero)


def money_short(amount: float, currency: str) -> str:
    """A compact amount for tiles and axes: "$1.25M", "$40k"."""
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    if value >= 1_000_000:
        body = f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    elif value >= 10_000:
        body = f"{value / 1000:.0f}k"
    else:
        body = f"{value:,.0f}"
    symbol = wording.SYMBOLS.get(currency)
    return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency}"


#: The most of one text a window shows, and the longest word it lays out whole: pygame_gui
#: measures a word too long for its line one letter at a time (a 200,000-letter word took
#: minutes and gigabytes), so longer words are broken (textsafe.shown).
MAX_SHOWN = 20_000
MAX_WORD = 200


def esc(text: str) -> str:
    """Escape text for a pygame_gui HTML text box: no control characters or escape sequences,
    at most :data:`MAX_SHOWN` characters, no word longer than :data:`MAX_WORD`."""
    return html.escape(shown(text, MAX_SHOWN, MAX_WORD), quote=False)


#: The most lines a message or a list of problems shows ("... and N more"): a scenario with 1,000
#: problems made a text box too tall for pygame to draw.
MAX_LINES = 40


def belief_text(belief: dict[str, float], names: dict[str, str], limit: int = 3) -> str:
    """The city's belief about a group's needs, biggest first ("Housing 45%, Parks 30%")."""
    ranked = sorted(belief.items(), key=lambda kv: -kv[1])[:limit]
    return ", ".join(f"{esc(names.get(k, k))} {v * 100:.0f}%" for k, v in ranked if v > 0)
