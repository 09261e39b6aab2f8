"""The window's screens do not know one another: every move between screens goes through
``flow.py`` (the route table), so a screen can be changed, or a new one added, without touching the
others. Read from the source with ``ast``, deferred imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import simcity_council.ui_pygame as ui_pygame

PACKAGE = Path(ui_pygame.__file__).parent
SCREENS = sorted(PACKAGE.glob("*_screen.py"))
SCREEN_NAMES = {path.stem for path in SCREENS}


def screens_imported(path: Path) -> set[str]:
    """The screen modules ``path`` imports, anywhere in it (``from .x_screen import X``,
    ``from . import x_screen``, ``import simcity_council.ui_pygame.x_screen``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom):
            module = (node.module or "").rsplit(".", 1)[-1]
            if module in SCREEN_NAMES:
                found.add(module)
            elif (node.level > 0 and not node.module) or node.module == ui_pygame.__name__:
                found |= {alias.name for alias in node.names if alias.name in SCREEN_NAMES}
        elif isinstance(node, ast.Import):
            for alias in node.names:
                module = alias.name.rsplit(".", 1)[-1]
                if module in SCREEN_NAMES:
                    found.add(module)
    return found


def test_the_package_has_screens_to_check() -> None:
    assert {"turn_screen", "result_screen", "title_screen"} <= SCREEN_NAMES


@pytest.mark.parametrize("path", SCREENS, ids=[p.stem for p in SCREENS])
def test_a_screen_imports_no_other_screen(path: Path) -> None:
    others = screens_imported(path) - {path.stem}
    assert not others, (
        f"{path.name} imports {sorted(others)}: show another screen through flow.py "
        "(show_result, show_history, ...) and keep shared words and constants in fmt.py"
    )


def test_only_flow_imports_more_than_one_screen() -> None:
    many = {
        path.name: sorted(screens_imported(path))
        for path in sorted(PACKAGE.rglob("*.py"))
        if len(screens_imported(path)) > 1
    }
    assert set(many) == {"flow.py"}, f"modules that build screens besides flow.py: {many}"


def test_the_check_sees_every_form_of_import(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "from .turn_screen import TurnScreen\n"
        "def later():\n"
        "    from . import result_screen\n"
        "    import simcity_council.ui_pygame.history_screen\n"
        "    from simcity_council.ui_pygame import debrief_screen\n"
        "    from .screen import Screen\n",
        encoding="utf-8",
    )
    assert screens_imported(source) == {
        "turn_screen",
        "result_screen",
        "history_screen",
        "debrief_screen",
    }
