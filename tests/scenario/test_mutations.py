"""Hypothesis: valid scenarios mutated *as data* (not as text) never crash the loader.

The text mutations in ``test_loader.py`` mostly break the YAML; these keep it well-formed and
reach the schema, the cross-reference checks and ``compile``: a value replaced by one of another
type, a key deleted or added, an item duplicated, an id swapped for another id. Whatever comes
out, loading ends either in a scenario that compiles or in located problems: no other exception.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from simcity_council.scenario import builtin_path, check_source
from simcity_council.scenario.compile import compile_scenario

DATA = Path(__file__).parent.parent / "data"
SEEDS = {
    "minimal": yaml.safe_load((DATA / "good_minimal.yaml").read_text(encoding="utf-8")),
    "template": yaml.safe_load(builtin_path("template").read_text(encoding="utf-8")),
}
Path_ = tuple[str | int, ...]


def _paths(node: Any, here: Path_ = ()) -> list[Path_]:
    found = [here] if here else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*here, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*here, i))
    return found


def _ids(node: Any) -> list[str]:
    return sorted({str(v) for p in _paths(node) if p[-1] == "id" for v in [_get(node, p)]})


def _get(node: Any, path: Path_) -> Any:
    for part in path:
        node = node[part]
    return node


def _numbers(node: Any) -> list[Path_]:
    return [p for p in _paths(node) if type(_get(node, p)) in (int, float)]


IDS = sorted({i for seed in SEEDS.values() for i in _ids(seed)})
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(IDS),
    st.sampled_from(
        [
            "min(trust) >= 0.4",
            "flag.nothing",
            "chose.x.y",
            "((",
            "trust.renters",
            "__import__('os')",
            "reserve / 0 > 1",
            "event.storm and not flag.pb_adopted",
        ]
    ),
    st.sampled_from([[], {}, [1, 2], [5, 1], [0, 99], {"a": 1}, [[]], [{}], ["renters"]]),
)
OPERATIONS = ("replace", "delete", "duplicate", "add_key", "scale", "nudge", "nudge", "nudge")


def _mutate(data: Any, draw: Any) -> None:
    path = draw(st.sampled_from(_paths(data)))
    parent, key = _get(data, path[:-1]), path[-1]
    operation = draw(st.sampled_from(OPERATIONS))
    if operation == "delete":
        del parent[key]
    elif operation == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[key]))
    elif operation == "add_key" and isinstance(parent, dict):
        parent[draw(st.sampled_from([*IDS, "extra"]))] = copy.deepcopy(parent[key])
    elif operation == "scale" and type(parent[key]) in (int, float):
        parent[key] = parent[key] * draw(st.sampled_from([0, -1, 2, 10, 100, 0.5]))
    elif operation == "nudge":  # often still valid: reaches compile with unusual numbers
        number = _numbers(data)
        if number:
            where = draw(st.sampled_from(number))
            old = _get(data, where)
            new = draw(st.integers(0, 3)) if isinstance(old, int) else draw(st.floats(0, 1))
            _get(data, where[:-1])[where[-1]] = new
    else:
        parent[key] = copy.deepcopy(draw(VALUES))  # sampled lists are shared: never mutate them


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(sorted(SEEDS)), st.integers(1, 6), st.data())
def test_mutated_data_loads_or_gives_located_problems(
    tmp_path: Path, seed: str, edits: int, data: st.DataObject
) -> None:
    scenario = copy.deepcopy(SEEDS[seed])
    for _ in range(edits):
        if _paths(scenario):
            _mutate(scenario, data.draw)
    path = tmp_path / "mutated.yaml"
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False), "utf-8")
    loaded, problems = check_source(path)  # never raises
    event("valid" if loaded is not None else "problems")
    if loaded is None:
        assert problems
        for problem in problems:
            assert problem.message
            assert problem.line >= 1 and problem.column >= 1, problem
        return
    assert problems == []
    compiled = compile_scenario(loaded.model)
    assert compiled is not None
