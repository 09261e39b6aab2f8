"""Replay a log: rebuild the game from the header's seed and the recorded choices, checking every
turn against what was recorded (the state digest, then each recorded indicator).

This module replays one log with the interactive :class:`~simcity_council.engine.Game` (used by
resume and what-if); :mod:`.verify` replays many logs of one scenario as a single batch.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engine.scores import SCORE_NAMES
from ..errors import CouncilError, GameError, LogError, ReplayDivergence
from ..safeio import is_regular_file
from .logformat import SessionLog, TurnRecord

if TYPE_CHECKING:
    from ..engine import Game
    from ..engine.views import TurnResult
    from ..scenario import LoadedScenario


class ScenarioCache:
    """Loads each scenario once per command (many logs share one scenario)."""

    def __init__(self) -> None:
        self._loaded: dict[str, LoadedScenario | LogError] = {}

    def get(self, log: SessionLog) -> LoadedScenario:
        """The log's scenario, checked against the SHA-256 in its header.

        The recorded source (a built-in id or a path) comes first; a copy of the scenario next
        to the log (``vallejo.yaml`` for the built-in ``vallejo``, or the recorded file's name)
        is used when the source cannot be loaded or has changed since the session was played."""
        source = log.header.scenario_source
        name = Path(source).name if source.endswith((".yaml", ".yml")) else f"{source}.yaml"
        beside = log.path.parent / name
        candidates = [source] + ([str(beside)] if is_regular_file(beside) else [])
        problem: LogError | None = None
        changed: str | None = None
        for candidate in candidates:
            loaded = self._load(candidate)
            if isinstance(loaded, LogError):
                problem = problem or loaded
            elif loaded.sha256 == log.header.scenario_sha256:
                from .testgame import apply_settings

                return apply_settings(loaded, log.header.settings)  # --set, --questions
            elif changed is None:
                changed = (
                    f"the scenario file changed since the session was played: {candidate!r} has "
                    f"SHA-256 {loaded.sha256[:12]}..., the log recorded "
                    f"{log.header.scenario_sha256[:12]}..."
                )
        if changed is not None:
            raise LogError(
                f"{changed} (replay needs the exact scenario file the student played: put a copy "
                f"of it next to the log, named {name})",
                log.name,
                log.header.line,
            )
        assert problem is not None
        raise LogError(str(problem), log.name, log.header.line)

    def _load(self, source: str) -> LoadedScenario | LogError:
        if source not in self._loaded:
            self._loaded[source] = _load(source)
        return self._loaded[source]


def _load(source: str) -> LoadedScenario | LogError:
    from ..scenario import load_scenario

    try:
        return load_scenario(os.path.expanduser(source) if source.startswith("~") else source)
    except CouncilError as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        return LogError(f"unknown scenario {source!r}: cannot load it ({first})")


def compare_turn(record: TurnRecord, actual: dict[str, Any], file: str) -> None:
    """Raise :class:`ReplayDivergence` if a recorded turn differs from the replayed one.

    ``actual`` has the keys of a turn line's values (digest, by_group, city, indicators,
    events, end_reason).
    """
    if (
        record.digest == actual["digest"]
        and record.by_group == actual["by_group"]
        and record.city == actual["city"]
        and record.indicators == actual["indicators"]
        and list(record.events) == list(actual["events"])
        and record.end_reason == actual["end_reason"]
    ):
        return  # the common case: identical (the checks below name what differs)
    turn = record.turn
    if record.digest != actual["digest"]:
        raise ReplayDivergence(
            f"turn {turn}: the replayed state differs from the recorded one (digest "
            f"{actual['digest'][:12]}... recorded {record.digest[:12]}...)",
            file,
            record.line,
            turn,
        )
    for name, recorded, replayed in _indicator_pairs(record, actual):
        if not _same(recorded, replayed):
            raise ReplayDivergence(
                f"turn {turn}: recorded {name} = {recorded!r} but the replay gives {replayed!r} "
                "(the line was edited after it was written)",
                file,
                record.line,
                turn,
            )
    if list(record.events) != list(actual["events"]):
        raise ReplayDivergence(
            f"turn {turn}: recorded events {list(record.events)} but the replay fired "
            f"{list(actual['events'])}",
            file,
            record.line,
            turn,
        )
    if record.end_reason != actual["end_reason"]:
        raise ReplayDivergence(
            f"turn {turn}: recorded end {record.end_reason!r} but the replay gives "
            f"{actual['end_reason']!r}",
            file,
            record.line,
            turn,
        )


class ScenarioWords:
    """What a turn line copies from the scenario rather than from the state: the turn's calendar
    label, the stance tag of each chosen option, and where it was listed (its position in the
    order the game's seed lists the options in). A replay checks them too, since exports and
    reports use them (an edited stance would pass the digest unnoticed)."""

    def __init__(self, model: Any, compiled: Any = None) -> None:
        self.labels = tuple(model.turns.labels)
        self.stances = {(d.id, o.id): o.stance for d in model.decisions for o in d.options}
        self.compiled = compiled
        self._orders: dict[tuple[int, str], list[str]] = {}

    def position(self, seed: int, decision: str, option: str) -> int | None:
        """Where the game of ``seed`` listed ``option`` of ``decision`` (1 = first)."""
        import numpy as np

        from ..engine.present import option_order

        c = self.compiled
        if c is None or decision not in c.decision_ids:
            return None
        key = (seed, decision)
        if key not in self._orders:
            k = c.decision_ids.index(decision)
            order = option_order(c, np.array([seed], np.uint64), k)
            self._orders[key] = [c.option_ids[k][j] for j in order]
        listed = self._orders[key]
        return listed.index(option) + 1 if option in listed else None

    def check(self, record: TurnRecord, file: str, seed: int | None = None) -> None:
        """Raise :class:`ReplayDivergence` if the line's label, stances or (with the game's
        ``seed``) positions are not the scenario's."""
        turn = record.turn
        label = self.labels[turn - 1] if turn <= len(self.labels) else None
        if record.label != label:
            raise self._edited(record, file, f"label {record.label!r}", f"{label!r}")
        stances = {d: self.stances.get((d, o), "") for d, o in record.choices.items()}
        if record.stances != stances:
            wrong = next(
                d for d in {**stances, **record.stances} if record.stances.get(d) != stances.get(d)
            )
            raise self._edited(
                record,
                file,
                f"stance of {wrong!r} = {record.stances.get(wrong)!r}",
                f"{stances.get(wrong)!r}",
            )
        if seed is None or not record.positions:  # logs before 0.3.1 have none
            return
        if set(record.positions) != set(record.choices):  # one left out or one added
            listed = ", ".join(sorted(record.positions))
            raise self._edited(
                record, file, f"positions of {listed}", "one for each decision answered"
            )
        for d, place in record.positions.items():
            shown = self.position(seed, d, record.choices.get(d, ""))
            if place != shown:
                raise self._edited(record, file, f"position of {d!r} = {place}", f"{shown}")

    @staticmethod
    def _edited(record: TurnRecord, file: str, recorded: str, expected: str) -> ReplayDivergence:
        instead = f"the scenario gives {expected}"
        return _edited(f"turn {record.turn}", recorded, instead, file, record.line, record.turn)


