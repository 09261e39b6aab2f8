"""What the terminal game records for research: the pseudonym asked and checked, who played each
turn (a person or a policy, also after a resume), time to answer each decision, refused answers
and help requests per turn, the player's stop, section and consent."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from test_session import FULL_GAME, MINIMAL, _Keyboard, _log, _play

from simcity_council.play_options import PlayOptions
from simcity_council.session import read_log
from simcity_council.ui_terminal import run_terminal


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """The storm town of test_session: every turn's agenda is known."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("window: [2, 3]\n    chance: 0.5", "window: [2, 2]\n    chance: 1.0")
    path = tmp_path / "storm_town.yaml"
    path.write_text(text.replace("capacity: 2\n", "capacity: 1\n"), encoding="utf-8")
    return path


def test_refused_answers_and_help_are_counted_per_turn(scenario: Path, tmp_path: Path) -> None:
    code, out = _play(scenario, tmp_path, "?\n" + FULL_GAME)
    assert code == 0, out[-800:]
    _, lines = _log(tmp_path)
    turns = [line for line in lines if line["type"] == "turn"]
    # turn 1: ? (help), then "", "9", "1,2" (over capacity) and "maybe" refused
    assert (turns[0]["help"], turns[0]["invalid"]) == (1, 4)
    assert (turns[1]["help"], turns[1]["invalid"]) == (0, 0)
    for turn in turns:
        assert turn["played_by"] == "person" and turn["policy"] is None
        assert set(turn["answer_seconds"]) == set(turn["choices"])
        assert all(0 <= s <= turn["seconds"] for s in turn["answer_seconds"].values())
        assert turn["seconds"] == round(turn["seconds"], 1)  # 0.1 s: no float noise


def test_a_policy_s_turns_say_so_and_carry_no_timing(scenario: Path, tmp_path: Path) -> None:
    code, _ = _play(scenario, tmp_path, "", auto="narrow")
    assert code == 0
    path, lines = _log(tmp_path)
    assert (lines[0]["frontend"], lines[0]["played_by"], lines[0]["policy"]) == (
        "text",
        "policy",
        "narrow",
    )
    turns = [line for line in lines if line["type"] == "turn"]
    assert {(t["played_by"], t["policy"]) for t in turns} == {("policy", "narrow")}
    assert all(t["seconds"] is None and t["answer_seconds"] is None for t in turns)
    assert read_log(path).auto


def test_a_policy_that_finishes_a_person_s_game_is_recorded(scenario: Path, tmp_path: Path) -> None:
    code, _ = _play(scenario, tmp_path, "pb\nlistening_tour\ny\nq\n")
    assert code == 0
    path, _ = _log(tmp_path)
    out = io.StringIO()
    options = PlayOptions(resume=path, auto="greedy")
    assert run_terminal(options, input=io.StringIO(""), output=out, env={}) == 0
    log = read_log(path)
    assert log.end is not None
    assert [t.played_by for t in log.turns] == ["person", "policy", "policy", "policy"]
    assert (log.played_by, log.policies, log.auto) == ("mixed", ("greedy",), True)
    (resume,) = log.resumes
    assert (resume.after_turn, resume.played_by, resume.policy) == (1, "policy", "greedy")
    assert [s.after_turn for s in log.suspends] == [1]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("jane.doe@university.edu", "e-mail address"), ("Jane Doe", "full name"),
     ("jane.doe", "full name")],
    ids=["e-mail", "full-name", "dotted-name"],
)  # fmt: skip
def test_a_person_is_asked_for_a_pseudonym_and_an_identifying_one_is_refused(
    scenario: Path, tmp_path: Path, typed: str, reason: str
) -> None:
    out = io.StringIO()
    options = PlayOptions(scenario=str(scenario), seed=5, log_dir=tmp_path / "logs")
    keys = _Keyboard(f"{typed}\nheron-12\nq\n")
    assert run_terminal(options, input=keys, output=out, env={}) == 0
    text = out.getvalue()
    assert "Your pseudonym for the session log" in text
    assert (
        f"That pseudonym cannot be used: it looks like {'an' if 'e-' in reason else 'a'} {reason}"
        in text
    )
    path, lines = _log(tmp_path)
    assert lines[0]["player"] == "heron-12"
    assert typed.encode() not in path.read_bytes()
    assert [line["type"] for line in lines] == ["header", "suspend"]


def test_enter_gives_a_random_pseudonym(scenario: Path, tmp_path: Path) -> None:
    options = PlayOptions(scenario=str(scenario), seed=5, log_dir=tmp_path / "logs")
    run_terminal(options, input=_Keyboard("\nq\n"), output=io.StringIO(), env={})
    assert _log(tmp_path)[1][0]["player"].startswith("player-")


def test_the_command_line_refuses_an_identifying_pseudonym_and_records_the_study_fields(
    scenario: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simcity_council.cli import main

    logs = tmp_path / "logs"
    code = main(
        ["play", str(scenario), "--text", "--player", "jane@uni.edu", "--log-dir", str(logs)]
    )
    assert code == 2
    assert "looks like an e-mail address" in capsys.readouterr().err
    assert not logs.exists() or not list(logs.glob("*.jsonl"))
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    argv = ["play", str(scenario), "--text", "--log-dir", str(logs), "--player", "heron-12"]
    assert main([*argv, "--section", "econ-101-b", "--consent", "yes"]) == 0
    header = json.loads(next(logs.glob("*.jsonl")).read_text("utf-8").splitlines()[0])
    assert (header["section"], header["consent"]) == ("econ-101-b", "yes")
    resume = ["play", "--resume", str(next(logs.glob("*.jsonl"))), "--text", "--section", "x"]
    assert main(resume) == 2
    assert "leave out --section" in capsys.readouterr().err
