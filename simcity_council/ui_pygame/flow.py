"""Moving between screens during a game: briefing -> turn -> result -> ... -> debrief."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import App
    from .play_session import PlaySession


def after_turn_or_start(app: App, session: PlaySession) -> None:
    """Show the next turn, or the debrief when the game is over."""
    if session.done:
        from .debrief_screen import DebriefScreen

        app.replace(DebriefScreen(app, session))
    else:
        from .turn_screen import TurnScreen

        app.replace(TurnScreen(app, session))


def back_to_title(app: App) -> None:
    """Leave the game (it is saved after every turn) and show the scenario picker."""
    if app.home is not None:
        app.home()
    else:
        app.quit(0)


def open_menu(app: App, session: PlaySession) -> None:
    """The pause menu (Esc during a game)."""
    from .message_screen import MessageScreen
    from .settings_screen import SettingsScreen

    def chosen(key: str | None) -> None:
        if key == "settings":
            app.push(SettingsScreen(app))
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
        "title screen, or type python -m simcity_council play --resume followed by the log's "
        "path ('Copy the command' puts it on the clipboard).",
        "",
        f"The log: {log.name}",
        f"In the folder: {log.parent}",
        f"Class code: {session.class_code} (type it to play again with the same luck)",
    ]

    def copy() -> str:
        return "Copied" if copy_text(resume_command(log)) else "Copy failed: see the log path"

    app.push(
        MessageScreen(
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
        ),
        on_result=chosen,
    )


def resume_command(log: Path) -> str:
    """The command that continues a saved game from any terminal where the game is installed
    (``simcity-council`` itself may not be on the PATH)."""
    return f'python -m simcity_council play --resume "{log}"'


def copy_text(text: str) -> bool:
    """Put ``text`` on the system clipboard; False where there is none."""
    import pygame

    try:
        pygame.scrap.put_text(text)
    except pygame.error:  # no clipboard (a display without one): say so, carry on
        return False
    return True
