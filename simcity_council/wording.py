"""Words both front ends use for the same number, so the window and the terminal say the same."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine.views import Cause


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


def news_heading(labels: Sequence[str], turn: int) -> str:
    """The heading for events rolled at the end of ``turn`` (1-based). They arrive after the
    turn's choices and set up the next turn, so they are dated by the next turn's label."""
    if turn < len(labels):
        return f"News before {labels[turn]}"
    return "News at the end of the term"


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


#: How to read the debrief's causes (both front ends): which causes are choices, and how a
#: decision is credited (engine: what a turn is expected to give is charged to its decisions).
CAUSES_NOTE = (
    "Every change of trust has a cause: a decision (how the group was heard on it, what it did "
    "to the services the group relies on, and whether the group was asked and then ignored), "
    "an event, a promise. Losses weigh twice gains. Wellbeing and engagement also settle back "
    "toward what services and being heard support; those drifts are not choices."
)
