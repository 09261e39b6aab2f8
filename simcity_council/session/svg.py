"""Small inline SVG charts for the class report: no scripts, no fonts to fetch, no network.

Every text is escaped; every chart has a ``<title>`` for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

STANCE_COLOURS = {"inclusive": "#1b7f79", "mixed": "#7a6aa8", "narrow": "#b5532d", "": "#8a8f98"}
INK = "#1f2933"
MUTED = "#6b7280"
GRID = "#e5e7eb"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def compact_amount(value: float) -> str:
    """A short amount for an axis: ``28.6M``, ``950k``, ``-1.2M``."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1_000_000:
        return f"{sign}{value / 1_000_000:.1f}M"
    if value >= 10_000:
        return f"{sign}{value / 1000:.0f}k"
    return f"{sign}{value:,.0f}"


def histogram(
    values: Sequence[float],
    title: str,
    low: float,
    high: float,
    bins: int = 10,
    fmt: Callable[[float], str] = lambda v: f"{v * 100:.0f}",
    width: int = 320,
    height: int = 150,
) -> str:
    """Counts of ``values`` in equal bins over [low, high]; the axis labels are ``fmt(value)``
    (0-100 by default) and stay inside the chart at both ends."""
    if high <= low:
        high = low + 1.0
    counts = [0] * bins
    for v in values:
        k = int((v - low) / (high - low) * bins)
        counts[min(max(k, 0), bins - 1)] += 1
    top = max(counts) or 1
    left, bottom, plot_h = 8, 24, height - 40  # room above the tallest bar for its count
    bar_w = (width - 2 * left) / bins
    body = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" '
        f'y2="{height - bottom}" stroke="{GRID}"/>'
    ]
    for i, c in enumerate(counts):
        h = plot_h * c / top
        x = left + i * bar_w
        y = height - bottom - h
        body.append(
            f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
            f'fill="#3b6ea8"><title>{c} session(s)</title></rect>'
        )
        if c:
            body.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="10" '
                f'text-anchor="middle" fill="{MUTED}">{c}</text>'
            )
    for i, anchor in ((0, "start"), (bins // 2, "middle"), (bins, "end")):
        x = left + i * bar_w
        label = fmt(low + (high - low) * i / bins)
        body.append(
            f'<text x="{x:.1f}" y="{height - 8}" font-size="10" text-anchor="{anchor}" '
            f'fill="{MUTED}">{escape(label)}</text>'
        )
    return _svg(width, height, title, body)


def stacked_bar(
    parts: Sequence[tuple[str, float, str]], title: str, width: int = 560, height: int = 22
) -> str:
    """One horizontal bar split into ``(label, share, stance)`` parts that sum to 1."""
    body, x = [], 0.0
    for label, share, stance in parts:
        w = width * share
        if w <= 0:
            continue
        colour = STANCE_COLOURS.get(stance, STANCE_COLOURS[""])
        body.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{colour}" '
            f'stroke="#fff" stroke-width="1"><title>{escape(label)}: {share:.0%}</title></rect>'
        )
        if w > 34:
            body.append(
                f'<text x="{x + w / 2:.1f}" y="{height / 2 + 4:.1f}" font-size="11" '
                f'text-anchor="middle" fill="#fff">{share:.0%}</text>'
            )
        x += w
    return _svg(width, height, title, body)


def rate_bar(rate: float, title: str, width: int = 220, height: int = 14) -> str:
    """A pass-rate bar: filled share of the width."""
    return _svg(
        width,
        height,
        title,
        [
            f'<rect x="0" y="0" width="{width}" height="{height}" fill="{GRID}"/>',
            f'<rect x="0" y="0" width="{width * rate:.1f}" height="{height}" fill="#1b7f79"/>',
        ],
    )


def scatter(
    points: Sequence[tuple[float, float]],
    title: str,
    x_label: str,
    y_label: str,
    width: int = 360,
    height: int = 240,
) -> str:
    """Points in [0, 1] x [0, 1], drawn on 0-100 axes."""
    left, right, top, bottom = 40, 12, 10, 36
    pw, ph = width - left - right, height - top - bottom
    body = []
    for tick in (0, 25, 50, 75, 100):
        y = top + ph * (1 - tick / 100)
        x = left + pw * tick / 100
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        body.append(
            f'<text x="{left - 6}" y="{y + 3:.1f}" font-size="10" text-anchor="end" '
            f'fill="{MUTED}">{tick}</text>'
        )
        body.append(
            f'<text x="{x:.1f}" y="{top + ph + 14}" font-size="10" text-anchor="middle" '
            f'fill="{MUTED}">{tick}</text>'
        )
    for px, py in points:
        x = left + pw * min(max(px, 0.0), 1.0)
        y = top + ph * (1 - min(max(py, 0.0), 1.0))
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#3b6ea8" fill-opacity="0.55"/>'
        )
    body.append(
        f'<text x="{left + pw / 2:.1f}" y="{height - 4}" font-size="11" text-anchor="middle" '
        f'fill="{INK}">{escape(x_label)}</text>'
    )
    body.append(
        f'<text x="12" y="{top + ph / 2:.1f}" font-size="11" text-anchor="middle" fill="{INK}" '
        f'transform="rotate(-90 12 {top + ph / 2:.1f})">{escape(y_label)}</text>'
    )
    return _svg(width, height, title, body)
