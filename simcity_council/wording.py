"""Words both front ends use for the same number, so the window and the terminal say the same."""

from __future__ import annotations


def sureness(uncertainty: float) -> str:
    """How sure the city is about a group's priorities, as words that follow "the city"
    (uncertainty 1 = no idea): ``has no idea``, ``is unsure``, ``is fairly sure``, ``is sure``."""
    if uncertainty >= 0.8:
        return "has no idea"
    if uncertainty >= 0.55:
        return "is unsure"
    if uncertainty >= 0.3:
        return "is fairly sure"
    return "is sure"
