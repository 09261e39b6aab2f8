"""Moving between screens during a game: briefing -> turn -> result -> ... -> debrief."""

from __future__ import annotations

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

    lines = [
        "Your session is saved each time you end a turn, in:",
        str(session.log_path),
        "",
        "You can close the window at any time and continue later, from the start of this "
        "turn, with:",
        f"simcity-council play --resume {session.log_path}",
    ]
    app.push(
        MessageScreen(
            app,
            "Paused",
            lines,
            (
                ("continue", "Continue"),
                ("settings", "Settings"),
                ("title", "Back to scenarios"),
                ("quit", "Quit"),
            ),
            shot="menu",
            escape="continue",  # Esc closes the menu, as it opened it; Quit is a button
            tooltips={
                "continue": "Back to this turn, with the choices you made",
                "settings": "Text size, high contrast, chart colours, full screen",
                "title": "Leave this game for the scenario picker (it stays in its log)",
                "quit": "Close the game; continue it later with --resume",
            },
        ),
        on_result=chosen,
    )
