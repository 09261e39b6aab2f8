"""Tooltips: every number on a turn explains itself, and an open tooltip is drawn over the
keyboard focus ring (which the app draws after the UI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simcity_council.play_options import PlayOptions

from .pilot import Pilot


def hover(pilot: Pilot, monkeypatch: pytest.MonkeyPatch, pos: tuple[int, int]) -> None:
    """Rest the mouse at ``pos`` long enough for a tooltip (pygame_gui reads mouse.get_pos)."""
    monkeypatch.setattr(pilot.pg.mouse, "get_pos", lambda: pos)
    pilot.move_mouse(pos)
    for _ in range(3):
        pilot.app.manager.update(0.6)
    pilot.app.draw()


def open_tooltips(pilot: Pilot) -> list:
    from pygame_gui.elements import UITooltip

    return [
        s
        for s in pilot.app.manager.get_sprite_group().sprites()
        if isinstance(s, UITooltip) and s.visible
    ]


def test_a_tooltip_covers_the_focus_ring(
    pilot: Pilot, log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pilot.start(PlayOptions(scenario="vallejo", log_dir=log_dir, seed=1))
    pilot.press("return")
    tile = pilot.element("#city_reserve").get_abs_rect()
    hover(pilot, monkeypatch, (tile.left + 10, tile.centery))
    (tip,) = open_tooltips(pilot)
    top = pilot.top
    under = [i for i, e in enumerate(top.focusables) if e.get_abs_rect().colliderect(tip.rect)]
    assert under, "some focusable element lies under the reserve tooltip"
    top.set_focus(under[0])
    pilot.app.draw()
    ring = top.focus_rect()
    edge = [(x, ring.top + 1) for x in range(ring.left + 8, ring.right - 8)]
    edge += [(ring.left + 1, y) for y in range(ring.top + 8, ring.bottom - 8)]
    covered = [p for p in edge if tip.rect.collidepoint(p)]
    assert covered
    focus = pilot.pg.Color(pilot.app.look.focus)
    assert all(pilot.app.window.get_at(p)[:3] != focus[:3] for p in covered)


NUMBERS = ("#city_", "#group_", "#opt-", "#action-", "#result_group_", "#result_city")


def untipped_numbers(pilot: Pilot) -> list[str]:
    """Elements showing a number of the model (city, groups, options, results) with no tooltip."""
    import re

    out = []
    for oid, element in pilot.top.elements.items():
        text = str(getattr(element, "html_text", None) or getattr(element, "text", "") or "")
        text = re.sub(r"<[^>]+>", "", text)
        if oid.startswith(NUMBERS) and re.search(r"\d", text) and not element.tool_tip_text:
            out.append(f"{oid}: {text[:60]!r}")
    return out


@pytest.mark.parametrize("scenario", ["portland", "minneapolis"])
def test_every_number_on_a_turn_and_its_result_has_a_tooltip(
    pilot: Pilot, log_dir: Path, scenario: str
) -> None:
    pilot.start(PlayOptions(scenario=scenario, log_dir=log_dir, seed=1))
    pilot.press("return")
    assert untipped_numbers(pilot) == []
    for decision in pilot.top.view.agenda:
        option = next(o for o in decision.options if o.available and not o.capacity)
        pilot.click(f"#opt-{decision.id}-{option.id}")
    pilot.click("#end_turn")
    assert pilot.screen_name() == "result"
    assert untipped_numbers(pilot) == []
    pilot.click("#continue")
    assert untipped_numbers(pilot) == [], "the second turn shows changes since the first"


def test_every_button_on_every_screen_says_what_it_does(pilot: Pilot, log_dir: Path) -> None:
    from pygame_gui.elements import UIButton

    from .screens import every_screen

    missing = []
    for name in every_screen(pilot, "vallejo", log_dir):
        missing += [
            f"{name}: {oid}"
            for oid, element in pilot.top.elements.items()
            if isinstance(element, UIButton) and not element.tool_tip_text
        ]
    assert missing == []


def test_the_keyboard_focus_shows_its_tooltip_when_it_rests(
    pilot: Pilot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simcity_council.ui_pygame import app as app_module

    pilot.launch(PlayOptions())
    monkeypatch.setattr(app_module, "FOCUS_TIP_SECONDS", 3600.0)
    pilot.press("tab")
    assert open_tooltips(pilot) == [], "not while the keyboard is still moving"
    monkeypatch.setattr(app_module, "FOCUS_TIP_SECONDS", 0.0)
    pilot.press("tab")  # to the second scenario
    pilot.pump()
    (tip,) = open_tooltips(pilot)
    focused = pilot.top.focused()
    assert tip.text_block.html_text == focused.tool_tip_text
    assert abs(tip.rect.centerx - focused.get_abs_rect().centerx) < focused.rect.width
    pilot.press("tab")  # any key ends it; the next element's tip follows
    pilot.pump()
    (again,) = open_tooltips(pilot)
    assert again is not tip
    pilot.move_mouse((5, 5))
    assert open_tooltips(pilot) == []
