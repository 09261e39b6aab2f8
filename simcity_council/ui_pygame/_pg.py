"""Import pygame-ce safely and open the window (the only place the display is initialised).

Importing :mod:`simcity_council.ui_pygame` never touches the display; the entry points call
:func:`load_pygame` first, which hides pygame's banner, checks that pygame-ce (not classic pygame)
is the one installed, and turns every failure into a :class:`DisplayError` that says how to fix it.
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import TYPE_CHECKING

from ..errors import DisplayError

if TYPE_CHECKING:
    from pygame import Window

_NOWHERE = ("offscreen", "dummy")  # SDL video drivers that show nothing
_FIX_CE = (
    "classic 'pygame' is installed over 'pygame-ce' (both install into the same folder). "
    "Fix it with: pip uninstall -y pygame pygame-ce && pip install pygame-ce; "
    "or play in the terminal with --text."
)


def load_pygame() -> ModuleType:
    """Return the pygame-ce module, with display and fonts initialised (no audio)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        import pygame
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise DisplayError(f"pygame-ce is not installed ({exc}); pip install pygame-ce") from exc
    if not getattr(pygame, "IS_CE", False):
        raise DisplayError(_FIX_CE)
    try:
        pygame.display.init()
        pygame.font.init()
    except pygame.error as exc:
        raise DisplayError(
            f"no display could be opened ({exc}). Run on a machine with a screen, set DISPLAY, "
            "use xvfb-run, or play in the terminal with --text."
        ) from exc
    driver = pygame.display.get_driver()
    if driver in _NOWHERE and not os.environ.get("SDL_VIDEODRIVER", "").strip():
        # SDL falls back to drawing nowhere when DISPLAY names no X server: an invisible window.
        pygame.display.quit()
        raise DisplayError(
            f"no display could be opened (DISPLAY={os.environ.get('DISPLAY', '')!r} and "
            f"WAYLAND_DISPLAY={os.environ.get('WAYLAND_DISPLAY', '')!r} reach no screen; SDL "
            f"would draw an invisible '{driver}' window). Check DISPLAY, use xvfb-run, or play "
            "in the terminal with --text."
        )
    return pygame


MIN_WINDOW = (800, 500)  # the window manager keeps the window at least this big
DESKTOP_MARGIN = (40, 80)  # room left on the screen for a title bar, a task bar and a dock


def fit_to_desktop(pygame: ModuleType, size: tuple[int, int]) -> tuple[int, int]:
    """``size``, made smaller when the screen is smaller (a 1920x1080 window on a laptop would
    open with its buttons off the screen); never below :data:`MIN_WINDOW`. A driver that
    shows nothing (``dummy``, ``offscreen``) has no real screen to fit: the size is kept."""
    try:
        if pygame.display.get_driver() in _NOWHERE:
            return size
        desktops = pygame.display.get_desktop_sizes()
    except pygame.error:
        return size
    if not desktops:
        return size
    dw, dh = desktops[0]
    width = min(size[0], dw - DESKTOP_MARGIN[0])
    height = min(size[1], dh - DESKTOP_MARGIN[1])
    return max(width, MIN_WINDOW[0]), max(height, MIN_WINDOW[1])


def open_window(pygame: ModuleType, size: tuple[int, int], fullscreen: bool) -> Window:
    """Open the resizable main window (a ``pygame.Window``; draw on ``get_surface()``).

    The app uses the Window API only, never ``pygame.display.set_mode``: pygame-ce deprecates
    mixing the two (``Window.from_display_module``), and only a Window can set a minimum size.
    """
    try:
        window = pygame.Window(
            "SimCity Council",
            fit_to_desktop(pygame, size),
            position=pygame.WINDOWPOS_CENTERED,
            resizable=True,
            fullscreen_desktop=fullscreen,
        )
    except pygame.error as exc:
        raise DisplayError(
            f"the window could not be opened ({exc}); play in the terminal with --text."
        ) from exc
    try:
        window.minimum_size = MIN_WINDOW
    except (ValueError, pygame.error):
        pass  # a window manager that cannot keep a minimum size: the layout clamps instead
    return window
