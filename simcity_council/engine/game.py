"""``Game``: one interactive game, a batch of one over the same step code as batches.

Front ends draw :meth:`Game.view`, build :class:`Choices`, call :meth:`Game.submit` and show the
:class:`TurnResult`. A bad choice raises :class:`GameError` and changes nothing.
"""

from __future__ import annotations

import difflib
import os
import secrets
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import GameError
from ..scenario.compile import CompiledScenario, compile_scenario
from .attribution import attribute
from .policies import make_policy
from .precision import for_engine
from .present import choice_views, turn_result, turn_view
from .rng import as_seeds
from .rules import Assessment, Env, action_columns, assess, filled, make_env, option_columns
from .scores import scores_of
from .state import END_REASONS, State, digests, new_state
from .step import reserve_before_news, step
from .views import ActionView, Choices, DecisionView, Scores, TurnResult, TurnView

_CACHE: dict[int, tuple[Any, CompiledScenario]] = {}


def resolve(loaded: Any) -> Any:
    """A ``LoadedScenario`` as given, or loaded from a built-in id or path."""
    if isinstance(loaded, str | os.PathLike):
        from ..scenario import load_scenario

        return load_scenario(loaded)
    if not hasattr(loaded, "model"):
        raise GameError("Game.start needs a LoadedScenario (from load_scenario), an id or a path")
    return loaded


def compiled_for(loaded: Any) -> CompiledScenario:
    """The compiled arrays of a loaded scenario (compiled once per scenario object)."""
    model = loaded.model
    hit = _CACHE.get(id(model))
    if hit is not None and hit[0] is model:
        return hit[1]
    compiled = for_engine(compile_scenario(model))
    if len(_CACHE) >= 32:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(model)] = (model, compiled)
    return compiled


def start_state(c: CompiledScenario, seeds: Sequence[int] | np.ndarray) -> State:
    """Every game at the start of turn 1, with the turn-1 agenda open."""
    from .rules import open_agenda

    s = new_state(c, seeds)
    open_agenda(c, s, 1, None)
    return s


