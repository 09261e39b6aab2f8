"""The app loop: a resize is laid out once, after the window edge rests; focus is drawn."""

from __future__ import annotations

import pytest

from simcity_council.play_options import PlayOptions
from simcity_council.ui_pygame import app as app_module

from .pilot import Pilot


def post_resize(pilot: Pilot, width: int, height: int) -> None:
    pg = pilot.pg
    pilot.app.os_window.size = (width, height)
    pilot.post(pg.VIDEORESIZE, size=(width, height), w=width, h=height)
    pilot.post(pg.WINDOWSIZECHANGED, x=width, y=height)


def test_a_resize_is_laid_out_once_when_it_rests(
    pilot: Pilot, monkeypatch: pytest.MonkeyPatch
) -> None:
    pilot.launch(PlayOptions())
    root = pilot.top.root
    monkeypatch.setattr(app_module, "RELAYOUT_SECONDS", 3600.0)
    post_resize(pilot, 1100, 700)
    pilot.pump()
    assert pilot.top.root is root, "no layout while the edge is still moving"
    assert pilot.app.window.get_size() == (1100, 700)
    monkeypatch.setattr(app_module, "RELAYOUT_SECONDS", 0.0)
    post_resize(pilot, 1200, 700)
    pilot.pump()
    laid_out = pilot.top.root
    assert laid_out is not root
    assert laid_out.get_abs_rect().size == (1200, 700)
    pilot.pump(3)
    assert pilot.top.root is laid_out, "one layout per resize"


def test_the_title_screen_shows_a_focus_ring_for_the_keyboard(pilot: Pilot) -> None:
    pilot.launch(PlayOptions())
    assert pilot.top.focus_rect() is None
    pilot.press("tab")
    assert pilot.focused_id() == "#scenario_0"
    assert pilot.top.focus_rect() is not None
    assert pilot.top.focus_rect().colliderect(pilot.element("#scenario_0").get_abs_rect())


def test_esc_opens_the_pause_menu_and_esc_closes_it_keeping_the_choices(
    pilot: Pilot, log_dir
) -> None:
    pilot.launch(PlayOptions(scenario="vallejo", log_dir=log_dir, seed=2))
    pilot.press("return")  # Begin turn 1
    assert pilot.screen_name() == "turn"
    decision = pilot.top.view.agenda[0]
    pilot.press("1")
    chosen = dict(pilot.top.chosen)
    assert decision.id in chosen
    pilot.press("escape")
    assert pilot.screen_name() == "message"
    assert "Paused" in pilot.element("#message_title").html_text
    pilot.press("escape")
    assert pilot.app.running
    assert pilot.screen_name() == "turn"
    assert pilot.top.chosen == chosen


def test_the_pause_menu_quits_only_from_its_quit_button(pilot: Pilot, log_dir) -> None:
    pilot.launch(PlayOptions(scenario="vallejo", log_dir=log_dir, seed=2))
    pilot.click("#begin")
    pilot.click("#menu")
    pilot.click("#msg_quit")
    assert not pilot.app.running
    assert pilot.app.exit_code == 0


def test_an_answer_typed_but_not_saved_is_kept_when_leaving(pilot: Pilot, log_dir) -> None:
    import json

    from simcity_council.ui_pygame.debrief_screen import DebriefScreen

    from .screens import finished_session

    session = finished_session("portland", log_dir)
    pilot.launch(PlayOptions(log_dir=log_dir))
    pilot.app.replace(DebriefScreen(pilot.app, session))
    pilot.pump()
    pilot.click("#answer_1", expect_press=False)
    pilot.type_text("Renters were never at the table.")
    pilot.press("escape")  # leaves the text box
    pilot.press("escape")  # leaves the game
    assert not pilot.app.running
    lines = [json.loads(x) for x in session.log_path.read_text(encoding="utf-8").splitlines()]
    reflections = [x for x in lines if x["type"] == "reflection"]
    assert [x["answer"] for x in reflections] == ["Renters were never at the table."]
    assert reflections[0]["question"] == session.scores().reflection[1]


def test_the_window_uses_pygame_windows_own_api_without_deprecation(
    make_pilot, recwarn: pytest.WarningsRecorder
) -> None:
    pilot = make_pilot((1024, 640))
    pilot.launch(PlayOptions())
    deprecated = [w for w in recwarn if issubclass(w.category, DeprecationWarning)]
    assert not deprecated, [str(w.message) for w in deprecated]
    assert pilot.app.os_window.minimum_size == (800, 500)
    assert pilot.app.window.get_size() == (1024, 640)


def test_full_screen_and_back_to_a_window_from_settings(pilot: Pilot) -> None:
    pilot.launch(PlayOptions())
    pilot.click("#settings")
    pilot.click("#fullscreen")
    assert pilot.app.settings.fullscreen
    assert pilot.top.root.get_abs_rect().size == pilot.app.window.get_size()
    pilot.click("#fullscreen")
    assert not pilot.app.settings.fullscreen
    assert pilot.app.window.get_size() == (1280, 720)
    assert pilot.top.root.get_abs_rect().size == (1280, 720)
