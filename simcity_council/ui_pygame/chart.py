"""Line charts drawn with pygame: labelled axes, a legend, and colour + dash + marker per line.

Colour is never the only cue: every series also has its own dash pattern and marker shape, and
the legend repeats both next to the name.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from .palette import Palette, SeriesStyle

if TYPE_CHECKING:
    import pygame


@dataclass(frozen=True)
class Series:
    """One line: a name and one value per x position (None = no value)."""

    name: str
    values: tuple[float | None, ...]


def _dashed(
    pg: ModuleType,
    surf: pygame.Surface,
    colour: str,
    a: tuple[float, float],
    b: tuple[float, float],
    dash: tuple[int, ...],
    width: int,
    phase: float,
) -> float:
    """Draw a dashed segment; returns the dash phase to continue with."""
    if not dash:
        pg.draw.line(surf, colour, a, b, width)
        return 0.0
    length = math.dist(a, b)
    if length == 0:
        return phase
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    period = sum(dash)
    pos = 0.0
    while pos < length:
        offset = (phase + pos) % period
        acc = 0
        for i, seg in enumerate(dash):
            if offset < acc + seg:
                remaining = acc + seg - offset
                step = min(remaining, length - pos)
                if i % 2 == 0:
                    start = (a[0] + ux * pos, a[1] + uy * pos)
                    end = (a[0] + ux * (pos + step), a[1] + uy * (pos + step))
                    pg.draw.line(surf, colour, start, end, width)
                pos += step
                break
            acc += seg
    return (phase + length) % period


def draw_marker(
    pg: ModuleType,
    surf: pygame.Surface,
    style: SeriesStyle,
    x: float,
    y: float,
    r: int,
    outline: str,
) -> None:
    """Draw one marker of the series' shape centred at (x, y)."""
    c = style.colour
    if style.marker == "circle":
        pg.draw.circle(surf, c, (x, y), r)
        pg.draw.circle(surf, outline, (x, y), r, 1)
    elif style.marker == "square":
        rect = pg.Rect(0, 0, 2 * r, 2 * r)
        rect.center = (round(x), round(y))
        pg.draw.rect(surf, c, rect)
        pg.draw.rect(surf, outline, rect, 1)
    elif style.marker == "triangle":
        pts = [(x, y - r - 1), (x - r - 1, y + r), (x + r + 1, y + r)]
        pg.draw.polygon(surf, c, pts)
        pg.draw.polygon(surf, outline, pts, 1)
    elif style.marker == "diamond":
        pts = [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)]
        pg.draw.polygon(surf, c, pts)
        pg.draw.polygon(surf, outline, pts, 1)
    elif style.marker == "cross":
        pg.draw.line(surf, c, (x - r, y - r), (x + r, y + r), 3)
        pg.draw.line(surf, c, (x - r, y + r), (x + r, y - r), 3)
    elif style.marker == "plus":
        pg.draw.line(surf, c, (x - r, y), (x + r, y), 3)
        pg.draw.line(surf, c, (x, y - r), (x, y + r), 3)
    elif style.marker == "ring":
        pg.draw.circle(surf, outline, (x, y), r + 1)
        pg.draw.circle(surf, c, (x, y), r + 1, 3)
    else:
        pg.draw.rect(surf, c, pg.Rect(round(x - r), round(y - 2), 2 * r, 4))


