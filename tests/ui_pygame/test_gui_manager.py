"""ui_pygame/_gui_manager.py overrides two methods of pygame_gui 0.6 and calls its internals
(``_get_next_id_node``, ``_locale``, the theme's tables). pyproject.toml pins pygame_gui below its
next minor version; these tests say what no longer matches when a release changes any of it:
the overridden methods and the internals still have the shapes the override was written for,
and on a real manager the override gives the library's ids, minus ids the theme never names, so
every theme lookup finds what the library's own method would have found."""

from __future__ import annotations

import copy
import inspect
import tomllib
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pygame_gui
import pytest
from packaging.requirements import Requirement
from pygame_gui.core import UIAppearanceTheme

from simcity_council.ui_pygame._gui_manager import UIManager, _Theme
from simcity_council.ui_pygame.turn_screen import TurnScreen

from .pilot import Pilot
from .screens import new_session

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

#: (the library's class, ours, the method ours overrides)
OVERRIDES = [
    (UIAppearanceTheme, _Theme, "build_all_combined_ids"),
    (pygame_gui.UIManager, UIManager, "create_new_theme"),
]

#: The theme's tables _Theme._council_known reads (what the theme defines something for).
TABLES = (
    "ui_element_colours",
    "ui_element_misc_data",
    "ele_font_res",
    "ui_element_fonts_info",
    "ui_element_image_locs",
    "ui_element_image_surfaces",
)

Ids = tuple[Any, Any, Any, Any]  # element base ids, element ids, class ids, object ids


def shape(function: Callable[..., Any]) -> list[tuple[str, Any, Any]]:
    """A signature without its annotations (ours are strings, the library's typing objects)."""
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


def library_ids(theme: UIAppearanceTheme, ids: Ids) -> list[str]:
    """What pygame_gui's own method returns (its cache is its own: ours never reads it)."""
    return UIAppearanceTheme.build_all_combined_ids(theme, *(_copy(i) for i in ids))


def our_ids(theme: UIAppearanceTheme, ids: Ids) -> list[str]:
    return theme.build_all_combined_ids(*(_copy(i) for i in ids))


def _copy(ids: list[str | None] | None) -> list[str | None] | None:
    return None if ids is None else list(ids)


def first_found(table: dict[str, Any], combined: list[str]) -> str | None:
    """The id a lookup in ``table`` uses: the first of ``combined`` the table has."""
    return next((cid for cid in combined if cid in table), None)


def element_ids(pilot: Pilot) -> list[Ids]:
    """The id hierarchy of every element on the screen shown (each one once)."""
    seen: dict[tuple[Any, ...], Ids] = {}
    for sprite in pilot.app.manager.get_sprite_group().sprites():
        ids = (sprite.element_base_ids, sprite.element_ids, sprite.class_ids, sprite.object_ids)
        seen.setdefault(tuple(tuple(i) if i is not None else None for i in ids), ids)
    return list(seen.values())


@pytest.fixture
def turn_pilot(pilot: Pilot, log_dir: Path) -> Pilot:
    """A turn screen of a real game: buttons in cards in scrolling areas, tiles, the map."""
    pilot.app.push(TurnScreen(pilot.app, new_session("portland", log_dir, turns=1)))
    pilot.pump()
    return pilot


@pytest.fixture
def turn_ids(turn_pilot: Pilot) -> list[tuple[Ids, list[str], list[str]]]:
    """Each element's id hierarchy on the turn screen, with our combined ids and the library's."""
    theme = turn_pilot.app.manager.get_theme()
    return [(ids, our_ids(theme, ids), library_ids(theme, ids)) for ids in element_ids(turn_pilot)]


# ---- the shapes the override was written for ----------------------------------------------------
def test_pygame_gui_is_pinned_below_its_next_minor_version() -> None:
    dependencies = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = [Requirement(d) for d in dependencies if Requirement(d).name == "pygame_gui"]
    assert [str(r.specifier) for r in pins] == ["<0.7,>=0.6.12"], (
        "_gui_manager.py overrides pygame_gui internals: keep pygame_gui pinned below 0.7 "
        "in pyproject.toml until these tests pass on the new version"
    )


def test_the_installed_pygame_gui_is_one_the_pin_allows() -> None:
    (pin,) = [
        Requirement(d)
        for d in tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
        if Requirement(d).name == "pygame_gui"
    ]
    assert pin.specifier.contains(version("pygame_gui"))


@pytest.mark.parametrize(
    ("library", "ours", "name"), OVERRIDES, ids=[f"{o.__name__}.{n}" for _, o, n in OVERRIDES]
)
def test_an_overridden_method_still_exists_in_the_library(
    library: type, ours: type, name: str
) -> None:
    assert name in vars(library), f"pygame_gui's {library.__name__} has no {name} any more"


@pytest.mark.parametrize(
    ("library", "ours", "name"), OVERRIDES, ids=[f"{o.__name__}.{n}" for _, o, n in OVERRIDES]
)
def test_an_override_has_the_library_method_s_signature(
    library: type, ours: type, name: str
) -> None:
    assert shape(getattr(ours, name)) == shape(getattr(library, name))


def test_the_private_method_the_theme_calls_has_the_arguments_it_passes() -> None:
    assert [name for name, _, _ in shape(UIAppearanceTheme._get_next_id_node)] == [
        "self",
        "current_node",
        "element_base_ids",
        "element_ids",
        "class_ids",
        "object_ids",
        "index",
        "tree_size",
        "combined_ids",
    ]


