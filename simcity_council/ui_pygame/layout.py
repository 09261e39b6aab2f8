"""A vertical stacker: places wrapped text, buttons and images one under another in a container.

Text boxes are created with height -1 so pygame_gui sizes them to their wrapped text; the stacker
reads the real height back, so nothing overlaps and nothing is clipped at any window size.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pygame
    from pygame_gui.core import IContainerLikeInterface
    from pygame_gui.elements import UIButton, UIImage, UITextBox

    from .screen import Screen


# What a text box needs around its text, in px, beyond the text's own width: pygame_gui wraps a
# line unless the box is at least this much wider (padding 8 + border 1 on each side of a
# "@card", then 6 it keeps for the caret and rounding; measured, and the same at every size).
CARD_TEXT_EDGES = 26
TEXT_EDGES = 14  # a plain text box (padding 4 each side, no border, the same 6)


class Column:
    """Stack elements top to bottom inside ``container`` between ``x`` and ``x + width``."""

    def __init__(
        self,
        screen: Screen,
        container: IContainerLikeInterface | None,
        x: int,
        y: int,
        width: int,
    ) -> None:
        self.screen = screen
        self.container = container
        self.x = x
        self.y = y
        self.top = y
        self.width = width

    @property
    def gap_size(self) -> int:
        return self.screen.app.unit

    def gap(self, factor: float = 1.0) -> None:
        """Leave vertical space (in layout units)."""
        self.y += round(self.gap_size * factor)

    def text(
        self,
        html: str,
        oid: str,
        cls: str | None = None,
        tooltip: str | None = None,
        indent: int = 0,
        width: int | None = None,
    ) -> UITextBox:
        """Wrapped text sized to its content."""
        w = (width or self.width) - indent
        box = self.screen.text(
            html,
            (self.x + indent, self.y, w, -1),
            oid,
            cls,
            container=self.container,
            tooltip=tooltip,
        )
        self.y += box.rect.height
        return box

    def heading(self, text: str, oid: str, tooltip: str | None = None) -> UITextBox:
        """A section heading (bold, larger)."""
        from .fmt import esc

        return self.text(esc(text), oid, "@heading", tooltip=tooltip)

    def button(
        self,
        text: str,
        oid: str,
        action: Callable[[], None],
        *,
        cls: str | None = None,
        tooltip: str | None = None,
        width: int | None = None,
        indent: int = 0,
        enabled: bool = True,
    ) -> UIButton:
        """A button as wide as its label needs (or ``width``)."""
        w = width or self.screen.button_width(text)
        h = self.screen.app.button_height
        btn = self.screen.button(
            text,
            (self.x + indent, self.y, min(w, self.width - indent), h),
            oid,
            action,
            cls=cls,
            tooltip=tooltip,
            container=self.container,
            enabled=enabled,
        )
        self.y += h
        return btn

    def image(
        self, surface: pygame.Surface, oid: str, tooltip: str | None = None, indent: int = 0
    ) -> UIImage:
        """A pre-rendered picture (bars, charts)."""
        img = self.screen.image(
            surface, (self.x + indent, self.y), oid, container=self.container, tooltip=tooltip
        )
        self.y += surface.get_height()
        return img

    def height(self) -> int:
        """Height used so far."""
        return self.y - self.top


def flow(widths: list[int], x: int, width: int, gap: int) -> list[tuple[int, int]]:
    """Place items of the given widths left to right, wrapping to a new row when full.

    Returns (x, row) for each item.
    """
    out: list[tuple[int, int]] = []
    cx, row = x, 0
    for w in widths:
        if cx > x and cx + w > x + width:
            cx, row = x, row + 1
        out.append((cx, row))
        cx += w + gap
    return out


def fill_rows(
    widths: list[int], places: list[tuple[int, int]], x: int, width: int, gap: int
) -> tuple[list[int], list[tuple[int, int]]]:
    """Widen the items of each row of a :func:`flow` so the row spans ``width`` (a grid look
    when items wrap, instead of ragged rows with one odd wide item)."""
    out_w = list(widths)
    out_p = list(places)
    for row in {r for _, r in places}:
        items = [i for i, (_, r) in enumerate(places) if r == row]
        spare = width - sum(widths[i] for i in items) - gap * (len(items) - 1)
        cx = x
        for n, i in enumerate(items):
            extra = spare // len(items) + (1 if n < spare % len(items) else 0)
            out_w[i] = widths[i] + max(0, extra)
            out_p[i] = (cx, row)
            cx += out_w[i] + gap
    return out_w, out_p


def balance_rows(widths: list[int], places: list[tuple[int, int]], width: int, gap: int) -> list:
    """Spread wrapped :func:`flow` items evenly over its rows (3 + 2, not 4 + 1) when they fit;
    returns places with the new rows (x is left for :func:`fill_rows` to set)."""
    rows = max(r for _, r in places) + 1
    per_row = -(-len(widths) // rows)
    even = [(0, i // per_row) for i in range(len(widths))]
    for row in range(rows):
        items = [widths[i] for i, (_, r) in enumerate(even) if r == row]
        if sum(items) + gap * (len(items) - 1) > width:
            return places
    return even


def fix_size(box: UITextBox, width: int, height: int) -> None:
    """Give a text box made with height -1 a fixed size (it would size itself back to its text
    on its next rebuild, so it stops doing that first)."""
    box.dynamic_height = False
    box.set_dimensions((width, height))
    box.rebuild()


def even_heights(boxes: list[UITextBox], width: int, height: int) -> None:
    """Cards of one row, one height: they line up at the bottom too."""
    for box in boxes:
        if box.rect.height != height:
            fix_size(box, width, height)
