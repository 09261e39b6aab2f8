"""``script:FILE``: choices read from a file, answered by decision id wherever it comes up.

A script is YAML or JSON in one of two shapes (docs/authoring.md, "Scripts"):

```yaml
# by decision id: the answer is used whenever the decision comes up, on any turn, in any branch
decisions:
  budget_process: pb
  projects: fund_winners
actions: [listening_tour]           # taken every turn they are available and fit
turns:                              # optional: what one turn does differently
  3: {decisions: {projects: split}, actions: []}
```

or a list with one entry per turn (``[{decisions: {...}, actions: [...]}, ...]``), entry *t* for
turn *t*.

A script is branch-tolerant: a decision it answers that is not on the agenda is ignored; a
decision on the agenda that it does not answer, or whose scripted option is not available, gets
the first available option that fits the staff capacity left (in file order); an action that is
not available or does not fit is skipped. Each of these is written to :attr:`Script.notes`, for
the front end to show. Ids that the scenario does not have at all are errors (a typo would
otherwise never match).
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import UsageError
from ..scenario.compile import CompiledScenario
from .policies import Policy
from .precision import for_engine
from .rules import action_columns, make_env, option_columns
from .state import State

EXAMPLE = "{decisions: {budget_process: pb}, actions: [listening_tour]}"
DEFAULT = "the first available option"


class Script(Policy):
    """Choices from a script file (the same for every game of a batch)."""

    def __init__(
        self,
        path: Path,
        decisions: dict[str, str],
        actions: list[str] | None,
        turns: dict[int, dict[str, Any]],
        length: int | None = None,
    ) -> None:
        self.name = f"script:{path}"
        self.path = path
        self.decisions = decisions  # decision -> option, any turn
        # every turn (None: no actions unless a turn lists them); not named ``actions``, which
        # would hide Policy.actions
        self.every_turn_actions = actions
        self.turns = turns  # turn -> {"decisions": {...}, "actions": [...] or None}
        self.length = length  # a list script: how many turns it lists
        self.notes: list[str] = []  # what the script did not answer, and what was done instead
        self._checked: CompiledScenario | None = None

    def plan(self, turn: int) -> tuple[dict[str, str], list[str]]:
        """The scripted answers and actions for ``turn``."""
        entry = self.turns.get(turn, {})
        decisions = {**self.decisions, **entry.get("decisions", {})}
        actions = entry.get("actions")
        if actions is None:
            actions = self.every_turn_actions or []
        return decisions, list(actions)

    def check(self, c: CompiledScenario) -> None:
        """Every id in the script must be one the scenario has (UsageError with a suggestion)."""
        if self._checked is c:
            return
        decisions = {d: k for k, d in enumerate(c.decision_ids)}
        answers = [(None, self.decisions)] + [
            (t, e.get("decisions", {})) for t, e in sorted(self.turns.items())
        ]
        for turn, table in answers:
            for d, o in table.items():
                k = _lookup(self.path, turn, "decision", d, decisions)
                options = {x: i for i, x in enumerate(c.option_ids[k])}
                _lookup(self.path, turn, f"option of '{d}'", o, options)
        actions = {a: i for i, a in enumerate(c.action_ids)}
        lists = [(None, self.every_turn_actions or [])] + [
            (t, e.get("actions") or []) for t, e in sorted(self.turns.items())
        ]
        for turn, names in lists:
            for a in names:
                _lookup(self.path, turn, "action", a, actions)
        self._checked = c

    def choose(self, c: CompiledScenario, s: State) -> tuple[np.ndarray, np.ndarray]:
        """(choice (games, decisions), act (games, actions)) for ``s.turn``."""
        c = for_engine(c)
        self.check(c)
        n, t = s.games, s.turn
        decisions, actions = self.plan(t)
        if self.length is not None and t > self.length and s.active.any():
            self._note(t, f"the script lists {self.length} turns; this turn uses {DEFAULT}s")
        env = make_env(c, s, t)
        active = s.active
        choice = np.full((n, c.n_decisions), -1, np.int64)
        capacity = np.full(n, c.capacity, np.int64)
        money = s.reserve.copy()
        for k in c.decisions_by_turn[min(t, c.turns + 1)].tolist():
            on = s.agenda[:, k] & active
            if not on.any():
                continue
            pick = self._answer(c, s, env, k, decisions.get(c.decision_ids[k]), on, capacity)
            choice[:, k] = pick
            cap = np.where(pick >= 0, c.option_capacity[k][np.maximum(pick, 0)], 0)
            capacity -= cap
            money -= np.where(pick >= 0, c.option_cost[k][np.maximum(pick, 0)], 0.0)
        act = np.zeros((n, len(c.action_ids)), bool)
        if actions and len(c.action_ids):
            usable = action_columns(c, s, env)[0]
            for name in actions:
                a = c.action_ids.index(name)
                fits = usable[a] & active & (c.action_capacity[a] <= capacity)
                if c.action_cost[a] > 0:
                    fits &= c.action_cost[a] <= money
                act[:, a] = fits
                capacity -= np.where(fits, c.action_capacity[a], 0)
                money -= np.where(fits, c.action_cost[a], 0.0)
                skipped = active & ~fits
                if skipped.any():
                    self._note(
                        t,
                        f"action '{name}' is not available or does not fit the staff and money "
                        f"left; skipped{_share(skipped, active)}",
                    )
        return choice, act

    def _answer(
        self,
        c: CompiledScenario,
        s: State,
        env: dict,
        k: int,
        wanted: str | None,
        on: np.ndarray,
        capacity: np.ndarray,
    ) -> np.ndarray:
        """Each game's option for decision ``k``: the scripted one if it is available and fits,
        else the first available option that fits, else the first available one."""
        ok, _ = option_columns(c, s, env, k)
        cap = c.option_capacity[k]
        fits = [o & (cap[j] <= capacity) for j, o in enumerate(ok)]
        pick = np.full(s.games, -1, np.int64)
        decision = c.decision_ids[k]
        if wanted is not None:
            j = c.option_ids[k].index(wanted)
            pick = np.where(fits[j], j, -1)
        for column in (fits, ok):
            for j, usable in enumerate(column):
                pick = np.where((pick < 0) & usable, j, pick)
        pick = np.where(on, pick, -1)
        fallback = on & (pick >= 0)
        if wanted is not None:
            fallback &= pick != c.option_ids[k].index(wanted)
        if fallback.any():
            taken = sorted({c.option_ids[k][j] for j in pick[fallback].tolist()})
            took = f"took {DEFAULT} ('{taken[0]}')" if len(taken) == 1 else f"took {DEFAULT}"
            why = (
                f"decision '{decision}' is on the agenda but not in the script"
                if wanted is None
                else f"option '{wanted}' of '{decision}' is not available or does not fit the "
                "staff left"
            )
            self._note(s.turn, f"{why}; {took}{_share(fallback, s.active)}")
        return pick

    def _note(self, turn: int, text: str) -> None:
        note = f"{self.path}: turn {turn}: {text}"
        if note not in self.notes:
            self.notes.append(note)


def _share(some: np.ndarray, of: np.ndarray) -> str:
    k, n = int(some.sum()), int(of.sum())
    return "" if k == n else f" (in {k} of {n} games)"


def _lookup(path: Path, turn: int | None, what: str, key: str, table: dict[str, int]) -> int:
    if key in table:
        return table[key]
    close = difflib.get_close_matches(key, list(table), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f" (known: {', '.join(table)})"
    where = f"turn {turn}: " if turn is not None else ""
    raise UsageError(f"{path}: {where}unknown {what} '{key}'{hint}")


def load_script(path: Path) -> Script:
    """Read a script file (see the module docstring for its two shapes), through the input
    layer (:func:`~simcity_council.script_file.read_script_text`)."""
    from ..errors import ScenarioError
    from ..script_file import read_script_text

    try:
        text = read_script_text(path)
    except ScenarioError as error:  # YAML that breaks the syntax or the loader's limits
        first = error.problems[0]
        raise UsageError(
            f"{path}: not valid YAML/JSON: line {first.line}, column {first.column}: "
            f"{first.message}"
        ) from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except (ValueError, ImportError) as error:
        raise UsageError(f"{path}: not valid YAML/JSON: {error}") from None
    except Exception as error:  # yaml.YAMLError has no common base with ValueError
        raise UsageError(f"{path}: not valid YAML/JSON: {error}") from None
    if isinstance(data, list) and data:
        turns = {i: _entry(path, i, entry) for i, entry in enumerate(data, 1)}
        return Script(path, {}, None, turns, length=len(data))
    if isinstance(data, dict) and data:
        unknown = set(data) - {"decisions", "actions", "turns"}
        if unknown:
            raise UsageError(
                f"{path}: unknown key '{sorted(unknown)[0]}'; a script has 'decisions' "
                "(decision -> option), 'actions' (a list) and 'turns' (turn -> "
                f"{{decisions, actions}}), e.g. {EXAMPLE}"
            )
        whole = _entry(path, None, {k: v for k, v in data.items() if k != "turns"})
        turns_data = data.get("turns") or {}
        if not isinstance(turns_data, dict) or not all(
            isinstance(t, int) and not isinstance(t, bool) and t >= 1 for t in turns_data
        ):
            raise UsageError(
                f"{path}: 'turns' maps turn numbers to {{decisions, actions}}, e.g. "
                "turns: {3: {decisions: {projects: split}}}"
            )
        turns = {t: _entry(path, t, entry) for t, entry in turns_data.items()}
        return Script(path, whole["decisions"], whole.get("actions"), turns)
    raise UsageError(
        f"{path}: a script maps decisions to options, e.g. {EXAMPLE}, or is a list with one "
        "such entry per turn"
    )


def _entry(path: Path, turn: int | None, entry: Any) -> dict[str, Any]:
    where = f"turn {turn}: " if turn is not None else ""
    entry = entry if entry is not None else {}
    if not isinstance(entry, dict) or set(entry) - {"decisions", "actions"}:
        raise UsageError(f"{path}: {where}expected {{decisions: {{...}}, actions: [...]}}")
    decisions = entry.get("decisions") or {}
    actions = entry.get("actions")
    if not isinstance(decisions, dict) or not isinstance(actions, list | None):
        raise UsageError(
            f"{path}: {where}'decisions' is a mapping decision -> option "
            "and 'actions' a list of action ids"
        )
    out: dict[str, Any] = {"decisions": {str(k): str(v) for k, v in decisions.items()}}
    out["actions"] = None if actions is None else [str(a) for a in actions]
    return out