def _edited(
    where: str, recorded: str, instead: str, file: str, line: int, turn: int
) -> ReplayDivergence:
    """A line whose ``recorded`` value differs from what the scenario or the replay gives."""
    return ReplayDivergence(
        f"{where}: recorded {recorded} but {instead} (the line was edited after it was written)",
        file,
        line,
        turn,
    )


def compare_end(
    log: SessionLog,
    scores: dict[str, float],
    met: dict[str, bool],
    end_reason: str | None,
    model: Any = None,
    applies: dict[str, bool] | None = None,
) -> None:
    """Raise :class:`ReplayDivergence` if the end line differs from the replayed final scores
    (``applies``: which objectives applied, checked where the log says; older logs do not)."""
    end = log.end
    if end is None:
        return
    turn = len(log.turns) + 1  # so that every recorded turn counts as verified

    def differs(what: str, recorded: Any, replayed: Any) -> ReplayDivergence:
        instead = f"the replay gives {replayed!r}"
        return _edited("end line", f"{what} = {recorded!r}", instead, log.name, end.line, turn)

    missing = [name for name in SCORE_NAMES if name not in end.scores]
    if missing:
        raise differs(f"score {missing[0]}", None, scores.get(missing[0]))
    for name, recorded in end.scores.items():
        if name not in scores or not _same(recorded, scores[name]):
            raise differs(f"score {name}", recorded, scores.get(name))
    recorded_met = {o.id: o.met for o in end.objectives}
    if recorded_met != met:
        raise differs("objectives met", recorded_met, met)
    if applies is not None:
        said = {o.id: o.applies for o in end.objectives if "applies" in o.model_fields_set}
        if any(applies.get(oid) != value for oid, value in said.items()):
            raise differs("objectives that apply", said, {k: applies.get(k) for k in said})
    if model is not None:  # the labels and weights go into objectives.csv and the xAPI score
        words = [(o.id, o.label, o.weight) for o in model.objectives]
        recorded_words = [(o.id, o.label, o.weight) for o in end.objectives]
        if recorded_words != words:
            raise differs("objectives", recorded_words, words)
    if end.end_reason != end_reason:
        raise differs("end reason", end.end_reason, end_reason)


