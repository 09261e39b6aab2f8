"""The base of every screen: element factories, named actions, keyboard focus and scrolling.

A screen builds its pygame_gui elements inside one invisible root container; on a resize or a
settings change the root is killed and :meth:`Screen.build` runs again at the new size. Buttons and
key bindings call the same named action (``self.actions[object_id]``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeGuard, TypeVar

from ..textsafe import clean, clip

if TYPE_CHECKING:
    import pygame
    from pygame.typing import RectLike
    from pygame_gui.core import IContainerLikeInterface, ObjectID, UIContainer, UIElement
    from pygame_gui.elements import (
        UIButton,
        UIImage,
        UIPanel,
        UIScrollingContainer,
        UITextBox,
        UITextEntryBox,
        UITextEntryLine,
    )

    from .app import App

_Element = TypeVar("_Element", bound="UIElement")


class Screen:
    """One screen on the app's stack."""

    name = "screen"

    def __init__(self, app: App) -> None:
        self.app = app
        self.root: UIContainer | None = None
        self.actions: dict[str, Callable[[], None]] = {}
        self.focusables: list[UIElement] = []
        #: id(element) -> the scrolling area holding it
        self.scroll_views: dict[int, UIScrollingContainer] = {}
        #: the container inside a scrolling area, or inside a panel in one -> that area
        self._scroll_of: dict[IContainerLikeInterface, UIScrollingContainer] = {}
        self.focus_index = -1
        self.elements: dict[str, UIElement] = {}

    # ---- life cycle -------------------------------------------------------------------------
    def on_enter(self) -> None:
        """Called when the screen becomes the top of the stack."""

    def on_exit(self) -> None:
        """Called when the screen leaves the stack."""

    def build(self, width: int, height: int) -> None:
        """Create the screen's elements for a window of this size (override)."""
        raise NotImplementedError

    def auto_step(self) -> bool:
        """In --auto mode: do what a player would do next; False when there is nothing to do."""
        return False

    def update(self, dt: float) -> None:
        """Advance time-dependent state (no timers in the game; used for nothing by default)."""

    def rebuild(self) -> None:
        """Throw away the elements and build them again at the current window size (scrolled
        areas keep where they were scrolled to, the focus stays on the same element)."""
        pg = self.app.pygame
        focused_id = self.focused_id()
        scrolled = self._scroll_positions()
        self.teardown()
        w, h = self.app.layout_size()
        from pygame_gui.core import UIContainer

        self.root = UIContainer(pg.Rect(0, 0, w, h), manager=self.app.manager, object_id="#root")
        self.build(w, h)
        self._restore_scroll(scrolled)
        if focused_id is not None:
            self.focus_by_id(focused_id)
        self.app.request_redraw()

    def _scroll_positions(self) -> dict[str, float]:
        out = {}
        for oid, element in self.elements.items():
            if _is_scroll_view(element) and element.vert_scroll_bar is not None:
                out[oid] = element.vert_scroll_bar.start_percentage
        return out

    def _restore_scroll(self, positions: dict[str, float]) -> None:
        for oid, start in positions.items():
            view = self.elements.get(oid)
            if view is None or not _is_scroll_view(view) or view.vert_scroll_bar is None:
                continue
            bar = view.vert_scroll_bar
            bar.set_scroll_from_start_percentage(min(start, max(0.0, 1 - bar.visible_percentage)))

    def teardown(self) -> None:
        """Remove every element of this screen."""
        self.app.hide_focus_tip()
        # A text field with the keyboard turns key repeat on (pygame_gui) and only turns it off
        # when it loses the focus, not when it is killed: Enter pressed in the pseudonym field
        # then repeated itself on the next screens while they were being built (the briefing
        # began turn 1 and the first-turn guide raced to its end). Fields that get the focus
        # again turn it back on.
        self.app.pygame.key.set_repeat(0)
        if self.root is not None:
            self.root.kill()
        self.root = None
        self.actions.clear()
        self.focusables.clear()
        self.scroll_views.clear()
        self._scroll_of.clear()
        self.elements.clear()
        self.focus_index = -1

    # ---- element factories ------------------------------------------------------------------
    def _register(
        self,
        element: _Element,
        oid: str,
        focusable: bool,
        container: IContainerLikeInterface | None,
    ) -> _Element:
        self.elements[oid] = element
        if focusable:
            self.focusables.append(element)
        scroll = self._scroll_holding(container)
        if scroll is not None:
            self.scroll_views[id(element)] = scroll
        return element

    def _scroll_holding(
        self, container: IContainerLikeInterface | None
    ) -> UIScrollingContainer | None:
        """The scrolling area whose content ``container`` is (or is in a panel of), if any."""
        return None if container is None else self._scroll_of.get(container.get_container())

    def element_as(self, oid: str, kind: type[_Element]) -> _Element:
        """The element named ``oid``, which must be a ``kind`` (TypeError if it is not)."""
        element = self.elements[oid]
        if not isinstance(element, kind):
            raise TypeError(f"{oid} is a {type(element).__name__}, not a {kind.__name__}")
        return element

    def _object_id(self, oid: str, cls: str | None) -> ObjectID:
        from pygame_gui.core import ObjectID

        return ObjectID(object_id=oid, class_id=cls)

    def button(
        self,
        text: str,
        rect: RectLike,
        oid: str,
        action: Callable[[], None],
        *,
        cls: str | None = None,
        tooltip: str | None = None,
        container: IContainerLikeInterface | None = None,
        enabled: bool = True,
        focusable: bool = True,
    ) -> UIButton:
        """A button whose press (mouse or keyboard) calls ``action``."""
        from pygame_gui.elements import UIButton

        btn = UIButton(
            self.app.pygame.Rect(rect),
            label_text(text),
            manager=self.app.manager,
            container=container or self.root,
            object_id=self._object_id(oid, cls),
            tool_tip_text=None if tooltip is None else clean(tooltip),
        )
        if not enabled:
            btn.disable()
        self.actions[oid] = action
        return self._register(btn, oid, focusable, container)

    def text(
        self,
        html: str,
        rect: RectLike,
        oid: str,
        cls: str | None = None,
        *,
        container: IContainerLikeInterface | None = None,
        tooltip: str | None = None,
    ) -> UITextBox:
        """Wrapped rich text (pygame_gui HTML subset); height -1 sizes it to the text."""
        from pygame_gui.elements import UITextBox

        box = UITextBox(
            html,
            self.app.pygame.Rect(rect),
            manager=self.app.manager,
            container=container or self.root,
            object_id=self._object_id(oid, cls),
        )
        if tooltip:
            box.set_tooltip(clean(tooltip))
        return self._register(box, oid, False, container)

    def image(
        self,
        surface: pygame.Surface,
        pos: tuple[int, int],
        oid: str,
        *,
        container: IContainerLikeInterface | None = None,
        tooltip: str | None = None,
    ) -> UIImage:
        """A picture drawn with pygame (bars, charts)."""
        from pygame_gui.elements import UIImage

        rect = self.app.pygame.Rect(pos, surface.get_size())
        img = UIImage(
            rect,
            surface,
            manager=self.app.manager,
            container=container or self.root,
            object_id=self._object_id(oid, None),
        )
        if tooltip:
            img.set_tooltip(tooltip)
        return self._register(img, oid, False, container)

    def panel(
        self,
        rect: RectLike,
        oid: str,
        cls: str | None = None,
        container: IContainerLikeInterface | None = None,
    ) -> UIPanel:
        """A card background."""
        from pygame_gui.elements import UIPanel

        parent = container or self.root
        pnl = UIPanel(
            self.app.pygame.Rect(rect),
            manager=self.app.manager,
            container=parent,
            object_id=self._object_id(oid, cls),
        )
        scroll = self._scroll_holding(parent)
        if scroll is not None:
            self._scroll_of[pnl.get_container()] = scroll
        return self._register(pnl, oid, False, container)

    def scroll(
        self,
        rect: RectLike,
        oid: str,
        container: IContainerLikeInterface | None = None,
        *,
        focusable: bool = False,
    ) -> UIScrollingContainer:
        """A vertically scrolling area; returns the container to put elements in.

        A ``focusable`` area is a Tab stop of its own, so text with no buttons in it (a
        briefing, the groups on a turn) can be read by keyboard: arrows and PgUp/PgDn scroll it.
        """
        from pygame_gui.elements import UIScrollingContainer

        view = UIScrollingContainer(
            self.app.pygame.Rect(rect),
            manager=self.app.manager,
            container=container or self.root,
            object_id=self._object_id(oid, None),
            allow_scroll_x=False,
        )
        self._scroll_of[view.get_container()] = view
        self._register(view, oid, focusable, container)
        return view

    def entry(
        self,
        rect: RectLike,
        oid: str,
        text: str = "",
        *,
        container: IContainerLikeInterface | None = None,
        tooltip: str | None = None,
        multiline: bool = False,
    ) -> UITextEntryLine | UITextEntryBox:
        """A text field (one line, or a box for written answers)."""
        from pygame_gui.elements import UITextEntryBox, UITextEntryLine

        cls = UITextEntryBox if multiline else UITextEntryLine
        field = cls(
            self.app.pygame.Rect(rect),
            manager=self.app.manager,
            container=container or self.root,
            # pygame_gui themes a UITextEntryBox by the text_box block (transparent here).
            object_id=self._object_id(oid, "@entry" if multiline else None),
            initial_text=clean(text, newlines=multiline),
        )
        if tooltip:
            field.set_tooltip(clean(tooltip))
        return self._register(field, oid, True, container)

    def fixed_text(
        self,
        variants: list[str],
        rect: tuple[int, int, int],
        oid: str,
        cls: str | None = None,
        *,
        container: IContainerLikeInterface | None = None,
        tooltip: str | None = None,
    ) -> UITextBox:
        """A text box as tall as the tallest of ``variants`` at width ``rect[2]``, showing the
        first: changing it later to another variant (:meth:`set_html`) never changes its height,
        so nothing below it moves."""
        from .layout import fix_size

        x, y, width = rect[0], rect[1], rect[2]
        tallest = max(variants, key=lambda html: self._measure(html, width, cls))
        box = self.text(tallest, (x, y, width, -1), oid, cls, container=container, tooltip=tooltip)
        fix_size(box, width, box.rect.height)
        self.set_html(box, variants[0])
        return box

    def _measure(self, html: str, width: int, cls: str | None) -> int:
        """The height a text box of this width would take for ``html`` (built and thrown away)."""
        from pygame_gui.elements import UITextBox

        box = UITextBox(
            html,
            self.app.pygame.Rect(-10_000, -10_000, width, -1),
            manager=self.app.manager,
            object_id=self._object_id("#measure", cls),
        )
        height = box.rect.height
        box.kill()
        return height

    def set_html(self, box: UITextBox, html: str) -> None:
        """Change a text box's text in place (nothing else is rebuilt); no-op when unchanged."""
        if box.html_text != html:
            box.set_text(html)
            self.app.request_redraw()

    def restyle_button(
        self,
        button: UIButton,
        text: str,
        cls: str | None,
        *,
        enabled: bool | None = None,
        tooltip: str | None = None,
    ) -> None:
        """Change a button's label, look (theme class), state and tooltip in place."""
        oid = oid_of(button)
        if button.text != text:
            button.set_text(text)
        ids = button.get_class_ids()
        if (ids[-1] if ids else None) != cls:
            button.change_object_id(self._object_id(oid, cls))
        if enabled is not None and enabled != button.is_enabled:
            button.enable() if enabled else button.disable()
        if tooltip is not None and tooltip != button.tool_tip_text:
            button.set_tooltip(tooltip)
        self.app.request_redraw()

    def button_width(self, text: str, bold: bool = False) -> int:
        """Width a button needs for ``text`` with comfortable padding."""
        return self.app.text_width(label_text(text), bold=bold) + 3 * self.app.unit

    def fit_scroll(self, view: UIScrollingContainer, content_height: int) -> None:
        """Tell a scrolling area how tall its content is."""
        width = view.get_container().get_rect().width
        view.set_scrollable_area_dimensions((width, max(content_height, 1)))

    def scroll_width(self, view: UIScrollingContainer) -> int:
        """Usable content width inside a scrolling area (room left for its scroll bar)."""
        return view.rect.width - self.app.scrollbar_width

    # ---- focus and keyboard -----------------------------------------------------------------
    def focused(self) -> UIElement | None:
        if 0 <= self.focus_index < len(self.focusables):
            return self.focusables[self.focus_index]
        return None

    def focused_id(self) -> str | None:
        element = self.focused()
        if element is None:
            return None
        return oid_of(element)

    def focus_by_id(self, oid: str) -> bool:
        for index, element in enumerate(self.focusables):
            if oid_of(element) == oid:
                self.set_focus(index)
                return True
        return False

    def set_focus(self, index: int) -> None:
        if not self.focusables:
            self.focus_index = -1
            return
        self.focus_index = index % len(self.focusables)
        element = self.focusables[self.focus_index]
        if is_text_field(element) and oid_of(element) not in self.actions:
            self.app.manager.set_focus_set(element)
            _caret_to_end(element)
        else:
            self.app.manager.set_focus_set(None)
        self.scroll_into_view(element)
        self.app.request_redraw()

    def move_focus(self, step: int) -> None:
        usable = [
            i
            for i, e in enumerate(self.focusables)
            if e.is_enabled and e.visible and not (_is_scroll_view(e) and not _can_scroll(e))
        ]
        if not usable:
            return
        if self.focus_index not in usable:
            self.set_focus(usable[0] if step > 0 else usable[-1])
            return
        pos = usable.index(self.focus_index)
        self.set_focus(usable[(pos + step) % len(usable)])

    def scroll_into_view(self, element: UIElement) -> None:
        view = self.scroll_views.get(id(element))
        if view is None or view.vert_scroll_bar is None:
            return
        inner = view.get_container()
        total = inner.get_rect().height
        visible = view.rect.height
        if total <= visible:
            return
        origin = inner.get_abs_rect().top
        top = element.get_abs_rect().top - origin
        bottom = element.get_abs_rect().bottom - origin
        bar = view.vert_scroll_bar
        start = bar.start_percentage * total
        if top < start:
            start = max(0, top - self.app.unit)
        elif bottom > start + visible:
            start = min(total - visible, bottom - visible + self.app.unit)
        else:
            return
        bar.set_scroll_from_start_percentage(start / total)

    def activate(self, oid: str) -> bool:
        """Run the named action (what a click or a key binding does)."""
        action = self.actions.get(oid)
        element = self.elements.get(oid)
        if action is None or (element is not None and not element.is_enabled):
            return False
        action()
        self.app.request_redraw()
        return True

    def highlight_rect(self) -> pygame.Rect | pygame.FRect | None:
        """A part of the screen to ring for the player's attention (a guide), or None."""
        return None

    def on_escape(self) -> None:
        """Esc: go back (override)."""

    def on_key(self, key: int, mod: int) -> bool:
        """Screen-specific keys (override); True when handled."""
        return False

    def handle_event(self, event: pygame.event.Event) -> None:
        """Route one event: button presses by object id, keys to focus and bindings."""
        pg = self.app.pygame
        import pygame_gui

        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            oid = event.ui_object_id.rsplit(".", 1)[-1]
            if event.ui_element in self.focusables:
                self.focus_index = self.focusables.index(event.ui_element)
            self.activate(oid)
            return
        if event.type != pg.KEYDOWN:
            return
        typing = self.app.manager.get_focus_set()
        typing_in = next(iter(typing), None) if typing else None
        is_entry = is_text_field(typing_in) and oid_of(typing_in) not in self.actions
        if event.key == pg.K_TAB:
            if is_entry and typing_in in self.focusables:
                self.focus_index = self.focusables.index(typing_in)
            self.move_focus(-1 if event.mod & pg.KMOD_SHIFT else 1)
            self.app.focus_moved_by_keyboard(self.focused())
            return
        if event.key == pg.K_ESCAPE:
            if is_entry:
                self.app.manager.set_focus_set(None)
                self.app.request_redraw()
                return
            self.on_escape()
            return
        if is_entry:
            return  # the text field has the keys
        focused = self.focused()
        if _is_scroll_view(focused) and event.key in (pg.K_UP, pg.K_DOWN):
            line = self.app.font(self.app.look.font_size).get_linesize()
            self.scroll_by(focused, 3 * line if event.key == pg.K_DOWN else -3 * line)
            return
        if event.key in (pg.K_DOWN, pg.K_RIGHT):
            self.move_focus(1)
            self.app.focus_moved_by_keyboard(self.focused())
            return
        if event.key in (pg.K_UP, pg.K_LEFT):
            self.move_focus(-1)
            self.app.focus_moved_by_keyboard(self.focused())
            return
        if event.key in (pg.K_RETURN, pg.K_KP_ENTER, pg.K_SPACE):
            element = self.focused()
            if element is not None and oid_of(element) in self.actions:
                self.activate(oid_of(element))
                return
        if self.on_key(event.key, event.mod):
            return
        self.scroll_key(event.key)

    # ---- scrolling by keyboard ----------------------------------------------------------------
    def page_view(self) -> UIScrollingContainer | None:
        """The scrolling area PgUp/PgDn/Home/End move: the focused one, the one holding the
        focus, or else the screen's biggest."""
        focused = self.focused()
        if _is_scroll_view(focused):
            return focused
        if focused is not None and id(focused) in self.scroll_views:
            return self.scroll_views[id(focused)]
        views = [e for e in self.elements.values() if _is_scroll_view(e)]
        if not views:
            return None
        return max(views, key=lambda v: v.rect.width * v.rect.height)

    def scroll_key(self, key: int) -> bool:
        """PgUp/PgDn scroll a page, Home/End to the top or bottom; True when handled."""
        pg = self.app.pygame
        if key not in (pg.K_PAGEUP, pg.K_PAGEDOWN, pg.K_HOME, pg.K_END):
            return False
        view = self.page_view()
        if view is None:
            return False
        page = int(view.rect.height * 0.9)
        big = 10**6
        step = {pg.K_PAGEUP: -page, pg.K_PAGEDOWN: page, pg.K_HOME: -big, pg.K_END: big}[key]
        self.scroll_by(view, step)
        return True

    def scroll_by(self, view: UIScrollingContainer, pixels: int) -> None:
        """Move a scrolling area's content by ``pixels`` (down when positive)."""
        bar = view.vert_scroll_bar
        if bar is None:
            return
        total = view.get_container().get_rect().height
        if total <= view.rect.height:
            return
        start = bar.start_percentage * total + pixels
        start = max(0.0, min(float(total - view.rect.height), start))
        bar.set_scroll_from_start_percentage(start / total)
        self.app.request_redraw()

    def focus_rect(self) -> pygame.Rect | pygame.FRect | None:
        """Where to draw the focus ring (clipped to its scrolling area), or None."""
        element = self.focused()
        if element is None or not element.visible:
            return None
        rect = element.get_abs_rect().inflate(6, 6)
        view = self.scroll_views.get(id(element))
        if view is not None:
            rect = rect.clip(view.get_abs_rect())
            if rect.width == 0 or rect.height == 0:
                return None
        return rect


