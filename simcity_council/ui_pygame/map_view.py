"""The city map, drawn with pygame from the scenario's ``map:`` section.

Areas are filled on a colour scale of the trust (or wellbeing) of the groups living there, mixed
as the map says, and each area carries its name and that number, so the colour is never the only
cue. Water and parks are drawn plain, landmarks as a marked point. A legend under the map reads
the scale; :func:`simcity_council.wording.map_lines` is the same map as text (tooltip, terminal).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..scenario.map import area_level
from ..wording import points

if TYPE_CHECKING:
    import pygame
    from pygame_gui.core import IContainerLikeInterface
    from pygame_gui.elements import UIButton, UIImage

    from ..engine.views import GroupView
    from .screen import Screen

# A diverging scale from low to high that colour-blind readers can tell apart (Okabe-Ito's
# vermillion and blue around a pale middle).
LOW, MIDDLE, HIGH = (213, 94, 0), (242, 236, 224), (0, 114, 178)
WATER, PARK, LAND = (169, 204, 227), (183, 215, 168), (225, 221, 212)


def level_colour(value: float) -> tuple[int, int, int]:
    """The fill for a [0, 1] value: vermillion at 0, pale at 0.5, blue at 1."""
    value = max(0.0, min(1.0, value))
    a, b, t = (LOW, MIDDLE, value * 2) if value < 0.5 else (MIDDLE, HIGH, value * 2 - 1)
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))  # type: ignore[return-value]


def _ink(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white text, whichever reads better on ``colour``."""
    r, g, b = colour
    return (0, 0, 0) if 0.299 * r + 0.587 * g + 0.114 * b > 140 else (255, 255, 255)


