"""The options of ``simcity-council play``, shared by both front ends."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
    section: str | None = None  # class section or cohort, recorded in the log
    consent: str = "unknown"  # research consent: yes, no or unknown
