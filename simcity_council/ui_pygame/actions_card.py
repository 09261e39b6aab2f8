"""Listening and engagement actions: toggle each; capacity and budget left update as you go."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..engine.views import ActionView
from .fmt import esc, money, people
from .layout import Column

if TYPE_CHECKING:
    from .screen import Screen


def action_facts(action: ActionView, currency: str, group_names: dict[str, str]) -> str:
    """What an action costs and does, as HTML."""
    reach = ", ".join(esc(group_names.get(g, g)) for g in action.targets)
    parts = [
        f"<b>{esc(action.name)}</b>",
        f"Cost {money(action.cost, currency)}; staff {action.capacity}; reaches: {reach}",
    ]
    effects = []
    if action.listening:
        effects.append(f"listening {people(action.listening)}")
    if action.engagement:
        effects.append(f"engagement +{people(action.engagement)}")
    if action.transparency:
        effects.append(f"transparency +{people(action.transparency)}")
    if effects:
        parts.append("Does: " + ", ".join(effects))
    if action.description:
        parts.append(f"<i>{esc(action.description)}</i>")
    if not action.available:
        parts.append(f"<b>Not available:</b> {esc(action.reason)}")
    return "<br>".join(parts)


def build_actions_card(
    screen: Screen,
    container: Any,
    x: int,
    y: int,
    width: int,
    actions: tuple[ActionView, ...],
    picked: list[str],
    capacity_left: int,
    toggle: Callable[[str], None],
    currency: str,
    group_names: dict[str, str],
) -> int:
    """Create the card; returns its height."""
    app = screen.app
    u = app.unit
    card = screen.panel((x, y, width, 100), "#actions", "@card", container=container)
    col = Column(screen, card, u, u // 2, width - 2 * u - 2)
    col.text("<b>Listening and engagement</b> <i>(optional)</i>", "#actions_title")
    col.text(
        esc(
            "Learn what groups really need before spending on them. Each action uses staff "
            f"capacity; you have {capacity_left} left this turn."
        ),
        "#actions_intro",
    )
    col.gap(0.5)
    bw = max(screen.button_width("Added", bold=True), screen.button_width("Add"))
    for action in actions:
        on = action.id in picked
        fits = on or action.capacity <= capacity_left
        enabled = action.available and fits
        if not action.available:
            tip = f"Not available: {esc(action.reason)}"
        elif not fits:
            tip = "Not enough staff capacity left this turn: remove another action or option."
        else:
            tip = "Remove it" if on else "Add it to this turn"
        top = col.y
        screen.button(
            "Added" if on else "Add",
            (col.x, top, bw, app.button_height),
            f"#action-{action.id}",
            lambda a=action.id: toggle(a),
            cls="@selected" if on else None,
            tooltip=tip,
            container=card,
            enabled=enabled,
        )
        facts = action_facts(action, currency, group_names)
        if not enabled:
            facts = f"<font color='{app.look.muted}'>{facts}</font>"
            if action.available and not fits:
                facts += "<br><b>Not enough staff capacity left.</b>"
        box = screen.text(
            facts,
            (col.x + bw + u, top, col.width - bw - u, -1),
            f"#action-{action.id}-facts",
            container=card,
            tooltip=tip,
        )
        col.y = top + max(app.button_height, box.rect.height) + u
    if not actions:
        col.text("No listening actions in this scenario.", "#actions_none")
    height = col.y + 2
    card.set_dimensions((width, height))
    return height
