"""Build the App for a game or for the replay viewer (pygame is imported here, not at import)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CouncilError
from ..play_options import PlayOptions
from ._pg import load_pygame
from .flow import show_error, show_game, show_replays, show_start_problem, show_title
from .settings import Settings

if TYPE_CHECKING:
    from ..scenario.catalog import Entry
    from .app import App

AUTO_DELAY_WATCHED = 0.8  # seconds per automatic step when a person watches (no screenshots)


def make_app(
    size: tuple[int, int], screenshots: Path | None = None, auto: str | None = None
) -> App:
    """Open the window and return an App (DisplayError if it cannot), with the settings and
    the first-turn guide this computer remembers (a game that plays itself uses the defaults)."""
    pygame = load_pygame()
    from ..preferences import load_preferences
    from .app import App

    delay = None if auto is None else (0.0 if screenshots is not None else AUTO_DELAY_WATCHED)
    settings = Settings() if auto is not None else Settings.remembered()
    guide = auto is None and not load_preferences().guide_seen
    app = App(
        pygame,
        settings,
        size=size,
        screenshots=screenshots,
        auto_delay=delay,
        first_turn_guide=guide,
    )
    app.auto_policy = auto
    return app


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

    def start(entry: Entry, player: str | None, seed: int | None) -> None:
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
            show_start_problem(app, str(error))
            return
        show_game(app, session)

    def resume(path: Path) -> None:
        try:
            session = resume_play(path, policy=app.auto_policy)
        except CouncilError as error:
            show_error(app, "This session log cannot be continued", str(error).splitlines())
            return
        show_game(app, session)

    def home(chosen: str | None = None) -> None:
        from ..scenario import builtin_ids
        from .saved_games import unfinished_games

        while app.stack:
            app.pop()  # first: a screen leaving may write to its log (the debrief's answers)
        named = options.scenario
        extra = [named] if named and named not in builtin_ids() else []
        show_title(
            app,
            find_scenarios(extra),
            player=options.player,
            seed=options.seed,
            start=start,
            chosen=chosen,
            saved=unfinished_games(options.log_dir),
            resume=resume,
        )

    app.home = home
    unattended = app.auto_delay is not None or options.screenshots is not None
    if options.resume is not None:
        resume(options.resume)
    elif options.scenario is not None and not unattended:
        entry = load_entry(options.scenario, "command line")
        if entry.ok:
            home(chosen=entry.ref)  # a student still types a pseudonym (and a class code)
        else:
            show_error(
                app,
                f"{Path(str(options.scenario)).name} failed validation",
                [
                    "Fix these problems in the scenario file, then start the game again:",
                    *(f"• {problem}" for problem in entry.problems),
                ],
            )
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
    app.home = lambda: app.quit(0)
    try:
        show_replays(app, paths)
        return app.run()
    finally:
        app.pygame.display.quit()
