"""Build the pygame_gui theme from the JSON files in ``assets/`` and the player's settings.

The look lives in ``assets/theme.json`` (calm, light) and ``assets/theme_high_contrast.json``
(colour overrides). Font sizes in the files are for the "Normal" step (16 px) and are scaled here.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .palette import Palette, make_palette
from .settings import Settings

BASE_FONT = 16


@dataclass(frozen=True)
class Look:
    """Everything the screens need to draw in the current theme."""

    theme: dict[str, Any]
    palette: Palette
    page: str  # window background
    ink: str  # body text
    muted: str  # secondary text
    focus: str  # keyboard focus ring
    font_size: int
    scale: float


def _asset_json(name: str) -> dict[str, Any]:
    text = resources.files("simcity_council._assets").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _scale_fonts(node: Any, scale: float) -> None:
    if isinstance(node, dict):
        font = node.get("font")
        if isinstance(font, dict) and "size" in font:
            font["size"] = str(round(int(font["size"]) * scale))
        for value in node.values():
            _scale_fonts(value, scale)


def build_look(settings: Settings) -> Look:
    """The theme dictionary and drawing colours for ``settings``."""
    theme = _asset_json("theme.json")
    if settings.high_contrast:
        theme = _merge(theme, _asset_json("theme_high_contrast.json"))
    scale = settings.font_size / BASE_FONT
    _scale_fonts(theme, scale)
    tip = theme["tool_tip"]["misc"]  # tooltips wrap at a width that grows with the text
    tip["rect_width"] = str(round(int(tip["rect_width"]) * scale))
    palette = make_palette(settings.high_contrast, settings.colour_blind_palette)
    if settings.high_contrast:
        return Look(
            theme,
            palette,
            "#000000",
            "#FFFFFF",
            "#D0D0D0",
            "#FFFF00",
            settings.font_size,
            scale,
        )
    return Look(
        theme,
        palette,
        "#F4F1EA",
        "#1F2933",
        "#52606D",
        "#E69F00",
        settings.font_size,
        scale,
    )


def font_sizes(theme: dict[str, Any]) -> set[int]:
    """Every font size the theme uses (to preload regular, bold and italic faces)."""
    sizes: set[int] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            font = node.get("font")
            if isinstance(font, dict) and "size" in font:
                sizes.add(int(font["size"]))
            for value in node.values():
                walk(value)

    walk(theme)
    return sizes
