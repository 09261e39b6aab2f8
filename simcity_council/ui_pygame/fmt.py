"""How numbers are written for players: people as 0-100, money with the currency, signed changes."""

from __future__ import annotations

import html

from ..textsafe import shown

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$"}


def people(value: float) -> str:
    """A people quantity in [0, 1] as a 0-100 score."""
    return f"{value * 100:.0f}"


def signed(delta: float, digits: int = 0) -> str:
    """A change on the 0-100 scale with an explicit sign ("+3", "−2", "±0")."""
    scaled = round(delta * 100, digits)
    if scaled == 0:
        return "±0"
    text = f"{abs(scaled):.{digits}f}"
    return f"+{text}" if scaled > 0 else f"−{text}"


def change_between(before: float, after: float, zero: str = "no change") -> str:
    """The change between two 0-100 scores as they are shown ("53 to 52" is "−1", never "no
    change" because the unrounded change was under half a point)."""
    diff = int(people(after)) - int(people(before))
    if diff == 0:
        return zero
    return f"+{diff}" if diff > 0 else f"−{-diff}"


def headline(title: str) -> str:
    """An event title as the start of a sentence: a full stop unless it ends in one already."""
    return title if title.rstrip().endswith((".", "?", "!", ":")) else f"{title}."


def share_words(share: float) -> str:
    """A group's population share ("19% of residents"); groups that overlap others (staff,
    organised groups) have share 0 and are said to be outside the shares, as in the terminal."""
    return f"{share * 100:.0f}% of residents" if share else "not counted in the population shares"


def money(amount: float, currency: str) -> str:
    """An amount of money: "$1,250,000" or "1,250,000 CHF"; negatives as "−$5,000"."""
    sign = "−" if amount < 0 else ""
    whole = f"{abs(amount):,.0f}"
    symbol = _SYMBOLS.get(currency)
    return f"{sign}{symbol}{whole}" if symbol else f"{sign}{whole} {currency}"


def money_short(amount: float, currency: str) -> str:
    """A compact amount for tiles and axes: "$1.25M", "$40k"."""
    sign = "−" if amount < 0 else ""
    value = abs(amount)
    if value >= 1_000_000:
        body = f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    elif value >= 10_000:
        body = f"{value / 1000:.0f}k"
    else:
        body = f"{value:,.0f}"
    symbol = _SYMBOLS.get(currency)
    return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency}"


def signed_money(amount: float, currency: str) -> str:
    """A change of money with an explicit sign."""
    if round(amount) == 0:
        return "±0"
    return ("+" if amount > 0 else "") + money(amount, currency)


#: The most of one text a window shows, and the longest word it lays out whole: pygame_gui
#: measures a word too long for its line one letter at a time (a 200,000-letter word took
#: minutes and gigabytes), so longer words are broken (textsafe.shown).
MAX_SHOWN = 20_000
MAX_WORD = 200


def esc(text: str) -> str:
    """Escape text for a pygame_gui HTML text box: no control characters or escape sequences,
    at most :data:`MAX_SHOWN` characters, no word longer than :data:`MAX_WORD`."""
    return html.escape(shown(text, MAX_SHOWN, MAX_WORD), quote=False)
