"""`simcity-council balance` on the built-ins and on a scenario that fails a criterion."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from simcity_council.cli import main
from simcity_council.scenario import load_scenario

MINIMAL = Path(__file__).parent.parent / "data" / "good_minimal.yaml"


#: criteria a built-in fails at 2,000 seeds, each explained with data in the scenario's header
#: (an honest failure, not tuned away with invented numbers)
KNOWN_FAILURES = {
    "vallejo": {"failure_reachable"},
    "portland": {"luck_matters_trust", "luck_matters_reserve"},
    "minneapolis": set(),
}


@pytest.mark.parametrize("name", sorted(KNOWN_FAILURES))
def test_each_builtin_holds_every_criterion_but_its_documented_failures(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["balance", name, "--runs", "300", "--dominance-runs", "100", "--reading-games", "0",
         "--json"]
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == name and data["runs"] == 300
    failing = {k for k, v in data["criteria"].items() if not v["holds"]}
    # at 300 games a documented failure near its threshold may hold; nothing else may fail
    assert failing <= KNOWN_FAILURES[name], data["warnings"]
    assert data["ok"] is (not failing) and code == (1 if failing else 0)
    header = load_scenario(name).path.read_text(encoding="utf-8")
    for criterion in KNOWN_FAILURES[name]:  # the file says why, for the instructor
        assert re.search(rf"{criterion} [\d.]+ does not hold", header), criterion


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
