"""Test-wide settings: no window, no sound, no pygame banner, whatever machine runs the tests."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _own_config_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """Remembered preferences (settings, the first-turn guide) go to a folder of the test's own,
    never the real home's; each test starts from the defaults."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


_WINDOW_TESTS = os.path.join("tests", "ui_pygame") + os.sep


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of the window (tests/ui_pygame) ``gui``: ``-m 'not gui'`` is the fast
    loop (README, "For contributors")."""
    for item in items:
        if _WINDOW_TESTS in str(item.path):
            item.add_marker(pytest.mark.gui)
