"""The commands a student can type at any question (help, options, repeat, history, details,
map), the pager, the narrow layout and the exit codes, each driven through text streams."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from simcity_council.play_options import PlayOptions
from simcity_council.ui_terminal import run_terminal
from simcity_council.ui_terminal.writer import PagedOutput, wants_plain

MINIMAL = Path(__file__).parent.parent / "data" / "good_minimal.yaml"


class _Keyboard(io.StringIO):
    """Typed answers at a terminal (the game pauses for Enter between screens)."""

    def isatty(self) -> bool:
        return True


def _play(tmp_path: Path, typed: list[str], scenario: str = str(MINIMAL)) -> tuple[int, str]:
    out = io.StringIO()
    opts = PlayOptions(scenario=scenario, seed=5, log_dir=tmp_path, player="student-3")
    code = run_terminal(opts, input=_Keyboard("\n".join(typed) + "\n"), output=out, env={})
    return code, out.getvalue()


START = ["", ""]  # Enter after the briefing and after the people
AGENDA = [""]  # Enter at "Press Enter to see the agenda"


def test_help_lists_each_choice_by_label_and_every_command(tmp_path: Path) -> None:
    _, out = _play(tmp_path, [*START, *AGENDA, "?", "q"])
    # numbered in the order drawn for this game (an option's place never hints at anything)
    listed = re.findall(r"(\d) = ([^(\n]+) \(id: (pb|staff)\)", out)
    assert sorted((label.strip(), oid) for _, label, oid in listed) == [
        ("Participatory budgeting", "pb"),
        ("Staff draft, council adopts", "staff"),
    ]
    assert sorted(n for n, _, _ in listed) == ["1", "2"]
    for word in ("city:", "people:", "map:", "options:", "history:", "details:", "repeat:"):
        assert word in out


def test_options_shows_the_question_again_in_full(tmp_path: Path) -> None:
    _, out = _play(tmp_path, [*START, *AGENDA, "options", "q"])
    assert out.count("Agenda item 1 of 1: How will we set this year's budget?") == 2


def test_repeat_shows_the_last_screen_again(tmp_path: Path) -> None:
    _, out = _play(tmp_path, [*START, "repeat", "q"])
    assert out.count("Turn 1 of 4: Q1") == 2


def test_history_and_details_after_a_turn(tmp_path: Path) -> None:
    typed = [*START, *AGENDA, "pb", "", "y", "details", "", *AGENDA, "history", "q"]
    _, out = _play(tmp_path, typed)
    details = out.partition("Why the numbers moved in Q1")[2]
    assert "Trust" in details and "Wellbeing" in details and "Engagement" in details
    assert "your decision: Participatory budgeting" in details
    history = out.partition("The turns so far")[2]
    assert "Turn 1: Q1" in history
    assert "You chose: How will we set this year's budget? Participatory budgeting" in history


def test_the_result_is_a_summary_first(tmp_path: Path) -> None:
    _, out = _play(tmp_path, [*START, *AGENDA, "pb", "", "y", "q"])
    result = out.partition("What happened in Q1")[2]
    assert "Type details for why each number moved" in result
    assert "Why the numbers moved" not in result  # only on request


def test_map_says_where_people_live(tmp_path: Path) -> None:
    _, out = _play(tmp_path, [*START, "map", "q"], scenario="portland")
    where = out.partition("Where people live")[2]
    assert "East Portland: trust " in where
    assert ", from East Portland residents " in where and "% of those living here)" in where
    assert "A sketch, not a survey." in where


def test_a_question_mark_at_a_reflection_is_help_not_an_answer(tmp_path: Path) -> None:
    script = "\n".join(["pb", "", "y", "fund_winners", "", "y", "shelter", "", "y", "", "y"])
    out = io.StringIO()
    opts = PlayOptions(scenario=str(MINIMAL), seed=5, log_dir=tmp_path, player="p")
    code = run_terminal(opts, input=io.StringIO(script + "\n?\nMy answer.\n"), output=out, env={})
    assert code == 0, out.getvalue()[-2000:]
    assert "Type your answer on one line" in out.getvalue()
    import json

    (log,) = tmp_path.glob("*.jsonl")
    answers = [
        json.loads(line)["answer"]
        for line in log.read_text().splitlines()
        if json.loads(line)["type"] == "reflection"
    ]
    assert answers == ["My answer."]


def test_the_first_turn_guide_shows_once_on_this_computer(tmp_path: Path) -> None:
    _, first = _play(tmp_path, [*START, "q"])
    _, second = _play(tmp_path, [*START, "q"])
    assert "Your first turn: how it goes" in first
    assert "Your first turn: how it goes" not in second


class _Screen(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_pager_stops_when_a_screenful_is_written() -> None:
    screen = _Screen()
    pager = PagedOutput(screen, io.StringIO("\nq\n"), rows=10)
    pager.write("".join(f"line {i}\n" for i in range(30)))
    text = screen.getvalue()
    assert text.count(PagedOutput.MORE) == 2  # after 9 lines, then Enter, 9 more, then q
    assert "line 29" in text
    pager.reset()
    pager.write("".join(f"again {i}\n" for i in range(5)))
    assert screen.getvalue().count(PagedOutput.MORE) == 2  # a question was asked: a new page


def test_an_answer_typed_at_more_is_not_taken_before_the_options_are_read() -> None:
    from simcity_council.ui_terminal.prompts import Choice, Prompter
    from simcity_council.ui_terminal.writer import PlainWriter

    screen = _Screen()
    keys = io.StringIO("2\n1\n")
    pager = PagedOutput(screen, keys, rows=6)
    prompter = Prompter(keys, PlainWriter(pager), pager=pager)
    pager.write("".join(f"option text {i}\n" for i in range(8)))
    picked = prompter.one("Which?", [Choice("a", "A"), Choice("b", "B")])
    assert picked == 0  # "2", typed at -- more --, was not the answer; "1" at the question was
    assert "That was not taken: answer at the question" in screen.getvalue()
    assert "option text 7" in screen.getvalue()  # the page after it came


@pytest.mark.parametrize(("columns", "plain"), [(60, True), (79, True), (80, False), (120, False)])
def test_a_narrow_terminal_gets_the_plain_layout(columns: int, plain: bool) -> None:
    assert wants_plain(_Screen(), {"TERM": "xterm"}, columns=columns) is plain


def test_exit_codes(tmp_path: Path) -> None:
    """0: stopped with q; 1: piped input ended before the game did; 130: Ctrl-C."""
    opts = PlayOptions(scenario=str(MINIMAL), seed=5, log_dir=tmp_path, player="p")
    assert run_terminal(opts, input=io.StringIO("q\n"), output=io.StringIO(), env={}) == 0
    assert run_terminal(opts, input=io.StringIO("pb\n"), output=io.StringIO(), env={}) == 1

    class _CtrlC(io.StringIO):
        def readline(self, *args: object) -> str:
            raise KeyboardInterrupt

    assert run_terminal(opts, input=_CtrlC(), output=io.StringIO(), env={}) == 130
