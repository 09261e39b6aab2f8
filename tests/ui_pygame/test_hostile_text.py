"""The window survives what a scenario or a log may hold once it passed validation: text with
control characters from elsewhere (a file name, a message), huge words and names, thousands of
problems. Each screen must build and draw a frame quickly and at a bounded size."""

from __future__ import annotations

import time
from pathlib import Path

from simcity_council.play_options import PlayOptions
from simcity_council.ui_pygame.fmt import MAX_LINES, MAX_WORD, esc
from simcity_council.ui_pygame.message_screen import MessageScreen
from simcity_council.ui_pygame.screen import MAX_LABEL, label_text

from .pilot import Pilot

DATA = Path(__file__).resolve().parents[1] / "data"
GOOD = DATA / "good_minimal.yaml"


def _shown(pilot: Pilot, screen: MessageScreen) -> float:
    started = time.perf_counter()
    pilot.app.push(screen)
    pilot.pump(2)
    return time.perf_counter() - started


def test_an_error_screen_with_thousands_of_problems_lists_a_few_and_counts_the_rest(
    pilot: Pilot,
) -> None:
    lines = [f"x.yaml:{i}:1: unknown_{i}: unknown field" for i in range(3000)]
    seconds = _shown(pilot, MessageScreen(pilot.app, "x.yaml failed validation", lines))
    body = pilot.element("#message_body").html_text
    assert body.count("unknown field") == MAX_LINES
    assert f"and {3000 - MAX_LINES:,} more" in body
    assert seconds < 10  # it took two minutes and then crashed


def test_control_characters_and_nul_never_reach_a_text_box_or_a_button(pilot: Pilot) -> None:
    nasty = "A\x00B\x1b]0;PWNED\x07\x1b[2JC\u202eD"
    screen = MessageScreen(pilot.app, nasty, [nasty], buttons=(("ok", nasty),))
    _shown(pilot, screen)
    assert "ABCD" in pilot.element("#message_title").html_text
    assert pilot.element("#msg_ok").text == "ABCD"


def test_a_huge_word_is_broken_and_a_huge_label_is_cut(pilot: Pilot) -> None:
    word = "W" * 200_000
    assert max(len(w) for w in esc(word).split()) == MAX_WORD
    assert len(label_text("N" * 5000)) == MAX_LABEL
    seconds = _shown(pilot, MessageScreen(pilot.app, "N" * 5000, [word], buttons=(("ok", word),)))
    button = pilot.element("#msg_ok")
    assert button.rect.width < 5000  # a 5,000-letter label asked for a 75,000-pixel surface
    assert seconds < 20  # a 200,000-letter word showed nothing after 120 s at 1.76 GB


def test_a_scenario_with_long_names_and_a_long_word_plays_to_its_debrief(
    pilot: Pilot, tmp_path: Path
) -> None:
    text = GOOD.read_text(encoding="utf-8")
    text = text.replace("    name: Renters", "    name: " + "R" * 200, 1)
    text = text.replace("  title: Minimal Town", "  title: " + "T" * 200, 1)
    text = text.replace("  summary: ", "  summary: " + "L" * 15_000 + " ", 1)
    scenario = tmp_path / "long.yaml"
    scenario.write_text(text, encoding="utf-8")
    pilot.app.auto_policy = "random"
    pilot.app.auto_delay = 0.0
    pilot.launch(PlayOptions(scenario=str(scenario), log_dir=tmp_path / "logs", auto="random"))
    deadline = time.monotonic() + 60
    while pilot.screen_name() != "debrief" and time.monotonic() < deadline:
        pilot.pump()
    assert pilot.screen_name() == "debrief"
