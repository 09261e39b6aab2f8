"""What a class needs from the window (issue 13), each by real events on a Pilot: a click changes
the turn in place, the first-turn guide, the city map, history and the last result, continuing
from the title screen, remembered settings, the pseudonym always asked, class codes, copying the
resume command, no stance while playing, a window that fits the screen."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from simcity_council.class_code import seed_of
from simcity_council.engine.views import Choices
from simcity_council.play_options import PlayOptions, resume_command
from simcity_council.preferences import load_preferences
from simcity_council.ui_pygame._pg import fit_to_desktop
from simcity_council.ui_pygame.fmt import money
from simcity_council.ui_pygame.settings import Settings
from simcity_council.wording import STANCE_WORDS

from .pilot import Pilot
from .test_full_games import play_turn_by_mouse


def on_turn(pilot: Pilot, log_dir: Path, scenario: str = "vallejo", seed: int = 5) -> None:
    pilot.start(PlayOptions(scenario=scenario, log_dir=log_dir, seed=seed))
    pilot.click("#begin")
    assert pilot.screen_name() == "turn"


def test_a_click_changes_the_turn_in_place(pilot: Pilot, log_dir: Path) -> None:
    on_turn(pilot, log_dir)
    screen = pilot.top
    root = screen.root
    decision = screen.view.agenda[0]
    first, second = [o for o in decision.options if o.available][:2]
    button = pilot.element(f"#opt-{decision.id}-{second.id}")
    card = pilot.element(f"#group_{screen.view.groups[-1].id}")
    before = (button.get_abs_rect().copy(), card.get_abs_rect().copy())
    spend = pilot.element("#city_spend").html_text
    pilot.click(f"#opt-{decision.id}-{second.id}")
    assert screen.root is root, "nothing was rebuilt"
    assert pilot.element(f"#opt-{decision.id}-{second.id}") is button
    assert button.text.endswith("Chosen")
    assert (button.get_abs_rect(), card.get_abs_rect()) == before, "nothing moved"
    assert "(answered)" in pilot.element(f"#decision_{decision.id}_title").html_text
    if second.cost:
        assert pilot.element("#city_spend").html_text != spend
    # the reserve tile says where the choice leaves the reserve, the engine's figure
    after = screen.session.reserve_after(Choices({decision.id: second.id}))
    currency = screen.view.city.currency
    assert f" to <b>{money(after, currency)}</b>" in pilot.element("#city_reserve").html_text
    pilot.click(f"#opt-{decision.id}-{first.id}")
    assert pilot.element(f"#opt-{decision.id}-{second.id}").text.endswith("Choose")


def test_adding_an_action_keeps_the_agenda_where_it_was(pilot: Pilot, log_dir: Path) -> None:
    on_turn(pilot, log_dir)
    action = pilot.top.view.actions[0]
    button = pilot.element(f"#action-{action.id}")
    pilot.click(f"#action-{action.id}")  # scrolls the agenda down to it first
    bar = pilot.element("#agenda_view").vert_scroll_bar
    where = (bar.start_percentage, button.get_abs_rect().copy())
    pilot.click(f"#action-{action.id}")
    pilot.click(f"#action-{action.id}")
    assert (bar.start_percentage, button.get_abs_rect()) == where
    assert pilot.top.picked == [action.id]
    assert button.text == "Added"


def test_the_first_turn_guide_points_at_each_part_once(make_pilot, log_dir: Path) -> None:
    pilot: Pilot = make_pilot()
    pilot.app.first_turn_guide = True
    on_turn(pilot, log_dir)
    guide = pilot.top.guide
    assert guide is not None and guide.alive
    assert pilot.focused_id() == "#guide_next"
    targets = []
    while guide.alive:
        targets.append(guide.step.target)
        rect = pilot.top.highlight_rect()
        card = pilot.element("#guide_text").get_abs_rect()
        if rect is not None:
            assert not rect.colliderect(card), f"the card covers {guide.step.target}"
        pilot.press("return")
    assert targets == [
        "",
        "tiles",
        "#map_image",
        "#groups_view",
        "#agenda_view",
        "#actions",
        "#end_turn",
    ]
    assert load_preferences().guide_seen
    assert pilot.top.highlight_rect() is None
    assert pilot.focused_id().startswith("#opt-"), "the keyboard is back on the agenda"


def test_the_guide_is_skipped_with_esc_and_not_shown_again(make_pilot, log_dir: Path) -> None:
    pilot: Pilot = make_pilot()
    pilot.app.first_turn_guide = True
    on_turn(pilot, log_dir)
    pilot.press("escape")
    assert not pilot.top.guide.alive
    assert pilot.screen_name() == "turn", "Esc skipped the guide, it did not open the menu"
    assert load_preferences().guide_seen
    assert not pilot.app.first_turn_guide


def test_the_map_switches_between_trust_and_wellbeing_in_place(pilot: Pilot, log_dir: Path) -> None:
    on_turn(pilot, log_dir, "portland")
    image = pilot.element("#map_image")
    picture = image.image.copy()
    assert "East Portland: trust" in image.tool_tip_text
    pilot.click("#map_switch")
    assert pilot.element("#map_image") is image
    assert pilot.element("#map_switch").text == "Colour by trust"
    assert "East Portland: wellbeing" in image.tool_tip_text
    assert image.image.get_view("2").raw != picture.get_view("2").raw
    assert pilot.top.session.map_quantity == "wellbeing"


def test_history_and_the_last_result_reopen_keeping_the_choices(
    pilot: Pilot, log_dir: Path
) -> None:
    on_turn(pilot, log_dir)
    assert not pilot.element("#history").is_enabled  # nothing played yet
    play_turn_by_mouse(pilot)
    decision = pilot.top.view.agenda[0]
    option = next(o for o in decision.options if o.available)
    pilot.click(f"#opt-{decision.id}-{option.id}")
    pilot.click("#last_result")
    assert pilot.screen_name() == "result"
    assert pilot.element("#continue").text == "Back"
    pilot.click("#continue")
    assert pilot.screen_name() == "turn"
    assert pilot.top.chosen == {decision.id: option.id}
    pilot.press("h")
    assert pilot.screen_name() == "history"
    assert "Turn 1" in pilot.element("#history_turn_1").html_text
    pilot.click("#history_open_1")
    assert pilot.screen_name() == "result"
    first_group = pilot.top.result.groups[0].id
    assert "Wellbeing" in pilot.element(f"#result_group_{first_group}").html_text
    pilot.press("escape")
    assert pilot.screen_name() == "history"
    pilot.press("escape")
    assert pilot.screen_name() == "turn"
    assert pilot.top.chosen == {decision.id: option.id}


def test_continue_from_the_title_screen(pilot: Pilot, log_dir: Path) -> None:
    on_turn(pilot, log_dir)
    play_turn_by_mouse(pilot)
    pilot.press("escape")  # the pause menu
    pilot.click("#msg_title")
    assert pilot.screen_name() == "title"
    assert pilot.element("#continue").is_enabled
    assert pilot.element("#continue").text == "Continue a game (1)"
    pilot.click("#continue")
    assert pilot.screen_name() == "continue"
    saved = pilot.element("#saved_0").html_text
    assert "Vallejo" in saved and "turn 2 of 10" in saved and "student-1" in saved
    pilot.click("#continue_0")
    assert pilot.screen_name() == "briefing"
    assert "continues at turn 2" in pilot.element("#briefing_resumed").html_text


def test_settings_are_remembered_on_this_computer(make_pilot) -> None:
    pilot: Pilot = make_pilot()
    pilot.launch(PlayOptions())
    pilot.click("#settings")
    pilot.click("#font_3")
    pilot.click("#high_contrast")
    assert Settings.remembered() == Settings(font_step=3, high_contrast=True)


def test_a_named_scenario_still_asks_for_a_pseudonym(pilot: Pilot, log_dir: Path) -> None:
    pilot.launch(PlayOptions(scenario="portland", log_dir=log_dir))
    assert pilot.screen_name() == "title"
    assert pilot.top.entries[pilot.top.selected].ref == "portland"
    assert pilot.focused_id() == "#player"


def test_a_class_code_gives_the_game_its_luck(pilot: Pilot, log_dir: Path) -> None:
    pilot.launch(PlayOptions(scenario="vallejo", log_dir=log_dir))
    pilot.type_text("student-4")
    pilot.click("#seed", expect_press=False)
    pilot.type_text("k7m-2qx")
    pilot.press("return")
    assert pilot.screen_name() == "briefing"
    assert pilot.top.session.game.seed == seed_of("K7M-2QX")
    assert "K7M-2QX" in pilot.element("#briefing_code").html_text


def test_a_fresh_game_draws_a_short_class_code(pilot: Pilot, log_dir: Path) -> None:
    pilot.start(PlayOptions(scenario="vallejo", log_dir=log_dir))
    code = pilot.top.session.class_code
    assert len(code) == 7 and code in pilot.element("#briefing_code").html_text


def test_the_pause_menu_copies_the_resume_command(pilot: Pilot, log_dir: Path) -> None:
    on_turn(pilot, log_dir)
    pilot.press("escape")
    assert pilot.screen_name() == "message"
    pilot.click("#msg_copy")
    assert pilot.screen_name() == "message", "copying leaves the menu open"
    assert pilot.element("#msg_copy").text == "Copied"
    copied = pilot.pg.scrap.get_text()
    # this Python by its full path, then -m simcity_council play --resume and the log
    assert copied.startswith(resume_command("LOG").removesuffix("LOG"))


def test_no_stance_on_any_play_screen(pilot: Pilot, log_dir: Path) -> None:
    on_turn(pilot, log_dir, "minneapolis")
    shown = " ".join(
        getattr(e, "html_text", "") or getattr(e, "text", "") or ""
        for e in pilot.top.elements.values()
    )
    assert "stance" not in shown.lower()
    for words in STANCE_WORDS.values():
        assert words not in shown


def test_the_window_fits_a_smaller_screen() -> None:
    laptop = SimpleNamespace(
        error=RuntimeError,
        display=SimpleNamespace(get_driver=lambda: "x11", get_desktop_sizes=lambda: [(1366, 768)]),
    )
    assert fit_to_desktop(laptop, (1920, 1080)) == (1326, 688)
    assert fit_to_desktop(laptop, (1024, 640)) == (1024, 640)
