"""`simcity-council bench`: the report's fields (never its speed: no timed tests)."""

from __future__ import annotations

import json

from simcity_council.cli import main


def test_bench_json_fields(capsys):
    assert main(["bench", "--json", "--sizes", "1,20", "--turns", "3"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [b["games"] for b in out["batch"]] == [1, 20]
    for b in out["batch"]:
        assert b["game_turns"] == 10 * b["games"]
        assert b["game_turns_per_s"] > 0
        assert b["turn_per_stream"] > 0
    assert out["interactive"]["turns"] == 3
    assert out["interactive"]["repeat"] == 3  # the default: each turn's fastest of 3 plays
    assert out["interactive"]["median_ms"] <= out["interactive"]["p95_ms"]
    assert out["interactive"]["first_median_ms"] > 0
    assert set(out["targets"]) >= {"game_turns_per_s", "turn_ms", "batch_met", "interactive_met"}


def test_bench_rejects_bad_sizes(capsys):
    assert main(["bench", "--sizes", "ten"]) == 2
    assert "--sizes" in capsys.readouterr().err


def test_bench_repeat(capsys):
    assert main(["bench", "--repeat", "0"]) == 2
    assert "--repeat must be at least 1" in capsys.readouterr().err
    assert main(["bench", "--json", "--sizes", "2", "--turns", "2", "--repeat", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["interactive"]["repeat"] == 1
    # one play a turn: the fastest is the first
    assert out["interactive"]["median_ms"] == out["interactive"]["first_median_ms"]


def test_bench_on_a_scenario_file(capsys):
    from pathlib import Path

    good = Path(__file__).parent.parent / "data" / "good_minimal.yaml"
    argv = ["bench", "--json", "--sizes", "5", "--turns", "2", "--scenario", str(good)]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["scenario"] == "minimal"
    assert out["batch"][0]["game_turns"] == 4 * 5
