"""Test games and course overlays: start a game at any turn, with flags set, with this class's
reflection questions.

* ``--from TURN [--choices FILE]``: turns 1 to TURN-1 are played by a branch-tolerant script
  (:mod:`simcity_council.engine.script`; without ``--choices``, the first available options), and
  recorded in the log as ordinary turns, so the log replays;
* ``--set FLAG=true|false``: the flag starts with that value (as if its ``initial`` said so);
* ``--questions FILE``: the debrief asks these reflection questions instead of the scenario's.

The log's header records all of it under ``settings``: ``test_game`` (``from``, ``choices``,
``set``) and ``questions``, so a test game is never mistaken for a student's, and ``replay`` and
``--resume`` apply the same flags and questions (:func:`apply_settings`).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError

if TYPE_CHECKING:
    from ..engine import Game
    from ..scenario import LoadedScenario
    from .recorder import SessionRecorder

TRUE_WORDS = frozenset({"true", "yes", "on", "1", "set"})
FALSE_WORDS = frozenset({"false", "no", "off", "0", "unset"})


@dataclass(frozen=True)
class TestGame:
    """How to start a test game (all empty: an ordinary game)."""

    __test__ = False  # not a pytest test class, whatever its name

    from_turn: int | None = None
    choices: Path | None = None
    flags: tuple[tuple[str, bool], ...] = ()
    questions: Path | None = None

    @property
    def active(self) -> bool:
        """Whether this changes the game itself (a later start, scripted turns, flags set); extra
        questions alone do not."""
        return self.from_turn is not None or self.choices is not None or bool(self.flags)


def parse_set(values: list[str] | None) -> tuple[tuple[str, bool], ...]:
    """``["pb_adopted=true", "flag.audit=no"]`` -> ``(("pb_adopted", True), ("audit", False))``."""
    out: dict[str, bool] = {}
    for value in values or []:
        name, sep, word = value.partition("=")
        name = name.strip().removeprefix("flag.")
        word = word.strip().lower()
        if not sep or not name:
            raise UsageError(
                f"--set needs FLAG=true or FLAG=false, e.g. --set pb_adopted=true (got '{value}')"
            )
        if word in TRUE_WORDS:
            out[name] = True
        elif word in FALSE_WORDS:
            out[name] = False
        else:
            raise UsageError(f"--set {name}=...: write true or false (got '{word}')")
    return tuple(out.items())


def read_questions(path: Path) -> list[str]:
    """Reflection questions from a file: YAML/JSON (a list, or ``reflection: [...]``), or plain
    text with one question per line (blank lines and lines starting with ``#`` skipped)."""
    from ..script_file import read_checked_text

    structured = path.suffix.lower() in (".yaml", ".yml", ".json")
    # the input layer's rules: a regular UTF-8 file, capped, no control characters, YAML limits
    text = read_checked_text(path, "questions", yaml=structured)
    if structured:
        try:
            import yaml

            data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        except Exception as error:  # yaml.YAMLError has no common base with ValueError
            raise UsageError(f"{path}: not valid YAML/JSON: {error}") from None
        if isinstance(data, dict) and set(data) == {"reflection"}:
            data = data["reflection"]
        if not isinstance(data, list) or not all(isinstance(q, str) and q.strip() for q in data):
            raise UsageError(
                f"{path}: the questions are a list of texts, e.g. "
                "['What did you learn about listening?'] (or 'reflection:' with such a list)"
            )
        questions = [" ".join(q.split()) for q in data]
    else:
        questions = [
            line.strip()
            for line in text.splitlines()
            if line.strip() and not line.strip().startswith("#")
        ]
    if not questions:
        raise UsageError(f"{path}: no questions in it (one question per line)")
    return questions


def with_overlays(
    loaded: LoadedScenario,
    flags: tuple[tuple[str, bool], ...] = (),
    questions: list[str] | None = None,
) -> LoadedScenario:
    """``loaded`` with flags starting as given and other reflection questions. The file's
    SHA-256 stays: the log names the file, and its settings name the overlays."""
    model = loaded.model
    known = {f.id for f in model.flags}
    for name, _ in flags:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f" (flags: {', '.join(known)})"
            raise UsageError(f"--set: the scenario has no flag '{name}'{hint}")
    update: dict[str, Any] = {}
    if flags:
        values = dict(flags)
        update["flags"] = [
            f.model_copy(update={"initial": values[f.id]}) if f.id in values else f
            for f in model.flags
        ]
    if questions is not None:
        update["reflection"] = list(questions)
    if not update:
        return loaded
    return replace(loaded, model=model.model_copy(update=update))


def settings_of(test: TestGame, questions: list[str] | None) -> dict[str, Any]:
    """What the log's header records about a test game and its questions."""
    out: dict[str, Any] = {}
    if test.active:
        game: dict[str, Any] = {"from": test.from_turn or 1}
        if test.choices is not None:
            game["choices"] = str(Path(test.choices).resolve())
        if test.flags:
            game["set"] = dict(test.flags)
        out["test_game"] = game
    if questions is not None:
        out["questions"] = list(questions)
    return out


def apply_settings(loaded: LoadedScenario, settings: dict[str, Any]) -> LoadedScenario:
    """The scenario as a log with these header ``settings`` played it (flags set with --set,
    questions from --questions)."""
    game = settings.get("test_game")
    flags: tuple[tuple[str, bool], ...] = ()
    if isinstance(game, dict) and isinstance(game.get("set"), dict):
        flags = tuple((str(k), bool(v)) for k, v in game["set"].items())
    questions = settings.get("questions")
    if not isinstance(questions, list):
        questions = None
    if not flags and questions is None:
        return loaded
    try:
        return with_overlays(loaded, flags, questions)
    except UsageError:
        return loaded  # a flag the scenario no longer has: the replay will say where it differs


def overlay_key(settings: dict[str, Any]) -> str:
    """Logs with the same key replay on the same scenario (for batch verification)."""
    game = settings.get("test_game")
    flags = game.get("set") if isinstance(game, dict) else None
    return json.dumps(flags or {}, sort_keys=True)


def start(
    loaded: LoadedScenario,
    test: TestGame,
    *,
    seed: int | None,
    log_dir: Path | None,
    player: str | None,
    frontend: str,
    settings: dict[str, Any],
    section: str | None = None,
    consent: str = "unknown",
    policy: str | None = None,
) -> tuple[Game, SessionRecorder, list[str]]:
    """Start a game (a test game if ``test`` says so) and its log; the automatic turns are
    played and recorded. Returns the game, its recorder, and notes for the player.
    ``section``, ``consent`` and ``policy`` go to the log's header (see SessionRecorder)."""
    from ..engine import Game
    from .recorder import SessionRecorder

    questions = read_questions(test.questions) if test.questions is not None else None
    played = with_overlays(loaded, test.flags, questions)
    turns = played.model.turns.count
    if test.from_turn is not None and not 1 <= test.from_turn <= turns:
        raise UsageError(f"--from {test.from_turn}: the scenario has turns 1 to {turns}")
    game = Game.start(played, seed=seed)
    recorder = SessionRecorder.create(
        game,
        log_dir=log_dir,
        player=player,
        frontend=frontend,
        settings={**settings, **settings_of(test, questions)},
        section=section,
        consent=consent,
        policy=policy,
    )
    notes = []
    if test.flags:
        shown = ", ".join(f"{k}={'true' if v else 'false'}" for k, v in test.flags)
        notes.append(f"test game: flags set at the start: {shown}")
    if test.from_turn is not None and test.from_turn > 1:
        if test.choices is None:
            from ..engine.script import Script

            first = Script(Path("the first available option of each decision"), {}, None, {})
            notes += play_through(game, recorder, first, test.from_turn)[:1]
        else:
            from ..engine.script import load_script

            notes += play_through(game, recorder, load_script(Path(test.choices)), test.from_turn)
    return game, recorder, notes


def play_through(game: Game, recorder: SessionRecorder, policy: Any, until: int) -> list[str]:
    """Play with ``policy`` (a Script) up to the start of turn ``until``, recording each turn;
    the notes say what was played and what the script did not answer."""
    played = 0
    while not game.done and game.turn < until:
        choice, act = policy.choose(game.compiled, game.state)
        result = game.submit(game.choices_from_arrays(choice[0], act[0]))
        recorder.record_turn(result, seconds=0.0)
        played += 1
    which = f"turns 1-{played} were" if played > 1 else "turn 1 was"
    notes = [f"test game: {which} played by {policy.path}"] if played else []
    notes += list(policy.notes)
    if game.done and game.turn <= until:
        notes.append(f"test game: the game ended ({game.end_reason}) before turn {until}")
        if not recorder.finished:
            recorder.finish(game.scores())
    return notes
