"""What the game remembers between sessions on this computer: display settings and whether the
first-turn guide was seen. A small JSON file in the user config folder (platformdirs):
Linux ``~/.config/simcity-council/preferences.json``, macOS ``~/Library/Application
Support/simcity-council``, Windows ``%LOCALAPPDATA%\\simcity-council``.

Nothing about the student is kept here (no pseudonym): lab computers are shared. A file that
cannot be read or written is ignored; the game plays on with the defaults.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "simcity-council"
FILE_NAME = "preferences.json"


@dataclass(frozen=True)
class Preferences:
    """Remembered between games. ``font_step`` indexes the window's text sizes."""

    font_step: int = 1
    high_contrast: bool = False
    colour_blind_palette: bool = True
    fullscreen: bool = False
    guide_seen: bool = False  # the window's first-turn guide was finished or skipped
    terminal_guide_seen: bool = False

    def with_(self, **changes: Any) -> Preferences:
        return replace(self, **changes)


def preferences_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / FILE_NAME


def load_preferences(path: Path | None = None) -> Preferences:
    """The remembered preferences; the defaults when there are none or the file is unreadable.
    Unknown keys and values of the wrong type are ignored one by one."""
    path = path or preferences_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    if not isinstance(data, dict):
        return Preferences()
    defaults = Preferences()
    kept: dict[str, Any] = {}
    for f in fields(Preferences):
        value = data.get(f.name)
        default = getattr(defaults, f.name)
        if type(value) is type(default):
            kept[f.name] = value
    return replace(defaults, **kept)


def save_preferences(prefs: Preferences, path: Path | None = None) -> bool:
    """Write the preferences (atomically); False when the folder cannot be written."""
    path = path or preferences_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(".tmp")
        temp.write_text(json.dumps(asdict(prefs), indent=1) + "\n", encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        return False
    return True


def remember(**changes: Any) -> Preferences:
    """Load, change and save in one step; returns the new preferences."""
    prefs = load_preferences().with_(**changes)
    save_preferences(prefs)
    return prefs
