"""The city map: in the scenario file or beside a built-in, checked like every other section."""

from __future__ import annotations

from pathlib import Path

import pytest

from simcity_council.scenario import builtin_ids, check_source, load_scenario
from simcity_council.scenario.map import area_level, load_map_file, map_file, map_groups, map_of

GOOD_TEXT = (Path(__file__).parent.parent / "data" / "good_minimal.yaml").read_text(
    encoding="utf-8"
)
MAP = """map:
  size: [100, 80]
  note: Two sides of a river.
  areas:
    - id: hill
      name: The hill
      shape: [[0, 0], [50, 0], [50, 80], [0, 80]]
      live: {owners: 0.8, renters: 0.2}
    - id: flats
      name: The flats
      shape: [[50, 0], [100, 0], [100, 80], [50, 80]]
      live: {renters: 0.7, unhoused: 0.3}
      work: [renters]
  features:
    - {name: River, kind: water, shape: [[48, 0], [52, 0], [52, 80], [48, 80]]}
    - {name: City Hall, kind: landmark, shape: [[20, 40]]}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_map_inside_the_scenario_file_is_loaded(tmp_path: Path) -> None:
    loaded = load_scenario(_write(tmp_path, GOOD_TEXT + MAP))
    assert loaded.model.map is not None
    assert [a.id for a in loaded.model.map.areas] == ["hill", "flats"]
    assert map_of(loaded) is loaded.model.map


def test_a_scenario_without_a_map_has_none(tmp_path: Path) -> None:
    assert map_of(load_scenario(_write(tmp_path, GOOD_TEXT))) is None


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            "live: {renters: 0.7",
            "live: {renterz: 0.7",
            "map.areas[1].live.renterz",
            "unknown group 'renterz'; did you mean 'renters'?",
        ),
        ("work: [renters]", "work: [rentres]", "map.areas[1].work[0]", "unknown group 'rentres'"),
        ("id: flats", "id: hill", "map.areas[1].id", "duplicate area id 'hill'"),
        (
            "[100, 80], [50, 80]]",
            "[120, 80], [50, 80]]",
            "map.areas[1].shape[2]",
            "corner [120, 80] is outside the map",
        ),
        (
            "live: {owners: 0.8, renters: 0.2}",
            "live: {renters: 1}",
            "map.areas",
            "group 'owners' (groups[0]) lives in no area of the map",
        ),
        (
            "live: {renters: 0.7, unhoused: 0.3}",
            "live: {renters: 0, unhoused: 0}",
            "map.areas[1].live",
            "every weight is 0",
        ),
        ("kind: water", "kind: lake", "map.features[0].kind", "'lake'"),
    ],
    ids=[
        "unknown-live",
        "unknown-work",
        "duplicate-area",
        "outside",
        "lives-nowhere",
        "nobody-lives",
        "bad-kind",
    ],
)
def test_map_problems_are_located(
    tmp_path: Path, old: str, new: str, where: str, message: str
) -> None:
    text = GOOD_TEXT + MAP.replace(old, new, 1)
    loaded, problems = check_source(_write(tmp_path, text))
    assert loaded is None
    found = [p for p in problems if p.path == where]
    assert found, [str(p) for p in problems]
    assert message in str(found[0])
    assert found[0].line > GOOD_TEXT.count("\n")  # inside the map block, with its column


@pytest.mark.parametrize("scenario", builtin_ids())
def test_every_built_in_scenario_has_a_map_without_problems(scenario: str) -> None:
    loaded = load_scenario(scenario)
    found, problems = load_map_file(map_file(scenario), *map_groups(loaded.model))
    assert problems == []
    assert found is not None
    assert map_of(loaded) == found
    names = {g.id for g in loaded.model.groups}
    for area in found.areas:
        assert set(area.live) <= names and set(area.work) <= names


@pytest.mark.parametrize("scenario", builtin_ids())
def test_a_built_in_map_pastes_into_its_scenario(scenario: str, tmp_path: Path) -> None:
    """The map file's block is what the lead pastes into the scenario: it validates there."""
    source = Path(load_scenario(scenario).path).read_text(encoding="utf-8")
    block = map_file(scenario).read_text(encoding="utf-8")
    loaded = load_scenario(_write(tmp_path, source.rstrip("\n") + "\n" + block))
    assert loaded.model.map is not None
    assert map_of(loaded) is loaded.model.map


def test_an_area_mixes_its_groups_by_their_weights(tmp_path: Path) -> None:
    area = load_scenario(_write(tmp_path, GOOD_TEXT + MAP)).model.map.areas[1]
    assert area_level(area, {"renters": 0.4, "unhoused": 0.1}) == pytest.approx(0.31)
    assert area_level(area, {"renters": 0.4}) == pytest.approx(0.4)
