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
    assert out["interactive"]["median_ms"] <= out["interactive"]["p95_ms"]
    assert set(out["targets"]) >= {"game_turns_per_s", "turn_ms", "batch_met", "interactive_met"}


def test_bench_rejects_bad_sizes(capsys):
    assert main(["bench", "--sizes", "ten"]) == 2
    assert "--sizes" in capsys.readouterr().err
