"""The options of ``simcity-council play``, shared by both front ends."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .session.testgame import TestGame


@dataclass(frozen=True)
class PlayOptions:
    scenario: str | None = None  # built-in id or path; None -> the front end shows a picker
    seed: int | None = None  # None -> drawn and recorded
    player: str | None = None  # pseudonym; None -> generated ("player-xxxx")
    log_dir: Path | None = None  # None -> the platformdirs user data folder
    auto: str | None = None  # policy name (random|inclusive|narrow|greedy|script:FILE)
    resume: Path | None = None  # a session log to continue
    screenshots: Path | None = None  # GUI: save a PNG of every screen shown
    window: tuple[int, int] = (1280, 720)  # GUI: the window's size in pixels when it opens
    from_turn: int | None = None  # test game: start at this turn (the ones before are scripted)
    choices: Path | None = None  # test game: the script that plays the turns before from_turn
    set_flags: tuple[tuple[str, bool], ...] = ()  # test game: flags' values at the start
    questions: Path | None = None  # this class's reflection questions instead of the scenario's
    watch: bool = False  # terminal: reload the scenario file when it is saved

    def test_game(self) -> TestGame:
        """The test-game part of the options."""
        from .session.testgame import TestGame

        return TestGame(self.from_turn, self.choices, self.set_flags, self.questions)

    section: str | None = None  # class section or cohort, recorded in the log
    consent: str = "unknown"  # research consent: yes, no or unknown


def resume_command(log: Path | str) -> str:
    """The command that continues a saved game, typed in any terminal: this Python by its full
    path (``simcity-council`` may not be on the PATH, and a bare ``python`` may be another
    Python without the game), quoted for the shell of this system."""
    import shlex
    import subprocess
    import sys

    argv = [sys.executable, "-m", "simcity_council", "play", "--resume", str(log)]
    return subprocess.list2cmdline(argv) if sys.platform == "win32" else shlex.join(argv)
