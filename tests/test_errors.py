"""The error hierarchy: every user-facing error formats as file:line:col: path: message."""

from simcity_council.errors import (
    CouncilError,
    GameError,
    LogError,
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