def _indicator_pairs(record: Any, actual: dict[str, Any]) -> Iterator[tuple[str, Any, Any]]:
    """(name, recorded, replayed) for every quantity of a turn line (or the header's initial):
    ``trust.renters``, ``reserve``, ``indicators.crime``."""
    if list(record.by_group) != list(actual["by_group"]):
        yield "quantities", list(record.by_group), list(actual["by_group"])
    for key, recorded in record.by_group.items():
        replayed = actual["by_group"].get(key, {})
        if list(recorded) != list(replayed):
            yield key, list(recorded), list(replayed)
            continue
        for group, value in recorded.items():
            yield f"{key}.{group}", value, replayed[group]
    if list(record.city) != list(actual["city"]):
        yield "city", list(record.city), list(actual["city"])
    for key, value in record.city.items():
        yield key, value, actual["city"].get(key)
    if list(record.indicators) != list(actual["indicators"]):
        yield "indicators", list(record.indicators), list(actual["indicators"])
    else:
        for name, value in record.indicators.items():
            yield f"indicators.{name}", value, actual["indicators"][name]


def compare_initial(log: SessionLog, actual: dict[str, Any], model: Any) -> None:
    """Raise :class:`ReplayDivergence` if the header differs from the scenario and the state
    before turn 1 (its digest is checked first: see :func:`initial_divergence`). The header's
    groups and initial values are what the exports' turn 0 rows and ``share`` column hold."""
    h = log.header

    def edited(what: str, recorded: Any, expected: Any) -> ReplayDivergence:
        instead = f"the replay gives {expected!r}"
        return _edited("header", f"{what} = {recorded!r}", instead, log.name, h.line, 0)

    meta = model.meta
    if (h.scenario_id, h.scenario_title) != (meta.id, meta.title):
        raise edited("scenario", (h.scenario_id, h.scenario_title), (meta.id, meta.title))
    groups = [(g.id, g.name, g.share) for g in model.groups]
    recorded_groups = [(g.id, g.name, g.share) for g in h.groups]
    if recorded_groups != groups:
        if len(recorded_groups) != len(groups):
            raise edited("groups", [g[0] for g in recorded_groups], [g[0] for g in groups])
        pairs = zip(recorded_groups, groups, strict=True)
        k = next(k for k, (ours, theirs) in enumerate(pairs) if ours != theirs)
        raise edited(f"groups[{k}]", recorded_groups[k], groups[k])
    initial = h.initial
    if all(getattr(initial, key) == actual[key] for key in ("by_group", "city", "indicators")):
        return  # the common case (the loop below names what differs)
    for name, recorded, replayed in _indicator_pairs(initial, actual):
        if not _same(recorded, replayed):
            raise edited(f"initial.{name}", recorded, replayed)


