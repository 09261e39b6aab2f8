"""Policies: names, scripts, and games that end early stay frozen."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from simcity_council.engine import Batch, Choices, Game, derive_seeds, make_policy
from simcity_council.engine.synthetic import LoadedSynthetic
from simcity_council.errors import GameError, UsageError
from simcity_council.scenario.models import Scenario


def test_unknown_policy_suggests_a_name():
    with pytest.raises(UsageError, match="did you mean 'greedy'"):
        make_policy("gready")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "a script maps decisions to options"),
        ("{decision: {budget_process: pb}}", "unknown key 'decision'"),
        ("{turns: {third: {}}}", "'turns' maps turn numbers"),
        ("- [1, 2]", "expected"),
        ("- {decisions: [pb]}", "'decisions' is a mapping"),
        ("- {decisions: {budget_process: pb}, extra: 1}", "expected"),
        ("- {decisions: {budget_process: pb}\n", "not valid YAML/JSON"),
    ],
    ids=[
        "empty",
        "misspelt-key",
        "turns-not-numbers",
        "entry-not-mapping",
        "decisions-not-mapping",
        "unknown-key",
        "bad-yaml",
    ],
)
def test_bad_scripts_are_usage_errors(tmp_path, text, message):
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        make_policy(f"script:{path}")


def test_script_drives_a_game(tmp_path, minimal):
    path = tmp_path / "plan.json"
    path.write_text(
        '[{"decisions": {"budget_process": "pb"}, "actions": ["open_data"]}]', encoding="utf-8"
    )
    game = Game.start(minimal, seed=1)
    assert game.suggest(f"script:{path}") == Choices({"budget_process": "pb"}, ("open_data",))
    game.submit(game.suggest(f"script:{path}"))
    # past its last entry a list script plays the defaults (the first available options)
    assert game.suggest(f"script:{path}").decisions == {"projects": "fund_winners"}


def _strict_floor(minimal) -> LoadedSynthetic:
    """Minimal Town where paying for participatory budgeting sinks the reserve below the floor."""
    data = copy.deepcopy(yaml.safe_load(minimal.path.read_text(encoding="utf-8")))
    data["city"]["reserve_floor"] = 1_180_000  # staff: 1.2M after turn 1; pb: 1.15M
    return LoadedSynthetic(Scenario.model_validate(data), "<floor>", "floor")


def test_games_that_end_stay_frozen_and_match_single_games(minimal):
    loaded = _strict_floor(minimal)
    seeds = derive_seeds(5, 40)
    batch = Batch.start(loaded, seeds)
    policy = make_policy("random")
    batch.play(policy)
    ended = batch.done.copy()
    assert 0 < ended.sum() < 40  # some chose pb and went into receivership
    frozen = batch.digests()
    while not batch.done.all():
        batch.play(policy)
    after = batch.digests()
    for i in np.flatnonzero(ended):
        assert after[i] == frozen[i], f"game {i} changed after it ended"
    for i in (int(np.flatnonzero(ended)[0]), int(np.flatnonzero(~ended)[0])):
        game = Game.start(loaded, seed=int(seeds[i]))
        while not game.done:
            game.submit(game.suggest("random"))
        assert game.digest() == after[i], f"game {i} differs from its single game"


def test_receivership_ends_the_game(minimal):
    game = Game.start(_strict_floor(minimal), seed=1)
    result = game.submit(Choices({"budget_process": "pb"}))
    assert result.terminated
    assert not result.truncated
    assert result.end_reason == "receivership"
    assert game.done
    assert game.view().agenda == ()
    with pytest.raises(GameError, match="receivership"):
        game.submit(Choices())


def _take_best_reference(cost, cap, value, usable, capacity, money):
    """The rule, game by game: take the best remaining action with value > 0 that fits (the
    lowest index among equals), until none fits."""
    n, na = value.shape
    act = np.zeros((n, na), bool)
    for g in range(n):
        room, cash = int(capacity[g]), float(money[g])
        while True:
            best = None
            for a in range(na):
                fits = usable[g, a] and not act[g, a] and value[g, a] > 0 and cap[a] <= room
                fits = fits and (cost[a] == 0 or cost[a] <= cash)
                if fits and (best is None or value[g, a] > value[g, best]):
                    best = a
            if best is None:
                break
            act[g, best] = True
            room -= int(cap[best])
            cash -= float(cost[best])
    return act


@settings(max_examples=200, deadline=None)
@given(
    na=st.integers(1, 6),
    n=st.integers(1, 12),
    shared=st.booleans(),
    data=st.data(),
)
def test_take_best_follows_the_rule(na, n, shared, data):
    """Policy.take_best equals the game-by-game rule, whether all games rank the actions alike
    (one scan over columns) or not (a scan per game); ties go to the lower index."""
    from types import SimpleNamespace

    from simcity_council.engine.policies import Policy

    small = st.sampled_from([-1.0, 0.0, 0.5, 1.0, 2.0])  # few values: many ties
    row = data.draw(st.lists(small, min_size=na, max_size=na))
    rows = (
        [row] * n
        if shared
        else data.draw(st.lists(st.lists(small, min_size=na, max_size=na), min_size=n, max_size=n))
    )
    value = np.array(rows, np.float32)
    usable = np.array(
        data.draw(
            st.lists(st.lists(st.booleans(), min_size=na, max_size=na), min_size=n, max_size=n)
        )
    )
    cost = np.array(data.draw(st.lists(st.sampled_from([0.0, 1.0, 3.0]), min_size=na, max_size=na)))
    cap = np.array(data.draw(st.lists(st.integers(0, 3), min_size=na, max_size=na)), np.int64)
    capacity = np.array(data.draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)), np.int64)
    money = np.array(
        data.draw(st.lists(st.sampled_from([-1.0, 0.0, 2.0, 5.0]), min_size=n, max_size=n))
    )
    expected = _take_best_reference(cost, cap, value, usable, capacity, money)
    act = np.zeros((n, na), bool)
    c = SimpleNamespace(action_cost=cost, action_capacity=cap)
    Policy.take_best(c, value, usable, capacity.copy(), money.copy(), act)
    assert (act == expected).all(), f"got\n{act}\nexpected\n{expected}"
