"""Every screen fits the window at 1024x640 and 1920x1080, in every text size and in high
contrast: no text cut off, nothing outside its container, no overlapping elements."""

from __future__ import annotations

from pathlib import Path

import pytest

from simcity_council.scenario import builtin_ids
from simcity_council.ui_pygame.settings import FONT_STEPS, Settings

from .pilot import Pilot, layout_problems
from .screens import every_screen

SMALL = (1024, 640)
LARGE = (1920, 1080)


def check_every_screen(pilot: Pilot, scenario: str, log_dir: Path, sizes) -> list[str]:
    problems = []
    seen = []
    for name in every_screen(pilot, scenario, log_dir):
        seen.append(name)
        # Check at the current size first (no extra rebuild), then at the others.
        here = pilot.app.window.get_size()
        for size in sorted(sizes, key=lambda size: size != here):
            if size != pilot.app.window.get_size():
                pilot.resize(*size)
            problems += [f"{scenario} {name} {size}: {p}" for p in layout_problems(pilot.app)]
    assert {"title", "settings", "briefing", "turn", "result", "menu", "debrief"} <= set(seen)
    assert {"error", "replay", "what-if"} <= set(seen)
    return problems


@pytest.mark.parametrize("scenario", builtin_ids())
def test_every_screen_fits_at_both_sizes(make_pilot, log_dir: Path, scenario: str) -> None:
    pilot = make_pilot(SMALL)
    problems = check_every_screen(pilot, scenario, log_dir, [SMALL, LARGE])
    assert not problems, "\n".join(problems)


# The Normal step in the normal theme is checked above at both sizes.
SETTINGS = [Settings(font_step=i) for i in range(len(FONT_STEPS)) if i != Settings().font_step]
SETTINGS.append(Settings(high_contrast=True, colour_blind_palette=False))


@pytest.mark.parametrize(
    "settings",
    SETTINGS,
    ids=[f"{s.font_label}{'-contrast' if s.high_contrast else ''}" for s in SETTINGS],
)
def test_every_screen_fits_at_1024x640_in_every_setting(
    make_pilot, log_dir: Path, settings: Settings
) -> None:
    pilot = make_pilot(SMALL, settings)
    problems = check_every_screen(pilot, "vallejo", log_dir, [SMALL])
    assert not problems, "\n".join(problems)


def test_the_checker_sees_clipped_text(pilot: Pilot) -> None:
    """A button too narrow for its label is reported (the check can fail)."""
    from simcity_council.play_options import PlayOptions

    pilot.launch(PlayOptions())
    screen = pilot.top
    screen.button("A label far too long for its button", (10, 10, 40, 30), "#tiny", lambda: None)
    problems = layout_problems(pilot.app)
    assert any("#tiny" in p and "px wide" in p for p in problems)
    assert any("#tiny" in p and "overlaps" in p for p in problems)
