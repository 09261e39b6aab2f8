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


@dataclass
class PlaySession:
    """One student's game in the window."""

    loaded: Any  # scenario.LoadedScenario
    game: Any  # engine.Game
    recorder: Any  # session.SessionRecorder
    notes: tuple[str, ...] = ()
    _turn_started: float = field(default_factory=time.monotonic)
    reflections: dict[str, str] = field(default_factory=dict)

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

    def submit(self, choices: Choices) -> TurnResult:
        """Play the turn, log it, and finish the log when the game ends (GameError if refused)."""
        result = self.game.submit(choices)
        seconds = round(time.monotonic() - self._turn_started, 1)
        self.recorder.record_turn(result, seconds=seconds)
        self._turn_started = time.monotonic()
        if self.game.done and not self.recorder.finished:
            self.recorder.finish(self.game.scores())
        return result

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
) -> PlaySession:
    """Load the scenario, start a game and its log (ScenarioError / LogError on failure)."""
    from ..engine import Game
    from ..scenario import load_scenario
    from ..session import SessionRecorder

    loaded = load_scenario(scenario)
    game = Game.start(loaded, seed=seed)
    recorder = SessionRecorder.create(
        game, log_dir=log_dir, player=player, frontend="gui", settings=settings
    )
    return PlaySession(loaded, game, recorder)


def resume_play(path: Path) -> PlaySession:
    """Continue a recorded session where it stopped (LogError if the log is unusable)."""
    from ..session import resume_session

    game, recorder = resume_session(path, frontend="gui")
    return PlaySession(game.scenario, game, recorder, tuple(recorder.notes))
