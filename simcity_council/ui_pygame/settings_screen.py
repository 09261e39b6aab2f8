"""Settings: font size, high contrast, colour-blind-safe palette, window or full screen."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from .fmt import esc
from .layout import Column
from .screen import Screen
from .settings import FONT_STEPS


class SettingsScreen(Screen):
    """A modal screen; changes apply at once, Done (or Esc) returns to where you were."""

    name = "settings"

    def on_enter(self) -> None:
        self.app.request_screenshot("settings")

    def build(self, width: int, height: int) -> None:
        u = self.app.unit
        w = min(width - 6 * u, 56 * u)
        x = (width - w) // 2
        bh = self.app.button_height
        view = self.scroll((x, 3 * u, w, height - 8 * u - bh), "#settings_view")
        col = Column(self, view, 0, 0, self.scroll_width(view))
        s = self.app.settings
        col.text("Settings", "#settings_title", "@title")
        col.text(
            "Changes apply at once. Keyboard: Tab or arrows to move, Enter to press, "
            "Esc to go back.",
            "#settings_intro",
        )
        col.gap()
        col.heading("Text size", "#font_heading")
        for i, (label, px) in enumerate(FONT_STEPS):
            chosen = i == s.font_step
            col.button(
                f"{label} ({px} px)" + (" - chosen" if chosen else ""),
                f"#font_{i}",
                partial(self.set_font, i),
                cls="@selected" if chosen else None,
                width=col.width,
                tooltip=f"Text of every screen at {px} px; the layout adapts to it.",
            )
            col.gap(0.5)
        col.gap()
        col.heading("Colours", "#colour_heading")
        col.button(
            self._toggle("High-contrast theme", s.high_contrast),
            "#high_contrast",
            self.toggle_contrast,
            cls="@selected" if s.high_contrast else None,
            width=col.width,
            tooltip="White text on black, yellow focus: easier on projectors.",
        )
        col.gap(0.5)
        col.button(
            self._toggle("Colour-blind-safe chart colours", s.colour_blind_palette),
            "#palette",
            self.toggle_palette,
            cls="@selected" if s.colour_blind_palette else None,
            width=col.width,
            tooltip="Okabe-Ito colours. Lines always also differ by dash and marker.",
        )
        col.gap()
        col.heading("Window", "#window_heading")
        col.button(
            self._toggle("Full screen", s.fullscreen),
            "#fullscreen",
            self.toggle_fullscreen,
            cls="@selected" if s.fullscreen else None,
            width=col.width,
            tooltip="Fill the whole screen; turn it off to get the window back.",
        )
        col.gap()
        col.text(esc("The window can be resized at any time; the layout adapts."), "#resize_hint")
        self.fit_scroll(view, col.height())
        done_w = self.button_width("Done", bold=True)
        self.button(
            "Done",
            (x + w - done_w, height - 3 * u - bh, done_w, bh),
            "#settings_done",
            self.done,
            cls="@primary",
            tooltip="Back to where you were (Esc)",
        )
        if self.focus_index < 0:
            self.focus_by_id("#settings_done")

    @staticmethod
    def _toggle(label: str, on: bool) -> str:
        return f"{label}: {'on' if on else 'off'}"

    def _apply(self, **changes: bool) -> None:
        self.app.apply_settings(replace(self.app.settings, **changes))

    def set_font(self, step: int) -> None:
        self.app.apply_settings(self.app.settings.with_font_step(step))

    def toggle_contrast(self) -> None:
        self._apply(high_contrast=not self.app.settings.high_contrast)

    def toggle_palette(self) -> None:
        self._apply(colour_blind_palette=not self.app.settings.colour_blind_palette)

    def toggle_fullscreen(self) -> None:
        self._apply(fullscreen=not self.app.settings.fullscreen)

    def done(self) -> None:
        self.app.pop(self.app.settings)

    def on_escape(self) -> None:
        self.done()

    def auto_step(self) -> bool:
        self.done()
        return True
