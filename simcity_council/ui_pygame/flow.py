"""Moving between screens: the one place that knows which screen follows which.

title -> briefing -> turn -> result -> ... -> debrief, with the history, settings, continue,
message and replay screens opened from them. Screens never import one another: each asks this
module for the next (``show_result``, ``show_history``, ...), and only this module builds screens
(tests/ui_pygame/test_architecture.py checks both). The screen modules are imported inside the
functions: they import this module, and importing one screen must not import them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..play_options import resume_command

if TYPE_CHECKING:
    from ..engine.views import TurnResult
    from ..scenario.catalog import Entry
    from .app import App
    from .play_session import PlaySession
    from .saved_games import SavedGame


# ---- the way into a game ------------------------------------------------------------------------
def show_title(
    app: App,
    entries: list[Entry],
    *,
    player: str | None,
    seed: int | None,
    start: Callable[[Entry, str | None, int | None], None],
    chosen: str | None,
    saved: list[SavedGame],
    resume: Callable[[Path], None],
) -> None:
    """The scenario picker (see :class:`.title_screen.TitleScreen`)."""
    from .title_screen import TitleScreen

    app.push(
        TitleScreen(
            app,
            entries,
            player=player,
            seed=seed,
            start=start,
            chosen=chosen,
            saved=saved,
            resume=resume,
        )
    )


def show_start_problem(app: App, text: str) -> None:
    """A game could not start: say why on the scenario picker, under the form the student just
    filled in, or (started from the command line) on an error screen."""
    from .title_screen import TitleScreen

    top = app.top
    if isinstance(top, TitleScreen):
        top.show_message(text)
    else:
        show_error(app, "The game could not start", text.splitlines())


def show_game(app: App, session: PlaySession) -> None:
    """Start showing a game: its briefing (which also offers to continue a resumed game)."""
    from .briefing_screen import BriefingScreen

    while app.stack:
        app.pop()
    app.push(BriefingScreen(app, session))


def back_to_title(app: App) -> None:
    """Leave the game (it is saved after every turn) and show the scenario picker."""
    if app.home is not None:
        app.home()
    else:
        app.quit(0)


def show_continue(app: App, games: list[SavedGame], resume: Callable[[Path], None]) -> None:
    """The unfinished games saved on this computer, above the title screen."""
    from .continue_screen import ContinueScreen

    app.push(ContinueScreen(app, games, resume))


# ---- during a game ------------------------------------------------------------------------------
def after_turn_or_start(app: App, session: PlaySession) -> None:
    """Show the next turn, or the debrief when the game is over."""
    if session.done:
        from .debrief_screen import DebriefScreen

        app.replace(DebriefScreen(app, session))
    else:
        from .turn_screen import TurnScreen

        app.replace(TurnScreen(app, session))


def show_result(app: App, session: PlaySession, result: TurnResult) -> None:
    """What happened in the turn just played (in place of the turn screen)."""
    from .result_screen import ResultScreen

    app.replace(ResultScreen(app, session, result))


def review_result(app: App, session: PlaySession, result: TurnResult) -> None:
    """A past turn's result again, above the screen that asked (Back returns to it)."""
    from .result_screen import ResultScreen

    app.push(ResultScreen(app, session, result, review=True))


def show_history(app: App, session: PlaySession) -> None:
    """The turns played so far, above the turn screen (its choices stay)."""
    from .history_screen import HistoryScreen

    app.push(HistoryScreen(app, session))


def show_settings(app: App) -> None:
    """The settings, above the current screen (Done returns to it)."""
    from .settings_screen import SettingsScreen

    app.push(SettingsScreen(app))


def show_message(
    app: App,
    title: str,
    lines: Sequence[str],
    buttons: Sequence[tuple[str, str]] = (("ok", "OK"),),
    *,
    on_result: Callable[[str | None], None] | None = None,
    error: bool = False,
    shot: str = "message",
    escape: str | None = None,
    tooltips: Mapping[str, str] | None = None,
    stay: Mapping[str, Callable[[], str]] | None = None,
) -> None:
    """A message with buttons above the current screen; ``on_result`` gets the key of the
    button pressed (see :class:`.message_screen.MessageScreen` for the rest)."""
    from .message_screen import MessageScreen

    app.push(
        MessageScreen(
            app,
            title,
            lines,
            buttons,
            error=error,
            shot=shot,
            escape=escape,
            tooltips=tooltips,
            stay=stay,
        ),
        on_result=on_result,
    )


def show_error(app: App, title: str, lines: list[str], *, code: int = 1) -> None:
    """A full-screen error with a way back to the picker and a way out."""

    def chosen(key: str | None) -> None:
        if key == "back":
            back_to_title(app)
        else:
            app.quit(code)

    buttons: tuple[tuple[str, str], ...] = (("quit", "Quit"), ("back", "Choose another scenario"))
    if app.auto_delay is not None:
        buttons = (("quit", "Quit"),)
    tips = {"quit": "Close the game", "back": "Back to the scenario picker"}
    show_message(
        app,
        title,
        lines,
        buttons,
        on_result=chosen,
        error=True,
        shot="error",
        tooltips=tips,
    )


def open_menu(app: App, session: PlaySession) -> None:
    """The pause menu (Esc during a game)."""

    def chosen(key: str | None) -> None:
        if key == "settings":
            show_settings(app)
        elif key == "title":
            session.suspend()
            back_to_title(app)
        elif key == "quit":
            session.suspend()
            app.quit(0)

    log = session.log_path
    lines = [
        "Your game is saved each time you end a turn. You can close the window at any time "
        "and continue later, from the start of this turn: choose 'Continue a game' on the "
        "title screen, or type the command 'Copy the command' puts on the clipboard (this "
        "Python, -m simcity_council play --resume and the log's path).",
        "",
        f"The log: {log.name}",
        f"In the folder: {log.parent}",
        f"Class code: {session.class_code} (type it to play again with the same luck)",
    ]

    def copy() -> str:
        return "Copied" if copy_text(resume_command(log)) else "Copy failed: see the log path"

    show_message(
        app,
        "Paused",
        lines,
        (
            ("continue", "Continue"),
            ("settings", "Settings"),
            ("copy", "Copy the command"),
            ("title", "Back to scenarios"),
            ("quit", "Quit"),
        ),
        on_result=chosen,
        shot="menu",
        escape="continue",  # Esc closes the menu, as it opened it; Quit is a button
        tooltips={
            "continue": "Back to this turn, with the choices you made",
            "settings": "Text size, high contrast, chart colours, full screen",
            "title": "Leave this game for the scenario picker (it stays in its log)",
            "quit": "Close the game; continue it later from the title screen",
            "copy": "Put the command that continues this game on the clipboard",
        },
        stay={"copy": copy},
    )


# ---- the replay viewer --------------------------------------------------------------------------
def show_replays(app: App, paths: list[Path]) -> None:
    """The replay viewer for these logs (each read and replayed first; one that cannot be is
    shown with the reason)."""
    from .replay_screen import ReplayScreen, load_replays

    app.push(ReplayScreen(app, load_replays(paths)))


def copy_text(text: str) -> bool:
    """Put ``text`` on the system clipboard; False where there is none."""
    import pygame

    try:
        pygame.scrap.put_text(text)
    except pygame.error:  # no clipboard (a display without one): say so, carry on
        return False
    return True