#: The longest button label shown (scenario names and titles have at most 200 characters).
MAX_LABEL = 240


def label_text(text: str) -> str:
    """A button label: one line, no control characters, at most :data:`MAX_LABEL` characters."""
    return clip(clean(text, newlines=False), MAX_LABEL)


def oid_of(element: UIElement) -> str:
    """The object id the screen gave an element (without container prefixes)."""
    ids = element.get_object_ids()
    return (ids[-1] or "") if ids else ""


def is_text_field(element: object) -> TypeGuard[UITextEntryLine | UITextEntryBox]:
    """Whether ``element`` is a field the player types in (one line or a box)."""
    from pygame_gui.elements import UITextEntryBox, UITextEntryLine

    return isinstance(element, (UITextEntryLine, UITextEntryBox))


def _is_scroll_view(element: UIElement | None) -> TypeGuard[UIScrollingContainer]:
    from pygame_gui.elements import UIScrollingContainer

    return isinstance(element, UIScrollingContainer)


def _can_scroll(view: UIScrollingContainer) -> bool:
    """Whether a scrolling area's content is taller than the area (a Tab stop only then)."""
    return view.get_container().get_rect().height > view.rect.height


def _caret_to_end(field: UITextEntryLine | UITextEntryBox) -> None:
    """Put a text field's caret after its text (pygame_gui leaves it at 0 when focus comes by
    Tab, so typing went in front of what was there and Backspace did nothing)."""
    field.edit_position = len(field.get_text())
    field.select_range = [0, 0]
    field.cursor_has_moved_recently = True
