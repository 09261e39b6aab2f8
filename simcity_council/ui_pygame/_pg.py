"""Import pygame-ce safely and open the window (the only place the display is initialised).

Importing :mod:`simcity_council.ui_pygame` never touches the display; the entry points call
:func:`load_pygame` first, which hides pygame's banner, checks that pygame-ce (not classic pygame)
is the one installed, and turns every failure into a :class:`DisplayError` that says how to fix it.
"""

from __future__ import annotations

import os
from types import ModuleType

from ..errors import DisplayError

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


def open_window(pygame: ModuleType, size: tuple[int, int], fullscreen: bool) -> object:
    """Open (or reopen) the resizable main window and return its surface."""
    flags = pygame.RESIZABLE
    if fullscreen:
        flags |= pygame.FULLSCREEN
        size = (0, 0)
    try:
        surface = pygame.display.set_mode(size, flags)
    except pygame.error as exc:
        raise DisplayError(
            f"the window could not be opened ({exc}); play in the terminal with --text."
        ) from exc
    pygame.display.set_caption("SimCity Council")
    return surface
