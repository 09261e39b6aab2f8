"""The notebook API: short reprs, run_batch (final scores, and per-turn series like a data
collector) equal to the engine's batch, read_logs into typed tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pandas = pytest.importorskip("pandas")

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"


def test_the_top_level_names_import_lazily() -> None:
    code = (
        "import sys, simcity_council as s; assert 'numpy' not in sys.modules;"
        "from simcity_council import load_scenario, Game, run_batch, read_logs;"
        "assert 'pygame' not in sys.modules; print(sorted(s.__all__))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "run_batch" in out.stdout


def test_reprs_are_short() -> None:
    from simcity_council import Game, load_scenario, read_logs

    vallejo = load_scenario("vallejo")
    assert (
        repr(vallejo).startswith("<LoadedScenario 'vallejo': Vallejo") and len(repr(vallejo)) < 200
    )
    assert len(repr(Game.start(vallejo, seed=1))) < 80
    logs = read_logs(GOLDEN)
    assert (
        repr(logs)
        == "<Logs: 3 sessions (3 finished, 3 automatic) of minneapolis, portland, vallejo>"
    )
    assert len(repr(logs[0])) < 120


def test_run_batch_scores_equal_the_engine_batch() -> None:
    from simcity_council import run_batch
    from simcity_council.engine import run_batch as engine_batch

    frame = run_batch("portland", "inclusive", runs=64, seed=3)
    reference = engine_batch("portland", "inclusive", 64, seed=3)
    assert list(frame["game"]) == list(range(64))
    from simcity_council.engine.precision import as_decimal

    assert np.array_equal(frame["trust_min"].to_numpy(), as_decimal(reference.scores.trust_min))
    assert np.array_equal(frame["reserve"].to_numpy(), reference.scores.reserve)
    assert set(frame["end_reason"]) <= {"turn_limit", "receivership", "recall"}
    assert frame.filter(like="objective_").dtypes.eq(bool).all()


def test_collect_gives_per_turn_series_that_end_with_each_game() -> None:
    from simcity_council import Game, load_scenario, run_batch
    from simcity_council.engine import derive_seeds

    minneapolis = load_scenario("minneapolis")
    series = run_batch(minneapolis, "random", runs=12, seed=5, collect=["trust", "reserve"])
    assert list(series.columns) == ["game", "seed", "turn", "group", "trust", "reserve"]
    groups = [g.id for g in minneapolis.model.groups]
    for game_index in (0, 7):
        seed = int(derive_seeds(5, 12)[game_index])
        game = Game.start(minneapolis, seed=seed)
        while not game.done:
            game.submit(game.suggest("random"))
        rows = series[series.game == game_index]
        assert sorted(set(rows.turn)) == list(range(len(game.results) + 1))
        last = rows[rows.turn == len(game.results)]
        assert list(last.group) == groups
        assert list(last.trust) == [g.trust.after for g in game.results[-1].groups]
        assert set(last.reserve) == {game.results[-1].reserve.after}


def test_collect_refuses_an_unknown_quantity_with_a_suggestion() -> None:
    from simcity_council import run_batch
    from simcity_council.errors import UsageError

    with pytest.raises(UsageError, match="no quantity 'trsut'; did you mean 'trust'"):
        run_batch("vallejo", runs=2, collect=["trsut"])


def test_read_logs_gives_the_export_tables_typed() -> None:
    from simcity_council import read_logs

    tables = read_logs(GOLDEN).tables()
    sessions = tables["sessions"]
    assert str(sessions["auto"].dtype) == "boolean" and sessions["auto"].all()
    assert sessions["seed"].dtype == "int64"
    groups = tables["groups"]
    assert {"trust", "wellbeing", "engagement", "uncertainty"} <= set(groups.columns)
    assert len(groups) == sum(
        len(log.header.groups) * (len(log.turns) + 1) for log in read_logs(GOLDEN)
    )
    pseudonymised = read_logs(GOLDEN).tables(pseudonymise="a-study-key-123")["sessions"]
    assert set(pseudonymised.player) != set(sessions.player)
