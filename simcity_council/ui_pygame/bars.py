"""Small pictures drawn with pygame: the 0-100 bar with a marker for where it stood last turn."""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from .palette import Palette

if TYPE_CHECKING:
    import pygame


def render_bar(
    pg: ModuleType,
    size: tuple[int, int],
    value: float,
    previous: float | None,
    palette: Palette,
    colour: str,
) -> pygame.Surface:
    """A horizontal bar for a [0, 1] value; a thin tick marks the previous value."""
    w, h = size
    surf = pg.Surface(size, pg.SRCALPHA)
    track = pg.Rect(0, 0, w, h)
    pg.draw.rect(surf, palette.grid, track, border_radius=h // 2)
    filled = track.copy()
    filled.width = max(h, round(w * max(0.0, min(1.0, value))))
    pg.draw.rect(surf, colour, filled, border_radius=h // 2)
    pg.draw.rect(surf, palette.muted, track, 1, border_radius=h // 2)
    if previous is not None and abs(previous - value) > 0.004:
        x = round(w * max(0.0, min(1.0, previous)))
        pg.draw.line(surf, palette.ink, (x, 0), (x, h - 1), 2)
    return surf
