"""Words both front ends use for the same number, so the window and the terminal say the same."""

from __future__ import annotations

from collections.abc import Sequence


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


def news_heading(labels: Sequence[str], turn: int) -> str:
    """The heading for events rolled at the end of ``turn`` (1-based). They arrive after the
    turn's choices and set up the next turn, so they are dated by the next turn's label."""
    if turn < len(labels):
        return f"News before {labels[turn]}"
    return "News at the end of the term"
