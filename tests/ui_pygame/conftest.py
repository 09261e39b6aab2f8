"""Fixtures for window tests: a real App on the dummy video driver, and a Pilot that drives it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from simcity_council.ui_pygame._pg import load_pygame
from simcity_council.ui_pygame.app import App
from simcity_council.ui_pygame.settings import Settings

from .pilot import Pilot


@pytest.fixture(autouse=True)
def _own_user_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """Keep the picker's user scenario folder and default logs away from the real home."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))


@pytest.fixture(scope="session")
def pygame():
    return load_pygame()


@pytest.fixture
def make_pilot(pygame) -> Iterator[Callable[..., Pilot]]:
    """Build Pilots on fresh Apps; every App's screens are closed at the end of the test."""
    apps: list[App] = []

    def make(size: tuple[int, int] = (1280, 720), settings: Settings | None = None) -> Pilot:
        app = App(pygame, settings or Settings(), size=size)
        apps.append(app)
        return Pilot(app)

    yield make
    for app in apps:
        while app.stack:
            app.pop()
        app.close()
    pygame.event.clear()


@pytest.fixture
def pilot(make_pilot) -> Pilot:
    return make_pilot()


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    folder.mkdir()
    return folder
