"""A clear message instead of a crash (bad scenario, classic pygame, no display), and a game
closed mid-way that continues from its log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simcity_council import cli
from simcity_council.errors import DisplayError
from simcity_council.play_options import PlayOptions
from simcity_council.ui_pygame import _pg
from simcity_council.ui_pygame.flow import show_game
from simcity_council.ui_pygame.play_session import resume_play

from .pilot import Pilot
from .test_full_games import log_lines, play_turn_by_mouse

DATA = Path(__file__).resolve().parents[1] / "data"
BAD = DATA / "bad_many_problems.yaml"
REPO = Path(__file__).resolve().parents[2]


def body_text(pilot: Pilot) -> str:
    return pilot.element("#message_body").html_text


def test_a_scenario_that_fails_validation_shows_every_problem(pilot: Pilot) -> None:
    pilot.start(PlayOptions(scenario=str(BAD)))
    assert pilot.screen_name() == "message"
    title = pilot.element("#message_title").html_text
    assert "failed validation" in title
    text = body_text(pilot)
    assert "turns.count" in text
    assert "did you mean" in text
    assert "debrief[0].when" in text
    pilot.click("#msg_quit")
    assert not pilot.app.running
    assert pilot.app.exit_code == 1


def test_the_error_screen_leads_back_to_the_picker(pilot: Pilot) -> None:
    pilot.start(PlayOptions(scenario=str(BAD)))
    pilot.click("#msg_back")
    assert pilot.screen_name() == "title"
    bad = [i for i, e in enumerate(pilot.top.entries) if not e.ok]
    assert bad, "the bad scenario given on the command line is listed"
    pilot.click(f"#scenario_{bad[0]}")
    assert "cannot be played" in pilot.element("#detail_title").html_text
    assert "turns.count" in pilot.element("#detail_errors").html_text
    assert not pilot.element("#start").is_enabled


def test_a_bad_user_scenario_is_listed_with_its_problems(pilot: Pilot) -> None:
    folder = Path(os.environ["XDG_DATA_HOME"]) / "simcity-council" / "scenarios"
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text(BAD.read_text(encoding="utf-8"), encoding="utf-8")
    pilot.launch(PlayOptions())
    labels = [pilot.element(oid).text for oid in pilot.ids("#scenario_")]
    assert any("has problems" in label for label in labels)


def test_classic_pygame_is_a_clear_display_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import pygame

    monkeypatch.setattr(pygame, "IS_CE", False)
    with pytest.raises(DisplayError, match="pip install pygame-ce"):
        _pg.load_pygame()


def _no_screen_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
    env["DISPLAY"] = ":93"  # no X server listens there
    env.pop("WAYLAND_DISPLAY", None)
    env["PYTHONPATH"] = str(REPO)
    return env


def test_gui_with_an_unreachable_display_is_a_display_error(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "simcity_council", "play", "vallejo", "--gui", "--auto", "inclusive"]
        + ["--log-dir", str(tmp_path)],
        env=_no_screen_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == DisplayError.exit_code
    assert "no display could be opened" in run.stderr
    assert "Traceback" not in run.stderr
    assert not list(tmp_path.glob("*.jsonl"))


def test_main_py_falls_back_to_the_terminal_without_a_reachable_display(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "vallejo", "--auto", "inclusive"]
        + ["--seed", "5", "--log-dir", str(tmp_path)],
        env=_no_screen_env(),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 0, run.stderr
    assert "playing in the terminal" in run.stderr
    _, lines = log_lines(tmp_path)
    assert lines[0]["frontend"] == "text"


def test_closing_the_window_mid_game_then_resuming(make_pilot, log_dir: Path) -> None:
    first = make_pilot()
    first.start(PlayOptions(scenario="vallejo", log_dir=log_dir, seed=11))
    first.click("#begin")
    play_turn_by_mouse(first)
    play_turn_by_mouse(first)
    assert first.top.view.turn == 3
    first.close_window()
    assert not first.app.running
    path, lines = log_lines(log_dir)
    assert [line["type"] for line in lines] == ["header", "turn", "turn"]

    second = make_pilot()
    show_game(second.app, resume_play(path))
    second.pump()
    assert second.screen_name() == "briefing"
    assert second.element("#begin").text == "Continue the game"
    resumed = second.element("#briefing_resumed")
    assert "continues at turn 3" in resumed.html_text
    assert second.element("#briefing_view").get_abs_rect().contains(resumed.get_abs_rect())
    second.click("#begin")
    assert second.top.view.turn == 3
    while second.screen_name() == "turn":
        play_turn_by_mouse(second, listen=False)
    assert second.screen_name() == "debrief"
    _, lines = log_lines(log_dir)
    kinds = [line["type"] for line in lines]
    assert kinds[0] == "header"
    assert kinds[-1] == "end"
    assert kinds.count("turn") == len(second.top.session.results)
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[1])["turn"] == 1
    assert cli.main(["replay", str(path), "--verify"]) == 0


def test_a_test_game_opens_at_its_turn_and_says_so(make_pilot, log_dir: Path) -> None:
    """play SCENARIO --from 4 --set FLAG=true in the window: the briefing says the first turns
    were played for you, and the log says it is a test game."""
    pilot = make_pilot()
    pilot.start(  # the title screen asks the pseudonym first, as for every game
        PlayOptions(
            scenario=str(DATA / "good_riverside.yaml"),
            log_dir=log_dir,
            seed=3,
            from_turn=4,
            set_flags=(("audit_done", True),),
        )
    )
    assert pilot.screen_name() == "briefing"
    opening = pilot.element("#briefing_resumed").html_text
    assert "Test game." in opening and "you take over at turn 4" in opening
    pilot.click("#begin")
    assert pilot.top.view.turn == 4
    _, lines = log_lines(log_dir)
    assert lines[0]["settings"]["test_game"] == {"from": 4, "set": {"audit_done": True}}
