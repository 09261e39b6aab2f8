"""`simcity-council play`: options, the choice of front end, and automatic games end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simcity_council.cli import build_parser, main
from simcity_council.commands.play import (
    POLICIES,
    check_policy,
    choose_frontend,
    display_usable,
    options_from_args,
    window_possible,
)
from simcity_council.errors import UsageError
from simcity_council.play_options import PlayOptions

MINIMAL = Path(__file__).parent.parent / "data" / "good_minimal.yaml"
BUILTINS = ("vallejo", "portland", "minneapolis")


def _options(*argv: str) -> PlayOptions:
    return options_from_args(build_parser().parse_args(["play", *argv]))


def test_every_option_reaches_play_options(tmp_path: Path) -> None:
    options = _options(
        "vallejo",
        "--seed",
        "7",
        "--player",
        "p-1",
        "--log-dir",
        str(tmp_path),
        "--auto",
        "inclusive",
        "--screenshots",
        str(tmp_path / "shots"),
    )
    assert options == PlayOptions(
        scenario="vallejo",
        seed=7,
        player="p-1",
        log_dir=tmp_path,
        auto="inclusive",
        screenshots=tmp_path / "shots",
    )


def test_no_arguments_leave_everything_to_the_front_end() -> None:
    assert _options() == PlayOptions()


@pytest.mark.parametrize("policy", [*POLICIES])
def test_known_policies_pass(policy: str) -> None:
    check_policy(policy)


def test_unknown_policy_is_a_usage_error_with_a_suggestion() -> None:
    with pytest.raises(UsageError, match="did you mean 'inclusive'"):
        check_policy("inclusiv")


def test_script_policy_needs_an_existing_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read the script"):
        check_policy(f"script:{tmp_path / 'missing.json'}")


@pytest.mark.parametrize(
    "argv",
    [
        ["vallejo", "--resume", "x.jsonl"],
        ["--seed", "3", "--resume", "x.jsonl"],
        ["--text", "--screenshots", "shots"],
        ["--gui", "--plain"],
        ["--player", "  "],
    ],
    ids=[
        "resume-with-scenario",
        "resume-with-seed",
        "text-screenshots",
        "gui-plain",
        "blank-player",
    ],
)
def test_contradictory_options_are_usage_errors(argv: list[str]) -> None:
    with pytest.raises(UsageError):
        _options(*argv)


def test_gui_and_text_together_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["play", "--gui", "--text"])
    assert exit_info.value.code == 2


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "linux", False),
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({}, "darwin", True),
        ({}, "win32", True),
        ({"DISPLAY": ":0", "SDL_VIDEODRIVER": "dummy"}, "linux", False),
        ({"SDL_VIDEODRIVER": "offscreen"}, "darwin", False),
        ({"SDL_VIDEODRIVER": "kmsdrm"}, "linux", True),
    ],
    ids=[
        "linux-headless",
        "x11",
        "wayland",
        "mac",
        "windows",
        "dummy-driver",
        "offscreen",
        "kmsdrm",
    ],
)
def test_display_usable(env: dict[str, str], platform: str, expected: bool) -> None:
    assert display_usable(env, platform) is expected


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (dict(gui=True, text=False, display=False, interactive=False, unattended=False), "gui"),
        (dict(gui=False, text=True, display=True, interactive=True, unattended=False), "text"),
        (dict(gui=False, text=False, display=True, interactive=True, unattended=False), "gui"),
        (dict(gui=False, text=False, display=True, interactive=False, unattended=True), "gui"),
        (dict(gui=False, text=False, display=True, interactive=False, unattended=False), "gui"),
        (dict(gui=False, text=False, display=False, interactive=True, unattended=True), "text"),
    ],
    ids=[
        "gui-flag",
        "text-flag",
        "display-and-tty",
        "display-and-auto",
        "display-from-an-ide-or-a-pipe",
        "no-display",
    ],
)
def test_choose_frontend(flags: dict[str, bool], expected: str) -> None:
    assert choose_frontend(**flags) == expected


@pytest.mark.parametrize("seed", ["-1", "18446744073709551616", "K7U-2QX", "1.5"])
def test_a_bad_seed_is_refused_not_wrapped(seed: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["play", "vallejo", "--text", "--seed", seed])
    assert exit_info.value.code == 2
    assert "--seed" in capsys.readouterr().err


def test_a_class_code_is_a_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["play", str(MINIMAL), "--auto", "inclusive", "--log-dir", str(tmp_path)]
    assert main([*argv, "--seed", "k7m-2qx"]) == 0
    from simcity_council.class_code import seed_of

    assert _log_lines(tmp_path)[0]["seed"] == seed_of("K7M-2QX")
    capsys.readouterr()


def test_bad_scenario_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nmeta: {}\n")
    assert main(["play", str(bad), "--text", "--log-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml" in err
    assert "Traceback" not in err


def test_unknown_policy_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", str(MINIMAL), "--auto", "bogus", "--log-dir", str(tmp_path)]) == 2
    assert "unknown policy 'bogus'" in capsys.readouterr().err


def _log_lines(folder: Path) -> list[dict]:
    (log,) = folder.glob("*.jsonl")
    return [json.loads(line) for line in log.read_text().splitlines()]


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("scenario", BUILTINS)
def test_auto_plays_every_builtin_to_the_end(
    scenario: str, policy: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["play", scenario, "--auto", policy, "--seed", "11", "--log-dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Debrief: how your term went" in out
    lines = _log_lines(tmp_path)
    assert lines[0]["type"] == "header"
    assert lines[-1]["type"] == "end"


def test_script_policy_plays_the_scripted_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "script.json"
    turns = [
        {"decisions": {"budget_process": "staff"}},
        {"decisions": {"projects": "split"}},
        {"actions": ["open_data"]},
        {},
    ]
    script.write_text(json.dumps(turns))  # with seed 2 the storm never comes
    argv = ["play", str(MINIMAL), "--auto", f"script:{script}", "--seed", "2"]
    code = main([*argv, "--log-dir", str(tmp_path)])
    assert code == 0, capsys.readouterr().err
    turns = [line for line in _log_lines(tmp_path) if line["type"] == "turn"]
    assert [t["choices"] for t in turns[:2]] == [{"budget_process": "staff"}, {"projects": "split"}]
    assert turns[2]["actions"] == ["open_data"]


def test_auto_on_a_scenario_file_prints_every_turn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            ["play", str(MINIMAL), "--auto", "inclusive", "--seed", "1", "--log-dir", str(tmp_path)]
        )
        == 0
    )
    out = capsys.readouterr().out
    for turn in range(1, 5):
        assert f"Turn {turn} of 4" in out
    assert "The automatic player's (inclusive) choices for Q1" in out
    assert "\x1b[" not in out  # captured output is not a terminal: plain text
    assert len([line for line in _log_lines(tmp_path) if line["type"] == "turn"]) == 4


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="headless Linux behaviour")
def test_main_py_without_a_display_plays_in_the_terminal(tmp_path: Path) -> None:
    """`python main.py` on a headless Linux machine: no DISPLAY, no SDL driver -> terminal."""
    env = _headless_env()
    main_py = Path(__file__).parent.parent.parent / "main.py"
    done = subprocess.run(
        [
            sys.executable,
            str(main_py),
            str(MINIMAL),
            "--auto",
            "greedy",
            "--seed",
            "3",
            "--log-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert "Debrief: how your term went" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "linux", False),
        ({"DISPLAY": ":1"}, "linux", True),
        ({"SDL_VIDEODRIVER": "dummy"}, "linux", True),
        ({}, "darwin", True),
    ],
    ids=["headless", "x11", "explicit-dummy-driver", "mac"],
)
def test_window_possible(env: dict[str, str], platform: str, expected: bool) -> None:
    assert window_possible(env, platform) is expected


def _headless_env() -> dict[str, str]:
    import os

    return {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")
    }


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="headless Linux behaviour")
def test_gui_without_a_display_exits_1_with_a_clear_message(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "simcity_council",
            "play",
            str(MINIMAL),
            "--gui",
            "--log-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=_headless_env(),
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert "no display" in done.stderr
    assert "--text" in done.stderr
    assert "Traceback" not in done.stderr


def test_plain_asks_for_the_terminal_even_with_a_display(tmp_path: Path) -> None:
    env = {**_headless_env(), "DISPLAY": ":0"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "simcity_council",
            "play",
            str(MINIMAL),
            "--plain",
            "--auto",
            "inclusive",
            "--seed",
            "1",
            "--log-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert "Debrief: how your term went" in done.stdout


def test_window_size_reaches_play_options() -> None:
    assert _options("vallejo").window == (1280, 720)
    assert _options("vallejo", "--window", "1024x640").window == (1024, 640)
    assert _options("vallejo", "--window", "1920X1080").window == (1920, 1080)


@pytest.mark.parametrize(
    ("value", "message"),
    [("big", "is not a size"), ("1024", "is not a size"), ("640x400", "too small")],
)
def test_bad_window_size_exits_2(value: str, message: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["play", "vallejo", "--window", value])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "noted"),
    [([], True), (["--text"], False)],
    ids=["no-display-says-why", "text-asked-for"],
)
def test_no_display_at_a_terminal_says_why_the_game_is_in_the_terminal(
    argv: list[str],
    noted: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`python main.py` on a headless machine: the terminal game, with a note saying why."""
    import simcity_council.ui_terminal as ui_terminal
    from simcity_council.commands import play

    monkeypatch.setattr(play, "display_usable", lambda env, platform: False)
    monkeypatch.setattr(play, "_isatty", lambda stream: True)
    monkeypatch.setattr(ui_terminal, "run_terminal", lambda options, plain=False: 0)
    assert main(["play", str(MINIMAL), *argv, "--log-dir", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert ("plays here in the terminal" in err) is noted


BAD = Path(__file__).resolve().parents[1] / "data" / "bad_many_problems.yaml"


def test_a_bad_scenario_reaches_the_window_to_be_shown(monkeypatch, tmp_path: Path) -> None:
    """A student's window shows a scenario's problems on its error screen, so `play --gui`
    hands a bad file to the window instead of failing on stderr first."""
    from simcity_council.commands import play

    opened: list[object] = []
    monkeypatch.setattr(play, "_run_gui", lambda options: opened.append(options) or 1)
    assert main(["play", str(BAD), "--gui", "--log-dir", str(tmp_path)]) == 1
    assert len(opened) == 1


def test_an_unattended_window_run_fails_on_stderr(
    monkeypatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --auto no one reads a window: the problems go to stderr and no window opens."""
    from simcity_council.commands import play

    opened: list[object] = []
    monkeypatch.setattr(play, "_run_gui", lambda options: opened.append(options) or 0)
    argv = ["play", str(BAD), "--gui", "--auto", "inclusive", "--log-dir", str(tmp_path)]
    assert main(argv) == 1
    assert not opened
    assert "bad_many_problems.yaml:16:10: turns.count" in capsys.readouterr().err
