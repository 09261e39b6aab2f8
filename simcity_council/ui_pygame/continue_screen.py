"""Continue a game: the unfinished games saved on this computer, newest first, each with its
scenario, the turn it continues at, when it was last played and the pseudonym."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .fmt import esc
from .layout import Column
from .saved_games import SavedGame
from .screen import Screen

if TYPE_CHECKING:
    from .app import App


class ContinueScreen(Screen):
    """Pick an unfinished game; Back (Esc) returns to the title screen."""

    name = "continue"

    def __init__(self, app: App, games: list[SavedGame], resume: Callable[[Path], None]) -> None:
        super().__init__(app)
        self.games = games
        self.resume = resume

    def on_enter(self) -> None:
        self.app.request_screenshot("continue")

    def build(self, width: int, height: int) -> None:
        u = self.app.unit
        m = 3 * u
        bh = self.app.button_height
        view = self.scroll((m, m, width - 2 * m, height - 3 * m - bh), "#continue_view")
        inner = self.scroll_width(view)
        col = Column(self, view, 0, 0, inner)
        col.text("Continue a game", "#continue_title", "@title")
        col.text(
            esc(
                "Your unfinished games on this computer, the most recent first. Each continues "
                "at the start of the turn it stopped in, with everything before it kept."
            ),
            "#continue_intro",
        )
        col.gap()
        label = "Continue"
        bw = self.button_width(label, bold=True)
        for i, game in enumerate(self.games):
            top = col.y
            html = (
                f"<b>{esc(game.title)}</b><br>"
                f"Continues at {esc(game.where)}; last played {esc(game.when)}; "
                f"as {esc(game.player)}"
            )
            if game.problem:
                html += f"<br><i>Cannot be continued: {esc(game.problem)}</i>"
            box = self.text(
                html,
                (0, top, inner - bw - u, -1),
                f"#saved_{i}",
                "@card",
                container=view,
                tooltip=esc(str(game.path)),
            )
            self.button(
                label,
                (inner - bw, top, bw, bh),
                f"#continue_{i}",
                partial(self.resume, game.path),
                cls="@primary",
                container=view,
                enabled=not game.problem,
                tooltip=f"Continue {esc(game.title)} at {esc(game.where)}",
            )
            col.y = top + max(box.rect.height, bh) + u
        if not self.games:
            col.text("No unfinished game on this computer.", "#continue_none")
        self.fit_scroll(view, col.height())
        back = "Back"
        w = self.button_width(back)
        self.button(
            back,
            (width - m - w, height - m - bh, w, bh),
            "#continue_back",
            self.back,
            tooltip="Esc: back to the scenarios",
        )
        if self.focus_index < 0:
            self.focus_by_id("#continue_0" if self.games else "#continue_back")

    def back(self) -> None:
        self.app.pop()

    def on_escape(self) -> None:
        self.back()
