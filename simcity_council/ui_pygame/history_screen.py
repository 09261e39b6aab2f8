"""The turns played so far, during a game: what was chosen and how each group's trust moved, a
turn a card; each card opens that turn's full result. Opened from the turn screen (H); Back (Esc)
returns to the turn with its choices kept."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from ..wording import change, decision_choice, join_names, points
from .flow import review_result
from .fmt import esc
from .layout import Column
from .screen import Screen

if TYPE_CHECKING:
    from .app import App
    from .play_session import PlaySession


def turn_summary(session: PlaySession, index: int) -> str:
    """One past turn as HTML: its choices, actions, news and each group's trust."""
    result = session.results[index]
    view = session.history[index]  # the agenda of that turn, with its options' labels
    options = {(d.id, o.id): (d.title, o.label) for d in view.agenda for o in d.options}
    actions = {a.id: a.name for a in view.actions}
    chose = [
        decision_choice(esc(options[d, o][0]), f"<b>{esc(options[d, o][1])}</b>")
        for d, o in result.choices.decisions.items()
        if (d, o) in options
    ]
    parts = [f"<b>Turn {result.turn}: {esc(result.label)}</b>"]
    parts.append("You chose: " + ("; ".join(chose) if chose else "no decision on the agenda"))
    listened = [esc(actions.get(a, a)) for a in result.choices.actions]
    if listened:
        parts.append("You listened: " + join_names(listened))
    if result.events:
        parts.append("News: " + esc("; ".join(e.title.strip().rstrip(".") for e in result.events)))
    trust = [
        f"{esc(g.name)} {points(g.trust.after)} ({change(g.trust.before, g.trust.after)})"
        for g in result.groups
    ]
    parts.append("Trust after it: " + ", ".join(trust))
    return "<br>".join(parts)


class HistoryScreen(Screen):
    """Every turn played so far; Open shows a turn's full result."""

    name = "history"

    def __init__(self, app: App, session: PlaySession) -> None:
        super().__init__(app)
        self.session = session

    def on_enter(self) -> None:
        self.app.request_screenshot("history")

    def build(self, width: int, height: int) -> None:
        u = self.app.unit
        m = 3 * u
        bh = self.app.button_height
        view = self.scroll(
            (m, m, width - 2 * m, height - 3 * m - bh), "#history_view", focusable=True
        )
        inner = self.scroll_width(view)
        col = Column(self, view, 0, 0, inner)
        col.text("The turns so far", "#history_title", "@title")
        col.text(
            esc("Newest first. Open a turn to see everything that happened in it, and why."),
            "#history_intro",
        )
        col.gap()
        label = "Open this turn"
        bw = self.button_width(label)
        for index in reversed(range(len(self.session.results))):
            turn = self.session.results[index].turn
            top = col.y
            box = self.text(
                turn_summary(self.session, index),
                (0, top, inner - bw - u, -1),
                f"#history_turn_{turn}",
                "@card",
                container=view,
            )
            self.button(
                label,
                (inner - bw, top, bw, bh),
                f"#history_open_{turn}",
                partial(self.open, index),
                container=view,
                tooltip=f"Everything that happened in turn {turn}, and why",
            )
            col.y = top + max(box.rect.height, bh) + u
        self.fit_scroll(view, col.height())
        back = "Back to the turn"
        bw = self.button_width(back, bold=True)
        self.button(
            back,
            (width - m - bw, height - m - bh, bw, bh),
            "#history_back",
            self.back,
            cls="@primary",
            tooltip="Esc: back to your choices",
        )
        if self.focus_index < 0:
            self.focus_by_id("#history_back")

    def open(self, index: int) -> None:
        review_result(self.app, self.session, self.session.results[index])

    def back(self) -> None:
        self.app.pop()

    def on_escape(self) -> None:
        self.back()

    def auto_step(self) -> bool:
        self.back()
        return True
