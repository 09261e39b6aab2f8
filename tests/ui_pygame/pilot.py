"""A Pilot for the game window: drives a real :class:`App` only through real pygame events.

Every input is posted to the SDL event queue and handled by ``app.pump(wait=False)``, exactly as
the running window would handle it: mouse clicks go through pygame_gui's hit testing (a covered,
hidden or disabled button is not pressed), keys through the screens' key handling. pygame_gui
posts ``UI_BUTTON_PRESSED`` back to the queue, so a click pumps until that event has been handled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simcity_council.errors import CouncilError
from simcity_council.play_options import PlayOptions
from simcity_council.ui_pygame.app import App
from simcity_council.ui_pygame.screen import Screen, oid_of


class PilotError(AssertionError):
    """The pilot could not do what the test asked (the UI would not let a person do it either)."""


@dataclass
class Pilot:
    app: App
    seen: list[Any] = field(default_factory=list)  # every event the app dispatched

    def __post_init__(self) -> None:
        dispatch = self.app.dispatch

        def recording(event: Any) -> None:
            self.seen.append(event)
            if len(self.seen) > 2000:
                del self.seen[:1000]
            dispatch(event)

        self.app.dispatch = recording  # type: ignore[method-assign]

    # ---- starting -----------------------------------------------------------------------------
    def launch(self, options: PlayOptions) -> None:
        """Show the first screen for ``options`` as ``ui_pygame._launch.launch_game`` does."""
        from simcity_council.ui_pygame._launch import show_error, show_game
        from simcity_council.ui_pygame.catalog import find_scenarios, load_entry
        from simcity_council.ui_pygame.play_session import start_session
        from simcity_council.ui_pygame.title_screen import TitleScreen

        app = self.app

        def start(entry: Any, player: str | None, seed: int | None) -> None:
            try:
                session = start_session(
                    entry.ref,
                    seed=seed,
                    player=player,
                    log_dir=options.log_dir,
                    settings=app.settings.as_dict(),
                )
            except CouncilError as error:
                show_error(app, "The game could not start", str(error).splitlines())
                return
            show_game(app, session)

        def home() -> None:
            while app.stack:
                app.pop()
            extra = [options.scenario] if options.scenario else []
            app.push(
                TitleScreen(
                    app,
                    find_scenarios(extra),
                    player=options.player,
                    seed=options.seed,
                    start=start,
                )
            )

        app.home = home
        if options.scenario is not None:
            entry = load_entry(options.scenario, "command line")
            if entry.ok:
                start(entry, options.player, options.seed)
            else:
                show_error(
                    app,
                    f"{options.scenario} failed validation",
                    ["Fix these problems in the scenario file:", *entry.problems],
                )
        else:
            home()
        self.pump()

    # ---- looking ------------------------------------------------------------------------------
    @property
    def pg(self) -> Any:
        return self.app.pygame

    @property
    def top(self) -> Screen:
        top = self.app.top
        if top is None:
            raise PilotError("no screen is shown")
        return top

    def screen_name(self) -> str:
        return self.top.name

    def element(self, oid: str) -> Any:
        try:
            return self.top.elements[oid]
        except KeyError:
            known = ", ".join(sorted(self.top.elements))
            raise PilotError(f"{self.screen_name()} screen has no {oid}; it has: {known}") from None

    def ids(self, prefix: str = "") -> list[str]:
        return [oid for oid in self.top.elements if oid.startswith(prefix)]

    def focused_id(self) -> str | None:
        return self.top.focused_id()

    # ---- the loop -----------------------------------------------------------------------------
    def pump(self, times: int = 1) -> None:
        """Run the loop until the event queue is empty (at least ``times`` passes)."""
        for i in range(50):
            if not self.app.running:
                return
            self.app.pump(wait=False)
            if i + 1 >= times and not self.pg.event.peek():
                return
        raise PilotError("the event queue never emptied")

    def post(self, kind: int, **attrs: Any) -> None:
        self.pg.event.post(self.pg.event.Event(kind, attrs))

    # ---- mouse --------------------------------------------------------------------------------
    def visible_point(self, element: Any) -> tuple[int, int]:
        """The centre of the part of ``element`` a person can see (scrolled into view first)."""
        top = self.top
        top.scroll_into_view(element)
        self.pump(2)  # the scrolling container moves its content in update()
        rect = element.get_abs_rect()
        view = top.scroll_views.get(id(element))
        if view is not None:
            rect = rect.clip(view.get_container().get_abs_rect().clip(view.get_abs_rect()))
        rect = rect.clip(self.app.window.get_rect())
        if rect.width <= 0 or rect.height <= 0 or not element.visible:
            raise PilotError(f"{oid_of(element)} is not visible on the {top.name} screen")
        return rect.center

    def click(self, oid: str, *, expect_press: bool = True) -> None:
        """Click the element with this object id with the mouse, like a person would."""
        element = self.element(oid)
        x, y = self.visible_point(element)
        before = len(self.seen)
        self.click_at((x, y))
        if expect_press:
            import pygame_gui

            pressed = [
                e
                for e in self.seen[before:]
                if e.type == pygame_gui.UI_BUTTON_PRESSED and e.ui_element is element
            ]
            if not pressed:
                state = "disabled" if not element.is_enabled else "enabled"
                raise PilotError(
                    f"clicking {oid} ({state}) at {(x, y)} on the {self.screen_name()} "
                    "screen did not press it"
                )

    def click_at(self, pos: tuple[int, int], button: int = 1) -> None:
        pg = self.pg
        self.post(pg.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False)
        self.post(pg.MOUSEBUTTONDOWN, pos=pos, button=button, touch=False)
        self.post(pg.MOUSEBUTTONUP, pos=pos, button=button, touch=False)
        self.pump(2)

    def move_mouse(self, pos: tuple[int, int]) -> None:
        pg = self.pg
        self.post(pg.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0), touch=False)
        self.pump()

    def wheel(self, dy: int, pos: tuple[int, int] | None = None) -> None:
        pg = self.pg
        if pos is not None:
            self.post(pg.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False)
        self.post(pg.MOUSEWHEEL, x=0, y=dy, precise_x=0.0, precise_y=float(dy), flipped=False)
        self.pump()

    # ---- keyboard -----------------------------------------------------------------------------
    def press(self, key: int | str, mod: int = 0) -> None:
        """Press and release one key (a pygame key code, or a name such as "tab" or "3")."""
        pg = self.pg
        code = pg.key.key_code(key) if isinstance(key, str) else key
        name = pg.key.name(code)
        char = name if len(name) == 1 and not mod & ~pg.KMOD_SHIFT else ""
        if char and mod & pg.KMOD_SHIFT:
            char = char.upper()
        self.post(pg.KEYDOWN, key=code, mod=mod, unicode=char, scancode=0)
        if char:
            self.post(pg.TEXTINPUT, text=char)
        self.post(pg.KEYUP, key=code, mod=mod, unicode=char, scancode=0)
        self.pump()

    def type_text(self, text: str) -> None:
        """Type ``text`` into whatever has the keyboard (as SDL delivers it: key + text events)."""
        pg = self.pg
        for char in text:
            code = pg.key.key_code(char.lower()) if char.isascii() and char.isalnum() else 0
            self.post(pg.KEYDOWN, key=code, mod=0, unicode=char, scancode=0)
            self.post(pg.TEXTINPUT, text=char)
            self.post(pg.KEYUP, key=code, mod=0, unicode=char, scancode=0)
        self.pump()

    # ---- window -------------------------------------------------------------------------------
    def resize(self, width: int, height: int) -> None:
        """Resize the window as a person dragging its corner would."""
        pg = self.pg
        pg.display.set_mode((width, height), pg.RESIZABLE)
        self.post(pg.VIDEORESIZE, size=(width, height), w=width, h=height)
        self.post(pg.WINDOWSIZECHANGED, x=width, y=height)
        self.pump()

    def close_window(self) -> None:
        self.post(self.pg.QUIT)
        self.app.pump(wait=False)
