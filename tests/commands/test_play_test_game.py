"""`play --from TURN --choices FILE`, `--set FLAG=...`, `--questions FILE`, `--watch`: test games
an instructor starts where they want, logged as such, and replayable."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from simcity_council.cli import main
from simcity_council.play_options import PlayOptions
from simcity_council.session.testgame import TestGame
from simcity_council.ui_terminal import run_terminal

DATA = Path(__file__).parent.parent / "data"
RIVERSIDE = DATA / "good_riverside.yaml"


def _header(log_dir: Path) -> dict:
    (log,) = sorted(log_dir.glob("*.jsonl"))
    return json.loads(log.read_text(encoding="utf-8").splitlines()[0])


def _turns(log: Path) -> list[dict]:
    lines = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    return [x for x in lines if x["type"] == "turn"]


def _play(tmp_path: Path, *extra: str) -> tuple[int, str]:
    args = ["play", str(RIVERSIDE), "--text", "--seed", "4", "--log-dir", str(tmp_path / "logs")]
    return main([*args, *extra]), ""


def test_from_turn_with_choices_is_played_logged_and_replays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    choices = tmp_path / "choices.yaml"
    choices.write_text("decisions: {plan: adopt}\nactions: [listen]\n", encoding="utf-8")
    code, _ = _play(tmp_path, "--from", "4", "--choices", str(choices), "--auto", "inclusive")
    out = capsys.readouterr().out
    assert code == 0
    assert "Test game: Riverside, from turn 4" in out
    assert "test game: turns 1-3 were played by" in out
    header = _header(tmp_path / "logs")
    assert header["settings"]["test_game"] == {"from": 4, "choices": str(choices.resolve())}
    (log,) = (tmp_path / "logs").glob("*.jsonl")
    turns = _turns(log)
    assert turns[1]["choices"] == {"plan": "adopt"}
    assert all(t["actions"] == ["listen"] for t in turns[:3])
    assert main(["replay", "--verify", str(log)]) == 0


def test_set_flag_starts_the_branch_and_replays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the plan is shelved in turn 2 (the first option is 'adopt': choose 'shelve'), yet the
    # plan's projects are open in turn 4 because the flag starts set
    choices = tmp_path / "choices.yaml"
    choices.write_text("decisions: {plan: shelve, budget: plan_projects}\n", encoding="utf-8")
    code, _ = _play(
        tmp_path,
        "--from",
        "4",
        "--choices",
        str(choices),
        "--set",
        "plan_adopted=true",
        "--auto",
        f"script:{choices}",
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "flags set at the start: plan_adopted=true" in out
    assert _header(tmp_path / "logs")["settings"]["test_game"]["set"] == {"plan_adopted": True}
    (log,) = (tmp_path / "logs").glob("*.jsonl")
    assert {"budget": "plan_projects"} in [t["choices"] for t in _turns(log)]
    assert main(["replay", "--verify", str(log)]) == 0


def test_from_without_choices_plays_the_first_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _play(tmp_path, "--from", "3", "--auto", "narrow")[0] == 0
    assert "turns 1-2 were played by the first available option of each decision" in (
        capsys.readouterr().out
    )
    (log,) = (tmp_path / "logs").glob("*.jsonl")
    assert _turns(log)[1]["choices"] == {"plan": "adopt"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--from", "12"], "--from 12: the scenario has turns 1 to 10"),
        (["--from", "0"], "--from takes a turn number from 1"),
        (["--set", "plan_adoptd=true"], "no flag 'plan_adoptd'; did you mean 'plan_adopted'?"),
        (["--set", "plan_adopted=maybe"], "write true or false"),
        (["--set", "plan_adopted"], "--set needs FLAG=true or FLAG=false"),
        (["--choices", "x.yaml"], "--choices plays the turns before --from TURN"),
        (["--questions", "nowhere.txt"], "--questions nowhere.txt: no such file"),
    ],
    ids=[
        "from-past-end",
        "from-zero",
        "set-typo",
        "set-value",
        "set-no-value",
        "choices-alone",
        "questions-missing",
    ],
)
def test_usage_mistakes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    code, _ = _play(tmp_path, *extra, "--auto", "random")
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err
    assert "Traceback" not in err


def test_questions_overlay_replaces_the_scenarios(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "week3.txt"
    questions.write_text(
        "# week 3\nWho did you hear from first?\n\nWhat would you do differently?\n",
        encoding="utf-8",
    )
    base = ["play", "vallejo", "--text", "--seed", "2", "--log-dir", str(tmp_path / "logs")]
    assert main([*base, "--questions", str(questions), "--auto", "inclusive"]) == 0
    out = capsys.readouterr().out
    assert "1. Who did you hear from first?" in out
    assert "2. What would you do differently?" in out
    assert "Questions to think about" in out
    settings = _header(tmp_path / "logs")["settings"]
    assert settings["questions"] == [
        "Who did you hear from first?",
        "What would you do differently?",
    ]
    assert "test_game" not in settings  # other questions alone are not a test game


def test_questions_from_yaml(tmp_path: Path) -> None:
    from simcity_council.session.testgame import read_questions

    path = tmp_path / "q.yaml"
    path.write_text("reflection:\n  - First?\n  - >-\n    Second,\n    folded?\n", encoding="utf-8")
    assert read_questions(path) == ["First?", "Second, folded?"]


class _Editing(io.StringIO):
    """Answers from a string; while answering line ``at`` it saves ``text`` over ``path``."""

    def __init__(self, answers: str, at: int, path: Path, text: str) -> None:
        super().__init__(answers)
        self.calls, self.at, self.path, self.text = 0, at, path, text

    def readline(self, *args: object) -> str:  # type: ignore[override]
        self.calls += 1
        if self.calls == self.at:
            self.path.write_text(self.text, encoding="utf-8")
        return super().readline(*args)


def _watch(tmp_path: Path, edited: str, answers: str) -> tuple[int, str, list[Path]]:
    scenario = tmp_path / "riverside.yaml"
    scenario.write_text(RIVERSIDE.read_text(encoding="utf-8"), encoding="utf-8")
    # turn 1: no actions, end; turn 2: adopt, no actions, end; then the file is saved
    stream = _Editing("\ny\nadopt\n\ny\n" + answers, 5, scenario, edited)
    out = io.StringIO()
    options = PlayOptions(
        scenario=str(scenario), seed=1, log_dir=tmp_path / "logs", player="tester", watch=True
    )
    code = run_terminal(options, input=stream, output=out, env={}, plain=True)
    return code, out.getvalue(), sorted((tmp_path / "logs").glob("*.jsonl"))


def test_watch_reloads_on_save_and_replays_the_choices(tmp_path: Path) -> None:
    edited = RIVERSIDE.read_text(encoding="utf-8").replace("window: [4, 6]", "window: [3, 6]")
    code, out, logs = _watch(tmp_path, edited, "housing\n\ny\n")
    assert "The scenario file changed: reloading it" in out
    assert "turns 1-2 were played by your choices so far" in out
    # the budget now comes up in turn 3, and the game goes on in a new log
    assert "Your decision on 'Where does the surplus go?'" in out.split("reloading it")[1]
    assert code == 1  # the answers ran out in turn 4
    assert len(logs) == 2
    turns = _turns(logs[1])
    assert [t["choices"] for t in turns[:3]] == [{}, {"plan": "adopt"}, {"budget": "housing"}]
    header = json.loads(logs[1].read_text(encoding="utf-8").splitlines()[0])
    assert header["settings"]["watch"] == {"reloaded_at_turn": 3}


def test_watch_keeps_playing_when_the_saved_file_is_invalid(tmp_path: Path) -> None:
    edited = RIVERSIDE.read_text(encoding="utf-8").replace("capacity: 2}", "capacity: two}")
    code, out, logs = _watch(tmp_path, edited, "\ny\n")
    assert "city.capacity: expected a whole number" in out
    assert "Still playing the version before" in out
    assert len(logs) == 1
    assert len(_turns(logs[0])) == 3  # turn 3 was played on the version before


def test_window_start_session_plays_a_test_game(tmp_path: Path) -> None:
    from simcity_council.ui_pygame.play_session import start_session

    session = start_session(
        str(RIVERSIDE),
        seed=1,
        player="tester",
        log_dir=tmp_path,
        settings={},
        test=TestGame(from_turn=3, flags=(("audit_done", True),)),
    )
    assert session.game.turn == 3
    assert any("turns 1-2 were played" in note for note in session.notes)
    assert session.model.flags[1].initial is True
