"""The game being played in the window: a ``Game`` plus its ``SessionRecorder``.

Screens call :meth:`PlaySession.submit`; it hands the choices to the engine, writes the turn to the
log straight away (so closing the window keeps the session resumable) and finishes the log at the
end. Nothing here computes a rule of the game.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine.views import Choices, Scores, TurnResult, TurnView
from ..errors import GameError


@dataclass
class PlaySession:
    """One student's game in the window."""

    loaded: Any  # scenario.LoadedScenario
    game: Any  # engine.Game
    recorder: Any  # session.SessionRecorder
    notes: tuple[str, ...] = ()
    _turn_started: float = field(default_factory=time.monotonic)
    reflections: dict[str, str] = field(default_factory=dict)
    test_game: bool = False  # started with play --from/--set: its first turns were played for you
    #: this turn, for the log: decision id -> seconds from the turn's start to the last option
    #: chosen for it, and how many times the council refused the choices
    _answered: dict[str, float] = field(default_factory=dict)
    _refused: int = 0
    map_quantity: str = "trust"  # what the city map is coloured by (the student switches it)
    _map: Any = field(default=None, repr=False)
    _map_read: bool = field(default=False, repr=False)

    @property
    def class_code(self) -> str:
        """The game's luck as a class code (``K7M-2QX``): the same code, the same events."""
        from ..class_code import code_of

        return code_of(int(self.game.seed))

    @property
    def city_map(self) -> Any:
        """The scenario's city map (``scenario.models.CityMap``), or None (read once)."""
        if not self._map_read:
            from ..scenario.map import map_of

            self._map = map_of(self.loaded)
            self._map_read = True
        return self._map

    def set_map_quantity(self, quantity: str) -> None:
        self.map_quantity = quantity

    @property
    def model(self) -> Any:
        """The scenario (pydantic model): titles, texts, objectives, reflection questions."""
        return self.loaded.model

    @property
    def log_path(self) -> Path:
        return Path(self.recorder.path)

    @property
    def done(self) -> bool:
        return bool(self.game.done)

    def view(self) -> TurnView:
        return self.game.view()

    @property
    def results(self) -> tuple[TurnResult, ...]:
        return tuple(self.game.results)

    @property
    def history(self) -> tuple[TurnView, ...]:
        return tuple(self.game.history)

    def scores(self) -> Scores:
        return self.game.scores()

    def suggest(self, policy: str) -> Choices:
        return self.game.suggest(policy)

    def reserve_after(self, choices: Choices) -> float:
        """Where ``choices`` leave the reserve this turn, before the news (Game.reserve_after)."""
        return self.game.reserve_after(choices)

    def note_answer(self, decision: str) -> None:
        """The player chose an option for ``decision`` (the last choice counts)."""
        self._answered[decision] = time.monotonic() - self._turn_started

    def submit(self, choices: Choices) -> TurnResult:
        """Play the turn, log it, and finish the log when the game ends (GameError if refused)."""
        try:
            result = self.game.submit(choices)
        except GameError:
            self._refused += 1
            raise
        seconds = time.monotonic() - self._turn_started
        answered = {d: self._answered.get(d, seconds) for d in choices.decisions}
        self.recorder.record_turn(
            result, seconds=seconds, answer_seconds=answered, invalid=self._refused
        )
        self._turn_started = time.monotonic()
        self._answered, self._refused = {}, 0
        if self.game.done and not self.recorder.finished:
            self.recorder.finish(self.game.scores())
        return result

    def suspend(self) -> None:
        """The player leaves an unfinished game (to the title screen, or quits): the log says
        so."""
        if not self.game.done:
            self.recorder.suspend()

    def reflect(self, question: str, answer: str) -> None:
        """Save a written answer to a debrief question in the log."""
        self.recorder.record_reflection(question, answer)
        self.reflections[question] = answer


def start_session(
    scenario: str,
    *,
    seed: int | None,
    player: str | None,
    log_dir: Path | None,
    settings: dict[str, Any],
    test: Any = None,
    section: str | None = None,
    consent: str = "unknown",
    policy: str | None = None,
) -> PlaySession:
    """Load the scenario, start a game and its log (ScenarioError / LogError on failure).
    With no seed, a fresh class code is drawn: the game's luck can be shared by typing it.
    ``test`` (a session.testgame.TestGame): start a test game, or ask other reflection
    questions."""
    from ..class_code import new_code, seed_of
    from ..scenario import load_scenario
    from ..session.testgame import TestGame, start

    loaded = load_scenario(scenario)
    game, recorder, notes = start(
        loaded,
        test or TestGame(),  # a test game, or other reflection questions
        seed=seed_of(new_code()) if seed is None else seed,
        log_dir=log_dir,
        player=player,
        frontend="gui",
        settings=settings,
        section=section,
        consent=consent,
        policy=policy,
    )
    test = test or TestGame()
    return PlaySession(game.scenario, game, recorder, tuple(notes), test_game=test.active)


def resume_play(path: Path, policy: str | None = None) -> PlaySession:
    """Continue a recorded session where it stopped (LogError if the log is unusable)."""
    from ..session import resume_session

    game, recorder = resume_session(path, frontend="gui", policy=policy)
    return PlaySession(game.scenario, game, recorder, tuple(recorder.notes))
