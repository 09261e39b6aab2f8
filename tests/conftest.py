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
#: tests that start real processes, play hundreds of games or replay every prefix of a log:
#: ``slow`` (seconds each); the fast loop is ``-m "not gui and not slow"``
_SLOW_TESTS = tuple(
    os.path.join("tests", *part.split("/"))
    for part in (
        "hostile/",
        "lrs/",
        "session/test_kill.py",
        "session/test_resume.py",
        "engine/test_batch_size.py",
        "scenarios/test_balance_command.py",
        "scenario/test_mutations.py",
        "ui_terminal/test_builtin_sessions.py",
        "ui_terminal/test_reading.py",
    )
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of the window (tests/ui_pygame) ``gui`` and the slowest others ``slow``:
    ``-m "not gui and not slow"`` is the fast loop (README, "For contributors")."""
    for item in items:
        path = str(item.path)
        if _WINDOW_TESTS in path:
            item.add_marker(pytest.mark.gui)
        if any(slow in path for slow in _SLOW_TESTS):
            item.add_marker(pytest.mark.slow)
