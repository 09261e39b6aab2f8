"""The pygame-ce + pygame_gui front end: the game window and the replay viewer.

Importing this package does not import pygame or open a display; :func:`run_app` and
:func:`run_replay_viewer` do, and raise :class:`~simcity_council.errors.DisplayError` with a clear
message when no window can be opened or classic pygame shadows pygame-ce.
"""

from __future__ import annotations

from pathlib import Path

from ..play_options import PlayOptions

__all__ = ["run_app", "run_replay_viewer"]


def run_app(options: PlayOptions) -> int:
    """Play in a window: picker (or the given scenario), briefing, turns, debrief.

    Returns the exit code: 0 normally, 1 when the scenario or log given could not be used.
    """
    from ._launch import launch_game

    return launch_game(options)


def run_replay_viewer(paths: list[Path], *, size: tuple[int, int] = (1280, 720)) -> int:
    """Step through recorded sessions turn by turn in a window."""
    from ._launch import launch_replay

    return launch_replay(paths, size=size)
