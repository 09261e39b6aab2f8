"""Colours and line styles for charts and bars: Okabe-Ito by default, never colour alone."""

from __future__ import annotations

from dataclasses import dataclass

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
# deficiencies. Yellow is left out: it vanishes on a light background.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#7F7F7F",  # grey (an eighth line; its dash and marker set it apart too)
    # two more from Paul Tol's colour-blind-safe "muted" scheme, so a ninth and tenth group
    # (Vallejo has nine) do not repeat the first line's colour and marker
    "#882255",  # wine
    "#44AA99",  # teal
)
# A conventional palette for players who turn the colour-blind-safe one off.
CLASSIC: tuple[str, ...] = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#7f7f7f",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
)
HIGH_CONTRAST: tuple[str, ...] = (
    "#FFFFFF",
    "#FFD700",
    "#00FFFF",
    "#FF80FF",
    "#80FF80",
    "#FF9A3C",
    "#9AB8FF",
    "#FF6B6B",
    "#C8C8C8",
    "#B0FFE0",
)
# Ten colours, nine dashes and eight markers: (colour, dash) pairs do not repeat before 90 lines,
# and no two of the first ten lines share a colour.
DASHES: tuple[tuple[int, ...], ...] = (
    (),
    (10, 5),
    (3, 4),
    (12, 4, 3, 4),
    (6, 6),
    (2, 2),
    (16, 6),
    (14, 3, 3, 3, 3, 3),
    (8, 3, 2, 3),
)
MARKERS: tuple[str, ...] = (
    "circle",
    "square",
    "triangle",
    "diamond",
    "cross",
    "plus",
    "bar",
    "ring",
)


@dataclass(frozen=True)
class SeriesStyle:
    """How one line is drawn: colour, dash pattern and marker shape."""

    colour: str
    dash: tuple[int, ...]
    marker: str


@dataclass(frozen=True)
class Palette:
    """Chart colours for one theme."""

    series: tuple[str, ...]
    background: str
    ink: str
    grid: str
    muted: str

    def style(self, index: int) -> SeriesStyle:
        """The style of the index-th series (colour, dash and marker all differ)."""
        return SeriesStyle(
            self.series[index % len(self.series)],
            DASHES[index % len(DASHES)],
            MARKERS[index % len(MARKERS)],
        )


def make_palette(high_contrast: bool, colour_blind: bool) -> Palette:
    """The palette for the current settings."""
    if high_contrast:
        return Palette(HIGH_CONTRAST, "#000000", "#FFFFFF", "#5A5A5A", "#D0D0D0")
    return Palette(
        OKABE_ITO if colour_blind else CLASSIC, "#FFFFFF", "#1F2933", "#DDE2E8", "#52606D"
    )
