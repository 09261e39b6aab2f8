"""The window, the loop and the screen stack.

The loop follows pygame_gui's contract: events -> ``manager.process_events`` -> the top screen's
``handle_event``; ``manager.update(dt)``; draw only when something changed. When nothing happens it
sleeps in ``pygame.event.wait(timeout)``, so an idle window costs almost no CPU.
"""

from __future__ import annotations

import io
import time
import warnings
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..safeout import check_folder, write_file
from . import _pg
from .screen import Screen, is_text_field
from .settings import Settings
from .theme import Look, build_look, font_sizes

if TYPE_CHECKING:
    # classes, not ``import pygame``: App's methods name the module they are given ``pygame``
    from pygame import Surface, Window
    from pygame.event import Event
    from pygame.font import Font
    from pygame_gui.core import UIElement
    from pygame_gui.core.interfaces import IUITooltipInterface

    from ._gui_manager import UIManager

ACTIVE_SECONDS = 2.0  # keep drawing this long after input (hover effects, tooltips)
FRAME_MS = 16
IDLE_MS = 1000
RELAYOUT_SECONDS = 0.15  # while a window edge is dragged, lay out again once it rests this long
FOCUS_TIP_SECONDS = 0.9  # the tooltip of what the keyboard moved to shows after this long


class App:
    """Owns the window, the pygame_gui manager and a stack of screens."""

    def __init__(
        self,
        pygame: ModuleType,
        settings: Settings | None = None,
        *,
        size: tuple[int, int] = (1280, 720),
        screenshots: Path | None = None,
        auto_delay: float | None = None,
        first_turn_guide: bool = False,
    ) -> None:
        self.pygame = pygame
        #: Show the first-turn guide on the next first turn (until it is finished or skipped).
        self.first_turn_guide = first_turn_guide
        self.settings = settings or Settings()
        self.os_window: Window = _pg.open_window(pygame, size, self.settings.fullscreen)
        self.window: Surface = self.os_window.get_surface()  # what is drawn on (resizes with it)
        self.look: Look = build_look(self.settings)
        self._fonts: dict[tuple[int, bool], Font] = {}
        self.manager: UIManager = self._make_manager()
        self.stack: list[tuple[Screen, Callable[[Any], None] | None]] = []
        self.dirty = True
        self.running = True
        self.exit_code = 0
        self.screenshots = screenshots
        self.shot_count = 0
        self._pending_shot: str | None = None
        self.shots_taken: list[Path] = []
        self.auto_delay = auto_delay  # None: a person plays; seconds between automatic steps
        self.auto_policy: str | None = None  # policy the turn screen asks game.suggest for
        self.home: Callable[[], None] | None = None  # shows the scenario picker
        self._last_auto = 0.0
        self._last_input = time.monotonic()
        self._relayout_at: float | None = None  # when to lay out after a resize
        self._focus_tip: IUITooltipInterface | None = None  # the keyboard focus's tooltip
        self._focus_tip_due: tuple[float, UIElement] | None = None  # (when, element)
        self.clock = pygame.time.Clock()
        self.frames = 0
        if screenshots is not None:
            check_folder(screenshots, create=True)  # a file or a device there: a clear error

    # ---- setup ------------------------------------------------------------------------------
    def _make_manager(self) -> UIManager:
        """A manager for the current look and window size, its fonts loaded."""
        from ._gui_manager import UIManager

        size = self.window.get_size()
        manager = UIManager(size, self.look.theme, enable_live_theme_updates=False)
        fonts: list[dict[str, str | int | float]] = []
        for point in sorted(font_sizes(self.look.theme) | {self.look.font_size, 14}):
            for style in ("regular", "bold", "italic", "bold_italic"):
                fonts.append({"name": "noto_sans", "point_size": point, "style": style})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pygame_gui warns about faces it already loaded
            manager.preload_fonts(fonts)
        self._fonts.clear()
        return manager

    # ---- measurements -----------------------------------------------------------------------
    @property
    def unit(self) -> int:
        """The layout unit (8 px at the normal font size)."""
        return max(6, round(8 * self.look.scale))

    @property
    def button_height(self) -> int:
        return self.font(self.look.font_size).get_linesize() + 2 * self.unit

    @property
    def scrollbar_width(self) -> int:
        return 22

    def font(self, size: int, bold: bool = False) -> Font:
        """A pygame font of the theme's face (for charts and measuring)."""
        key = (size, bold)
        if key not in self._fonts:
            name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
            with resources.as_file(resources.files("pygame_gui.data").joinpath(name)) as path:
                self._fonts[key] = self.pygame.font.Font(str(path), size)
        return self._fonts[key]

    def text_width(self, text: str, bold: bool = False, size: int | None = None) -> int:
        return self.font(size or self.look.font_size, bold).size(text)[0]

    def layout_size(self) -> tuple[int, int]:
        w, h = self.window.get_size()
        return max(w, _pg.MIN_WINDOW[0]), max(h, _pg.MIN_WINDOW[1])

    # ---- the stack --------------------------------------------------------------------------
    @property
    def top(self) -> Screen | None:
        return self.stack[-1][0] if self.stack else None

    def push(self, screen: Screen, on_result: Callable[[Any], None] | None = None) -> None:
        """Show ``screen`` above the current one; ``on_result`` receives what it pops with."""
        if self.top is not None:
            self.top.teardown()
        self.stack.append((screen, on_result))
        screen.on_enter()
        screen.rebuild()
        self._last_auto = time.monotonic()

    def pop(self, result: Any = None) -> None:
        """Close the top screen and hand ``result`` to its callback."""
        if not self.stack:
            return
        screen, callback = self.stack.pop()
        screen.on_exit()
        screen.teardown()
        if self.top is not None:
            self.top.rebuild()
        if callback is not None:
            callback(result)
        self._last_auto = time.monotonic()

    def replace(self, screen: Screen) -> None:
        """Swap the top screen for ``screen`` (the usual forward move)."""
        if self.stack:
            old, _ = self.stack.pop()
            old.on_exit()
            old.teardown()
        self.push(screen)

    def request_redraw(self) -> None:
        self.dirty = True

    def request_screenshot(self, label: str) -> None:
        """Save a PNG of the next frame drawn (with --screenshots)."""
        if self.screenshots is not None:
            self._pending_shot = label
            self.dirty = True

    def quit(self, code: int = 0) -> None:
        self.running = False
        self.exit_code = code

    def apply_settings(self, settings: Settings) -> None:
        """Change fonts, contrast, palette or full screen, and rebuild the visible screen."""
        fullscreen_changed = settings.fullscreen != self.settings.fullscreen
        self.settings = settings
        if self.auto_delay is None:
            settings.remember()  # the next game on this computer opens with them
        self.look = build_look(settings)
        focused = self.top.focused_id() if self.top is not None else None
        if self.top is not None:
            self.top.teardown()
        if fullscreen_changed:
            if settings.fullscreen:
                self.os_window.set_fullscreen(desktop=True)
            else:
                self.os_window.set_windowed()
                self.os_window.size = (1280, 720)
            self.window = self.os_window.get_surface()
        self.manager.clear_and_reset()
        self.manager = self._make_manager()
        if self.top is not None:
            self.top.rebuild()
            if focused is not None:
                self.top.focus_by_id(focused)  # the keyboard stays on the setting just changed
        self.dirty = True

    # ---- the loop ---------------------------------------------------------------------------
    def run(self) -> int:
        """Run until the window is closed or a screen quits; returns the exit code."""
        while self.running:
            self.pump()
        for screen, _ in reversed(self.stack):
            screen.on_exit()
        return self.exit_code

    def close(self) -> None:
        """Destroy the window (the app cannot draw after this)."""
        self.os_window.destroy()

    def pump(self, wait: bool = True) -> None:
        """Handle pending events, update and draw if needed (one pass of the loop)."""
        pg = self.pygame
        events = pg.event.get()
        now = time.monotonic()
        active = now - self._last_input < ACTIVE_SECONDS or self._typing()
        if not events and wait and not self.dirty and self._pending_shot is None:
            busy = (
                active
                or self.auto_delay is not None
                or self._relayout_at is not None
                or self._focus_tip_due is not None
            )
            timeout = FRAME_MS if busy else IDLE_MS
            event = pg.event.wait(timeout)
            if event.type != pg.NOEVENT:
                events = [event, *pg.event.get()]
        for _ in range(4):
            for event in events:
                self.dispatch(event)
                if not self.running:
                    return
            # pygame_gui posts what the input did (a button pressed) back to the queue while it
            # handles the input: handle that in this same pass, so a click is answered in the
            # frame drawn right after it, not one frame later.
            events = pg.event.get()
            if not events:
                break
        if self._relayout_at is not None and time.monotonic() >= self._relayout_at:
            self.relayout()
        self._show_focus_tip()
        dt = min(self.clock.tick() / 1000.0, 0.25)
        self.manager.update(dt)
        if self.top is not None:
            self.top.update(dt)
        if time.monotonic() - self._last_input < ACTIVE_SECONDS or self._typing():
            self.dirty = True
        if self.dirty:
            self.draw()
        self._auto_tick()

    def _typing(self) -> bool:
        focus = self.manager.get_focus_set()
        return bool(focus) and any(is_text_field(e) for e in focus)

    def dispatch(self, event: Event) -> None:
        """Route one event to the manager and the top screen."""
        pg = self.pygame
        if event.type in (pg.QUIT, pg.WINDOWCLOSE):
            self.quit(self.exit_code)
            return
        if event.type in (pg.VIDEORESIZE, pg.WINDOWSIZECHANGED):
            self.on_resize()
            return
        if event.type in (pg.WINDOWEXPOSED, pg.WINDOWRESTORED, pg.WINDOWSHOWN, pg.VIDEOEXPOSE):
            self.dirty = True
        if event.type in (
            pg.MOUSEMOTION,
            pg.MOUSEBUTTONDOWN,
            pg.MOUSEBUTTONUP,
            pg.KEYDOWN,
            pg.MOUSEWHEEL,
            pg.TEXTINPUT,
            pg.KEYUP,
        ):
            self._last_input = time.monotonic()
            self.dirty = True
            if event.type != pg.KEYUP:
                self.hide_focus_tip()  # any input ends it; Tab and arrows start a new one
        try:
            self.manager.process_events(event)
        except RuntimeError:
            # pygame_gui 0.6's multi-line text box can lose track of its caret after a
            # word is selected near the end of wrapped text ("Failed to insert text at
            # index"): rebuild its text layout and carry on rather than close the window.
            if not self._reset_text_entry():
                raise
        if self.top is not None:
            self.top.handle_event(event)

    # ---- tooltips for the keyboard ---------------------------------------------------------------
    def focus_moved_by_keyboard(self, element: UIElement | None) -> None:
        """The keyboard moved the focus to ``element``: show its tooltip when it rests there, as
        a mouse resting on it would (keyboard players see what every button does, too)."""
        self.hide_focus_tip()
        if element is not None and element.tool_tip_text:
            self._focus_tip_due = (time.monotonic() + FOCUS_TIP_SECONDS, element)

    def hide_focus_tip(self) -> None:
        self._focus_tip_due = None
        if self._focus_tip is not None:
            self._focus_tip.kill()
            self._focus_tip = None
            self.dirty = True

    def _show_focus_tip(self) -> None:
        if self._focus_tip_due is None or time.monotonic() < self._focus_tip_due[0]:
            return
        element = self._focus_tip_due[1]
        self._focus_tip_due = None
        top = self.top
        if top is None or top.focused() is not element or not element.alive():
            return
        rect = top.focus_rect()
        text = element.tool_tip_text
        if rect is None or not text:  # scrolled out of sight, or its tooltip was taken off
            return
        self._focus_tip = self.manager.create_tool_tip(
            text=text,
            position=(round(rect.centerx), round(rect.centery)),
            hover_distance=(0, round(rect.height) // 2),
            parent_element=element,
            object_id=element.tool_tip_object_id,
            wrap_width=element.tool_tip_wrap_width,
        )
        self.dirty = True

    def _reset_text_entry(self) -> bool:
        """Put the focused text field's caret at the end of its text; False if none has focus."""
        entries = [e for e in self.manager.get_focus_set() or () if is_text_field(e)]
        if not entries:
            return False
        for entry in entries:
            text = entry.get_text()
            entry.set_text(text)
            entry.edit_position = len(text)
            entry.select_range = [0, 0]
        self.dirty = True
        return True

    def on_resize(self) -> None:
        self.window = self.os_window.get_surface()
        self.dirty = True
        if tuple(self.window.get_size()) == tuple(self.manager.window_resolution):
            return  # SDL reports one resize as several events: lay out once per size
        self.manager.set_window_resolution(self.window.get_size())
        # Building a screen takes a few hundred ms: while the edge is being dragged, keep
        # drawing the current layout and build the new one when the size has rested.
        self._relayout_at = time.monotonic() + RELAYOUT_SECONDS

    def relayout(self) -> None:
        """Lay the top screen out for the window's current size now (ends a pending resize)."""
        self._relayout_at = None
        if self.top is not None:
            self.top.rebuild()
        self.dirty = True

    def draw(self) -> None:
        """Draw the page, the UI and the focus ring, then flip."""
        pg = self.pygame
        self.window.fill(self.look.page)
        self.manager.draw_ui(self.window)
        if self.top is not None:
            spot = self.top.highlight_rect()
            if spot is not None:
                pg.draw.rect(self.window, self.look.focus, spot, width=4, border_radius=10)
            ring = self.top.focus_rect()
            if ring is not None:
                pg.draw.rect(self.window, self.look.focus, ring, width=3, border_radius=8)
                pg.draw.rect(
                    self.window, self.look.ink, ring.inflate(4, 4), width=1, border_radius=10
                )
            if ring is not None or spot is not None:
                self._redraw_tooltips()
        self.os_window.flip()
        self.dirty = False
        self.frames += 1
        if self._pending_shot is not None and self.screenshots is not None:
            self.shot_count += 1
            path = self.screenshots / f"{self.shot_count:03d}-{self._pending_shot}.png"
            png = io.BytesIO()
            pg.image.save(self.window, png, "png")
            write_file(path, png.getvalue(), force=True, create_folder=False)  # whole or none
            self.shots_taken.append(path)
            self._pending_shot = None

    def _redraw_tooltips(self) -> None:
        """Draw open tooltips again, over the focus ring (it is drawn after the UI)."""
        from pygame_gui.elements import UITooltip

        group = self.manager.get_sprite_group()
        tips = [s for s in group.sprites() if isinstance(s, UITooltip) and s.visible]
        if not tips:
            return
        layer = min(t.layer for t in tips)
        # [image, rect, area, flags], as LayeredGUIGroup.draw blits them (pygame_gui types the
        # list as list[int | None], which pygame's stubs rightly refuse)
        data = [s.blit_data for s in group.sprites() if s.visible and s.layer >= layer]
        self.window.blits(data)  # type: ignore[arg-type]

    def _auto_tick(self) -> None:
        if self.auto_delay is None or self.top is None or self._pending_shot is not None:
            return
        if time.monotonic() - self._last_auto < self.auto_delay:
            return
        self._last_auto = time.monotonic()
        if not self.top.auto_step():
            self.quit(self.exit_code)
