"""Listening and engagement actions: add or remove each; the staff capacity left decides which
can still be added.

Built once per turn; :meth:`ActionsCard.show` changes only the buttons whose state changes (their
label, look, whether they can be pressed, their tooltip), so nothing moves under the mouse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from ..engine.views import ActionView
from ..wording import action_effects, money, requirement_words, staff_points
from .decision_card import AgendaWords
from .fmt import esc
from .layout import Column

if TYPE_CHECKING:
    from pygame_gui.core import IContainerLikeInterface
    from pygame_gui.elements import UIButton

    from .screen import Screen

ACTION_TIP = (
    "Listening teaches the city what these groups really need, so later spending reaches them; "
    "engagement is how much they take part. Staff capacity refills every turn."
)
NO_STAFF = (
    "Not enough staff capacity left this turn: remove another action or choose a lighter option."
)


def action_facts(action: ActionView, words: AgendaWords) -> str:
    """What an action costs and does, as HTML."""
    reach = ", ".join(esc(words.group_names.get(g, g)) for g in action.targets)
    parts = [
        f"<b>{esc(action.name)}</b>",
        f"Costs {esc(money(action.cost, words.currency))}; uses "
        f"{staff_points(action.capacity)}; reaches {reach}.",
    ]
    effects = action_effects(action.listening, action.engagement, action.transparency)
    if effects:
        parts.append(esc(effects[:1].upper() + effects[1:]) + ".")
    if action.description:
        parts.append(f"<i>{esc(action.description.strip())}</i>")
    if not action.available:
        parts.append(f"<b>Not available:</b> {esc(_why_not(action, words))}")
    return "<br>".join(parts)


def _why_not(action: ActionView, words: AgendaWords) -> str:
    reason = requirement_words(action.reason, words.requires.get(action.id), words.names)
    return reason.removeprefix("unavailable: ").removeprefix("unavailable ")


@dataclass
class ActionsCard:
    """The buttons of the actions card, and what each shows now."""

    screen: Screen
    actions: tuple[ActionView, ...]
    words: AgendaWords
    buttons: dict[str, UIButton] = field(default_factory=dict)

    def show(self, picked: Sequence[str], capacity_left: int) -> None:
        """Show which actions are added, and which still fit the staff capacity left."""
        for action in self.actions:
            on = action.id in picked
            fits = on or action.capacity <= capacity_left
            if not action.available:
                tip = f"Not available: {esc(_why_not(action, self.words))}"
            elif not fits:
                tip = NO_STAFF
            else:
                tip = "Remove it from this turn" if on else "Add it to this turn"
            self.screen.restyle_button(
                self.buttons[action.id],
                "Added" if on else "Add",
                "@selected" if on else None,
                enabled=action.available and fits,
                tooltip=tip,
            )


def build_actions_card(
    screen: Screen,
    container: IContainerLikeInterface,
    x: int,
    y: int,
    width: int,
    actions: tuple[ActionView, ...],
    picked: Sequence[str],
    capacity_left: int,
    toggle: Callable[[str], None],
    words: AgendaWords,
) -> tuple[int, ActionsCard]:
    """Create the card; returns its height and the handle that updates it."""
    app = screen.app
    u = app.unit
    card = screen.panel((x, y, width, 100), "#actions", "@card", container=container)
    col = Column(screen, card, u, u // 2, width - 2 * u - 2)
    col.text("<b>Listening and engagement</b> <i>(optional)</i>", "#actions_title")
    col.text(
        esc(
            "Learn what groups really need before spending on them. Each action uses staff "
            "capacity (the tile at the top says how much is left)."
        ),
        "#actions_intro",
    )
    col.gap(0.5)
    handle = ActionsCard(screen, actions, words)
    bw = max(screen.button_width("Added", bold=True), screen.button_width("Add"))
    for action in actions:
        top = col.y
        handle.buttons[action.id] = screen.button(
            "Add",
            (col.x, top, bw, app.button_height),
            f"#action-{action.id}",
            partial(toggle, action.id),
            container=card,
            enabled=action.available,
        )
        facts = action_facts(action, words)
        if not action.available:
            facts = f"<font color='{app.look.muted}'>{facts}</font>"
        box = screen.text(
            facts,
            (col.x + bw + u, top, col.width - bw - u, -1),
            f"#action-{action.id}-facts",
            container=card,
            tooltip=ACTION_TIP,
        )
        col.y = top + max(app.button_height, box.rect.height) + u
    if not actions:
        col.text("No listening actions in this scenario.", "#actions_none")
    height = col.y + 2
    card.set_dimensions((width, height))
    handle.show(picked, capacity_left)
    return height, handle
