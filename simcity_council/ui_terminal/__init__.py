"""The terminal front end: rich where the terminal supports it, plain linear text otherwise
(screen readers, pipes, ``NO_COLOR``, ``TERM=dumb``); scriptable from stdin."""

from .app import TerminalUI, resume_hint
from .launch import run_terminal

__all__ = ["TerminalUI", "resume_hint", "run_terminal"]
