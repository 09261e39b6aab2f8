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


ONE_LINERS = ("#city_", "_wellbeing", "_engagement")


@pytest.mark.parametrize("step", range(len(FONT_STEPS)), ids=[label for label, _ in FONT_STEPS])
def test_city_tiles_and_group_numbers_stay_on_one_line(
    make_pilot, log_dir: Path, step: int
) -> None:
    """A label and its number are never split over two lines ("Reserve / $15,469,866") nor a
    word broken ("Engageme- / nt 33"): the layout measures them in the size they are drawn."""
    from simcity_council.ui_pygame.turn_screen import TurnScreen

    from .screens import new_session

    pilot = make_pilot(SMALL, Settings(font_step=step))
    pilot.launch(__import__("simcity_council.play_options").play_options.PlayOptions())
    pilot.app.replace(TurnScreen(pilot.app, new_session("portland", log_dir, turns=1)))
    pilot.pump()
    broken = [
        f"{oid}: {len(e.text_box_layout.layout_rows)} lines"
        for oid, e in pilot.top.elements.items()
        if (oid.startswith("#city_") or oid.endswith(ONE_LINERS[1:]))
        and len(e.text_box_layout.layout_rows) != 1
    ]
    assert not broken, "\n".join(broken)


def test_body_text_and_buttons_follow_the_text_size(make_pilot) -> None:
    """Every kind of text grows with the setting, not only titles and primary buttons."""
    from simcity_council.play_options import PlayOptions

    heights = {}
    for step in (0, len(FONT_STEPS) - 1):
        pilot = make_pilot(SMALL, Settings(font_step=step))
        pilot.launch(PlayOptions())
        body = pilot.element("#subtitle").text_box_layout.layout_rows[0].height
        button = pilot.element("#quit").font.size("Ag")[1]
        entry = pilot.element("#player").font.size("Ag")[1]
        heights[step] = (body, button, entry)
    small, large = heights.values()
    assert all(b > a * 1.3 for a, b in zip(small, large, strict=True)), heights


@pytest.mark.parametrize("step", [1, len(FONT_STEPS) - 1], ids=["normal", "largest"])
def test_a_chart_and_its_legend_fit_the_debrief_view(make_pilot, log_dir: Path, step) -> None:
    from simcity_council.play_options import PlayOptions
    from simcity_council.ui_pygame.debrief_screen import DebriefScreen

    from .screens import finished_session

    pilot = make_pilot(SMALL, Settings(font_step=step))
    pilot.launch(PlayOptions(log_dir=log_dir))
    pilot.app.replace(DebriefScreen(pilot.app, finished_session("portland", log_dir)))
    pilot.pump()
    view = pilot.element("#debrief_view").rect.height
    for oid in ("#chart_trust", "#chart_resilience", "#chart_reserve"):
        assert pilot.element(oid).rect.height <= view, oid


def test_briefing_group_cards_of_a_row_line_up(make_pilot, log_dir: Path) -> None:
    from simcity_council.play_options import PlayOptions

    pilot = make_pilot(SMALL)
    pilot.start(PlayOptions(scenario="portland", log_dir=log_dir, seed=3))
    for _ in range(3):  # pygame_gui rebuilds resized elements a little later
        pilot.app.manager.update(0.5)
        pilot.pump()
    cards = [e.get_abs_rect() for oid, e in pilot.top.elements.items() if "brief_group_" in oid]
    rows: dict[int, set[int]] = {}
    for rect in cards:
        rows.setdefault(rect.top, set()).add(rect.height)
    assert len(rows) > 1
    assert all(len(heights) == 1 for heights in rows.values()), rows
