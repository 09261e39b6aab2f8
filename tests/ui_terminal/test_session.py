"""Whole terminal games, driven through text streams: briefing to debrief, bad input, stopping
and resuming, plain and rich output."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from simcity_council.play_options import PlayOptions, resume_command
from simcity_council.ui_terminal import TerminalUI, run_terminal

MINIMAL = Path(__file__).parent.parent / "data" / "good_minimal.yaml"
ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """good_minimal.yaml with the storm certain on turn 2 (so turn 3 asks about it) and one staff
    point per turn (so two actions are over capacity): every turn's agenda is known."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("window: [2, 3]\n    chance: 0.5", "window: [2, 2]\n    chance: 1.0")
    text = text.replace("capacity: 2\n", "capacity: 1\n")
    assert "chance: 1.0" in text and "capacity: 1\n" in text
    path = tmp_path / "storm_town.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# Turn 1: see the people again, empty, out of range, then pb; two actions (over capacity),
# then one; "maybe" is not y/n; "n" starts the turn over. Turn 2: an id. Turn 3: the storm.
# Options are answered by id: their numbers follow an order drawn for each game.
# Turn 4: nothing on the agenda. Then one reflection answer.
FULL_GAME = (
    "\n".join(
        [
            "people",
            "",
            "9",
            "pb",
            "1,2",
            "listening_tour",
            "maybe",
            "n",
            "pb",
            "",
            "y",
            "fund_winners",
            "1",
            "y",
            "shelter",
            "",
            "y",
            "open_data",
            "y",
            "The renters, until the listening tour.",
        ]
    )
    + "\n"
)


def _play(scenario: Path, tmp_path: Path, script: str, **options) -> tuple[int, str]:
    out = io.StringIO()
    opts = PlayOptions(
        scenario=str(scenario), seed=5, log_dir=tmp_path / "logs", player="player-test", **options
    )
    code = run_terminal(opts, input=io.StringIO(script), output=out, env={})
    return code, out.getvalue()


