"""The unfinished games saved on this computer, for the title screen's Continue list.

A game is unfinished when its session log has no end line. Each is listed with its scenario, the
turn it continues at, when it was last played and the pseudonym; one whose scenario cannot be
found any more (or has changed) is listed with the reason instead of a way to continue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

MAX_LISTED = 30


@dataclass(frozen=True)
class SavedGame:
    path: Path
    title: str
    turn: int  # the turn it continues at (1-based)
    turns: int | None  # how many turns the scenario has (None if it cannot be loaded)
    played: datetime  # when its last line was written, local time
    player: str
    problem: str = ""  # why it cannot be continued ("" when it can)

    @property
    def when(self) -> str:
        """``Tue 2 Dec, 14:05``."""
        return f"{self.played:%a} {self.played.day} {self.played:%b}, {self.played:%H:%M}"

    @property
    def where(self) -> str:
        """``turn 4 of 10``."""
        return f"turn {self.turn}" + (f" of {self.turns}" if self.turns else "")


def _local(stamp: str, fallback: float) -> datetime:
    try:
        return datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return datetime.fromtimestamp(fallback).astimezone()


def unfinished_games(log_dir: Path | None) -> list[SavedGame]:
    """Unfinished games in ``log_dir`` (default: the usual log folder), newest first."""
    from ..errors import CouncilError
    from ..session.logformat import LOG_SUFFIX, read_log
    from ..session.recorder import default_log_dir
    from ..session.replay import ScenarioCache

    folder = Path(log_dir) if log_dir is not None else default_log_dir()
    try:
        paths = sorted(folder.glob(f"*{LOG_SUFFIX}"), key=lambda p: -p.stat().st_mtime)
    except OSError:
        return []
    cache = ScenarioCache()
    games: list[SavedGame] = []
    for path in paths:
        if len(games) >= MAX_LISTED:
            break
        try:
            log = read_log(path)
        except (CouncilError, OSError):
            continue  # not a log this version can read: nothing to continue
        if log.end is not None:
            continue
        stamp = log.turns[-1].time if log.turns else log.header.started
        turns, problem = None, ""
        try:
            turns = cache.get(log).model.turns.count
        except CouncilError as error:
            problem = str(error).split(" (", 1)[0]
        if turns is not None and len(log.turns) >= turns:
            continue  # every turn played; only the end line is missing
        games.append(
            SavedGame(
                path=path,
                title=log.header.scenario_title,
                turn=len(log.turns) + 1,
                turns=turns,
                played=_local(stamp, path.stat().st_mtime),
                player=log.header.player,
                problem=problem,
            )
        )
    return games