def render_line_chart(
    pg: ModuleType,
    size: tuple[int, int],
    *,
    title: str,
    series: Sequence[Series],
    x_labels: Sequence[str],
    y_label: str,
    palette: Palette,
    font: pygame.font.Font,
    small: pygame.font.Font,
    y_range: tuple[float, float] | None = None,
    y_format: Callable[[float], str] = lambda v: f"{v:.0f}",
    x_title: str = "Turn",
) -> pygame.Surface:
    """Draw a whole chart (title, axes, grid, lines, markers, legend) on a new surface."""
    width, height = size
    surf = pg.Surface(size)
    surf.fill(palette.background)
    pg.draw.rect(surf, palette.grid, surf.get_rect(), 1)
    pad = max(8, small.get_linesize() // 2)
    line_h = small.get_linesize()
    title_img = font.render(title, True, palette.ink)
    surf.blit(title_img, (pad, pad))
    ylab = small.render(y_label, True, palette.muted)
    surf.blit(ylab, (pad, pad + title_img.get_height()))
    top = pad + title_img.get_height() + ylab.get_height() + line_h // 2

    # Legend rows (wrapped), under the plot.
    items = []
    for i, s in enumerate(series):
        img = small.render(s.name, True, palette.ink)
        items.append((palette.style(i), img, _legend_item_width(img.get_width(), pad)))
    rows: list[list[tuple[SeriesStyle, pygame.Surface, int]]] = [[]]
    used = 0
    for item in items:
        if rows[-1] and used + item[2] > width - 2 * pad:
            rows.append([])
            used = 0
        rows[-1].append(item)
        used += item[2]
    legend_h = len(rows) * (line_h + 4) + pad

    values = [v for s in series for v in s.values if v is not None]
    if y_range:
        lo, hi = y_range
        tick_values = [lo + (hi - lo) * k / 4 for k in range(5)]
    else:
        tick_values = nice_ticks(min(values, default=0.0), max(values, default=1.0))
        lo, hi = tick_values[0], tick_values[-1]
    ticks = len(tick_values)
    tick_labels = [y_format(v) for v in tick_values]
    left = pad + max(small.size(t)[0] for t in tick_labels) + pad
    right = width - pad - 6
    bottom = height - legend_h - 2 * line_h - pad
    plot_h = max(20, bottom - top)

    for k, text in enumerate(tick_labels):
        y = bottom - plot_h * k / (ticks - 1)
        pg.draw.line(surf, palette.grid, (left, y), (right, y), 1)
        img = small.render(text, True, palette.muted)
        surf.blit(img, (left - pad // 2 - img.get_width(), y - img.get_height() / 2))
    pg.draw.line(surf, palette.ink, (left, top), (left, bottom), 1)
    pg.draw.line(surf, palette.ink, (left, bottom), (right, bottom), 1)

    n = max(1, len(x_labels))
    span = right - left - 16

    def xpos(i: int) -> float:
        return left + 8 + (span * i / (n - 1) if n > 1 else span / 2)

    def ypos(v: float) -> float:
        return bottom - plot_h * (v - lo) / (hi - lo)

    # x tick labels, thinned so they never overlap; the last turn's label is always shown.
    widest = max((small.size(t)[0] for t in x_labels), default=0) + pad
    every = max(1, math.ceil(widest / max(1.0, span / max(1, n - 1)))) if n > 1 else 1
    shown = [i for i in range(n) if i % every == 0]
    if shown[-1] != n - 1:
        if len(shown) > 1:
            shown.pop()  # closer than `every` to the last turn: make room for the last label
        shown.append(n - 1)
    for i in range(n):
        x = xpos(i)
        pg.draw.line(surf, palette.ink, (x, bottom), (x, bottom + 4), 1)
    placed_left = math.inf  # placed right to left, so the last turn's label always wins
    for i in reversed(shown):
        img = small.render(x_labels[i], True, palette.muted)
        # Centred under its tick, but kept inside the chart at both ends.
        lx = min(max(xpos(i) - img.get_width() / 2, pad), width - pad - img.get_width())
        if lx + img.get_width() > placed_left - pad:
            continue
        surf.blit(img, (lx, bottom + 6))
        placed_left = lx
    xt = small.render(x_title, True, palette.muted)
    surf.blit(xt, (left + (right - left - xt.get_width()) // 2, bottom + 6 + line_h))

    radius = max(4, line_h // 4)
    for i, s in enumerate(series):
        style = palette.style(i)
        pts = [(xpos(j), ypos(v)) for j, v in enumerate(s.values) if v is not None]
        phase = 0.0
        for a, b in zip(pts, pts[1:], strict=False):
            phase = _dashed(pg, surf, style.colour, a, b, style.dash, 3, phase)
        for x, y in pts:
            draw_marker(pg, surf, style, x, y, radius, palette.background)

    y = bottom + 6 + 2 * line_h + pad // 2
    for row in rows:
        x = pad
        for style, img, w in row:
            cy = y + line_h / 2
            _dashed(pg, surf, style.colour, (x, cy), (x + _SWATCH, cy), style.dash, 3, 0.0)
            draw_marker(pg, surf, style, x + _SWATCH / 2, cy, radius, palette.background)
            surf.blit(img, (x + _SWATCH + 8, y))
            x += w
        y += line_h + 4
    return surf


def nice_ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering [lo, hi]."""
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    raw = (hi - lo) / (target - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(lo / step) * step
    count = math.ceil((hi - start) / step - 1e-9)
    return [start + k * step for k in range(count + 1)]


def _legend_item_width(text_width: int, pad: int) -> int:
    return _SWATCH + 8 + text_width + 2 * pad


_SWATCH = 34


def legend_rows(small: pygame.font.Font, names: list[str], width: int) -> int:
    """How many rows the legend of these series takes in a chart ``width`` wide (as drawn)."""
    pad = max(8, small.get_linesize() // 2)
    rows, used = 1, 0
    for name in names:
        w = _legend_item_width(small.size(name)[0], pad)
        if used and used + w > width - 2 * pad:
            rows, used = rows + 1, 0
        used += w
    return rows


def chart_height(
    small: pygame.font.Font,
    font: pygame.font.Font,
    n_series: int,
    width: int,
    plot: int,
    names: list[str] | None = None,
) -> int:
    """A height that leaves ``plot`` pixels for the plot area plus title, axes and legend (the
    legend measured from ``names`` when given, else estimated from ``n_series``)."""
    line_h = small.get_linesize()
    if names is not None:
        rows = legend_rows(small, names, width)
    else:
        per_row = max(1, (width - 16) // (line_h * 8))
        rows = math.ceil(max(1, n_series) / per_row)
    return font.get_linesize() + plot + 4 * line_h + rows * (line_h + 4) + 40
