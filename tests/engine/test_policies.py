"""Policies: names, scripts, and games that end early stay frozen."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml

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
        ("{decisions: {}}", "a list with one entry per turn"),
        ("- [1, 2]", "expected"),
        ("- {decisions: [pb]}", "'decisions' is a mapping"),
        ("- {decisions: {budget_process: pb}, extra: 1}", "expected"),
        ("- {decisions: {budget_process: pb}\n", "not valid YAML/JSON"),
    ],
    ids=["not-a-list", "entry-not-mapping", "decisions-not-mapping", "unknown-key", "bad-yaml"],
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
    with pytest.raises(UsageError, match="the script has 1 turns"):
        game.suggest(f"script:{path}")


def _strict_floor(minimal) -> LoadedSynthetic:
    """Minimal Town where paying for participatory budgeting sinks the reserve below the floor."""
    data = copy.deepcopy(yaml.safe_load(minimal.path.read_text(encoding="utf-8")))
    data["city"]["reserve_floor"] = 1_380_000
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
