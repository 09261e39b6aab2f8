"""What the window records for research: a pseudonym that identifies is refused on the title
screen with the reason; per-decision answer times, refused submissions and the player's stop
reach the log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simcity_council.play_options import PlayOptions

from .pilot import Pilot


def _lines(log_dir: Path) -> list[dict]:
    (path,) = log_dir.glob("*.jsonl")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("jane.doe@uni.edu", "e-mail address"), ("Jane Doe", "full name")],
    ids=["e-mail", "full-name"],
)
def test_a_pseudonym_that_identifies_is_refused_with_the_reason(
    pilot: Pilot, log_dir: Path, typed: str, reason: str
) -> None:
    pilot.launch(PlayOptions(log_dir=log_dir))
    pilot.click("#player", expect_press=False)
    pilot.type_text(typed)
    pilot.click("#start")
    assert pilot.screen_name() == "title"
    assert reason in pilot.element("#detail_message").html_text
    assert pilot.focused_id() == "#player"
    assert not list(log_dir.glob("*.jsonl")), "no session was started"
    for _ in typed:
        pilot.press("backspace")
    pilot.type_text("heron-12")
    pilot.click("#start")
    assert pilot.screen_name() == "briefing"
    assert _lines(log_dir)[0]["player"] == "heron-12"


def test_answer_times_and_a_stop_from_the_menu_are_logged(pilot: Pilot, log_dir: Path) -> None:
    pilot.launch(PlayOptions(scenario="vallejo", log_dir=log_dir, player="heron-12", seed=3))
    pilot.click("#begin")
    assert pilot.screen_name() == "turn"
    view = pilot.top.view
    for decision in view.agenda:
        option = next(o for o in decision.options if o.available)
        pilot.click(f"#opt-{decision.id}-{option.id}")
    pilot.click("#end_turn")
    pilot.click("#continue")
    assert pilot.screen_name() == "turn"
    pilot.press("escape")
    pilot.click("#msg_quit")
    lines = _lines(log_dir)
    assert [line["type"] for line in lines] == ["header", "turn", "suspend"]
    turn = lines[1]
    assert (turn["played_by"], turn["policy"]) == ("person", None)
    assert set(turn["answer_seconds"]) == {d.id for d in view.agenda}
    assert all(0 <= s <= turn["seconds"] for s in turn["answer_seconds"].values())
    assert turn["invalid"] == 0 and turn["help"] is None  # the window has no help to count
    assert lines[2]["after_turn"] == 1
