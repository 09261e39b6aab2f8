"""The city map of a scenario: its cross-reference checks, where to find it, and how an area mixes
the numbers of the groups who live there.

A scenario's ``map:`` section (models: :class:`~.models.CityMap`) names areas as polygons and the
groups who live or work in each. Built-in scenarios may keep their map in a file of its own,
``scenarios/maps/<scenario id>.yaml``, holding the same ``map:`` block; :func:`map_of` finds
either. The checks here report, like every other check, ``file:line:col: path: message``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import Problem
from .locate import Document, Path_
from .models import CityMap, MapArea

MAPS_FOLDER = "maps"


def check_map(
    doc: Document,
    group_ids: list[str],
    groups_broken: bool = False,
    residents: list[tuple[int, str]] | None = None,
) -> list[Problem]:
    """Every problem of the ``map:`` section of ``doc`` that needs the rest of the document:
    unknown or missing groups, duplicate area ids, corners outside the map. ``group_ids`` are
    the scenario's groups (not checked against when ``groups_broken``: that section's own
    problems are reported); ``residents`` the (index, id) of groups with a population share,
    read from ``doc`` unless given (a map file of its own has no groups)."""
    groups = None if groups_broken else group_ids
    data = doc.data if isinstance(doc.data, dict) else {}
    if residents is None:
        residents = _residents(data)
    section = data.get("map")
    if not isinstance(section, dict):
        return []
    problems: list[Problem] = []

    def add(path: Path_, message: str, hint: str = "", at_key: bool = False) -> None:
        problems.append(doc.problem(path, message, hint, at_key))

    def known(path: Path_, value: Any, at_key: bool = False) -> None:
        if groups is None or not isinstance(value, str) or value in groups:
            return
        add(path, f"unknown group '{value}'", _suggest(value, groups), at_key)

    size = _point(section.get("size")) or (100.0, 100.0)
    seen: dict[str, int] = {}
    living: set[str] = set()
    areas = section.get("areas")
    for i, area in enumerate(areas if isinstance(areas, list) else []):
        if not isinstance(area, dict):
            continue
        path: Path_ = ("map", "areas", i)
        ident = area.get("id")
        if isinstance(ident, str):
            if ident in seen:
                add(
                    (*path, "id"),
                    f"duplicate area id '{ident}' (also map.areas[{seen[ident]}])",
                    "give each area its own id",
                )
            seen.setdefault(ident, i)
        live = area.get("live")
        if isinstance(live, dict):
            for group, weight in live.items():
                known((*path, "live", group), group, at_key=True)
                if isinstance(weight, int | float) and not isinstance(weight, bool) and weight > 0:
                    living.add(group)
            weights = [w for w in live.values() if isinstance(w, int | float)]
            if live and len(weights) == len(live) and not any(w > 0 for w in weights):
                add(
                    (*path, "live"),
                    "every weight is 0, so nobody lives here",
                    "give at least one group a weight above 0",
                )
        work = area.get("work")
        for j, group in enumerate(work if isinstance(work, list) else []):
            known((*path, "work", j), group)
        _corners(add, (*path, "shape"), area.get("shape"), size)
    features = section.get("features")
    for i, feature in enumerate(features if isinstance(features, list) else []):
        if isinstance(feature, dict):
            _corners(add, ("map", "features", i, "shape"), feature.get("shape"), size)
    if groups is not None and areas and not problems:  # a misspelt group is reported once
        for i, group in residents:
            if group not in living:
                add(
                    ("map", "areas"),
                    f"group '{group}' (groups[{i}]) lives in no area of the map",
                    f"add '{group}' to the 'live' of the areas where its people live",
                )
    return problems


def _residents(data: dict[str, Any]) -> list[tuple[int, str]]:
    """(index, id) of the groups with a share of the population: they must live somewhere."""
    groups = data.get("groups")
    out = []
    for i, group in enumerate(groups if isinstance(groups, list) else []):
        share = group.get("share") if isinstance(group, dict) else None
        if isinstance(share, int | float) and not isinstance(share, bool) and share > 0:
            if isinstance(group.get("id"), str):
                out.append((i, group["id"]))
    return out


def _point(value: Any) -> tuple[float, float] | None:
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        return float(value[0]), float(value[1])
    return None


def _corners(add: Any, path: Path_, shape: Any, size: tuple[float, float]) -> None:
    for k, corner in enumerate(shape if isinstance(shape, list) else []):
        point = _point(corner)
        if point is None:
            continue
        x, y = point
        if not (0 <= x <= size[0] and 0 <= y <= size[1]):
            add(
                (*path, k),
                f"corner [{x:g}, {y:g}] is outside the map (0 to {size[0]:g} across, "
                f"0 to {size[1]:g} down)",
                "move the corner inside map.size, or make map.size larger",
            )


def _suggest(value: str, known: list[str]) -> str:
    match = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if match:
        return f"did you mean '{match[0]}'?"
    return "known: " + ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")


def area_level(area: MapArea, values: Mapping[str, float]) -> float:
    """An area's value for its colour: the numbers (trust or wellbeing, in [0, 1]) of the groups
    living there, mixed by the area's ``live`` weights (groups without a number are left out)."""
    pairs = [(w, values[g]) for g, w in area.live.items() if g in values and w > 0]
    total = sum(w for w, _ in pairs)
    return sum(w * v for w, v in pairs) / total if total else 0.0


def map_file(scenario_id: str) -> Path:
    """Where a built-in scenario's map lives when it is not in the scenario file itself."""
    from . import _builtin_dir

    return _builtin_dir() / MAPS_FOLDER / f"{scenario_id}.yaml"


def load_map_file(
    path: Path, groups: list[str], residents: list[tuple[int, str]]
) -> tuple[CityMap | None, list[Problem]]:
    """Read a file holding one ``map:`` block and check it against a scenario's ``groups`` and
    ``residents`` (the (index, id) of its groups with a population share)."""
    from pydantic import BaseModel, ConfigDict, ValidationError

    from ..errors import ScenarioError
    from . import _display
    from .explain import explain
    from .loader import read_document

    class _MapFile(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)
        map: CityMap

    try:
        doc, problems = read_document(path, _display(path))
    except ScenarioError as error:
        return None, list(error.problems)
    parsed: CityMap | None = None
    try:
        parsed = _MapFile.model_validate(doc.data).map
    except ValidationError as error:
        problems += explain(error, doc)
    problems += check_map(doc, groups, residents=residents)
    return (None if problems else parsed), problems


def map_of(loaded: Any) -> CityMap | None:
    """The map of a loaded scenario: its own ``map:`` section, or for a built-in scenario the
    map file beside it (``scenarios/maps/<id>.yaml``); None when there is none or it has
    problems (``validate``, and the tests of the built-in maps, report them)."""
    model = loaded.model
    if model.map is not None:
        return model.map
    path = map_file(model.meta.id)
    if not _is_builtin(loaded.path) or not path.is_file():
        return None
    found, _ = load_map_file(path, *map_groups(model))
    return found


def map_groups(model: Any) -> tuple[list[str], list[tuple[int, str]]]:
    """A scenario's group ids, and the (index, id) of those with a population share."""
    ids = [g.id for g in model.groups]
    return ids, [(i, g.id) for i, g in enumerate(model.groups) if g.share > 0]


def _is_builtin(path: Path) -> bool:
    from . import _builtin_dir

    try:
        return Path(path).resolve().parent == _builtin_dir().resolve()
    except OSError:
        return False
