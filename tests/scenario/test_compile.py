"""compile: a validated scenario becomes the arrays the engine steps on, in the model's order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simcity_council.scenario import builtin_ids, builtin_path, load_scenario
from simcity_council.scenario.compile import (
    NEEDS_VARIANTS,
    ORGANISATION,
    RESIDENTS,
    STANCE_CODE,
    T_BUDGET,
    T_INDICATOR,
    T_RESERVE,
    CompiledScenario,
    compile_scenario,
    needs_variants,
)

MINIMAL = Path(__file__).parent.parent / "data" / "good_minimal.yaml"


@pytest.fixture(scope="module")
def minimal() -> CompiledScenario:
    return compile_scenario(load_scenario(MINIMAL).model)


def test_ids_keep_the_order_of_the_file(minimal: CompiledScenario) -> None:
    assert minimal.group_ids == ("owners", "renters", "unhoused", "works_crew")
    assert minimal.domain_ids == ("streets", "parks", "housing")
    assert minimal.decision_ids == ("budget_process", "projects", "storm_response")
    assert minimal.option_ids[1] == ("fund_winners", "repave", "split")
    assert minimal.action_ids == ("listening_tour", "open_data")
    assert minimal.turns == 4


def test_groups_kinds_and_population_weights(minimal: CompiledScenario) -> None:
    assert minimal.kind.tolist() == [RESIDENTS, RESIDENTS, RESIDENTS, ORGANISATION]
    assert minimal.resident.tolist() == [True, True, True, False]
    # the overlapping group counts again on top of the partition; the organisation not at all
    np.testing.assert_allclose(minimal.pop_weight, [0.5 / 1.05, 0.5 / 1.05, 0.05 / 1.05, 0.0])
    np.testing.assert_allclose(minimal.vuln_weight.sum(), 1.0)
    assert minimal.vuln_weight[2] > 0  # unhoused count in resilience
    assert minimal.vuln_weight[3] == 0


def test_needs_are_drawn_around_the_authored_ones(minimal: CompiledScenario) -> None:
    renters = minimal.model.groups[1]
    authored = [renters.needs.get(d, 0.0) for d in minimal.domain_ids]
    np.testing.assert_allclose(minimal.needs0[1], authored)
    assert minimal.needs.shape == (4, NEEDS_VARIANTS, 3)
    np.testing.assert_allclose(minimal.needs.sum(axis=2), 1.0, atol=1e-5)
    # a need of zero stays zero in every variant; the others differ between variants
    assert (minimal.needs[2, :, 0] == 0).all()
    assert len({tuple(v) for v in minimal.needs[1].round(6).tolist()}) > 1
    assert abs(minimal.needs[1].mean(axis=0)[2] - 0.7) < 0.15
    np.testing.assert_allclose(minimal.belief0.sum(axis=1), 1.0)


def test_needs_variants_are_a_pure_function_and_spread_zero_is_the_authored_needs() -> None:
    needs0 = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
    a, b = needs_variants(needs0, 0.5), needs_variants(needs0, 0.5)
    np.testing.assert_array_equal(a, b)
    flat = needs_variants(needs0, 0.0)
    np.testing.assert_allclose(flat, np.repeat(needs0[:, None, :], NEEDS_VARIANTS, axis=1))


def test_domains_baseline_scale_and_incidence(minimal: CompiledScenario) -> None:
    assert minimal.baseline.tolist() == [150000, 50000, 0]
    assert minimal.scale.tolist() == [150000, 50000, 100000]  # scale defaults to the baseline
    # streets: universal (every group 1); parks: only the groups listed
    assert minimal.incidence[0].tolist() == [1, 1, 1, 1]
    assert minimal.incidence[1].tolist() == [1, 0.8, 0.5, 0]
    # service of one unit of money a turn: needs x incidence / scale
    np.testing.assert_allclose(minimal.value0[1, 1], minimal.needs0[1, 1] * 0.8 / 50000)


def test_options_are_padded_to_the_largest_decision(minimal: CompiledScenario) -> None:
    assert minimal.max_options == 3
    assert minimal.option_valid.tolist() == [
        [True, True, False],
        [True, True, True],
        [True, True, False],
    ]
    assert minimal.option_spend.shape == (3, 3, 3)
    assert minimal.option_budget.shape == (3, 3, 3)
    assert minimal.option_consult.shape == (3, 3, 4)
    assert not minimal.option_spend[~minimal.option_valid].any()


def test_option_money_and_service_tables(minimal: CompiledScenario) -> None:
    streets, parks, housing = range(3)
    fund = minimal.option_spend[1, 0]
    assert (fund[housing], fund[parks], fund[streets]) == (200000, 50000, 0)
    assert minimal.option_cost[0, 0] == 50000  # overhead only: no spend
    assert minimal.option_cost[1, 0] == 250000  # spend counts in the one-time cost
    assert minimal.option_budget[1, 0].tolist() == [-40000, 0, 40000]
    assert minimal.option_budget_total[1].tolist() == [0, 0, 30000]
    assert minimal.option_for_turns[1].tolist() == [0, 0, 2]
    assert minimal.temporary_decisions.tolist() == [1]
    # the budget's service for each group in each variant: sum over domains of value x amount
    value = minimal.value[:, :, housing] * 40000 - minimal.value[:, :, streets] * 40000
    np.testing.assert_allclose(minimal.option_budget_value[1, 0], value)
    # the part from increases only (as well targeted as the city's belief)
    np.testing.assert_allclose(minimal.option_budget_up[1, 0], minimal.value[:, :, housing] * 40000)
    assert minimal.option_consult[0, 0].tolist() == [0.6, 0.8, 0.6, 0.0]
    assert minimal.option_stance[1].tolist() == [
        STANCE_CODE["inclusive"],
        STANCE_CODE["narrow"],
        STANCE_CODE["mixed"],
    ]
    assert minimal.option_sets[0, 0].tolist() == [True, False]  # pb_adopted
    assert minimal.option_scars[1, 2].tolist() == [0, 0, 0, 1]
    assert minimal.option_promise[0].tolist() == [0, -1, -1]
    (repave,) = minimal.option_effects[1][1]
    assert (repave.kind, repave.slot, repave.delta) == (T_INDICATOR, 0, 0.2)


def test_stakes_are_declared_or_found_from_budgets(minimal: CompiledScenario) -> None:
    # budget_process: declared; projects: every group whose services its options change
    assert minimal.decision_stakes[0].tolist() == [1, 1, 1, 0]
    assert minimal.decision_stakes[1].tolist() == [1, 1, 1, 1]
    # the storm response touches housing and streets: the works crew (streets) has a stake
    assert minimal.decision_stakes[2][3] == 1


def test_schedule_and_events(minimal: CompiledScenario) -> None:
    assert minimal.decision_turn.tolist() == [1, 2, 0]
    assert minimal.decision_after_event.tolist() == [-1, -1, 0]
    assert minimal.event_window.tolist() == [[2, 3]]
    assert minimal.event_chance.tolist() == [0.5]
    assert minimal.event_groups.tolist() == [[0.0, 1.0, 1.0, 0.0]]
    overtime, deferred = minimal.event_effects[0]
    assert (overtime.kind, overtime.delta, overtime.after) == (T_RESERVE, -50000, 0)
    assert (deferred.kind, deferred.slot, deferred.delta) == (T_BUDGET, 1, -10000)
    assert deferred.value is not None and deferred.value.shape == (4, NEEDS_VARIANTS)
    assert minimal.promise_due.tolist() == [2]
    assert minimal.action_sets[0].tolist() == [False, True]


def test_conditions_compile_to_batch_functions(minimal: CompiledScenario) -> None:
    requires = minimal.option_requires[1][0]
    assert requires is not None and requires.text == "flag.pb_adopted"
    games = 5
    env = {
        "flag": np.array(
            [[True, False], [False, False], [True, False], [False, True], [False] * 2]
        ),
        "turn": np.ones(games, np.int64),
    }
    assert requires.evaluate(env).tolist() == [True, False, True, False, False]
    assert len(minimal.objective_when) == 3 and len(minimal.debrief_when) == 2
    assert minimal.objective_applies[2] is not None and minimal.objective_applies[0] is None
    assert minimal.reflection_when[0] is None and minimal.reflection_when[1] is not None


@pytest.mark.parametrize("ident", ["template", *builtin_ids()])
def test_every_builtin_compiles_consistently(ident: str) -> None:
    model = load_scenario(builtin_path(ident) if ident == "template" else ident).model
    compiled = compile_scenario(model)
    again = compile_scenario(model)
    assert compiled.n_groups == len(model.groups)
    assert compiled.n_decisions == len(model.decisions)
    assert compiled.option_valid.sum() == sum(len(d.options) for d in model.decisions)
    np.testing.assert_allclose(compiled.needs.sum(axis=2), 1.0, atol=1e-3)
    for name in (
        "option_cost",
        "option_spend",
        "option_budget",
        "option_budget_value",
        "option_consult",
        "needs",
        "decision_stakes",
        "event_window",
    ):
        np.testing.assert_array_equal(getattr(compiled, name), getattr(again, name))
    # every decision concerns somebody, or players could never be heard on it
    assert (compiled.decision_stakes.sum(axis=1) > 0).all()
