"""Fixtures for engine tests: the minimal fixture scenario and small synthetic scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

from simcity_council.engine.synthetic import synthetic_loaded
from simcity_council.scenario import load_scenario

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def minimal():
    """tests/data/good_minimal.yaml, loaded and validated."""
    return load_scenario(DATA / "good_minimal.yaml")


@pytest.fixture(scope="session")
def synthetic():
    """A built-in-sized synthetic scenario (8 groups, 6 domains, 10 decisions, 10 turns)."""
    return synthetic_loaded(0)
