"""The first-turn guide: on a student's first turn, a card points at each part of the turn screen
once (the city, the map, the groups, the agenda, listening, End turn).

Next (Enter) goes on, Skip (Esc) ends it; either way it is remembered on this computer
(:mod:`simcity_council.preferences`) and does not show again. The part pointed at is ringed (the
app draws :meth:`Guide.target_rect` after the interface) and the card sits beside it, never on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .fmt import esc

if TYPE_CHECKING:
    import pygame
    from pygame_gui.elements import UIPanel

    from .turn_screen import TurnScreen


@dataclass(frozen=True)
class Step:
    target: str  # what to ring: "" (nothing: the card is centred), "tiles", or an object id
    title: str
    text: str


def guide_steps(screen: TurnScreen) -> list[Step]:
    """The steps for what this turn screen shows (a scenario without a map skips the map)."""
    has = screen.elements
    steps = [
        Step(
            "",
            "Your first turn",
            "This short guide points at each part of the screen once. Next (Enter) goes on; "
            "Skip (Esc) starts playing at once. It will not show again.",
        ),
        Step(
            "tiles",
            "The city",
            "Money in the reserve, what this turn's choices cost, next turn's revenue, economic "
            "resilience and the staff capacity you have left. Rest the mouse on any number to "
            "see what it is and what moved it.",
        ),
    ]
    if "#map_image" in has:
        steps.append(
            Step(
                "#map_image",
                "Where people live",
                "Each area is coloured by the trust of the groups who live there, with the "
                "number (0-100) written on it. 'Colour by wellbeing' switches the colours.",
            )
        )
    steps.append(
        Step(
            "#groups_view",
            "The groups",
            "Every group's trust, wellbeing and engagement (0-100), and what the city believes "
            "they want. Beliefs can be wrong until you listen.",
        )
    )
    if screen.view.agenda:
        steps.append(
            Step(
                "#agenda_view",
                "The agenda",
                "Each decision has two to four options. Read what each costs and who it "
                "consults, then press Choose (or its number key). Every decision needs an answer.",
            )
        )
    if "#actions" in has:
        steps.append(
            Step(
                "#actions",
                "Listening (optional)",
                "Listening actions teach the city what groups really need, so later spending "
                "reaches them. Each uses staff capacity.",
            )
        )
    steps.append(
        Step(
            "#end_turn",
            "End the turn",
            "When every decision is answered, End turn (or E). You will see what happened and "
            "why; History (H) and Last result (R) bring past turns back at any time.",
        )
    )
    return steps


class Guide:
    """The guide's card on a turn screen. ``alive`` until finished or skipped."""

    def __init__(self, screen: TurnScreen, on_done: Callable[[], None]) -> None:
        self.screen = screen
        self.steps = guide_steps(screen)
        self.index = 0
        self.alive = True
        self.on_done = on_done  # called once, when finished or skipped
        self.panel: UIPanel | None = None

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    def target_rect(self) -> pygame.Rect | pygame.FRect | None:
        """Where the part pointed at is on the screen now (None for the opening card)."""
        target = self.step.target
        elements = self.screen.elements
        if target == "tiles":
            tiles = [e for oid, e in elements.items() if oid.startswith("#city_")]
            if not tiles:
                return None
            rect = tiles[0].get_abs_rect().unionall([t.get_abs_rect() for t in tiles[1:]])
            return rect.inflate(8, 8)
        element = elements.get(target)
        if element is None:
            return None
        rect = element.get_abs_rect()
        view = self.screen.scroll_views.get(id(element))
        if view is not None:
            rect = rect.clip(view.get_abs_rect())
        return rect.inflate(8, 8) if rect.width and rect.height else None

    def build(self) -> None:
        """Show the card of the current step (after a rebuild of the screen, too)."""
        from pygame_gui.core import ObjectID
        from pygame_gui.elements import UIPanel

        screen = self.screen
        app = screen.app
        pg = app.pygame
        self._forget()
        element = screen.elements.get(self.step.target)
        if element is not None:
            screen.scroll_into_view(element)
        u = app.unit
        width = self._width()
        step = self.step
        html = f"<b>{esc(step.title)}</b> <i>({self.index + 1} of {len(self.steps)})</i><br>" + esc(
            step.text
        )
        self.panel = UIPanel(
            pg.Rect(0, 0, width, 100),
            starting_height=40,  # above the scrolling areas and their cards
            manager=app.manager,
            container=screen.root,
            object_id=ObjectID("#guide", "@guide"),
        )
        inner = width - 2 * u - 4
        text = screen.text(html, (u, u, inner, -1), "#guide_text", container=self.panel)
        bh = app.button_height
        y = u + text.rect.height + u
        last = self.index == len(self.steps) - 1
        next_label = "Start playing" if last else "Next"
        nw = screen.button_width(next_label, bold=True)
        sw = screen.button_width("Skip the guide")
        screen.button(
            next_label,
            (inner + u - nw, y, nw, bh),
            "#guide_next",
            self.next,
            cls="@primary",
            container=self.panel,
            tooltip="Enter: the next part of the screen",
        )
        if not last:
            screen.button(
                "Skip the guide",
                (u, y, sw, bh),
                "#guide_skip",
                self.skip,
                container=self.panel,
                tooltip="Esc: play at once (the guide does not show again)",
            )
        height = y + bh + u + 4
        self.panel.set_dimensions((width, height))
        self.panel.set_relative_position(self._place(width, height))
        # The card's buttons come first for the keyboard while it shows.
        for oid in ("#guide_skip", "#guide_next"):
            if oid in screen.elements:
                button = screen.elements[oid]
                screen.focusables.remove(button)
                screen.focusables.insert(0, button)
        screen.focus_by_id("#guide_next")
        app.request_redraw()

    def _avoid(self) -> pygame.Rect | None:
        """What the card must not cover: the part pointed at, or the whole scrolling area it
        is in (it scrolls into sight after the card is placed)."""
        rect = self.target_rect()
        element = self.screen.elements.get(self.step.target)
        view = self.screen.scroll_views.get(id(element)) if element is not None else None
        found = view.get_abs_rect() if view is not None else rect
        return None if found is None else self.screen.app.pygame.Rect(found)

    def _width(self) -> int:
        """The card's width: its usual width, or narrower to fit beside what it points at."""
        app = self.screen.app
        u = app.unit
        w, h = app.layout_size()
        usual = min(52 * u, w - 4 * u)
        rect = self._avoid()
        if rect is None or rect.height < h // 2:
            return usual  # room above or below
        room = max(rect.left, w - rect.right) - 4 * u
        return max(30 * u, min(usual, room))

    def _place(self, width: int, height: int) -> tuple[int, int]:
        """Beside the part pointed at, inside the window, never over it."""
        app = self.screen.app
        w, h = app.layout_size()
        m = 2 * app.unit
        rect = self._avoid()
        if rect is None:
            return (w - width) // 2, max(m, (h - height) // 3)
        spots = [
            (rect.left, rect.bottom + m),  # below
            (rect.left, rect.top - m - height),  # above
            (rect.right + m, rect.top),  # right of it
            (rect.left - m - width, rect.top),  # left of it
            (rect.right - width, rect.top - m - height),  # above, right-aligned
        ]
        pg = app.pygame
        for x, y in spots:
            x = max(m, min(x, w - m - width))
            y = max(m, min(y, h - m - height))
            if not pg.Rect(x, y, width, height).colliderect(rect):
                return x, y
        return w - m - width, h - m - height

    def next(self) -> None:
        if self.index + 1 < len(self.steps):
            self.index += 1
            self.build()
        else:
            self.close()

    def skip(self) -> None:
        self.close()

    def close(self) -> None:
        """End the guide (remembered); the screen's own focus comes back."""
        if not self.alive:
            return
        self.alive = False
        self._forget()
        self.screen.focus_index = -1
        self.on_done()
        self.screen.app.request_redraw()

    def _forget(self) -> None:
        """Remove the card and its elements from the screen's registries."""
        screen = self.screen
        focused = screen.focused()
        if self.panel is not None:
            self.panel.kill()
            self.panel = None
        for oid in ("#guide_next", "#guide_skip", "#guide_text"):
            element = screen.elements.pop(oid, None)
            if element is not None and element in screen.focusables:
                screen.focusables.remove(element)
            screen.actions.pop(oid, None)
        if focused is not None and focused in screen.focusables:
            screen.focus_index = screen.focusables.index(focused)
        else:
            screen.focus_index = -1
