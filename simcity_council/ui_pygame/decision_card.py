"""An agenda item: its question and options (cost, who is consulted, what is known of each).

Each option is a row: a numbered choose button and the option's facts as wrapped text (the words
of :func:`simcity_council.wording.option_sentences`, as in the terminal; never the option's
stance, which is for the debrief). Unavailable options are greyed, their button disabled, and the
reason is written out with its condition in 0-100 words.

The card is built once per turn; :meth:`DecisionCard.show` changes only what a choice changes
(the buttons' labels and look, the "needs an answer" note), so nothing moves under the mouse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from ..engine.views import DecisionView, OptionView
from ..wording import FORECAST_SCALE, Names, option_sentences, requirement_words
from .fmt import esc
from .layout import Column

if TYPE_CHECKING:
    from pygame_gui.core import IContainerLikeInterface
    from pygame_gui.elements import UIButton, UITextBox

    from .screen import Screen


@dataclass(frozen=True)
class AgendaWords:
    """What the cards need to word options: names of groups and domains, the scenario's names
    for conditions, and the ``requires`` of each option and action."""

    currency: str
    group_names: dict[str, str]
    domain_names: dict[str, str]
    names: Names
    requires: dict[str, str]


def option_facts(option: OptionView, decision_id: str, words: AgendaWords) -> str:
    """Everything a student may weigh about an option, as HTML (no stance)."""
    parts = [f"<b>{esc(option.label)}</b>"]
    parts += [
        esc(s)
        for s in option_sentences(option, words.currency, words.group_names, words.domain_names)
    ]
    if option.description:
        parts.append(f"<i>{esc(option.description.strip())}</i>")
    if not option.available:
        parts.append(f"<b>Not available:</b> {esc(_why_not(option, decision_id, words))}")
    return "<br>".join(parts)


def _why_not(option: OptionView, decision_id: str, words: AgendaWords) -> str:
    """Why the option cannot be chosen, its condition in 0-100 words ("until ...")."""
    reason = requirement_words(
        option.reason, words.requires.get(f"{decision_id}.{option.id}"), words.names
    )
    return reason.removeprefix("unavailable: ").removeprefix("unavailable ")


def _label(index: int, chosen: bool) -> str:
    return f"{index}  {'Chosen' if chosen else 'Choose'}"


def _title_html(index: int, decision: DecisionView, chosen: str | None) -> str:
    state = "answered" if chosen else "needs an answer"
    return f"<b>{index}. {esc(decision.title)}</b>  <i>({state})</i>"


@dataclass
class DecisionCard:
    """The elements of one agenda item that a choice changes."""

    screen: Screen
    decision: DecisionView
    index: int
    title: UITextBox
    buttons: dict[str, UIButton] = field(default_factory=dict)
    shown: str | None = "?"  # the option shown as chosen ("?" before the first show)

    def show(self, chosen: str | None) -> None:
        """Show ``chosen`` as the answer: only the buttons whose state changes are touched."""
        if chosen == self.shown:
            return
        if (chosen is None) != (self.shown is None) or self.shown == "?":
            self.title.set_text(_title_html(self.index, self.decision, chosen))
        for k, option in enumerate(self.decision.options, start=1):
            was, now = option.id == self.shown, option.id == chosen
            if was != now or self.shown == "?":
                self.screen.restyle_button(
                    self.buttons[option.id], _label(k, now), "@selected" if now else None
                )
        self.shown = chosen


def build_decision_card(
    screen: Screen,
    container: IContainerLikeInterface,
    x: int,
    y: int,
    width: int,
    index: int,
    decision: DecisionView,
    chosen: str | None,
    choose: Callable[[str, str], None],
    words: AgendaWords,
) -> tuple[int, DecisionCard]:
    """Create the card; returns its height and the handle that updates it."""
    app = screen.app
    u = app.unit
    card = screen.panel(
        (x, y, width, 100), f"#decision_{decision.id}", "@card", container=container
    )
    col = Column(screen, card, u, u // 2, width - 2 * u - 2)
    # The title is as tall as its longer form, so answering never re-flows the card.
    title = screen.fixed_text(
        [_title_html(index, decision, None), _title_html(index, decision, "x")],
        (col.x, col.y, col.width),
        f"#decision_{decision.id}_title",
        container=card,
    )
    handle = DecisionCard(screen, decision, index, title)
    col.y += title.rect.height
    if decision.prompt:
        col.text(esc(decision.prompt), f"#decision_{decision.id}_prompt")
    col.gap(0.5)
    bw = max(screen.button_width("4  Chosen", bold=True), screen.button_width("4  Choose"))
    for k, option in enumerate(decision.options, start=1):
        tip = (
            f"Choose '{esc(option.label)}' (key {k})"
            if option.available
            else f"Not available: {esc(_why_not(option, decision.id, words))}"
        )
        if option.forecast:
            tip += f"<br>{esc(FORECAST_SCALE)}"
        top = col.y
        handle.buttons[option.id] = screen.button(
            _label(k, False),
            (col.x, top, bw, app.button_height),
            f"#opt-{decision.id}-{option.id}",
            partial(choose, decision.id, option.id),
            tooltip=tip,
            container=card,
            enabled=option.available,
        )
        facts = option_facts(option, decision.id, words)
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
    handle.show(chosen)
    return height, handle