def _log(tmp_path: Path) -> tuple[Path, list[dict]]:
    (path,) = (tmp_path / "logs").glob("*.jsonl")
    return path, [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_full_scripted_game_from_briefing_to_debrief(scenario: Path, tmp_path: Path) -> None:
    code, out = _play(scenario, tmp_path, FULL_GAME)
    assert code == 0, out[-2000:]
    briefing, _, rest = out.partition("Turn 1 of 4: Q1")
    assert "Your role: You are the city manager of a small town." in briefing
    assert "Homeowners (50% of residents)" in briefing
    assert "Every resident group's trust at least 40" in briefing
    turn1 = rest.partition("What happened in Q1")[0]
    for name, trust in (("Homeowners", 60), ("Renters", 40), ("Unhoused residents", 30)):
        assert f"{name}: trust {trust}," in turn1
    assert (
        "Renters (50% of residents): the city is unsure; believed to want most: Streets 40%, "
        "Parks 40%, "
        "Housing 20%." in turn1
    )
    assert turn1.count("What the city believes each group wants") == 1  # on request: people
    assert "Sorry. Nothing was typed" in turn1
    assert "Sorry. There is no number 9 here" in turn1
    assert "staff points" in turn1  # the engine's refusal, re-asked
    assert "Choose fewer or cheaper actions." in turn1
    assert "Sorry. Type y for yes or n for no." in turn1
    assert turn1.count("Agenda item 1 of 1: How will we set this year's budget?") == 2
    assert "Why the numbers moved in Q1" in out  # a transcript (piped) has the details
    assert re.search(
        r"(?m)^  Renters\n    Trust \d+ to \d+ \([+-]\d+\)\.\n      [+-]\d+ your decision: "
        r"Participatory budgeting",
        out,
    )
    assert "Winter storm" in out
    assert "Nothing on the council's agenda this turn: a turn for listening" in out
    debrief = out.partition("Debrief: how your term went")[2]
    assert "Objectives:" in debrief
    assert "Every resident group's trust at least 40" in debrief
    assert "three biggest causes" in debrief
    assert re.search(r"(?m)^    All causes added up: your decisions [+-]\d+\.\d", debrief)
    assert "Which group did you understand least at the start" in debrief
    assert "Your answer (one line; press Enter to skip):" in debrief
    assert "- simcity_council test fixture: Invented for tests; no facts." in debrief
    path, lines = _log(tmp_path)
    assert f"Your session log is saved in {path}" in out
    reflections = [line for line in lines if line["type"] == "reflection"]
    assert reflections[0]["answer"] == "The renters, until the listening tour."
    turns = [line for line in lines if line["type"] == "turn"]
    assert [t["choices"] for t in turns[:3]] == [
        {"budget_process": "pb"},
        {"projects": "fund_winners"},
        {"storm_response": "shelter"},
    ]
    assert turns[0]["actions"] == []
    assert turns[3]["actions"] == ["open_data"]


def test_plain_output_has_no_escapes_or_colour_only_information(
    scenario: Path, tmp_path: Path
) -> None:
    _, out = _play(scenario, tmp_path, FULL_GAME)
    assert not ANSI.search(out)
    assert not re.search(r"[\u2500-\u257f]", out)  # no box drawing
    assert re.search(r"trust \d+ \(([+-]\d+|up \d+|down \d+)\)", out)  # a change in signs
    assert re.search(r"(?m)^  (met|not met): ", out)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_rich_output_on_a_terminal_repeats_colour_in_words(scenario: Path, tmp_path: Path) -> None:
    out = _Terminal()
    opts = PlayOptions(scenario=str(scenario), seed=5, log_dir=tmp_path / "logs", auto="inclusive")
    assert run_terminal(opts, input=io.StringIO(""), output=out, env={"TERM": "xterm"}) == 0
    text = out.getvalue()
    assert ANSI.search(text)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert re.search(r"\d+ (▲\+\d+|▼-\d+|=0)", plain)
    assert re.search(r"[✓✗] (met|not met)", plain)


@pytest.mark.parametrize(
    "script",
    ["", "pb\n", "pb\n\n", "pb\n\nn\n"],
    ids=["eof-at-decision", "eof-at-actions", "eof-at-confirm", "eof-after-no"],
)
def test_end_of_input_mid_game_exits_1_with_the_resume_command(
    scenario: Path, tmp_path: Path, script: str
) -> None:
    code, out = _play(scenario, tmp_path, script)
    assert code == 1
    path, _ = _log(tmp_path)
    command = resume_command(path)
    assert f"Your game is saved in {path}; continue with: {command}" in out
    assert "Traceback" not in out


def test_resuming_a_finished_game_shows_the_debrief_again(scenario: Path, tmp_path: Path) -> None:
    _play(scenario, tmp_path, FULL_GAME)
    path, before = _log(tmp_path)
    out = io.StringIO()
    code = run_terminal(
        PlayOptions(resume=path), input=io.StringIO("A second thought.\n"), output=out, env={}
    )
    assert code == 0
    assert "Debrief: how your term went" in out.getvalue()
    _, after = _log(tmp_path)
    assert [line["type"] for line in after[len(before) :]] == ["resume", "reflection"]
    assert after[-1]["answer"] == "A second thought."


def test_end_of_input_at_the_reflection_exits_0(scenario: Path, tmp_path: Path) -> None:
    script = FULL_GAME.rsplit("The renters", 1)[0]
    code, out = _play(scenario, tmp_path, script)
    assert code == 0
    path, lines = _log(tmp_path)
    assert lines[-1]["type"] == "end"
    # the questions and the sources are still shown, and where the log is
    assert "Where the facts come from" in out.partition("Questions to think about")[2]
    assert out.rstrip().endswith(f"Your session log is saved in {path}")


def test_q_at_a_reflection_question_stops_asking_but_shows_the_sources(
    scenario: Path, tmp_path: Path
) -> None:
    script = FULL_GAME.rsplit("The renters", 1)[0] + "q\n"
    code, out = _play(scenario, tmp_path, script)
    assert code == 0
    after = out.partition("Questions to think about")[2]
    assert after.count("Your answer (one line; press Enter to skip):") == 1
    assert "Where the facts come from" in after
    assert "Traceback" not in out


def test_quit_saves_and_resume_continues_to_the_end(scenario: Path, tmp_path: Path) -> None:
    code, out = _play(scenario, tmp_path, "pb\nlistening_tour\ny\nq\n")
    assert code == 0
    assert "You chose to stop." in out
    path, lines = _log(tmp_path)
    assert [line["type"] for line in lines] == ["header", "turn", "suspend"]

    rest = "fund_winners\n\ny\nshelter\n\ny\n\ny\n\n"
    out2 = io.StringIO()
    code = run_terminal(PlayOptions(resume=path), input=io.StringIO(rest), output=out2, env={})
    assert code == 0, out2.getvalue()[-1500:]
    assert "Welcome back" in out2.getvalue()
    assert "Turn 2 of 4: Q2" in out2.getvalue()
    _, lines = _log(tmp_path)
    assert [line["type"] for line in lines] == [
        "header", "turn", "suspend", "resume", "turn", "turn", "turn", "end"
    ]  # fmt: skip
    assert lines[3]["after_turn"] == 1 and lines[3]["played_by"] == "person"


def test_an_option_over_the_staff_left_is_refused_at_its_own_item(tmp_path: Path) -> None:
    """Each option fits on its own, both together do not: the second item refuses the option
    that needs more staff than the first answer left, and asks that item again (the earlier
    items keep their answers)."""
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in [
        ("window: [2, 3]\n    chance: 0.5", "window: [1, 1]\n    chance: 1.0"),
        ("capacity: 2\n", "capacity: 1\n"),
        (
            "label: Repave the main streets\n",
            "label: Repave the main streets\n        capacity: 1\n",
        ),
        (
            "label: Clean up the streets first\n",
            "label: Clean up the streets first\n        capacity: 1\n",
        ),
    ]:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "busy_town.yaml"
    path.write_text(text, encoding="utf-8")
    script = "staff\n\ny\n" + "repave\ncleanup\nshelter\n\ny\n"
    code, out = _play(path, tmp_path, script)
    assert code == 1  # the script ends in turn 3
    refused = (
        "Sorry. 'Clean up the streets first' needs 1 staff point; 0 left after your earlier "
        "answers this turn. Choose a lighter option."
    )
    assert refused in out
    assert "cannot all be made this turn" not in out  # no item is asked again from the start
    _, lines = _log(tmp_path)
    assert lines[2]["choices"] == {"projects": "repave", "storm_response": "shelter"}


def test_unavailable_option_is_refused_with_its_reason(scenario: Path, tmp_path: Path) -> None:
    code, out = _play(scenario, tmp_path, "staff\n\ny\nfund_winners\n")
    assert code == 1
    assert "(unavailable: needs Participatory budgeting adopted)" in out
    assert "needs:" not in out  # the engine's "needs: <condition>" reads as a sentence
    refused = (
        "Sorry. 'Fund the residents' winning projects' is unavailable: needs Participatory "
        "budgeting adopted. Choose another option."
    )
    assert refused in out


def test_auto_play_prints_every_turn_and_asks_nothing(scenario: Path, tmp_path: Path) -> None:
    code, out = _play(scenario, tmp_path, "", auto="narrow")
    assert code == 0
    assert out.count("The automatic player's (narrow) choices for") == 4
    assert "Your answer" not in out
    assert "Debrief: how your term went" in out


def test_terminal_ui_takes_its_streams_as_parameters(scenario: Path, tmp_path: Path) -> None:
    from simcity_council.engine import Game
    from simcity_council.scenario import load_scenario
    from simcity_council.session import SessionRecorder

    game = Game.start(load_scenario(scenario), seed=2)
    recorder = SessionRecorder.create(game, log_dir=tmp_path, player="player-x")
    out = io.StringIO()
    ui = TerminalUI(game, recorder, input=io.StringIO(FULL_GAME), output=out, env={})
    assert ui.run() == 0
    assert game.done
    assert "Debrief" in out.getvalue()


def test_picker_accepts_a_number_or_an_id_after_bad_input(tmp_path: Path) -> None:
    from simcity_council.scenario import builtin_ids

    ids = builtin_ids()
    out = io.StringIO()
    opts = PlayOptions(log_dir=tmp_path, auto="inclusive", seed=1)
    code = run_terminal(
        opts, input=io.StringIO(f"nowhere\n{len(ids) + 1}\n{ids[0]}\n"), output=out, env={}
    )
    text = out.getvalue()
    assert code == 0
    assert "Choose a scenario" in text
    assert "1. " in text and f"(id: {ids[0]})" in text
    assert "'nowhere' is not one of them" in text
    assert "Debrief" in text


def test_picker_end_of_input_starts_nothing(tmp_path: Path) -> None:
    out = io.StringIO()
    code = run_terminal(PlayOptions(log_dir=tmp_path), input=io.StringIO(""), output=out, env={})
    assert code == 1  # a piped script that ends before the game began
    assert "No game was started." in out.getvalue()
    assert not list(tmp_path.glob("*.jsonl"))


class _Keyboard(io.StringIO):
    """Typed answers at a terminal: the game pauses for Enter between screens."""

    def isatty(self) -> bool:
        return True


def test_at_a_terminal_the_game_pauses_between_screens(scenario: Path, tmp_path: Path) -> None:
    enter = ""
    lines = ["heron-12"]  # a person is asked a pseudonym (the class code: --seed gave it)
    lines += [enter, enter]  # after the briefing, after the people
    lines += [enter, "pb", "", "y", enter]  # turn 1: agenda pause, choices, next-turn pause
    # later turns: the Enter after a result leads straight to the agenda (no second pause)
    lines += ["fund_winners", "", "y", enter]
    lines += ["shelter", "", "y", enter]
    lines += ["", "y"]  # turn 4: no agenda; no pause after the last turn
    lines += [""]  # reflection skipped
    out = io.StringIO()
    opts = PlayOptions(scenario=str(scenario), seed=5, log_dir=tmp_path / "logs")
    code = run_terminal(opts, input=_Keyboard("\n".join(lines) + "\n"), output=out, env={})
    text = out.getvalue()
    assert code == 0, text[-1500:]
    assert "Press Enter to meet the people of Minimal Town (fictional)" in text
    assert text.count("Press Enter to see the agenda") == 1
    assert "or press Enter for turn 2" in text  # in full on the first turn, then short
    assert "details, or Enter for turn 4" in text
    assert "pb\n" not in text  # a person's typing is not echoed back
    assert "You play as heron-12, class code 000-005." in text
    assert "Your first turn: how it goes" in text  # the guide, once on this computer
    _, log = _log(tmp_path)
    assert log[0]["player"] == "heron-12"


class _InterruptedAfter(io.StringIO):
    """Answers, then Ctrl-C (what a terminal delivers as KeyboardInterrupt)."""

    def readline(self, *args: object) -> str:
        line = super().readline(*args)
        if not line:
            raise KeyboardInterrupt
        return line


def test_ctrl_c_saves_and_says_how_to_continue(scenario: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    opts = PlayOptions(scenario=str(scenario), seed=5, log_dir=tmp_path / "logs")
    code = run_terminal(opts, input=_InterruptedAfter("pb\n\ny\n"), output=out, env={})
    assert code == 130  # as shells report Ctrl-C; the game is saved all the same
    path, lines = _log(tmp_path)
    assert "Interrupted." in out.getvalue()
    assert f"continue with: {resume_command(path)}" in out.getvalue()
    assert [line["type"] for line in lines] == ["header", "turn", "suspend"]


@pytest.mark.parametrize(
    ("stdin", "code"), [("", 1), ("q\n", 0), ("pb\n\ny\nq\n", 0)], ids=["eof", "quit", "quit-t2"]
)
def test_cli_text_game_ends_cleanly_on_stdin(
    scenario: Path,
    tmp_path: Path,
    stdin: str,
    code: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from simcity_council.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(["play", str(scenario), "--text", "--log-dir", str(tmp_path / "logs")]) == code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert " -m simcity_council play --resume " in captured.out


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("zzz\n", "'zzz' is not one of them"),
        ("0\n", "There is no number 0 here"),
        ("\n", "Nothing was typed"),
        ("pb\nnope\n", "'nope' is not one of them"),
        ("pb\n5\n", "There is no number 5 here"),
        ("pb\nopen_data,open_data\n", "is listed twice"),
        ("pb\n\n\n", "Type y for yes or n for no."),
    ],
    ids=[
        "decision-unknown",
        "decision-zero",
        "decision-empty",
        "actions-unknown",
        "actions-out-of-range",
        "actions-twice",
        "confirm-empty",
    ],
)
def test_bad_input_at_each_prompt_is_explained_then_eof_exits_1(
    scenario: Path, tmp_path: Path, script: str, message: str
) -> None:
    code, out = _play(scenario, tmp_path, script)
    assert code == 1
    assert "Sorry. " in out
    assert message in out
    assert "Traceback" not in out


def test_ctrl_d_at_a_terminal_stops_like_q(scenario: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    opts = PlayOptions(scenario=str(scenario), seed=5, log_dir=tmp_path / "logs", player="p")
    code = run_terminal(opts, input=_Keyboard("\n"), output=out, env={})
    assert code == 0  # a person stopped: saved, continued later
    assert "Press Enter to start the first turn" in out.getvalue()
    assert "You chose to stop." in out.getvalue()
    assert f"continue with: {resume_command('X').removesuffix('X')}" in out.getvalue()


def test_a_person_is_asked_a_pseudonym_and_a_class_code(scenario: Path, tmp_path: Path) -> None:
    from simcity_council.class_code import seed_of

    out = io.StringIO()
    opts = PlayOptions(scenario=str(scenario), log_dir=tmp_path / "logs")
    typed = "student-7\nK7U\nk7m 2qx\nq\n"  # a letter no code has, then the code
    code = run_terminal(opts, input=_Keyboard(typed), output=out, env={})
    assert code == 0
    assert "'U' cannot be in one" in out.getvalue()
    _, lines = _log(tmp_path)
    assert lines[0]["player"] == "student-7"
    assert lines[0]["seed"] == seed_of("K7M-2QX")


def test_a_piped_game_asks_no_pseudonym(scenario: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    opts = PlayOptions(scenario=str(scenario), log_dir=tmp_path / "logs")
    assert run_terminal(opts, input=io.StringIO("q\n"), output=out, env={}) == 0
    assert "pseudonym" not in out.getvalue()
    _, lines = _log(tmp_path)
    assert lines[0]["player"].startswith("player-")
