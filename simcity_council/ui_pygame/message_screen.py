"""A plain message with buttons: errors (e.g. a scenario that fails validation), notes, menus."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from ..textsafe import clip, more
from .fmt import MAX_LINES, esc
from .layout import Column, flow
from .screen import Screen

if TYPE_CHECKING:
    from .app import App


MAX_LINE = 1000


class MessageScreen(Screen):
    """Title, text (lines), and buttons; each button pops the screen with its key as result."""

    name = "message"

    def __init__(
        self,
        app: App,
        title: str,
        lines: Sequence[str],
        buttons: Sequence[tuple[str, str]] = (("ok", "OK"),),
        *,
        error: bool = False,
        shot: str = "message",
        escape: str | None = None,
        tooltips: Mapping[str, str] | None = None,
        stay: Mapping[str, Callable[[], str]] | None = None,
    ) -> None:
        super().__init__(app)
        self.title = clip(title, MAX_LINE)
        # An error screen lists at most MAX_LINES lines ("... and N more"): a scenario with
        # 1,000 problems made a text box too tall for pygame to draw.
        self.lines = more([clip(line, MAX_LINE) for line in lines], MAX_LINES)
        self.buttons = list(buttons)
        self.escape = escape if escape is not None else self.buttons[-1][0]  # key Esc chooses
        self.error = error
        self.shot = shot
        self.tooltips = dict(tooltips or {})
        #: Buttons that do something and leave the message open; each returns its new label.
        self.stay = dict(stay or {})

    def on_enter(self) -> None:
        self.app.request_screenshot(self.shot)

    def build(self, width: int, height: int) -> None:
        u = self.app.unit
        w = min(width - 6 * u, 90 * u)
        x = (width - w) // 2
        bh = self.app.button_height
        widths = [
            self.button_width(label, bold=i == 0) for i, (_, label) in enumerate(self.buttons)
        ]
        places = flow(widths, x, w, 2 * u)
        rows = max((r for _, r in places), default=0) + 1
        view_h = height - 6 * u - rows * (bh + u) - u
        view = self.scroll((x, 3 * u, w, view_h), "#message_view", focusable=True)
        col = Column(self, view, 0, 0, self.scroll_width(view))
        col.text(esc(self.title), "#message_title", "@title")
        col.gap(0.5)
        body = "<br>".join(esc(line) for line in self.lines)
        col.text(body, "#message_body", "@error" if self.error else "@card")
        self.fit_scroll(view, col.height())
        top = 3 * u + view_h + u
        for i, ((key, label), (bx, row), bw) in enumerate(
            zip(self.buttons, places, widths, strict=True)
        ):
            self.button(
                label,
                (bx, top + row * (bh + u), bw, bh),
                f"#msg_{key}",
                partial(self.choose, key),
                cls="@primary" if i == 0 else None,
                tooltip=self._tooltip(key, label),
            )
        if self.focus_index < 0:
            self.set_focus(len(self.focusables) - len(self.buttons))

    def _tooltip(self, key: str, label: str) -> str:
        """What the button does, and Esc if it is the one Esc chooses."""
        text = self.tooltips.get(key, label)
        return f"{text} (Esc)" if key == self.escape else text

    def choose(self, key: str) -> None:
        if key in self.stay:
            label = self.stay[key]()
            from pygame_gui.elements import UIButton

            self.restyle_button(self.element_as(f"#msg_{key}", UIButton), label, None)
            return
        self.app.pop(key)

    def on_escape(self) -> None:
        self.choose(self.escape)

    def auto_step(self) -> bool:
        self.choose(self.buttons[0][0])
        return True