def test_a_theme_is_still_made_from_a_resource_loader_and_a_locale() -> None:
    assert [name for name, _, _ in shape(UIAppearanceTheme.__init__)] == [
        "self",
        "resource_loader",
        "locale",
    ]


def test_the_manager_still_has_the_locale_and_loader_a_new_theme_is_made_with(
    pilot: Pilot,
) -> None:
    manager = pilot.app.manager
    theme = manager.get_theme()
    assert (theme._locale, theme._resource_loader) == (manager._locale, manager.resource_loader)


@pytest.mark.parametrize("table", TABLES)
def test_the_theme_tables_the_override_reads_are_still_dicts(pilot: Pilot, table: str) -> None:
    assert isinstance(getattr(pilot.app.manager.get_theme(), table), dict)


# ---- the same results as the library ------------------------------------------------------------
def test_the_manager_uses_our_theme(pilot: Pilot) -> None:
    assert type(pilot.app.manager.get_theme()) is _Theme


def test_a_new_theme_is_the_library_s_with_our_class(pilot: Pilot) -> None:
    manager = pilot.app.manager
    ours = manager.create_new_theme(copy.deepcopy(pilot.app.look.theme))
    library = pygame_gui.UIManager.create_new_theme(manager, copy.deepcopy(pilot.app.look.theme))
    assert (type(ours), type(library)) == (_Theme, UIAppearanceTheme)


@pytest.mark.parametrize("table", TABLES)
def test_a_new_theme_loads_what_the_library_s_loads(pilot: Pilot, table: str) -> None:
    manager = pilot.app.manager
    ours = manager.create_new_theme(copy.deepcopy(pilot.app.look.theme))
    library = pygame_gui.UIManager.create_new_theme(manager, copy.deepcopy(pilot.app.look.theme))
    mine, theirs = getattr(ours, table), getattr(library, table)
    if table == "ele_font_res":  # font objects: one of each per theme
        assert mine.keys() == theirs.keys()
    else:
        assert mine == theirs


@pytest.mark.parametrize(
    "ids",
    [
        (None, None, None, None),
        ([], [], [], []),
        ([None], ["button"], [None], [None]),
        ([None], ["button"], ["@primary"], ["#end_turn"]),
        ([None, None], ["container", "text_box"], [None, "@card"], ["#root", "#city_spend"]),
        ([None, "panel"], ["window", "panel"], [None, None], ["#a", None]),
    ],
    ids=["none", "empty", "button", "classed", "nested", "base ids"],
)
def test_simple_ids_are_the_library_s(pilot: Pilot, ids: Ids) -> None:
    theme = pilot.app.manager.get_theme()
    ours, library = our_ids(theme, ids), library_ids(theme, ids)
    known = theme._council_known()
    assert ours == library[:1] + list(dict.fromkeys(c for c in library[1:] if c in known))


def test_ids_of_unequal_length_are_refused_as_by_the_library(pilot: Pilot) -> None:
    theme = pilot.app.manager.get_theme()
    ids: Ids = ([None], ["container", "button"], [None], [None])
    with pytest.raises(ValueError):
        library_ids(theme, ids)
    with pytest.raises(ValueError):
        our_ids(theme, ids)


def test_the_sample_has_buttons_deep_in_cards_and_scrolling_areas(
    turn_ids: list[tuple[Ids, list[str], list[str]]],
) -> None:
    assert max(len(ids[1]) for ids, _, _ in turn_ids) >= 4


def test_every_element_keeps_the_library_s_most_specific_id(
    turn_ids: list[tuple[Ids, list[str], list[str]]],
) -> None:
    differ = [ids for ids, ours, library in turn_ids if ours[:1] != library[:1]]
    assert not differ


def test_every_element_s_ids_are_the_library_s_that_the_theme_names(
    turn_pilot: Pilot, turn_ids: list[tuple[Ids, list[str], list[str]]]
) -> None:
    known = turn_pilot.app.manager.get_theme()._council_known()
    differ = [
        ids
        for ids, ours, library in turn_ids
        if ours != library[:1] + list(dict.fromkeys(c for c in library[1:] if c in known))
    ]
    assert not differ, f"{len(differ)} elements get other ids than the library's, e.g. {differ[:1]}"


def test_every_theme_lookup_finds_what_the_library_s_ids_find(
    turn_pilot: Pilot, turn_ids: list[tuple[Ids, list[str], list[str]]]
) -> None:
    theme = turn_pilot.app.manager.get_theme()
    differ = [
        (ids, table)
        for table in TABLES
        for ids, ours, library in turn_ids
        if first_found(getattr(theme, table), ours) != first_found(getattr(theme, table), library)
    ]
    assert not differ


def test_an_element_s_colours_and_font_are_the_library_s(
    turn_pilot: Pilot, turn_ids: list[tuple[Ids, list[str], list[str]]]
) -> None:
    theme = turn_pilot.app.manager.get_theme()
    differ = [
        (ids, colour)
        for ids, ours, library in turn_ids
        for colour in ("normal_bg", "normal_text", "normal_border", "selected_bg")
        if theme.get_colour_or_gradient(colour, ours)
        != theme.get_colour_or_gradient(colour, library)
    ]
    differ += [
        (ids, "font")
        for ids, ours, library in turn_ids
        if theme.get_font_info(ours) != theme.get_font_info(library)
    ]
    assert not differ
