"""Keyboard-only reading and playing: text with no buttons in it can be scrolled and read."""

from __future__ import annotations

from pathlib import Path

from simcity_council.play_options import PlayOptions

from .pilot import Pilot


def scrolled(pilot: Pilot, oid: str) -> float:
    bar = pilot.element(oid).vert_scroll_bar
    return 0.0 if bar is None else bar.start_percentage


def test_the_briefing_scrolls_by_page_keys_and_by_arrows_on_its_tab_stop(
    make_pilot, log_dir: Path
) -> None:
    pilot: Pilot = make_pilot((1024, 640))
    pilot.start(PlayOptions(scenario="vallejo", log_dir=log_dir, seed=1))
    assert pilot.focused_id() == "#begin"
    pilot.press("pagedown")
    after_page = scrolled(pilot, "#briefing_view")
    assert after_page > 0
    pilot.press("end")
    bar = pilot.element("#briefing_view").vert_scroll_bar
    assert bar.start_percentage + bar.visible_percentage > 0.99
    pilot.press("home")
    assert scrolled(pilot, "#briefing_view") == 0
    pilot.press("tab")  # Begin -> the briefing text (a Tab stop of its own)
    assert pilot.focused_id() == "#briefing_view"
    assert pilot.top.focus_rect() is not None
    pilot.press("down")
    assert scrolled(pilot, "#briefing_view") > 0
    assert pilot.focused_id() == "#briefing_view", "arrows scroll the text, not move focus"
    pilot.press("tab")  # the map's colour switch
    assert pilot.focused_id() == "#brief_map_switch"
    pilot.press("tab")
    pilot.press("tab")
    assert pilot.focused_id() == "#begin"


def test_the_groups_of_a_turn_can_be_read_by_keyboard(make_pilot, log_dir: Path) -> None:
    pilot: Pilot = make_pilot((1024, 640))
    pilot.start(PlayOptions(scenario="vallejo", log_dir=log_dir, seed=1))
    pilot.press("return")
    assert pilot.screen_name() == "turn"
    while pilot.focused_id() != "#groups_view":
        pilot.press("tab")
    agenda = scrolled(pilot, "#agenda_view")
    pilot.press("pagedown")
    assert scrolled(pilot, "#groups_view") > 0
    assert scrolled(pilot, "#agenda_view") == agenda


def test_the_debrief_scrolls_from_its_buttons(make_pilot, log_dir: Path) -> None:
    from simcity_council.ui_pygame.debrief_screen import DebriefScreen

    from .screens import finished_session

    pilot: Pilot = make_pilot((1024, 640))
    pilot.launch(PlayOptions(log_dir=log_dir))
    pilot.app.replace(DebriefScreen(pilot.app, finished_session("vallejo", log_dir)))
    pilot.pump()
    pilot.press("pagedown")
    assert scrolled(pilot, "#debrief_view") > 0


def test_choosing_an_option_does_not_move_the_turn_layout(make_pilot, log_dir: Path) -> None:
    pilot: Pilot = make_pilot((1024, 640))
    pilot.start(PlayOptions(scenario="minneapolis", log_dir=log_dir, seed=5))
    pilot.press("return")
    before = pilot.element("#agenda_view").get_abs_rect()
    tiles = {o: pilot.element(o).get_abs_rect() for o in pilot.ids("#city_")}
    pilot.press("1")  # the dearest option: the cost tile's number grows
    assert pilot.element("#agenda_view").get_abs_rect() == before
    assert {o: pilot.element(o).get_abs_rect() for o in pilot.ids("#city_")} == tiles


def test_number_keys_answer_one_decision_after_another(make_pilot, log_dir: Path) -> None:
    pilot: Pilot = make_pilot((1024, 640))
    pilot.start(PlayOptions(scenario="vallejo", log_dir=log_dir, seed=5))
    pilot.press("return")
    while len(pilot.top.view.agenda) < 2:  # answer turns until one has several decisions
        pilot.press("1")
        pilot.press("e")
        pilot.press("return")
    agenda = pilot.top.view.agenda
    for decision in agenda:  # the lightest options, so the choices fit the staff capacity
        light = min((o.capacity, k) for k, o in enumerate(decision.options, 1) if o.available)
        pilot.press(str(light[1]))
    assert set(pilot.top.chosen) == {d.id for d in agenda}
    assert pilot.focused_id() == "#end_turn"
    pilot.press("return")
    assert pilot.screen_name() == "result"


def test_a_setting_changed_by_keyboard_keeps_the_focus(pilot: Pilot) -> None:
    pilot.launch(PlayOptions())
    pilot.click("#settings")
    pilot.top.focus_by_id("#high_contrast")
    pilot.press("return")
    assert pilot.app.settings.high_contrast
    assert pilot.focused_id() == "#high_contrast"
    pilot.press("up")
    pilot.press("return")
    assert pilot.app.settings.font_step == 3, "Up from high contrast is the largest text size"
    assert not pilot.app.settings.fullscreen


def test_a_number_key_on_end_turn_changes_no_answer(make_pilot, log_dir: Path) -> None:
    pilot: Pilot = make_pilot((1024, 640))
    pilot.start(PlayOptions(scenario="vallejo", log_dir=log_dir, seed=5))
    pilot.press("return")
    pilot.press("2")
    assert pilot.focused_id() == "#end_turn"
    chosen = dict(pilot.top.chosen)
    pilot.press("1")
    assert pilot.top.chosen == chosen


def test_reaching_a_decision_by_keyboard_shows_its_question(make_pilot, log_dir: Path) -> None:
    pilot: Pilot = make_pilot((1024, 640))
    pilot.start(PlayOptions(scenario="vallejo", log_dir=log_dir, seed=5))
    pilot.press("return")
    while len(pilot.top.view.agenda) < 2:
        pilot.press("1")
        pilot.press("e")
        pilot.press("return")
    second = pilot.top.view.agenda[1]
    first = next(o for o in second.options if o.available)
    while pilot.focused_id() != f"#opt-{second.id}-{first.id}":
        pilot.press("tab")
    pilot.pump(2)
    view = pilot.element("#agenda_view").get_abs_rect()
    assert view.contains(pilot.element(f"#decision_{second.id}_title").get_abs_rect())
    assert view.contains(pilot.element(f"#opt-{second.id}-{first.id}").get_abs_rect())
