"""`simcity-council batch`: JSON fields of DESIGN.md §6, human output, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simcity_council.cli import main
from simcity_council.engine.batch import run_batch
from simcity_council.scenario import load_scenario

GOOD = Path(__file__).parent.parent / "data" / "good_minimal.yaml"


def _json(capsys, *argv: str) -> dict:
    assert main(["batch", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_has_the_contract_fields(capsys):
    out = _json(capsys, str(GOOD), "--policy", "inclusive", "--runs", "40", "--seed", "3")
    for key in (
        "scenario",
        "policy",
        "runs",
        "turns",
        "seconds",
        "game_turns_per_s",
        "scores",
        "digest",
    ):
        assert key in out, key
    assert out["scenario"] == "minimal"
    assert out["runs"] == 40
    assert out["turns"] == 4
    assert set(out["scores"]) == {
        "trust_mean",
        "trust_min",
        "trust_gap",
        "wellbeing_mean",
        "wellbeing_min",
        "resilience",
        "reserve",
        "engagement",
    }
    for summary in out["scores"].values():
        assert set(summary) == {"mean", "p10", "p50", "p90"}
        assert summary["p10"] <= summary["p50"] <= summary["p90"]


def test_objective_pass_rates_count_only_the_games_where_each_applies(capsys):
    from simcity_council.engine.batch import run_batch
    from simcity_council.scenario import load_scenario

    out = _json(capsys, "vallejo", "--policy", "random", "--runs", "300", "--seed", "2")
    model = load_scenario("vallejo").model
    assert list(out["objectives"]) == [o.id for o in model.objectives]
    scores = run_batch("vallejo", "random", 300, seed=2).scores
    for i, (oid, o) in enumerate(out["objectives"].items()):
        applies = scores.applies[:, i]
        assert (
            o["applies"] == applies.sum() and o["met"] == (scores.objectives[:, i] & applies).sum()
        )
        assert o["rate"] == (o["met"] / o["applies"] if o["applies"] else None), oid
    assert out["objectives"]["projects_delivered"]["applies"] < 300  # PB is not always adopted
    assert main(["batch", "vallejo", "--policy", "random", "--runs", "300", "--seed", "2"]) == 0
    text = capsys.readouterr().out
    assert "objectives met, of the games where each applies:" in text
    assert "Half of approved PB projects delivered (applies in" in text
    rows = [line for line in text.splitlines() if line.startswith("  wellbeing_mean ")]
    header = next(line for line in text.splitlines() if line.startswith("  score "))
    assert len(rows) == 1 and len(rows[0]) == len(header)  # columns line up


def test_json_digest_matches_the_engine_and_is_stable(capsys):
    first = _json(capsys, str(GOOD), "--policy", "random", "--runs", "25", "--seed", "9")
    second = _json(capsys, str(GOOD), "--policy", "random", "--runs", "25", "--seed", "9")
    other = _json(capsys, str(GOOD), "--policy", "random", "--runs", "25", "--seed", "10")
    engine = run_batch(load_scenario(GOOD), "random", 25, seed=9)
    assert first["digest"] == second["digest"] == engine.digest
    assert other["digest"] != first["digest"]


def test_human_output(capsys):
    assert main(["batch", str(GOOD), "--policy", "narrow", "--runs", "10"]) == 0
    out = capsys.readouterr().out
    assert "10 games with policy 'narrow'" in out
    assert "trust_min" in out


def test_script_policy(tmp_path, capsys):
    script = tmp_path / "plan.yaml"
    script.write_text(
        "- {decisions: {budget_process: pb}, actions: [listening_tour]}\n"
        "- {decisions: {projects: fund_winners, storm_response: shelter}}\n"
        "- {decisions: {storm_response: shelter}}\n"
        "- {decisions: {storm_response: cleanup}}\n",
        encoding="utf-8",
    )
    out = _json(capsys, str(GOOD), "--policy", f"script:{script}", "--runs", "20")
    assert out["policy"] == f"script:{script}"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--policy", "inclusve", "--runs", "5"], "did you mean 'inclusive'"),
        (["--policy", "random", "--runs", "0"], "at least 1"),
        (["--policy", "script:/no/such/file.yaml", "--runs", "5"], "cannot read the script"),
    ],
    ids=["unknown-policy", "zero-runs", "missing-script"],
)
def test_usage_errors_exit_2(capsys, argv, message):
    assert main(["batch", str(GOOD), *argv]) == 2
    assert message in capsys.readouterr().err


def test_bad_script_entry_is_a_usage_error(tmp_path, capsys):
    script = tmp_path / "plan.yaml"
    script.write_text("- {decisions: {budget_process: pbb}}\n", encoding="utf-8")
    assert main(["batch", str(GOOD), "--policy", f"script:{script}", "--runs", "2"]) == 2
    assert "did you mean 'pb'" in capsys.readouterr().err
