"""The model teaches what it should: consultation, listening, shocks, promises, the lesson."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml

from simcity_council.engine import Choices, Game
from simcity_council.engine.batch import run_batch
from simcity_council.engine.synthetic import LoadedSynthetic
from simcity_council.scenario.models import Scenario


def _variant(minimal, edit) -> LoadedSynthetic:
    """The minimal scenario with ``edit(data)`` applied."""
    data = copy.deepcopy(yaml.safe_load(minimal.path.read_text(encoding="utf-8")))
    edit(data)
    return LoadedSynthetic(Scenario.model_validate(data), "<variant>", "variant")


def _group(result, group_id):
    return next(g for g in result.groups if g.id == group_id)


def _cause(change, kind, cid=None):
    return sum(c.amount for c in change.causes if c.kind == kind and (cid is None or c.id == cid))


def test_consulting_a_group_raises_its_trust(minimal):
    def edit(data):
        options = data["decisions"][0]["options"]
        options[1]["consult"] = {"owners": 0.3, "renters": 0.9}

    consulted = Game.start(_variant(minimal, edit), seed=1)
    plain = Game.start(minimal, seed=1)
    a = consulted.submit(Choices({"budget_process": "staff"}))
    b = plain.submit(Choices({"budget_process": "staff"}))
    assert _group(a, "renters").trust.after > _group(b, "renters").trust.after
    assert _group(a, "owners").trust.after == _group(b, "owners").trust.after


def test_listening_reduces_uncertainty(minimal):
    heard = Game.start(minimal, seed=1).submit(
        Choices({"budget_process": "staff"}, ("listening_tour",))
    )
    unheard = Game.start(minimal, seed=1).submit(Choices({"budget_process": "staff"}))
    renters = _group(heard, "renters").uncertainty
    assert renters.after < renters.before
    assert _group(unheard, "renters").uncertainty.delta == 0.0
    assert _cause(renters, "action", "listening_tour") == pytest.approx(renters.delta)


def test_listening_makes_spending_land_better(minimal):
    def play(actions):
        game = Game.start(minimal, seed=1)
        game.submit(Choices({"budget_process": "pb"}, actions))
        return game.submit(Choices({"projects": "fund_winners"}))

    with_tour = _group(play(("listening_tour",)), "renters").wellbeing
    without = _group(play(()), "renters").wellbeing
    option = "projects.fund_winners"
    assert _cause(with_tour, "option", option) > _cause(without, "option", option) > 0


def _shock(minimal, resilience):
    def edit(data):
        data["city"]["resilience"] = resilience
        data["events"][0].update(window=[1, 1], chance=1.0, groups=None)
        data["events"][0]["effects"] = []

    game = Game.start(_variant(minimal, edit), seed=1)
    result = game.submit(Choices({"budget_process": "staff"}))
    return {g.id: _cause(g.wellbeing, "event", "storm") for g in result.groups}


def test_a_shock_hurts_the_vulnerable_more_and_less_when_resilient(minimal):
    weak, strong = _shock(minimal, 0.1), _shock(minimal, 0.9)
    assert weak["unhoused"] < weak["owners"] < 0  # vulnerability 0.9 vs 0.2
    assert strong["unhoused"] < 0
    assert abs(strong["unhoused"]) < abs(weak["unhoused"])


def test_a_broken_promise_costs_trust(minimal):
    def play(projects):
        game = Game.start(minimal, seed=4)
        game.submit(Choices({"budget_process": "pb"}))
        game.submit(Choices({"projects": projects}))
        return game.submit(game.suggest("narrow"))

    broken, kept = play("repave"), play("fund_winners")
    label = "Fund the winning projects within two quarters"
    assert broken.promises_broken == (label,)
    assert kept.promises_kept == (label,)
    assert _cause(_group(broken, "renters").trust, "promise") < 0
    assert _cause(_group(kept, "renters").trust, "promise") == 0


def test_causes_add_up_in_the_facade(minimal):
    game = Game.start(minimal, seed=8)
    while not game.done:
        result = game.submit(game.suggest("random"))
        for g in result.groups:
            for change in (g.trust, g.wellbeing, g.engagement, g.uncertainty):
                # to float32 precision: values are shown as their shortest decimals
                total = sum(c.amount for c in change.causes)
                assert total == pytest.approx(change.delta, abs=1e-7)
        assert sum(c.amount for c in result.reserve.causes) == pytest.approx(
            result.reserve.delta, abs=0.005
        )


def test_inclusive_beats_narrow_but_costs_money(minimal):
    inclusive = run_batch(minimal, "inclusive", 300, seed=21).scores
    narrow = run_batch(minimal, "narrow", 300, seed=21).scores
    assert np.mean(inclusive.trust_min > narrow.trust_min) > 0.75
    assert np.mean(inclusive.resilience > narrow.resilience) > 0.75
    assert narrow.reserve.mean() > inclusive.reserve.mean()


def test_earning_trust_does_not_lower_wellbeing(minimal):
    """Wellbeing follows the services a group gets: the same choices give the same wellbeing
    change whether the group trusts the city or not."""

    def trusting(data):
        for g in data["groups"]:
            g["trust"] = 0.9

    low = Game.start(minimal, seed=1).submit(Choices({"budget_process": "staff"}))
    high = Game.start(_variant(minimal, trusting), seed=1).submit(
        Choices({"budget_process": "staff"})
    )
    for g in ("owners", "renters", "unhoused"):
        assert _group(high, g).wellbeing.delta == pytest.approx(_group(low, g).wellbeing.delta)
