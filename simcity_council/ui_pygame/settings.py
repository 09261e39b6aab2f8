"""Display settings a player can change (font size, contrast, palette, full screen)."""

from __future__ import annotations

from dataclasses import dataclass, replace

FONT_STEPS: tuple[tuple[str, int], ...] = (
    ("Small", 14),
    ("Normal", 16),
    ("Large", 19),
    ("Extra large", 22),
)


@dataclass(frozen=True)
class Settings:
    """What the Settings screen changes. Defaults suit a classroom projector and laptops."""

    font_step: int = 1  # index into FONT_STEPS
    high_contrast: bool = False
    colour_blind_palette: bool = True
    fullscreen: bool = False

    @property
    def font_size(self) -> int:
        return FONT_STEPS[self.font_step][1]

    @property
    def font_label(self) -> str:
        return FONT_STEPS[self.font_step][0]

    def with_font_step(self, step: int) -> Settings:
        return replace(self, font_step=max(0, min(len(FONT_STEPS) - 1, step)))

    @classmethod
    def remembered(cls) -> Settings:
        """The settings this computer remembers (:mod:`simcity_council.preferences`)."""
        from ..preferences import load_preferences

        p = load_preferences()
        step = max(0, min(len(FONT_STEPS) - 1, p.font_step))
        return cls(step, p.high_contrast, p.colour_blind_palette, p.fullscreen)

    def remember(self) -> None:
        """Keep these settings for the next game on this computer."""
        from ..preferences import remember

        remember(
            font_step=self.font_step,
            high_contrast=self.high_contrast,
            colour_blind_palette=self.colour_blind_palette,
            fullscreen=self.fullscreen,
        )

    def as_dict(self) -> dict[str, object]:
        """The settings as recorded in the session log header."""
        return {
            "font": self.font_label,
            "high_contrast": self.high_contrast,
            "colour_blind_palette": self.colour_blind_palette,
            "fullscreen": self.fullscreen,
        }
