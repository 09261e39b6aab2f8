"""The error hierarchy: every user-facing error formats as file:line:col: path: message."""

from pathlib import Path

import pytest

from simcity_council.cli import main
from simcity_council.errors import (
    CouncilError,
    GameError,
    LogError,
    OutputError,
    Problem,
    ReplayDivergence,
    ScenarioError,
    UsageError,
)


def test_problem_formats_location_path_message_and_hint() -> None:
    problem = Problem(
        "vallejo.yaml",
        41,
        9,
        "decisions[3].options[1].consult.renterz",
        "unknown group 'renterz'",
        "did you mean 'renters'?",
    )
    assert str(problem) == (
        "vallejo.yaml:41:9: decisions[3].options[1].consult.renterz: unknown group 'renterz'; "
        "did you mean 'renters'?"
    )


def test_problem_without_line_names_only_the_file() -> None:
    assert str(Problem("x.yaml", 0, 0, "", "file is empty")) == "x.yaml: file is empty"


def test_scenario_error_lists_every_problem_on_its_own_line() -> None:
    error = ScenarioError(
        [Problem("a.yaml", 1, 1, "meta", "one"), Problem("a.yaml", 2, 3, "turns", "two")]
    )
    assert str(error).splitlines() == ["a.yaml:1:1: meta: one", "a.yaml:2:3: turns: two"]


def test_exit_codes_data_errors_are_1_usage_errors_are_2() -> None:
    assert ScenarioError([]).exit_code == 1
    assert GameError("x").exit_code == 1
    assert UsageError("x").exit_code == 2


def test_log_errors_name_file_and_line() -> None:
    assert str(LogError("not valid JSON", "log.jsonl", 17)) == "log.jsonl:17: not valid JSON"


def test_replay_divergence_is_a_log_error_with_its_turn() -> None:
    error = ReplayDivergence("digest differs", "log.jsonl", 5, turn=4)
    assert isinstance(error, LogError) and isinstance(error, CouncilError)
    assert error.turn == 4


# -- how the CLI shows them: exit codes, no traceback unless --debug -------------------------------


def test_usage_error_exits_2_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "Bad Id"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: 'Bad Id' is not a valid id")
    assert "Traceback" not in err


def test_argparse_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["validate", "--no-such-option", "x.yaml"])
    assert caught.value.code == 2
    assert "--help" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [["--debug", "new", "Bad Id"], ["new", "Bad Id", "--debug"]],
    ids=["before-command", "after-command"],
)
def test_debug_lets_the_error_through_for_a_traceback(argv: list[str]) -> None:
    with pytest.raises(UsageError):
        main(argv)


def test_data_error_exits_1_and_debug_raises_it(tmp_path: Path) -> None:
    target = str(tmp_path / "missing" / "x.json")
    assert main(["schema", "-o", target]) == 1
    with pytest.raises(OutputError):
        main(["--debug", "schema", "-o", target])


def test_every_error_class_is_a_council_error() -> None:
    from simcity_council import errors

    classes = [
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, BaseException)
    ]
    assert classes and all(issubclass(cls, CouncilError) for cls in classes)
    assert {cls.exit_code for cls in classes} == {1, 2}
