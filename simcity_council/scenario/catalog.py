"""The scenarios a student can pick: built-ins, the user scenario folder, and paths given.

Both front ends list the same scenarios from here. Each entry is loaded (and so validated) when
listed; a scenario that fails validation stays in the list with its problems, so a picker can show
them instead of crashing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CouncilError, ScenarioError


@dataclass(frozen=True)
class Entry:
    """One scenario in the picker."""

    ref: str  # what load_scenario takes: a built-in id or a path
    origin: str  # "built-in", "your scenarios", "command line"
    loaded: Any = None  # LoadedScenario when it loads
    problems: tuple[str, ...] = ()  # validation messages when it does not

    @property
    def ok(self) -> bool:
        """Whether the scenario loaded (else ``problems`` says why)."""
        return self.loaded is not None

    @property
    def title(self) -> str:
        """What the picker shows: the scenario's title, or its file name when it did not load."""
        return self.loaded.model.meta.title if self.ok else Path(self.ref).name


def user_scenario_dir() -> Path:
    """Where a student or instructor drops their own scenario files."""
    import platformdirs

    return Path(platformdirs.user_data_dir("simcity-council", appauthor=False)) / "scenarios"


def load_entry(ref: str, origin: str) -> Entry:
    """Load one scenario, keeping every validation problem if it fails."""
    from . import load_scenario

    try:
        return Entry(ref, origin, load_scenario(ref))
    except ScenarioError as error:
        return Entry(ref, origin, None, tuple(str(p) for p in error.problems) or (str(error),))
    except CouncilError as error:
        return Entry(ref, origin, None, (str(error),))
    except OSError as error:
        return Entry(ref, origin, None, (f"{ref}: cannot read it ({error.strerror})",))


def find_scenarios(extra: list[str] | None = None, user_dir: Path | None = None) -> list[Entry]:
    """Every scenario to offer: built-ins first, then the user folder, then ``extra`` paths."""
    from . import builtin_ids

    entries = [load_entry(ref, "built-in") for ref in builtin_ids()]
    folder = user_dir if user_dir is not None else user_scenario_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
            entries.append(load_entry(str(path), "your scenarios"))
    for ref in extra or []:
        entries.append(load_entry(ref, "command line"))
    return entries
