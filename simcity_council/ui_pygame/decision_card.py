"""An agenda item: its question and options (cost, who is consulted, stance, what is known).

Each option is a row: a numbered choose button and the option's facts as wrapped text.
Unavailable options are greyed, their button disabled, and the reason is written out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..engine.views import DecisionView, OptionView
from .fmt import esc, money, people
from .layout import Column

if TYPE_CHECKING:
    from .screen import Screen

STANCE_WORDS = {
    "inclusive": "inclusive (brings affected groups in)",
    "narrow": "narrow (decided by a few)",
    "mixed": "mixed",
}


def option_facts(
    option: OptionView, currency: str, group_names: dict[str, str], domain_names: dict[str, str]
) -> str:
    """Everything known about an option, as HTML."""
    parts = [f"<b>{esc(option.label)}</b>"]
    cost = f"Cost {money(option.cost, currency)}"
    if option.per_turn:
        word = "more" if option.per_turn > 0 else "less"
        cost += f", then {money(abs(option.per_turn), currency)} {word} every turn"
        if option.for_turns:
            cost += f" for {option.for_turns} turns"
    if option.capacity:
        cost += f"; staff {option.capacity}"
    parts.append(cost)
    table = [f"{esc(group_names.get(g, g))} {people(v)}" for g, v in option.consult.items() if v]
    parts.append(
        "Consulted (how fully heard, of 100): " + ", ".join(table)
        if table
        else "Consulted: no one outside city hall"
    )
    spend = [
        f"{esc(domain_names.get(d, d))} {money(v, currency)}" for d, v in option.spend.items() if v
    ]
    if spend:
        parts.append("Spends on: " + ", ".join(spend))
    if option.transparency:
        parts.append(f"Transparency {people(option.transparency)} of 100")
    if option.promise:
        parts.append(f"Promise: {esc(option.promise)}")
    if option.description:
        parts.append(f"<i>{esc(option.description)}</i>")
    if not option.available:
        parts.append(f"<b>Not available:</b> {esc(option.reason)}")
    return "<br>".join(parts)


def build_decision_card(
    screen: Screen,
    container: Any,
    x: int,
    y: int,
    width: int,
    index: int,
    decision: DecisionView,
    chosen: str | None,
    choose: Callable[[str, str], None],
    currency: str,
    group_names: dict[str, str],
    domain_names: dict[str, str],
) -> int:
    """Create the card; returns its height."""
    app = screen.app
    u = app.unit
    card = screen.panel(
        (x, y, width, 100), f"#decision_{decision.id}", "@card", container=container
    )
    col = Column(screen, card, u, u // 2, width - 2 * u - 2)
    state = "answered" if chosen else "needs an answer"
    col.text(
        f"<b>{index}. {esc(decision.title)}</b>  <i>({state})</i>", f"#decision_{decision.id}_title"
    )
    if decision.prompt:
        col.text(esc(decision.prompt), f"#decision_{decision.id}_prompt")
    col.gap(0.5)
    bw = max(screen.button_width("4  Chosen", bold=True), screen.button_width("4  Choose"))
    for k, option in enumerate(decision.options, start=1):
        is_chosen = option.id == chosen
        label = f"{k}  {'Chosen' if is_chosen else 'Choose'}"
        tip = (
            f"Choose '{esc(option.label)}' (key {k})"
            if option.available
            else f"Not available: {esc(option.reason)}"
        )
        top = col.y
        screen.button(
            label,
            (col.x, top, bw, app.button_height),
            f"#opt-{decision.id}-{option.id}",
            lambda d=decision.id, o=option.id: choose(d, o),
            cls="@selected" if is_chosen else None,
            tooltip=tip,
            container=card,
            enabled=option.available,
        )
        facts = option_facts(option, currency, group_names, domain_names)
        if not option.available:
            facts = f"<font color='{app.look.muted}'>{facts}</font>"
        box = screen.text(
            facts,
            (col.x + bw + u, top, col.width - bw - u, -1),
            f"#opt-{decision.id}-{option.id}-facts",
            container=card,
            tooltip=tip,
        )
        col.y = top + max(app.button_height, box.rect.height) + u
    height = col.y + 2
    card.set_dimensions((width, height))
    return height