def _same(a: Any, b: Any) -> bool:
    """Exact equality; floats compare bit for bit (JSON keeps the shortest round-trip repr)."""
    if isinstance(a, float) or isinstance(b, float):
        return (
            isinstance(a, (int, float))
            and isinstance(b, (int, float))
            and (float(a) == float(b) or (math.isnan(a) and math.isnan(b)))
        )
    return a == b


def start_game(log: SessionLog, loaded: LoadedScenario) -> Game:
    """A new game with the log's seed, checked against the header's initial state digest."""
    from ..engine import Game
    from .recorder import initial_values

    game = Game.start(loaded, seed=log.header.seed)
    if log.header.initial.digest != game.digest():
        raise initial_divergence(log)
    compare_initial(log, initial_values(game), loaded.model)
    return game


def initial_divergence(log: SessionLog) -> ReplayDivergence:
    """The state before turn 1 differs: most often a different version of the engine."""
    from .. import __version__

    recorded = log.header.package_version
    why = (
        f"the log was written by simcity-council {recorded}, this is {__version__}; replay it "
        "with the version that wrote it"
        if recorded != __version__
        else "the engine changed since the log was written"
    )
    return ReplayDivergence(
        f"turn 0: the initial state differs from the recorded one ({why})",
        log.name,
        log.header.line,
        0,
    )


def submit_recorded(game: Game, record: TurnRecord, file: str) -> TurnResult:
    """Submit a recorded turn's choices; a choice the game refuses is a :class:`LogError`."""
    from ..engine import Choices

    if game.done:
        raise ReplayDivergence(
            f"turn {record.turn}: the replayed game had already ended, but the log goes on",
            file,
            record.line,
            record.turn,
        )
    try:
        return game.submit(Choices(dict(record.choices), tuple(record.actions)))
    except GameError as error:
        raise ReplayDivergence(
            f"turn {record.turn}: the recorded choices cannot be played at this turn: {error}",
            file,
            record.line,
            record.turn,
        ) from None


def replay_game(log: SessionLog, loaded: LoadedScenario, upto: int | None = None) -> Game:
    """Replay the first ``upto`` recorded turns (all by default), verifying each one."""
    game = start_game(log, loaded)
    from .recorder import result_values

    words = ScenarioWords(loaded.model, game.compiled)
    for record in log.turns[:upto]:
        result = submit_recorded(game, record, log.name)
        compare_turn(record, result_values(result), log.name)
        words.check(record, log.name, log.header.seed)
    if upto is None or upto >= len(log.turns):
        final = game.scores()
        scores = {name: getattr(final, name) for name in SCORE_NAMES}
        met = {o.id: o.met for o in final.objectives}
        applies = {o.id: o.applies for o in final.objectives}
        compare_end(log, scores, met, final.end_reason, loaded.model, applies)
    return game


def verify_one(log: SessionLog, cache: ScenarioCache) -> int:
    """Replay and verify one log with the interactive engine; the number of turns verified."""
    replay_game(log, cache.get(log))
    return len(log.turns)


def resolve_log_paths(items: list[str]) -> list[Path]:
    """Files as given; a folder stands for its ``*.jsonl`` files (sorted, so by time)."""
    paths: list[Path] = []
    for item in items:
        path = Path(item)
        if os.path.isdir(path):
            found = sorted(path.glob("*.jsonl"))
            if not found:
                raise LogError("folder has no session logs (*.jsonl)", item)
            paths.extend(found)
        else:
            paths.append(path)
    return paths
