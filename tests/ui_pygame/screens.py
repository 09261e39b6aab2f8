"""Every screen of the window, shown one after another on a Pilot (for layout and monkey tests)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from simcity_council.play_options import PlayOptions
from simcity_council.ui_pygame.flow import show_error, show_game
from simcity_council.ui_pygame.play_session import PlaySession, start_session

from .pilot import Pilot


def new_session(scenario: str, log_dir: Path, turns: int = 0, seed: int = 7) -> PlaySession:
    """A game in the window's own session type, ``turns`` turns in (the inclusive policy)."""
    session = start_session(scenario, seed=seed, player="layout", log_dir=log_dir, settings={})
    for _ in range(turns):
        if session.done:
            break
        session.submit(session.suggest("inclusive"))
    return session


def finished_session(scenario: str, log_dir: Path, seed: int = 7) -> PlaySession:
    return new_session(scenario, log_dir, turns=10_000, seed=seed)


def every_screen(pilot: Pilot, scenario: str, log_dir: Path) -> Iterator[str]:
    """Show each screen in turn; yields its name while it is on top."""
    from simcity_council.ui_pygame.debrief_screen import DebriefScreen
    from simcity_council.ui_pygame.flow import open_menu
    from simcity_council.ui_pygame.replay_screen import ReplayScreen, load_replays
    from simcity_council.ui_pygame.result_screen import ResultScreen
    from simcity_council.ui_pygame.settings_screen import SettingsScreen
    from simcity_council.ui_pygame.turn_screen import TurnScreen

    app = pilot.app
    pilot.launch(PlayOptions(scenario=None, log_dir=log_dir))
    index = [e.ref for e in pilot.top.entries].index(scenario)
    pilot.top.select(index)
    yield "title"
    app.push(SettingsScreen(app))
    yield "settings"
    started = new_session(scenario, log_dir)
    show_game(app, started)
    yield "briefing"
    turn = TurnScreen(app, started)
    app.replace(turn)
    yield "turn"
    suggestion = started.suggest("inclusive")  # the choices --auto would make, all at once
    turn.chosen = dict(suggestion.decisions)
    turn.picked = list(suggestion.actions)
    turn.rebuild()
    yield "turn (chosen)"
    later = new_session(scenario, log_dir, turns=3)
    app.replace(TurnScreen(app, later))
    yield "turn 4"
    app.replace(ResultScreen(app, later, later.results[-1]))
    yield "result"
    open_menu(app, later)
    yield "menu"
    app.pop()
    done = finished_session(scenario, log_dir)
    app.replace(ResultScreen(app, done, done.results[-1]))
    yield "last result"
    app.replace(DebriefScreen(app, done))
    yield "debrief"
    show_error(app, "This session log cannot be continued", ["line 1", "x" * 30 + " y" * 60])
    yield "error"
    pilot.click("#msg_back")
    app.replace(ReplayScreen(app, load_replays([done.log_path])))
    yield "replay"
    whatif = [oid for oid in pilot.ids("#whatif-") if oid in pilot.top.actions]
    if whatif:
        pilot.click(whatif[0])
        yield "what-if"


def at_sizes(
    pilot: Pilot, sizes: list[tuple[int, int]], check: Callable[[], None]
) -> Callable[[], None]:
    def run() -> None:
        for size in sizes:
            pilot.resize(*size)
            check()

    return run
