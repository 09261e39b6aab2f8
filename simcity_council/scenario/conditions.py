"""The condition language: ``min(trust) >= 0.4 and flag.pb_adopted``.

Conditions appear in ``requires``, ``when``, ``kept_when``, objectives and debrief texts. They are
parsed with :mod:`ast` (``mode="eval"``) and checked against a whitelist; nothing is ever evaluated
as Python. A condition compiles to a small tree of closures over numpy arrays, so one call answers
it for every game of a batch at once.

The language (see ``docs/authoring.md``):

* numbers (``0.4``, ``3``), ``True`` / ``False``;
* names from the scenario: ``trust``, ``wellbeing``, ``engagement`` (one value per group: only
  inside ``min``/``max``/``mean``, or one group as ``trust.renters``); ``trust_min``,
  ``trust_mean``, ``trust_gap``, ``wellbeing_min``, ``wellbeing_mean`` (over the resident groups,
  as the scores); ``reserve``, ``revenue``, ``resilience``, ``capacity``, ``turn``;
  ``flag.<id>`` and ``event.<id>`` (yes/no: set / has fired); ``indicator.<id>``;
  ``action.<id>`` (how many times the action was taken); ``chose.<decision>.<option>`` (yes/no);
* comparisons, chained too (``0.2 < trust.renters <= 0.5``); ``and``, ``or``, ``not``;
* ``+ - * /`` and unary minus. Division by zero gives 0 (never NaN or a warning);
* ``min(v)``, ``max(v)``, ``mean(v)`` over a per-group vector (``mean`` is weighted by population
  ``share``), or ``min(a, b, ...)`` / ``max(...)`` / ``mean(...)`` of several numbers. Arithmetic on
  vectors is allowed inside them: ``max(trust) - min(trust)``, ``min(trust - wellbeing)``.

Types are checked when compiling: the whole condition must be yes/no; a per-group vector may not
stand alone; numbers and yes/no values do not mix.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import ConditionError
from ._condition_tree import (
    BOOL,
    CITY_VALUES,
    FUNCTIONS,
    GROUP_VECTORS,
    MAX_DEPTH,
    Env,
    Fn,
    TreeCompiler,
    UnknownNameError,
    load_numpy,
    not_bool,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "CITY_VALUES",
    "FUNCTIONS",
    "GROUP_VECTORS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Condition",
    "UnknownNameError",
    "Vocabulary",
    "compile_condition",
]

MAX_LENGTH = 500


@dataclass(frozen=True)
class Vocabulary:
    """The ids a condition may name. Order matters: it is the column order of the env arrays."""

    groups: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    decisions: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def from_scenario(cls, model: Any) -> Vocabulary:
        """Build from a validated :class:`~simcity_council.scenario.models.Scenario`."""
        return cls(
            groups=tuple(g.id for g in model.groups),
            flags=tuple(f.id for f in model.flags),
            indicators=tuple(i.id for i in model.indicators),
            events=tuple(e.id for e in model.events),
            actions=tuple(a.id for a in model.actions),
            decisions=tuple((d.id, tuple(o.id for o in d.options)) for d in model.decisions),
        )

    def index(self, kind: str) -> dict[str, int]:
        """First position of each id of ``kind``: groups, flags, indicators or events."""
        ids = {
            "groups": self.groups,
            "flags": self.flags,
            "indicators": self.indicators,
            "events": self.events,
            "actions": self.actions,
        }[kind]
        out: dict[str, int] = {}
        for i, name in enumerate(ids):
            out.setdefault(name, i)
        return out

    def decision_index(self) -> dict[str, tuple[int, dict[str, int]]]:
        """decision id -> (its position, option id -> option position)."""
        out: dict[str, tuple[int, dict[str, int]]] = {}
        for i, (decision, options) in enumerate(self.decisions):
            opts: dict[str, int] = {}
            for j, option in enumerate(options):
                opts.setdefault(option, j)
            out.setdefault(decision, (i, opts))
        return out

    def all_names(self) -> list[str]:
        """Every name a condition may use, for "did you mean" suggestions."""
        names = [*GROUP_VECTORS, *CITY_VALUES, *FUNCTIONS]
        names += [f"{v}.{g}" for v in GROUP_VECTORS for g in self.groups]
        names += [f"flag.{f}" for f in self.flags]
        names += [f"indicator.{i}" for i in self.indicators]
        names += [f"event.{e}" for e in self.events]
        names += [f"action.{a}" for a in self.actions]
        names += [f"chose.{d}.{o}" for d, opts in self.decisions for o in opts]
        return names


@dataclass(frozen=True)
class Condition:
    """A compiled condition. ``evaluate(env)`` gives one bool per game."""

    text: str
    names: frozenset[str]
    keys: frozenset[str]
    _fn: Fn = field(repr=False, compare=False)
    _arith: bool = field(default=False, repr=False, compare=False)

    def evaluate(self, env: Env) -> np.ndarray:
        """Evaluate for every game: a fresh bool array of shape ``(games,)``."""
        np = load_numpy()
        if self._arith:
            with np.errstate(all="ignore"):
                value = self._fn(env)
        else:
            value = self._fn(env)
        if isinstance(value, np.ndarray) and value.ndim == 1:
            return np.array(value, dtype=bool)
        return np.full(_games(env), bool(value), dtype=bool)


def compile_condition(text: str, vocab: Vocabulary) -> Condition:
    """Parse, check and compile ``text``. Raises :class:`ConditionError` with a 1-based column."""
    if not isinstance(text, str):
        raise ConditionError("a condition must be text, e.g. 'trust.renters >= 0.4'")
    if len(text) > MAX_LENGTH:
        raise ConditionError(
            f"condition is {len(text)} characters long; the limit is {MAX_LENGTH}",
            column=MAX_LENGTH + 1,
            hint="split it, e.g. into a flag set by an earlier option",
        )
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    if not stripped.strip():
        raise ConditionError("empty condition", hint="write e.g. 'min(trust) >= 0.4'")
    # YAML block scalars may contain line breaks; treat them as spaces (same offsets).
    source = "".join(" " if c in "\r\n\x0b\x0c" else c for c in stripped)
    _check_characters(source, lead)
    tree = _parse(source, lead)
    compiler = TreeCompiler(source, lead, vocab)
    node = compiler.visit(tree.body, 0)
    if node.kind != BOOL:
        raise compiler.error(tree.body, *not_bool(node, compiler.segment(tree.body)))
    return Condition(
        text=text,
        names=frozenset(compiler.names),
        keys=frozenset(compiler.keys),
        _fn=node.fn,
        _arith=compiler.arith,
    )


def _games(env: Env) -> int:
    np = load_numpy()
    for key in ("turn", "reserve", "trust", "flag"):
        if key in env:
            return int(np.shape(env[key])[0])
    for key, value in env.items():
        if key != "share" and np.ndim(value) >= 1:
            return int(np.shape(value)[0])
    raise ConditionError("cannot tell the number of games: the env has no 'turn' array")


_ASCII_FOR = {"≥": ">=", "≤": "<=", "≠": "!=", "−": "-", "×": "*", "÷": "/", "＝": "=="}


def _check_characters(source: str, lead: int) -> None:
    """What :mod:`ast` would accept but the language does not: ``#`` (Python would silently
    drop the rest as a comment), letters outside ASCII (Python folds full-width ``ｔｒｕｓｔ``
    into ``trust``), and brackets nested deeper than :data:`MAX_DEPTH` (parentheses leave no
    node in the tree, so the tree's depth does not count them)."""
    depth = 0
    for index, char in enumerate(source):
        column = lead + index + 1
        if char == "#":
            raise ConditionError(
                "'#' is not allowed in a condition (it would hide the rest of it)",
                column=column,
                hint="put comments on their own YAML line, outside the quotes",
            )
        if not char.isascii() or (not char.isprintable() and char != " "):
            instead = _ASCII_FOR.get(char)
            raise ConditionError(
                f"the character {char!r} (U+{ord(char):04X}) is not allowed in a condition",
                column=column,
                hint=f"write '{instead}' instead"
                if instead
                else "conditions use plain ASCII letters, digits and operators",
            )
        if char in "([":
            depth += 1
            if depth > MAX_DEPTH:
                raise ConditionError(
                    f"condition is nested too deeply (more than {MAX_DEPTH} levels)",
                    column=column,
                    hint="remove brackets that are not needed",
                )
        elif char in ")]":
            depth -= 1


def _parse(source: str, lead: int) -> ast.Expression:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(source, mode="eval")
        except SyntaxError as err:
            offset = err.offset if err.offset and err.offset > 0 else len(source) + 1
            offset = min(max(offset, 1), len(source) + 1)
            message = _syntax_message(err.msg)
            if offset > len(source.rstrip()) and message == "unexpected text here":
                message = "it ends too early"
            raise ConditionError(
                f"not a valid condition: {message}",
                column=lead + offset,
                hint=_syntax_hint(source),
            ) from None
        except (ValueError, RecursionError, MemoryError, OverflowError):
            raise ConditionError(
                "not a valid condition", column=lead + 1, hint="write e.g. 'min(trust) >= 0.4'"
            ) from None


def _syntax_message(msg: str | None) -> str:
    msg = (msg or "invalid syntax").split(". Perhaps")[0]
    return msg.replace("invalid syntax", "unexpected text here")


def _syntax_hint(source: str) -> str:
    for bad, good in (
        (r"&&?", "and"),
        (r"\|\|?", "or"),
        (r"!(?!=)", "not"),
        (r"=>", ">="),
        (r"=<", "<="),
    ):
        if found := re.search(bad, source):
            return f"write '{good}' instead of '{found.group()}'"
    if re.search(r"(?<![<>=!])=(?!=)", source):
        return "use '==' to test equality"
    return "conditions look like 'min(trust) >= 0.4 and flag.pb_adopted'"
