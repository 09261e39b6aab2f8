"""`simcity-council balance` on the built-ins and on a scenario that fails a criterion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from simcity_council.cli import main

MINIMAL = Path(__file__).parent.parent / "data" / "good_minimal.yaml"


def test_json_report_of_a_builtin(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["balance", "vallejo", "--runs", "100", "--dominance-runs", "100", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0, data["warnings"]
    assert data["scenario"] == "vallejo"
    assert data["runs"] == 100
    assert data["ok"] is True


def test_human_report_names_the_policies(capsys: pytest.CaptureFixture[str]) -> None:
    main(["balance", "portland", "--runs", "30", "--dominance-runs", "0"])
    out = capsys.readouterr().out
    for policy in ("random", "inclusive", "narrow", "greedy"):
        assert policy in out
    assert "lesson_holds" in out
    assert "real_losers" not in out  # not judged without forced-option runs


def test_a_failing_scenario_exits_1_with_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    data["events"][0]["when"] = "reserve < 0 - 1000000000"  # the storm can never fire
    path = tmp_path / "never.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code = main(["balance", str(path), "--runs", "20", "--dominance-runs", "0", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["never_fired"] == ["storm"]
    assert report["ok"] is False


def test_runs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["balance", "vallejo", "--runs", "0"]) == 2
    assert "--runs" in capsys.readouterr().err
