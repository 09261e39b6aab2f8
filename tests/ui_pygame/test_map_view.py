"""The city map's area tags: every area's name and number can be read."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame as pg  # noqa: E402

from simcity_council.scenario import load_scenario  # noqa: E402
from simcity_council.scenario.map import map_of  # noqa: E402
from simcity_council.ui_pygame import map_view  # noqa: E402


def test_a_tag_moves_off_the_tags_placed_before_it() -> None:
    bounds = pg.Rect(0, 0, 300, 300)
    first = pg.Rect(100, 100, 80, 30)
    moved = map_view._free_spot(pg.Rect(110, 105, 80, 30), [first], bounds)
    assert not moved.colliderect(first) and bounds.contains(moved)
    assert abs(moved.x - 110) + abs(moved.y - 105) <= 60  # near where it was
    alone = pg.Rect(10, 10, 80, 30)
    assert map_view._free_spot(alone, [first], bounds) == alone


def test_no_two_area_tags_of_a_builtin_map_overlap(monkeypatch) -> None:
    pg.font.init()
    font, small = pg.font.Font(None, 18), pg.font.Font(None, 15)
    placed: list[pg.Rect] = []
    real = map_view._free_spot

    def spy(rect, taken, bounds):  # noqa: ANN001, ANN202
        spot = real(rect, taken, bounds)
        placed.append(spot)
        return spot

    monkeypatch.setattr(map_view, "_free_spot", spy)
    for scenario in ("minneapolis", "portland", "vallejo"):
        loaded = load_scenario(scenario)
        city_map = map_of(loaded)
        values = {g.id: g.trust for g in loaded.model.groups}
        for size in ((330, 330), (420, 380)):
            placed.clear()
            map_view.render_map(
                pg, city_map, values, size, font=font, small=small, ink="#222222",
                page="#f4f1ea", quantity="trust",
            )  # fmt: skip
            assert len(placed) == len(city_map.areas)
            for i, a in enumerate(placed):
                assert not any(a.colliderect(b) for b in placed[:i]), (scenario, size, i)
