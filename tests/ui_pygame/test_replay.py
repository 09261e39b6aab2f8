"""The replay viewer by keyboard and mouse: step, jump, greyed ends, a what-if and back."""

from __future__ import annotations

from pathlib import Path

from simcity_council.play_options import PlayOptions
from simcity_council.ui_pygame.replay_screen import ReplayScreen, load_replays

from .pilot import Pilot
from .screens import finished_session


def show_replay(pilot: Pilot, paths: list[Path]) -> ReplayScreen:
    pilot.launch(PlayOptions())
    screen = ReplayScreen(pilot.app, load_replays(paths))
    pilot.app.replace(screen)
    pilot.pump()
    return screen


def test_stepping_greys_the_ends_and_keeps_a_usable_focus(pilot: Pilot, log_dir: Path) -> None:
    done = finished_session("vallejo", log_dir)
    screen = show_replay(pilot, [done.log_path])
    assert not pilot.element("#prev").is_enabled, "nothing before turn 1"
    pilot.click("#next")
    assert screen.turn == 2
    pilot.press("end")
    assert screen.turn == screen.turns()
    assert not pilot.element("#next").is_enabled
    screen.focus_by_id("#prev")
    pilot.press("return")
    pilot.press("home")
    assert screen.turn == 1
    screen.focus_by_id("#next")
    for _ in range(screen.turns() - 1):
        pilot.press("return")
    assert screen.turn == screen.turns()
    assert pilot.focused_id() == "#prev", "focus leaves the greyed Next button"


def test_a_log_that_cannot_be_replayed_says_why_with_nothing_to_step(
    pilot: Pilot, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not a log\n", encoding="utf-8")
    show_replay(pilot, [bad])
    assert "cannot be replayed" in pilot.element("#replay_error").html_text
    assert not pilot.element("#prev").is_enabled
    assert not pilot.element("#next").is_enabled
    pilot.click("#close")
    assert not pilot.app.running
