"""The scenario picker as a first-time student uses it: arrows, the form fields, a bad seed."""

from __future__ import annotations

from pathlib import Path

from simcity_council.play_options import PlayOptions

from .pilot import Pilot


def test_arrows_in_the_list_choose_the_scenario_shown(pilot: Pilot) -> None:
    pilot.launch(PlayOptions())
    pilot.press("tab")
    assert pilot.focused_id() == "#scenario_0"
    pilot.press("down")
    assert pilot.top.selected == 1
    assert pilot.focused_id() == "#scenario_1"
    title = pilot.element("#detail_title").html_text
    assert pilot.top.entries[1].loaded.model.meta.title in title
    pilot.press("up")
    assert pilot.top.selected == 0


def test_a_bad_seed_is_said_where_it_is_seen(pilot: Pilot) -> None:
    pilot.launch(PlayOptions())
    pilot.click("#seed", expect_press=False)
    pilot.type_text("K7U-2QX")  # no U in a class code
    pilot.click("#start")
    assert pilot.screen_name() == "title"
    message = pilot.element("#detail_message")
    details = pilot.element("#details")
    assert "'U' cannot be in one" in message.html_text
    assert details.get_abs_rect().contains(message.get_abs_rect()), "visible without scrolling"
    assert pilot.focused_id() == "#seed"


def test_tab_into_a_field_types_after_its_text(pilot: Pilot) -> None:
    pilot.launch(PlayOptions(player="alex"))
    while pilot.focused_id() != "#player":
        pilot.press("tab")
    pilot.type_text("2")
    pilot.press("backspace")
    pilot.type_text("9")
    assert pilot.element("#player").get_text() == "alex9"


def test_enter_in_the_form_starts_the_game(pilot: Pilot, log_dir: Path) -> None:
    pilot.launch(PlayOptions(log_dir=log_dir))
    pilot.click("#player", expect_press=False)
    pilot.type_text("sam")
    pilot.press("return")
    pilot.pump(2)
    assert pilot.screen_name() == "briefing"
    import json

    header = json.loads(pilot.top.session.log_path.read_text(encoding="utf-8").splitlines()[0])
    assert header["player"] == "sam"
