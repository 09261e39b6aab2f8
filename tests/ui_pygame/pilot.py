"""A Pilot for the game window: drives a real :class:`App` only through real pygame events.

Every input is posted to the SDL event queue and handled by ``app.pump(wait=False)``, exactly as
the running window would handle it: mouse clicks go through pygame_gui's hit testing (a covered,
hidden or disabled button is not pressed), keys through the screens' key handling. pygame_gui
posts ``UI_BUTTON_PRESSED`` back to the queue, so a click pumps until that event has been handled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
        """Show the first screen for ``options``, exactly as ``simcity-council play`` does."""
        from simcity_council.ui_pygame._launch import prepare_game

        prepare_game(self.app, options)
        self.pump()

    def start(self, options: PlayOptions, pseudonym: str = "student-1") -> None:
        """Launch with a named scenario and start it as a student would: the title screen has it
        chosen and the pseudonym field ready; type a pseudonym (unless one was given) and press
        Enter. Ends on the briefing."""
        self.launch(options)
        if self.screen_name() != "title":
            return
        if self.focused_id() != "#player":
            raise PilotError(f"the pseudonym field does not have the keyboard: {self.focused_id()}")
        if not options.player:
            self.type_text(pseudonym)
        self.press("return")
        if self.screen_name() != "briefing":
            raise PilotError(f"Enter in the pseudonym field showed {self.screen_name()}")

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
        if not self.app.running:
            raise PilotError("the window has closed (the app quit)")
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
        self.app.os_window.size = (width, height)
        self.post(pg.VIDEORESIZE, size=(width, height), w=width, h=height)
        self.post(pg.WINDOWSIZECHANGED, x=width, y=height)
        self.pump()
        self.app.relayout()  # the person lets go of the window edge
        self.pump()

    def close_window(self) -> None:
        self.post(self.pg.QUIT)
        self.app.pump(wait=False)


# ---- layout checks ------------------------------------------------------------------------------
def _inner(element: Any) -> Any:
    """The rect inside an element's border and shadow, where its text may go."""
    edge = _width(getattr(element, "border_width", 0)) + _width(getattr(element, "shadow_width", 0))
    return element.get_abs_rect().inflate(-2 * edge, -2 * edge)


def _width(value: Any) -> int:
    """A border or shadow width (pygame_gui gives borders per side as a dict)."""
    if isinstance(value, dict):
        return max((int(v) for v in value.values()), default=0)
    return int(value or 0)


def _text_problem(element: Any) -> str | None:
    """Why the element's text does not fit it, or None."""
    from pygame_gui.elements import UIButton, UILabel, UITextBox, UITextEntryLine

    inner = _inner(element)
    if isinstance(element, UIButton | UILabel) and element.text:
        width, _ = element.font.size(element.text)
        height = element.font.size("Ag")[1]
        if width > inner.width:
            return f"text {element.text!r} is {width} px wide in {inner.width} px"
        if height > inner.height:
            return f"text {element.text!r} is {height} px tall in {inner.height} px"
    elif isinstance(element, UITextBox):
        layout = element.text_box_layout
        if layout is None:
            return None
        pad_x, pad_y = element.padding
        room = inner.inflate(-2 * pad_x, -2 * pad_y)
        if layout.layout_rect.width > room.width + 1:
            return f"text is {layout.layout_rect.width} px wide in {room.width} px"
        if element.scroll_bar is None and layout.layout_rect.height > room.height + 1:
            return f"text is {layout.layout_rect.height} px tall in {room.height} px, no scroll bar"
        row = layout.layout_rect.height / max(1, len(layout.layout_rows))
        lines = room.height / max(1.0, row)
        if element.scroll_bar is not None and lines < 3:
            return f"text scrolls in a box {lines:.1f} lines tall (too small to read by scrolling)"
    elif isinstance(element, UITextEntryLine):
        height = element.font.size("Ag")[1]
        if height > inner.height:
            return f"an entry {inner.height} px tall for text {height} px tall"
    return None


# pygame_gui's own parts of a scrolling area: the content may be taller than the view, and a
# scroll bar that is not needed has zero width with its buttons beside it.
_SCROLL_PARTS = {
    "#scrollable_container",
    "#vert_scrollbar_buttons_container",
    "#horiz_scrollbar_buttons_container",
}


def layout_problems(app: App) -> list[str]:
    """Every clipped text, element outside its container, and overlap of siblings on screen."""
    from pygame_gui.elements import UITooltip

    screen = app.top
    names = {id(e): oid for oid, e in (screen.elements.items() if screen else ())}
    window = app.window.get_rect()
    shown = [
        s
        for s in app.manager.get_sprite_group().sprites()
        if getattr(s, "visible", False) and not isinstance(s, UITooltip)
    ]

    def name(e: Any) -> str:
        return names.get(id(e)) or oid_of(e) or type(e).__name__

    problems = []
    by_parent: dict[int, list[Any]] = {}
    for e in shown:
        why = _text_problem(e)
        if why:
            problems.append(f"{name(e)}: {why}")
        parent = e.ui_container
        rect = e.get_abs_rect()
        if oid_of(e) in _SCROLL_PARTS or rect.width == 0 or rect.height == 0:
            continue  # scrolled content is taller than its view by design; hidden scroll bars
        if parent is None:
            if not window.contains(rect) and rect.size != window.size:
                problems.append(f"{name(e)} {rect} is outside the window {window}")
            continue
        outer = parent.get_abs_rect()
        if not outer.contains(rect):
            problems.append(f"{name(e)} {rect} sticks out of its container {outer}")
        if id(e) in names:
            by_parent.setdefault(id(parent), []).append(e)
    for siblings in by_parent.values():
        for i, a in enumerate(siblings):
            ra = a.get_abs_rect()
            for b in siblings[i + 1 :]:
                if ra.colliderect(b.get_abs_rect()):
                    problems.append(f"{name(a)} {ra} overlaps {name(b)} {b.get_abs_rect()}")
    root = screen.root if screen is not None else None
    if root is not None and not window.contains(root.get_abs_rect()):
        problems.append(f"the screen {root.get_abs_rect()} is bigger than the window {window}")
    return problems


def assert_no_clipping(app: App) -> None:
    """No text cut off, nothing outside its container or the window, no overlapping siblings."""
    problems = layout_problems(app)
    where = f"{app.top.name if app.top else 'no'} screen at {app.window.get_size()}"
    assert not problems, f"{where}:\n  " + "\n  ".join(problems)
