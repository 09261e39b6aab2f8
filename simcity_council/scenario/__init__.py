"""The scenario format: load a YAML file (or a built-in id), validate it, report every problem.

```python
from simcity_council.scenario import load_scenario, builtin_ids, LoadedScenario

loaded = load_scenario("vallejo")     # a built-in id, or a path to a .yaml file
loaded.model, loaded.path, loaded.sha256
loaded, problems = check_source(path) # no exception: (None, [Problem, ...]) when invalid
```

:func:`load_scenario` raises :class:`~simcity_council.errors.ScenarioError` carrying every
:class:`~simcity_council.errors.Problem` found: YAML syntax, schema (pydantic), and cross-references
(``crossref.py``), each located at ``file:line:col`` with a dotted path.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import Problem, ScenarioError
from .models import Scenario

__all__ = [
    "LoadedScenario",
    "builtin_ids",
    "builtin_path",
    "check_source",
    "inspect_source",
    "is_builtin_name",
    "load_scenario",
    "resolve",
]

_BUILTIN_PACKAGE = "simcity_council._scenarios"
_NOT_BUILTIN = frozenset({"template"})


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario, the file it came from and the SHA-256 of that file's bytes."""

    model: Scenario
    path: Path
    sha256: str
    warnings: tuple[Problem, ...] = ()  # things that are probably wrong (validate lists them)

    def __repr__(self) -> str:
        """Short, for a notebook (the model itself is tens of thousands of characters)."""
        m = self.model
        return (
            f"<LoadedScenario {m.meta.id!r}: {m.meta.title}, {m.turns.count} turns, "
            f"{len(m.groups)} groups, {len(m.decisions)} decisions; {self.path.name}, "
            f"sha256 {self.sha256[:12]}...>"
        )


def _builtin_dir() -> Path:
    return Path(str(resources.files(_BUILTIN_PACKAGE)))


def builtin_ids() -> tuple[str, ...]:
    """Ids of the built-in scenarios (``scenarios/*.yaml`` except the template), sorted."""
    return tuple(
        sorted(p.stem for p in _builtin_dir().glob("*.yaml") if p.stem not in _NOT_BUILTIN)
    )


def builtin_path(name: str) -> Path:
    """The file of a built-in scenario (or of ``template``)."""
    return _builtin_dir() / f"{name}.yaml"


def resolve(source: str | os.PathLike[str]) -> tuple[Path, str]:
    """The file for a path or built-in id, and the name to show for it in messages."""
    text = os.fspath(source)
    path = Path(text)
    if is_builtin_name(text):
        # a built-in id wins over a file or folder of that name here: write ./vallejo for those
        found = builtin_path(text)
        return found, _display(found)
    if os.path.lexists(path):  # False for a name too long or with a NUL in it, never raising
        return path, text
    looks_like_path = os.sep in text or "/" in text or path.suffix in (".yaml", ".yml")
    if not looks_like_path:
        ids = builtin_ids()
        match = difflib.get_close_matches(text.lower(), ids, n=1, cutoff=0.6)
        hint = f"did you mean '{match[0]}'?" if match else "give a path to a .yaml file"
        listed = ", ".join(ids) or "none installed"
        message = f"no scenario file or built-in scenario called '{text}' (built-ins: {listed})"
        raise ScenarioError([Problem(text, 0, 0, "", message, hint)])
    raise ScenarioError([Problem(text, 0, 0, "", "no such file", "check the path")])


def is_builtin_name(text: str) -> bool:
    """Whether ``text`` names a built-in scenario: its id, with no folder or extension."""
    looks_like_path = os.sep in text or "/" in text or Path(text).suffix in (".yaml", ".yml")
    return not looks_like_path and text in builtin_ids()


def _display(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def check_source(source: str | os.PathLike[str]) -> tuple[LoadedScenario | None, list[Problem]]:
    """Load and validate; return the scenario (None if invalid) and every problem, sorted."""
    loaded, problems, _ = inspect_source(source)
    return loaded, problems


def inspect_source(
    source: str | os.PathLike[str],
) -> tuple[LoadedScenario | None, list[Problem], list[Problem]]:
    """Load and validate: the scenario (None if invalid), every problem and every warning (what
    is probably wrong but does not stop the scenario from being played), each sorted."""
    from pydantic import ValidationError

    from . import coverage, crossref, lint, reach
    from .explain import explain
    from .loader import read_document

    try:
        path, display = resolve(source)
        doc, problems = read_document(path, display)
    except ScenarioError as err:
        return None, list(err.problems), []
    if not isinstance(doc.data, dict):
        line, column = doc.where(())
        found = "a list" if isinstance(doc.data, list) else "a single value"
        problems.append(
            Problem(
                display,
                line,
                column,
                "",
                f"the top level must be a mapping of "
                f"sections (schema_version:, meta:, ...); found {found}",
                "start from: simcity-council new my_scenario",
            )
        )
        return None, problems, []
    model: Scenario | None = None
    try:
        model = Scenario.model_validate(doc.data)
    except ValidationError as err:
        # A value the loader already refused (an unsupported tag, a number too large) is not
        # reported a second time for its type.
        refused = {(p.path, p.line, p.column) for p in problems if p.path}
        problems.extend(p for p in explain(err, doc) if (p.path, p.line, p.column) not in refused)
    problems.extend(crossref.check(doc, schema_ok=model is not None and not problems))
    warnings = lint.check(doc)
    causes: dict[str, tuple[int, int]] = {}
    if model is not None:
        data = model.model_dump()
        dead, likely, causes = reach.check(data, doc, problems)
        problems.extend(dead)
        warnings.extend(likely)
        warnings.extend(coverage.check(data, doc))
    order = reach.sort_key(causes)
    unique = sorted(set(problems), key=order)
    warnings = sorted(set(warnings), key=order)
    if unique or model is None:
        return None, unique, warnings
    return LoadedScenario(model, path, doc.sha256, tuple(warnings)), [], warnings


def load_scenario(source: str | os.PathLike[str]) -> LoadedScenario:
    """Load a scenario from a path or a built-in id. Raises :class:`ScenarioError` with every
    problem found."""
    loaded, problems = check_source(source)
    if loaded is None:
        raise ScenarioError(problems)
    return loaded
