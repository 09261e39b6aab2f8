"""`simcity-council whatif`: change one decision, same luck, outcomes side by side."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "session"))
from sessionkit import play_log  # noqa: E402

from simcity_council.cli import main  # noqa: E402
from simcity_council.session import read_log  # noqa: E402
from simcity_council.session.whatif import run_whatif  # noqa: E402


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return play_log(tmp_path, seed=12, policy="inclusive")


def test_changing_the_first_decision_diverges_at_that_turn(log: Path) -> None:
    result = run_whatif(read_log(log), 1, "budget_process", "staff")
    assert result.recorded_option == "pb"
    assert result.first_divergence == 1
    assert result.original.digests == tuple(t.digest for t in read_log(log).turns)
    assert result.whatif.digests[0] != result.original.digests[0]
    # fund_winners requires participatory budgeting: the fallback policy is named.
    assert any(
        "projects=fund_winners" in note and "policy 'inclusive'" in note
        for note in result.substitutions
    )


def test_keeping_the_recorded_option_changes_nothing(log: Path) -> None:
    result = run_whatif(read_log(log), 1, "budget_process", "pb")
    assert result.first_divergence is None
    assert result.whatif == result.original
    assert result.substitutions == ()


def test_json_output(log: Path, capsys) -> None:
    code = main(["whatif", str(log), "--turn", "1", "--set", "budget_process=staff", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["first_divergence"] == 1
    assert set(data["original"]["trust"]) == {"owners", "renters", "unhoused", "works_crew"}
    assert data["fallback_policy"] == "inclusive"


def test_text_output_side_by_side(log: Path, capsys) -> None:
    assert main(["whatif", str(log), "--turn", "1", "--set", "budget_process=staff"]) == 0
    out = capsys.readouterr().out
    assert "recorded" in out and "what-if" in out
    assert "lowest group's trust" in out and "Renters" in out
    assert "first diverge at turn 1" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--turn", "9", "--set", "budget_process=staff"], 1, "turn 9 is not in the log"),
        (["--turn", "1", "--set", "budget_proces=staff"], 1, "did you mean 'budget_process'"),
        (["--turn", "1", "--set", "projects=repave"], 1, "not on the agenda at turn 1"),
        (["--turn", "1", "--set", "projects=repave"], 1, "the log has it at turn 2: try --turn 2"),
        (["--turn", "1", "--set", "budget_process=bribe"], 1, "has no option 'bribe'"),
        (["--turn", "1", "--set", "budget_process"], 2, "DECISION=OPTION"),
        (["--turn", "0", "--set", "budget_process=pb"], 2, "--turn must be 1 or more"),
        (["--set", "budget_proces=staff"], 1, "not a decision of minimal; did you mean"),
    ],
    ids=[
        "turn-out-of-range",
        "unknown-decision",
        "not-on-agenda",
        "not-on-agenda-hint",
        "unknown-option",
        "no-equals",
        "turn-zero",
        "unknown-decision-no-turn",
    ],
)
def test_bad_requests_are_clear_errors(log: Path, capsys, argv, code, message) -> None:
    assert main(["whatif", str(log), *argv]) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_unavailable_option_at_k_is_refused(tmp_path: Path, capsys) -> None:
    log = play_log(tmp_path, seed=12, policy="narrow")  # staff: no participatory budgeting
    assert main(["whatif", str(log), "--turn", "2", "--set", "projects=fund_winners"]) == 1
    assert "not available at turn 2" in capsys.readouterr().err


GOLDEN = sorted((Path(__file__).resolve().parents[1] / "data" / "golden").glob("*.jsonl"))


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_whatif_on_a_builtin_scenario_plays_to_the_end(path: Path) -> None:
    from simcity_council.engine import Game
    from simcity_council.session.replay import ScenarioCache

    log = read_log(path)
    game = Game.start(ScenarioCache().get(log), seed=log.header.seed)
    decision = game.view().agenda[0]
    recorded = log.turns[0].choices[decision.id]
    other = next(o.id for o in decision.options if o.available and o.id != recorded)
    result = run_whatif(log, 1, decision.id, other)
    assert result.first_divergence == 1
    assert result.whatif.end_reason is not None  # played to its own end
    assert all(note.startswith("turn ") for note in result.substitutions)


def test_json_lists_each_substitution_as_data(log: Path, capsys) -> None:
    code = main(["whatif", str(log), "--turn", "1", "--set", "budget_process=staff", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    swap = next(s for s in data["substitutions"] if s["id"] == "projects")
    assert swap["kind"] == "decision" and swap["recorded"] == "fund_winners"
    assert swap["turn"] == 2 and swap["chosen"] in {"repave", "split"}
    assert f"policy 'inclusive' chose '{swap['chosen']}'" in swap["note"]


def test_a_partial_last_line_is_reported(log: Path, tmp_path: Path, capsys) -> None:
    cut = tmp_path / "cut.jsonl"
    data = log.read_bytes()
    cut.write_bytes(data[: len(data) - 20])
    assert main(["whatif", str(cut), "--turn", "1", "--set", "budget_process=staff"]) == 0
    assert "partial last line" in capsys.readouterr().err


def test_a_policy_can_play_the_rest_of_the_game_turn_by_turn(log: Path, capsys) -> None:
    parsed = read_log(log)
    result = run_whatif(parsed, 2, rest_policy="narrow")
    assert result.whatif.path[0].digest == parsed.turns[0].digest  # turn 1 as recorded
    assert result.first_divergence == 2
    game = _narrow_from_turn_2(parsed)
    assert result.whatif.digests == tuple(r.digest for r in game.results)
    code = main(["whatif", str(log), "--turn", "2", "--policy", "narrow", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["policy"] == "narrow" and data["decision"] == ""
    path = data["whatif"]["path"]
    assert [step["turn"] for step in path] == list(range(1, len(path) + 1))
    assert path[1]["choices"] == dict(game.results[1].choices.decisions)
    assert set(path[1]["trust"]) == {"owners", "renters", "unhoused", "works_crew"}


def _narrow_from_turn_2(parsed):  # noqa: ANN001, ANN202 - the reference: replay 1 turn, then narrow
    from simcity_council.session.replay import ScenarioCache, replay_game

    game = replay_game(parsed, ScenarioCache().get(parsed), upto=1)
    while not game.done:
        game.submit(game.suggest("narrow"))
    return game


def test_a_change_then_a_policy_for_the_rest(log: Path, capsys) -> None:
    code = main(["whatif", str(log), "--set", "budget_process=staff", "--policy", "narrow"])
    out = capsys.readouterr().out
    assert code == 0
    assert "'budget_process' had been 'staff' at turn 1" in out  # the turn it was decided
    assert "policy 'narrow' had played from turn 2 on" in out
    assert "Turn by turn" in out and "turn  2 what-if" in out


def test_whatif_over_a_class_folder(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "class"
    for seed in range(4):
        play_log(folder, seed=seed, policy="inclusive", section="a" if seed < 2 else "b")
    play_log(folder, seed=9, policy="narrow", auto=True)  # a demo run
    play_log(folder, seed=10, policy="inclusive", turns=0, finish=False)  # never decided
    code = main(["whatif", str(folder), "--set", "budget_process=staff", "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    data = json.loads(captured.out)
    assert data["summary"]["sessions"] == 4  # the demo is left out, the empty one skipped
    assert [s["reason"] for s in data["skipped"]] == [
        "the log never decided 'budget_process' (it was not on the agenda in this game)"
    ]
    assert "1 played by a policy (automatic)" in captured.err
    trust_min = data["summary"]["scores"]["trust_min"]
    changes = [s["whatif"]["scores"]["trust_min"] - s["original"]["scores"]["trust_min"]
               for s in data["sessions"]]  # fmt: skip
    assert trust_min["change"] == pytest.approx(sum(changes) / len(changes))
    assert trust_min["higher"] + trust_min["lower"] + trust_min["same"] == 4
    code = main(["whatif", str(folder), "--set", "budget_process=staff", "--section", "a"])
    assert code == 0 and "2 session(s)" in capsys.readouterr().out
    code = main(["whatif", str(folder), "--set", "budget_process=staff", "--include-auto"])
    assert code == 0 and "5 session(s)" in capsys.readouterr().out


def test_a_class_of_several_scenarios_says_which_sessions_lack_the_decision(
    tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "class"
    play_log(folder, seed=1, policy="inclusive")
    play_log(folder, seed=2, policy="inclusive", scenario="portland", turns=2, finish=False)
    code = main(["whatif", str(folder), "--set", "budget_process=staff", "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    reasons = [s["reason"] for s in json.loads(captured.out)["skipped"]]
    assert reasons == ["'budget_process' is not a decision of portland"]


def test_whatif_needs_something_to_change(log: Path, capsys) -> None:
    assert main(["whatif", str(log), "--turn", "1"]) == 2
    assert "--set DECISION=OPTION, or --policy POLICY" in capsys.readouterr().err
    assert main(["whatif", str(log), "--policy", "narrow"]) == 2
    assert main(["whatif", str(log), "--turn", "1", "--policy", "nonsense"]) == 2
