"""Build the App for a game or for the replay viewer (pygame is imported here, not at import)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CouncilError
from ..play_options import PlayOptions
from ._pg import load_pygame
from .settings import Settings

if TYPE_CHECKING:
    from .app import App
    from .play_session import PlaySession

AUTO_DELAY_WATCHED = 0.8  # seconds per automatic step when a person watches (no screenshots)


def make_app(
    size: tuple[int, int], screenshots: Path | None = None, auto: str | None = None
) -> App:
    """Open the window and return an App (DisplayError if it cannot)."""
    pygame = load_pygame()
    from .app import App

    delay = None if auto is None else (0.0 if screenshots is not None else AUTO_DELAY_WATCHED)
    app = App(pygame, Settings(), size=size, screenshots=screenshots, auto_delay=delay)
    app.auto_policy = auto
    return app


def show_game(app: App, session: PlaySession) -> None:
    """Start showing a game: its briefing (which also offers to continue a resumed game)."""
    from .briefing_screen import BriefingScreen

    while app.stack:
        app.pop()
    app.push(BriefingScreen(app, session))


def show_error(app: App, title: str, lines: list[str], *, code: int = 1) -> None:
    """A full-screen error with a way back to the picker and a way out."""
    from .flow import back_to_title
    from .message_screen import MessageScreen

    def chosen(key: str | None) -> None:
        if key == "back":
            back_to_title(app)
        else:
            app.quit(code)

    buttons = (("quit", "Quit"), ("back", "Choose another scenario"))
    if app.auto_delay is not None:
        buttons = (("quit", "Quit"),)
    tips = {"quit": "Close the game", "back": "Back to the scenario picker"}
    app.push(
        MessageScreen(app, title, lines, buttons, error=True, shot="error", tooltips=tips),
        on_result=chosen,
    )


def launch_game(options: PlayOptions) -> int:
    """The body of :func:`simcity_council.ui_pygame.run_app`."""
    app = make_app(options.window, options.screenshots, options.auto)
    try:
        prepare_game(app, options)
        return app.run()
    finally:
        app.pygame.display.quit()


def prepare_game(app: App, options: PlayOptions) -> None:
    """Show the first screen for ``options``: the picker, a new or resumed game, or an error."""
    from ..scenario.catalog import find_scenarios, load_entry
    from .play_session import resume_play, start_session
    from .title_screen import TitleScreen

    def start(entry, player: str | None, seed: int | None) -> None:
        try:
            session = start_session(
                entry.ref,
                seed=seed,
                player=player,
                log_dir=options.log_dir,
                # a test game (--from, --set, --questions) is of the scenario named, not of
                # one picked later from the title screen
                test=options.test_game() if entry.ref == options.scenario else None,
                settings=app.settings.as_dict(),
                section=options.section,
                consent=options.consent,
                policy=app.auto_policy,
            )
        except CouncilError as error:
            top = app.top
            if isinstance(top, TitleScreen):
                top.show_message(str(error))
            else:
                show_error(app, "The game could not start", str(error).splitlines())
            return
        show_game(app, session)

    def home() -> None:
        while app.stack:
            app.pop()
        extra = [options.scenario] if options.scenario else []
        app.push(
            TitleScreen(
                app, find_scenarios(extra), player=options.player, seed=options.seed, start=start
            )
        )

    app.home = home
    if options.resume is not None:
        try:
            show_game(app, resume_play(options.resume, policy=app.auto_policy))
        except CouncilError as error:
            show_error(app, "This session log cannot be continued", str(error).splitlines())
    elif options.scenario is not None:
        entry = load_entry(options.scenario, "command line")
        if entry.ok:
            start(entry, options.player, options.seed)
        else:
            show_error(
                app,
                f"{Path(str(options.scenario)).name} failed validation",
                [
                    "Fix these problems in the scenario file, then start the game again:",
                    *(f"• {problem}" for problem in entry.problems),
                ],
            )
    else:
        home()


def launch_replay(paths: list[Path], size: tuple[int, int] = (1280, 720)) -> int:
    """The body of :func:`simcity_council.ui_pygame.run_replay_viewer`."""
    app = make_app(size)
    from .replay_screen import ReplayScreen, load_replays

    app.home = lambda: app.quit(0)
    try:
        items = load_replays(paths)
        app.push(ReplayScreen(app, items))
        return app.run()
    finally:
        app.pygame.display.quit()