def _centroid(points_: list[tuple[float, float]]) -> tuple[float, float]:
    """The centre of a polygon's area (its corners' mean when it has none)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points_, points_[1:] + points_[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        n = len(points_)
        return sum(p[0] for p in points_) / n, sum(p[1] for p in points_) / n
    return cx / (3 * area), cy / (3 * area)


def map_height(city_map: Any, width: int, max_height: int) -> int:
    """The height of the drawn map (without legend) for ``width``, at most ``max_height``."""
    w, h = city_map.size
    return max(80, min(max_height, round(width * h / w)))


def render_map(
    pg: ModuleType,
    city_map: Any,
    values: Mapping[str, float],
    size: tuple[int, int],
    *,
    font: pygame.font.Font,
    small: pygame.font.Font,
    ink: str,
    page: str,
    quantity: str,
) -> pygame.Surface:
    """The map at ``size`` (map and legend), areas coloured by ``values`` of their groups."""
    width, height = size
    legend_h = legend_height(small)
    box_h = height - legend_h
    mw, mh = city_map.size
    scale = min(width / mw, box_h / mh)
    ox, oy = (width - mw * scale) / 2, (box_h - mh * scale) / 2

    def at(p: tuple[float, float]) -> tuple[int, int]:
        return round(ox + p[0] * scale), round(oy + p[1] * scale)

    surf = pg.Surface(size, pg.SRCALPHA)
    surf.fill(pg.Color(page))
    pg.draw.rect(surf, LAND, pg.Rect(round(ox), round(oy), round(mw * scale), round(mh * scale)))
    outline = pg.Color(ink)
    labels = []
    for area in city_map.areas:
        value = area_level(area, values)
        colour = level_colour(value)
        corners = [at(p) for p in area.shape]
        pg.draw.polygon(surf, colour, corners)
        labels.append((area, value, colour))
    for feature in city_map.features:
        if feature.kind != "landmark" and len(feature.shape) >= 3:
            pg.draw.polygon(
                surf, WATER if feature.kind == "water" else PARK, [at(p) for p in feature.shape]
            )
    for area in city_map.areas:
        pg.draw.polygon(surf, outline, [at(p) for p in area.shape], 2)
    # (rect, lines, colour) of each area's tag: placed now, drawn last, on top
    tags: list[tuple[pygame.Rect, list[pygame.Surface], tuple[int, int, int]]] = []
    for area, value, colour in labels:
        centre = at(_centroid(list(area.shape)))
        lines = [area.name, f"{quantity} {points(value)}"]
        rect, texts = _tag(pg, surf, lines, centre, small, font, colour)
        rect = _free_spot(rect, [r for r, _, _ in tags], surf.get_rect())
        tags.append((rect, texts, colour))
    for feature in city_map.features:
        if feature.kind == "landmark":
            x, y = at(feature.shape[0])
            pg.draw.polygon(surf, outline, [(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)])
            text = small.render(feature.name, True, outline)
            spot = pg.Rect(
                min(x + 7, width - text.get_width()), y - text.get_height() // 2, *text.get_size()
            )
        elif len(feature.shape) >= 3:
            small.set_italic(True)
            text = small.render(
                feature.name, True, (40, 70, 110) if feature.kind == "water" else (40, 90, 40)
            )
            small.set_italic(False)
            cx, cy = at(_centroid(list(feature.shape)))
            left = max(0, min(cx - text.get_width() // 2, width - text.get_width()))
            spot = pg.Rect(left, cy, *text.get_size())
        else:
            continue
        if not any(spot.colliderect(rect) for rect, _, _ in tags):  # never under a tag
            surf.blit(text, spot)
    for rect, texts, colour in tags:
        pg.draw.rect(surf, colour, rect, border_radius=4)
        pg.draw.rect(surf, _ink(colour), rect, 1, border_radius=4)
        ty = rect.y + 2
        for text in texts:
            surf.blit(text, (rect.x + (rect.width - text.get_width()) // 2, ty))
            ty += text.get_height()
    _legend(pg, surf, (0, box_h + 4, width, legend_h - 4), small, outline, quantity)
    return surf


def _tag(
    pg: ModuleType,
    surf: pygame.Surface,
    lines: list[str],
    centre: tuple[int, int],
    small: pygame.font.Font,
    bold: pygame.font.Font,
    colour: tuple[int, int, int],
) -> tuple[pygame.Rect, list[pygame.Surface]]:
    """Where an area's tag (its name and number) goes and its rendered lines: centred on the
    area, kept inside the picture."""
    ink = _ink(colour)
    texts = [bold.render(lines[0], True, ink), small.render(lines[1], True, ink)]
    w = max(t.get_width() for t in texts) + 8
    h = sum(t.get_height() for t in texts) + 4
    x = max(0, min(centre[0] - w // 2, surf.get_width() - w))
    y = max(0, min(centre[1] - h // 2, surf.get_height() - h))
    return pg.Rect(x, y, w, h), texts


def _free_spot(rect: pygame.Rect, taken: list[pygame.Rect], bounds: pygame.Rect) -> pygame.Rect:
    """``rect`` moved as little as it takes (up or down first, then sideways, a step of half
    its height or width) so that it covers no tag placed before it and stays inside
    ``bounds``; where nothing is free nearby, where it was. Two areas whose centres are close
    (South Minneapolis and the lakes) would otherwise hide each other's name."""
    if not any(rect.colliderect(r) for r in taken):
        return rect
    dy, dx = max(rect.height // 2, 1), max(rect.width // 2, 1)
    moves = [(0, k * dy) for k in range(1, 7)] + [(0, -k * dy) for k in range(1, 7)]
    moves += [(sx * j * dx, sy * k * dy) for j in (1, 2) for k in range(0, 5) for sx in (1, -1)
              for sy in (1, -1)]  # fmt: skip
    for mx, my in sorted(moves, key=lambda m: abs(m[0]) + abs(m[1])):
        spot = rect.move(mx, my)
        if bounds.contains(spot) and not any(spot.colliderect(r) for r in taken):
            return spot
    return rect


def _legend(
    pg: ModuleType,
    surf: pygame.Surface,
    rect: tuple[int, int, int, int],
    small: pygame.font.Font,
    ink: pygame.Color,
    quantity: str,
) -> None:
    """The colour scale with its numbers: 0, 50, 100."""
    x, y, w, h = rect
    title = small.render(f"Colour: {quantity} of the people living there (0-100)", True, ink)
    surf.blit(title, (x, y))
    bar_y = y + small.get_linesize() + 2
    bar_w = max(60, min(w - 120, 260))
    for i in range(bar_w):
        pg.draw.line(surf, level_colour(i / (bar_w - 1)), (x + i, bar_y), (x + i, bar_y + 8))
    pg.draw.rect(surf, ink, pg.Rect(x, bar_y, bar_w, 9), 1)
    for value, text in ((0, "0"), (0.5, "50"), (1, "100")):
        label = small.render(text, True, ink)
        lx = x + round(value * (bar_w - 1)) - label.get_width() // 2
        surf.blit(label, (max(x, min(lx, x + bar_w - label.get_width())), bar_y + 10))


def legend_height(small: pygame.font.Font) -> int:
    """The height of the legend under the map."""
    return 2 * small.get_linesize() + 26


class MapPanel:
    """The map with its heading and a button that switches the colour between trust and
    wellbeing; switching redraws only the picture."""

    QUANTITIES = ("trust", "wellbeing")

    def __init__(
        self, screen: Screen, city_map: Any, groups: Sequence[GroupView], quantity: str
    ) -> None:
        self.screen = screen
        self.city_map = city_map
        self.groups = groups
        self.quantity = quantity
        self.image: UIImage | None = None
        self.button: UIButton | None = None
        self.width = 0
        self.on_switch: Callable[[str], None] | None = None  # called with the new quantity

    def values(self) -> dict[str, float]:
        return {g.id: getattr(g, self.quantity) for g in self.groups}

    def text(self) -> list[str]:
        from ..wording import map_lines

        names = {g.id: g.name for g in self.groups}
        return map_lines(self.city_map, self.values(), names, self.quantity)

    def surface(self) -> pygame.Surface:
        app = self.screen.app
        size = app.look.font_size - (3 if self.width >= 420 else 5)  # a narrow map: smaller tags
        small = app.font(max(10, size))
        bold = app.font(max(10, size), bold=True)
        h = map_height(self.city_map, self.width, round(self.width * 0.75))
        return render_map(
            app.pygame,
            self.city_map,
            self.values(),
            (self.width, h + legend_height(small)),
            font=bold,
            small=small,
            ink=app.look.ink,
            page=app.look.page,
            quantity=self.quantity,
        )

    def tooltip(self) -> str:
        from .fmt import esc

        lines = [esc(line) for line in self.text()]
        if self.city_map.note:
            lines.append(f"<i>{esc(self.city_map.note.strip())}</i>")
        return "<br>".join(lines)

    def build(
        self, container: IContainerLikeInterface, x: int, y: int, width: int, prefix: str = "#map"
    ) -> int:
        """Create the heading, the switch and the picture; returns the height used."""
        from .fmt import esc
        from .layout import Column

        screen = self.screen
        u = screen.app.unit
        self.width = width
        col = Column(screen, container, x, y, width)
        other = self._other()
        label = f"Colour by {other}"
        app = screen.app
        bw = screen.button_width(f"Colour by {self.QUANTITIES[1]}")
        heading = "<b>Where people live</b>"
        tip = esc("Areas are coloured by the groups who live there; hover for the map as text.")
        side_by_side = app.text_width("Where people live", bold=True) + 14 + u + bw <= width
        top = col.y
        box = screen.text(
            heading,
            (x, top, width - bw - u if side_by_side else width, -1),
            f"{prefix}_heading",
            container=container,
            tooltip=tip,
        )
        button_y = top if side_by_side else top + box.rect.height
        self.button = screen.button(
            label,
            (x + width - bw if side_by_side else x, button_y, bw, app.button_height),
            f"{prefix}_switch",
            self.switch,
            container=container,
            tooltip=f"Show the {other} of the people living in each area",
        )
        bottom = max(top + box.rect.height, button_y + app.button_height)
        col.y = bottom + u // 2
        self.image = col.image(self.surface(), f"{prefix}_image", tooltip=self.tooltip())
        if self.city_map.note:
            col.text(f"<i>{esc(self.city_map.note.strip())}</i>", f"{prefix}_note", "@note")
        return col.y - y

    def _other(self) -> str:
        return self.QUANTITIES[1] if self.quantity == self.QUANTITIES[0] else self.QUANTITIES[0]

    def switch(self) -> None:
        """Colour by the other quantity: only the picture, its tooltip and the button change."""
        if self.image is None or self.button is None:
            raise RuntimeError("MapPanel.switch() before build(): there is no map to recolour")
        self.quantity = self._other()
        self.image.set_image(self.surface())
        self.image.set_tooltip(self.tooltip())
        other = self._other()
        self.screen.restyle_button(
            self.button,
            f"Colour by {other}",
            None,
            tooltip=f"Show the {other} of the people living in each area",
        )
        if self.on_switch is not None:
            self.on_switch(self.quantity)
