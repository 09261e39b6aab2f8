"""The balance report: the criteria every built-in scenario must meet, and the checks themselves.

The built-in criteria are checked at 300 runs with margins above the 2,000-run pass marks (the
measured 2,000-run figures are recorded in the scenarios' issue note), so sampling noise at the
smaller size cannot hide a scenario that only just passes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from simcity_council.engine.balance import (
    CRITERIA,
    SCORES,
    BalanceReport,
    balance_report,
    dominance,
    play,
)
from simcity_council.engine.policies import POLICY_NAMES, make_policy
from simcity_council.engine.rng import derive_seeds
from simcity_council.scenario import builtin_ids, load_scenario
from simcity_council.scenario.compile import CompiledScenario, compile_scenario
from simcity_council.scenario.models import Scenario

MINIMAL = Path(__file__).parent.parent / "data" / "good_minimal.yaml"
RUNS = 300
MARGIN = 0.05  # above the 2,000-run pass marks


def _minimal(edit=None) -> CompiledScenario:
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    if edit is not None:
        edit(data)
    return compile_scenario(Scenario.model_validate(data))


@pytest.fixture(scope="module", params=builtin_ids())
def report(request: pytest.FixtureRequest) -> BalanceReport:
    compiled = compile_scenario(load_scenario(request.param).model)
    return balance_report(compiled, runs=RUNS, seed=11, dominance_runs=150)


def test_builtins_are_the_three_cases() -> None:
    assert set(builtin_ids()) >= {"vallejo", "portland", "minneapolis"}


def test_inclusive_beats_narrow_on_lowest_trust(report: BalanceReport) -> None:
    need = CRITERIA["inclusive_beats_narrow_trust_min"] + MARGIN
    assert report.inclusive_beats_narrow["trust_min"] >= need, report.scenario


def test_inclusive_beats_narrow_on_resilience(report: BalanceReport) -> None:
    need = CRITERIA["inclusive_beats_narrow_resilience"] + MARGIN
    assert report.inclusive_beats_narrow["resilience"] >= need, report.scenario


def test_narrow_ends_with_more_money(report: BalanceReport) -> None:
    narrow = report.policies["narrow"]["reserve"]["mean"]
    inclusive = report.policies["inclusive"]["reserve"]["mean"]
    # a real dilemma: a clear gap, at least 5% of what inclusive play keeps
    assert narrow - inclusive > 0.05 * abs(inclusive), report.scenario


def test_no_option_dominates(report: BalanceReport) -> None:
    assert report.dominant_options == (), report.dominant_options


def test_every_event_fires_in_some_runs(report: BalanceReport) -> None:
    assert report.never_fired == (), report.never_fired


def test_no_warnings(report: BalanceReport) -> None:
    assert report.warnings == (), report.warnings


def test_report_has_the_documented_json_fields(report: BalanceReport) -> None:
    data = report.as_dict()
    assert set(data["policies"]) == set(POLICY_NAMES)
    for scores in data["policies"].values():
        assert set(scores) == set(SCORES)
        for row in scores.values():
            assert set(row) == {"mean", "p10", "p50", "p90"}
    assert set(data["inclusive_beats_narrow"]) == {"trust_min", "resilience"}
    for key in ("dominant_options", "never_fired", "warnings"):
        assert isinstance(data[key], list)


def test_quantiles_are_ordered(report: BalanceReport) -> None:
    for scores in report.policies.values():
        for row in scores.values():
            assert row["p10"] <= row["p50"] <= row["p90"]


def test_same_seed_same_report() -> None:
    c = _minimal()
    a = balance_report(c, runs=40, seed=5, dominance_runs=20).as_dict()
    b = balance_report(c, runs=40, seed=5, dominance_runs=20).as_dict()
    assert a == b


def test_policies_are_paired_on_the_same_luck() -> None:
    """The same seeds give the same event draws whatever the policy chose."""
    c = _minimal()
    seeds = derive_seeds(3, 200)
    fired = [play(c, make_policy(name), seeds).fired for name in ("inclusive", "narrow")]
    # the storm has no condition, so it fires in exactly the same games under both policies
    assert np.array_equal(fired[0], fired[1])


def _add_free_clone(data: dict) -> None:
    """An option identical to 'staff' except that it also improves transparency for free."""
    options = data["decisions"][0]["options"]
    clone = dict(options[1])
    clone["id"] = "staff_open"
    clone["label"] = "Staff draft, published"
    clone["transparency"] = 0.5
    options.append(clone)


def test_dominance_finds_a_free_improvement() -> None:
    c = _minimal(_add_free_clone)
    found = dominance(c, derive_seeds(1, 60))
    pairs = {(d.decision, d.better, d.worse) for d in found}
    assert ("budget_process", "staff_open", "staff") in pairs


def test_dominance_does_not_flag_a_real_trade_off() -> None:
    c = _minimal()
    found = dominance(c, derive_seeds(1, 60))
    assert not [d for d in found if d.decision == "budget_process"]


def test_a_dominant_option_is_a_warning() -> None:
    report = balance_report(_minimal(_add_free_clone), runs=30, seed=2, dominance_runs=60)
    assert any("staff_open" in w and "dominates" in w for w in report.warnings)


def test_an_event_that_cannot_fire_is_reported() -> None:
    def never(data: dict) -> None:
        data["events"][0]["when"] = "reserve < 0 - 1000000000"

    report = balance_report(_minimal(never), runs=30, seed=2, dominance_runs=0)
    assert report.never_fired == ("storm",)
    assert any("'storm' never fires" in w for w in report.warnings)


def test_runs_must_be_positive() -> None:
    with pytest.raises(ValueError):
        balance_report(_minimal(), runs=0)