class Game:
    """One game. Build with :meth:`start`."""

    def __init__(self, loaded: Any, compiled: CompiledScenario, state: State, seed: int) -> None:
        self.scenario = loaded
        self.compiled = compiled
        self.seed = seed
        self._state = state
        self._results: list[TurnResult] = []
        # the view at the start of each turn; a (state, result) pair until first asked for
        # (built lazily: submit need not pay for a view nobody has looked at yet)
        self._history: list[TurnView | tuple[State, TurnResult]] = [
            turn_view(compiled, state, None)
        ]

    @classmethod
    def start(cls, loaded: Any, seed: int | None = None) -> Game:
        """A new game of ``loaded`` (a LoadedScenario, built-in id or path). With no seed, one is
        drawn and kept in :attr:`seed` (record it to replay the game)."""
        loaded = resolve(loaded)
        if seed is None:
            seed = secrets.randbits(63)
        if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
            raise GameError(f"the seed must be a whole number, not {seed!r}")
        seed = int(seed) & ((1 << 64) - 1)
        c = compiled_for(loaded)
        return cls(loaded, c, start_state(c, as_seeds([seed])), seed)

    def __repr__(self) -> str:
        where = (
            f"over ({self.end_reason})"
            if self.done
            else f"turn {self.turn} of {self.compiled.turns}"
        )
        return f"<Game {self.compiled.model.meta.id!r} seed={self.seed}: {where}>"

    @property
    def turn(self) -> int:
        """The 1-based turn awaiting choices (``turns + 1`` after the last turn)."""
        return self._state.turn

    @property
    def done(self) -> bool:
        """Whether the game is over: terminated (its own ending) or truncated (the turn limit)."""
        return bool(self._state.terminated[0] or self._state.truncated[0])

    @property
    def end_reason(self) -> str | None:
        """Why the game ended (``turn_limit``, ``receivership``, ``recall``); None while it runs."""
        return END_REASONS.get(int(self._state.end_reason[0]))

    @property
    def state(self) -> State:
        """A copy of the state arrays (a batch of one)."""
        return self._state.copy()

    @property
    def results(self) -> tuple[TurnResult, ...]:
        """What happened in each turn played so far, in order."""
        return tuple(self._results)

    @property
    def history(self) -> tuple[TurnView, ...]:
        """The view at the start of each turn played, and the current one."""
        return tuple(self._view_at(i) for i in range(len(self._history)))

    def view(self) -> TurnView:
        """What the player may know now: the view at the start of the current turn."""
        return self._view_at(len(self._history) - 1)

    def _view_at(self, i: int) -> TurnView:
        """The view at the start of turn ``i + 1``, built (once) from its state and result."""
        entry = self._history[i]
        if isinstance(entry, TurnView):
            return entry
        state, result = entry
        view = turn_view(self.compiled, state, result)
        self._history[i] = view
        return view

    def scores(self) -> Scores:
        """The game's scores now (final once it is done)."""
        return scores_of(self.compiled, self._state)

    def digest(self) -> str:
        """A stable hash of the state, to check that a replay or a copy stays identical."""
        return digests(self._state)[0]

    def copy(self) -> Game:
        """An independent game that continues identically."""
        other = Game.__new__(Game)
        other.scenario, other.compiled, other.seed = self.scenario, self.compiled, self.seed
        other._state = self._state.copy()
        other._results = list(self._results)
        other._history = list(self._history)
        return other

    def suggest(self, policy_name: str) -> Choices:
        """The choices a policy (``random``, ``inclusive``, ``narrow``, ``greedy``, ...) would
        make this turn."""
        if self.done:
            return Choices()
        choice, act = make_policy(policy_name).choose(self.compiled, self._state)
        return self.choices_from_arrays(choice[0], act[0])

    def choices_from_arrays(self, choice: np.ndarray, act: np.ndarray) -> Choices:
        """Arrays (decisions,) and (actions,) of one game as :class:`Choices`."""
        c = self.compiled
        decisions = {
            c.decision_ids[k]: c.option_ids[k][int(choice[k])]
            for k in range(c.n_decisions)
            if choice[k] >= 0
        }
        actions = tuple(c.action_ids[a] for a in np.flatnonzero(act))
        return Choices(decisions, actions)

    def check(self, choices: Choices) -> Assessment:
        """What ``choices`` (possibly partial: decisions not yet answered are fine) leave of
        this turn's staff points and reserve, and every rule they break, in plain words. The
        same rules :meth:`submit` applies; front ends call this as the player chooses."""
        choice, act, env = self._encode(choices, complete=False)
        a = assess(self.compiled, self._state, choice, act, complete=False, env=env)
        return Assessment(a.capacity, a.money, tuple((0, m) for _, m in a.problems))

    def reserve_after(self, choices: Choices) -> float:
        """The reserve this turn ends with after ``choices`` (possibly partial), before the
        turn's news: running the city, costs, budget changes, effects and promises due, as
        :meth:`submit` pays them; events may still move it. Front ends show it beside the turn's
        total, so that a cut that saves money is not read as the reserve at the end."""
        choice, act, env = self._encode(choices, complete=False)
        return float(reserve_before_news(self.compiled, self._state, choice, act, env)[0])

    def to_arrays(self, choices: Choices) -> tuple[np.ndarray, np.ndarray]:
        """Check ``choices`` and turn them into arrays; :class:`GameError` if they break a rule."""
        choice, act, _ = self._checked(choices)
        return choice, act

    def _checked(self, choices: Choices) -> tuple[np.ndarray, np.ndarray, Env]:
        """:meth:`to_arrays`, and the condition env they were checked in (it knows which
        options and actions are available this turn, which the step needs again)."""
        choice, act, env = self._encode(choices, complete=True)
        problems = assess(self.compiled, self._state, choice, act, env=env).problems
        if problems:
            raise GameError(problems[0][1])
        return choice, act, env

    def _encode(self, choices: Choices, complete: bool) -> tuple[np.ndarray, np.ndarray, Env]:
        """``choices`` as arrays, each id checked against this turn's agenda and actions
        (:class:`GameError` naming the first unknown or unavailable one), and the condition
        env of the state. Works on the availability arrays; the reasons are put in words only
        for an error."""
        c = self.compiled
        s = self._state
        if self.done:
            raise GameError(f"the game is over ({self.end_reason}); start a new game to play on")
        if not isinstance(choices, Choices):
            raise GameError("submit takes a Choices(decisions={...}, actions=(...))")
        on = [c.decision_ids[k] for k in s.agenda[0].nonzero()[0].tolist()]
        env = make_env(c, s, s.turn)
        choice = filled((1, c.n_decisions), -1, np.int64)
        for d_id, o_id in choices.decisions.items():
            if d_id not in c.decision_ids:
                raise GameError(f"unknown decision '{d_id}'{_hint(d_id, on)}")
            if d_id not in on:
                listed = ", ".join(on) or "nothing"
                raise GameError(f"decision '{d_id}' is not on this turn's agenda (on it: {listed})")
            k = c.decision_ids.index(d_id)
            options = list(c.option_ids[k])
            if o_id not in options:
                raise GameError(f"unknown option '{o_id}' for '{d_id}'{_hint(o_id, options)}")
            j = options.index(o_id)
            available, _ = option_columns(c, s, env, k)
            if not available[j][0]:
                raise GameError(
                    f"option '{o_id}' of '{d_id}' is not available: {self._reason(d_id, o_id)}"
                )
            choice[0, k] = j
        if complete:
            for d_id in on:
                if d_id not in choices.decisions:
                    k = c.decision_ids.index(d_id)
                    available, _ = option_columns(c, s, env, k)
                    real = len(c.option_ids[k])  # the columns are padded to the longest decision
                    opts = zip(c.option_ids[k], available[:real], strict=True)
                    ids = ", ".join(o for o, ok in opts if ok[0])
                    raise GameError(f"decision '{d_id}' is on the agenda: choose one of {ids}")
        act = np.zeros((1, len(c.action_ids)), bool)
        if choices.actions:
            usable, _ = action_columns(c, s, env)
            for a_id in choices.actions:
                if a_id not in c.action_ids:
                    raise GameError(f"unknown action '{a_id}'{_hint(a_id, list(c.action_ids))}")
                a = c.action_ids.index(a_id)
                if act[0, a]:
                    raise GameError(f"action '{a_id}' is chosen twice; each action once per turn")
                if not usable[a][0]:
                    reason = next(x.reason for x in self._choice_views()[1] if x.id == a_id)
                    raise GameError(f"action '{a_id}' is not available: {reason}")
                act[0, a] = True
        return choice, act, env

    def _reason(self, d_id: str, o_id: str) -> str:
        """Why option ``o_id`` of ``d_id`` is not available, in plain words."""
        decision = next(d for d in self._choice_views()[0] if d.id == d_id)
        return next(o.reason for o in decision.options if o.id == o_id)

    def _choice_views(self) -> tuple[tuple[DecisionView, ...], tuple[ActionView, ...]]:
        """This turn's agenda and actions: from the view if it was built, else only they."""
        entry = self._history[-1]
        if isinstance(entry, TurnView):
            return entry.agenda, entry.actions
        return choice_views(self.compiled, self._state)

    def submit(self, choices: Choices) -> TurnResult:
        """Play this turn with ``choices``. Raises :class:`GameError` (state unchanged) when a
        choice breaks a rule or the game is over."""
        choice, act, env = self._checked(choices)
        before = self._state
        after = before.copy()
        info = step(self.compiled, after, choice, act, record=True, env=env)
        assert info.record is not None  # noqa: S101 - record=True always keeps one
        ledger = attribute(self.compiled, before, after, info.record)
        result = turn_result(self.compiled, before, after, ledger, info, choices, digests(after)[0])
        self._state = after
        self._results.append(result)
        self._history.append((after, result))  # the view is built when first asked for
        return result


def _hint(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f" (choose from: {', '.join(known)})" if known else ""
