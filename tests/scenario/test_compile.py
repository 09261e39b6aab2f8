"""compile: a validated scenario becomes the arrays the engine steps on, in the model's order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simcity_council.scenario import builtin_ids, builtin_path, load_scenario
from simcity_council.scenario.compile import (
    STANCE_CODE,
    T_INDICATOR,
    T_RESERVE,
    CompiledScenario,
    compile_scenario,
)

MINIMAL = Path(__file__).parent.parent / "data" / "good_minimal.yaml"


@pytest.fixture(scope="module")
def minimal() -> CompiledScenario:
    return compile_scenario(load_scenario(MINIMAL).model)


def test_ids_keep_the_order_of_the_file(minimal: CompiledScenario) -> None:
    assert minimal.group_ids == ("owners", "renters", "unhoused")
    assert minimal.domain_ids == ("streets", "parks", "housing")
    assert minimal.decision_ids == ("budget_process", "projects", "storm_response")
    assert minimal.option_ids[1] == ("fund_winners", "repave", "split")
    assert minimal.action_ids == ("listening_tour", "open_data")
    assert minimal.turns == 4


def test_group_arrays_and_priority_matrix(minimal: CompiledScenario) -> None:
    model = minimal.model
    assert minimal.share.tolist() == [g.share for g in model.groups]
    assert minimal.truth.shape == (3, 3)
    np.testing.assert_allclose(minimal.truth.sum(axis=1), 1.0)
    renters = model.groups[1]
    for j, domain in enumerate(minimal.domain_ids):
        assert minimal.truth[1, j] == renters.priorities.get(domain, 0.0)
    np.testing.assert_allclose(minimal.belief0.sum(axis=1), 1.0)
    np.testing.assert_allclose(minimal.vuln_weight.sum(), 1.0)


def test_options_are_padded_to_the_largest_decision(minimal: CompiledScenario) -> None:
    assert minimal.max_options == 3
    assert minimal.option_valid.tolist() == [
        [True, True, False],
        [True, True, True],
        [True, True, False],
    ]
    assert minimal.option_spend.shape == (3, 3, 3)
    assert minimal.option_consult.shape == (3, 3, 3)
    assert not minimal.option_spend[~minimal.option_valid].any()


def test_option_effect_tensors(minimal: CompiledScenario) -> None:
    streets, parks, housing = range(3)
    fund = minimal.option_spend[1, 0]
    assert (fund[housing], fund[parks], fund[streets]) == (200000, 50000, 0)
    assert minimal.option_cost[0, 0] == 50000  # overhead only: no spend
    assert minimal.option_cost[1, 0] == 250000  # spend counts in the one-time cost
    assert minimal.option_consult[0, 0].tolist() == [0.6, 0.8, 0.6]
    assert minimal.option_stance[1].tolist() == [
        STANCE_CODE["inclusive"],
        STANCE_CODE["narrow"],
        STANCE_CODE["mixed"],
    ]
    assert minimal.option_sets[0, 0].tolist() == [True]  # pb_adopted
    assert minimal.option_promise[0].tolist() == [0, -1, -1]
    (repave,) = minimal.option_effects[1][1]
    assert (repave.kind, repave.slot, repave.delta) == (T_INDICATOR, 0, 0.2)


def test_schedule_and_events(minimal: CompiledScenario) -> None:
    assert minimal.decision_turn.tolist() == [1, 2, 0]
    assert minimal.decision_after_event.tolist() == [-1, -1, 0]
    assert minimal.event_window.tolist() == [[2, 3]]
    assert minimal.event_chance.tolist() == [0.5]
    assert minimal.event_groups.tolist() == [[0.0, 1.0, 1.0]]
    (overtime,) = minimal.event_effects[0]
    assert (overtime.kind, overtime.delta, overtime.after) == (T_RESERVE, -50000, 0)
    assert minimal.promise_due.tolist() == [2]


def test_conditions_compile_to_batch_functions(minimal: CompiledScenario) -> None:
    requires = minimal.option_requires[1][0]
    assert requires is not None and requires.text == "flag.pb_adopted"
    games = 5
    env = {
        "flag": np.array([[True], [False], [True], [False], [False]]),
        "turn": np.ones(games, np.int64),
    }
    assert requires.evaluate(env).tolist() == [True, False, True, False, False]
    assert len(minimal.objective_when) == 2 and len(minimal.debrief_when) == 2


@pytest.mark.parametrize("ident", ["template", *builtin_ids()])
def test_every_builtin_compiles_consistently(ident: str) -> None:
    model = load_scenario(builtin_path(ident) if ident == "template" else ident).model
    compiled = compile_scenario(model)
    again = compile_scenario(model)
    assert compiled.n_groups == len(model.groups)
    assert compiled.n_decisions == len(model.decisions)
    assert compiled.option_valid.sum() == sum(len(d.options) for d in model.decisions)
    np.testing.assert_allclose(compiled.truth.sum(axis=1), 1.0, atol=1e-3)
    for name in ("option_cost", "option_spend", "option_consult", "truth", "event_window"):
        np.testing.assert_array_equal(getattr(compiled, name), getattr(again, name))
