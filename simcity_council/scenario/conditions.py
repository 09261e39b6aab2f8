"""The condition language: ``min(trust) >= 0.4 and flag.pb_adopted``.

Conditions appear in ``requires``, ``when``, ``kept_when``, objectives and debrief texts. They are
parsed with :mod:`ast` (``mode="eval"``) and checked against a whitelist; nothing is ever evaluated
as Python. A condition compiles to a small tree of closures over numpy arrays, so one call answers
it for every game of a batch at once.

The language (see ``docs/authoring.md``):

* numbers (``0.4``, ``3``), ``True`` / ``False``;
* names from the scenario: ``trust``, ``wellbeing``, ``engagement`` (one value per group: only
  inside ``min``/``max``/``mean``, or one group as ``trust.renters``); ``reserve``, ``revenue``,
  ``resilience``, ``capacity``, ``turn``; ``flag.<id>`` and ``event.<id>`` (yes/no: set / has
  fired); ``indicator.<id>``; ``chose.<decision>.<option>`` (yes/no);
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
import difflib
import math
import operator
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import ConditionError

if TYPE_CHECKING:
    import numpy as np
else:
    np = None  # numpy, imported on the first evaluation: `validate` never needs it (start-up time)

MAX_LENGTH = 500
MAX_DEPTH = 64

GROUP_VECTORS = ("trust", "wellbeing", "engagement")
CITY_VALUES = ("reserve", "revenue", "resilience", "capacity", "turn")
FUNCTIONS = ("min", "max", "mean")
_UNIT_CITY = frozenset({"resilience"})

Env = Mapping[str, "np.ndarray"]
_Fn = Callable[[Env], Any]

_NUM, _BOOL, _VEC = "num", "bool", "vec"
_KIND_WORDS = {_NUM: "a number", _BOOL: "yes/no", _VEC: "one value per group"}


class UnknownNameError(ConditionError):
    """A name that is not in the vocabulary; ``name`` is the dotted name as written."""

    def __init__(self, name: str, column: int, hint: str) -> None:
        super().__init__(f"unknown name '{name}'", column=column, hint=hint)
        self.name = name


@dataclass(frozen=True)
class Vocabulary:
    """The ids a condition may name. Order matters: it is the column order of the env arrays."""

    groups: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    decisions: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def from_scenario(cls, model: Any) -> Vocabulary:
        """Build from a validated :class:`~simcity_council.scenario.models.Scenario`."""
        return cls(
            groups=tuple(g.id for g in model.groups),
            flags=tuple(f.id for f in model.flags),
            indicators=tuple(i.id for i in model.indicators),
            events=tuple(e.id for e in model.events),
            decisions=tuple((d.id, tuple(o.id for o in d.options)) for d in model.decisions),
        )

    def index(self, kind: str) -> dict[str, int]:
        """First position of each id of ``kind``: groups, flags, indicators or events."""
        ids = {
            "groups": self.groups,
            "flags": self.flags,
            "indicators": self.indicators,
            "events": self.events,
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
        names += [f"chose.{d}.{o}" for d, opts in self.decisions for o in opts]
        return names


@dataclass(frozen=True)
class Condition:
    """A compiled condition. ``evaluate(env)`` gives one bool per game."""

    text: str
    names: frozenset[str]
    keys: frozenset[str]
    _fn: _Fn = field(repr=False, compare=False)
    _arith: bool = field(default=False, repr=False, compare=False)

    def evaluate(self, env: Env) -> np.ndarray:
        """Evaluate for every game: a fresh bool array of shape ``(games,)``."""
        _load_numpy()
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
    tree = _parse(source, lead)
    compiler = _Compiler(source, lead, vocab)
    node = compiler.visit(tree.body, 0)
    if node.kind != _BOOL:
        raise compiler.error(tree.body, *_not_bool(node, compiler.segment(tree.body)))
    return Condition(
        text=text,
        names=frozenset(compiler.names),
        keys=frozenset(compiler.keys),
        _fn=node.fn,
        _arith=compiler.arith,
    )


def _load_numpy() -> None:
    global np
    if np is None:
        import numpy

        np = numpy


def _games(env: Env) -> int:
    for key in ("turn", "reserve", "trust", "flag"):
        if key in env:
            return int(np.shape(env[key])[0])
    for key, value in env.items():
        if key != "share" and np.ndim(value) >= 1:
            return int(np.shape(value)[0])
    raise ConditionError("cannot tell the number of games: the env has no 'turn' array")


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


def _not_bool(node: _Node, segment: str) -> tuple[str, str]:
    """Message and hint for a condition that is not yes/no overall."""
    if node.kind == _VEC:
        return _vector_problem(segment)
    return (
        f"'{segment}' is a number, but a condition must be yes/no",
        f"compare it, e.g. '{segment} >= 0.5'",
    )


def _vector_problem(segment: str) -> tuple[str, str]:
    """Message and hint for a per-group vector used where one value is needed."""
    return (
        f"'{segment}' is one value per group; use min({segment}), max({segment}) or "
        f"mean({segment})",
        f"or name one group, e.g. {segment.split('(')[0]}.<group>",
    )


@dataclass(frozen=True, slots=True)
class _Node:
    kind: str
    fn: _Fn
    const: Any = None  # the value, if the node is a constant
    unit: bool = False  # the value lies in [0, 1] (people quantities, indicators, resilience)


def _const(value: Any, kind: str) -> _Node:
    unit = kind == _NUM and 0.0 <= value <= 1.0
    return _Node(kind, lambda env, v=value: v, const=value, unit=unit)


_COMPARE: dict[type, tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Lt: ("<", operator.lt),
    ast.LtE: ("<=", operator.le),
    ast.Gt: (">", operator.gt),
    ast.GtE: (">=", operator.ge),
    ast.Eq: ("==", operator.eq),
    ast.NotEq: ("!=", operator.ne),
}
_ARITH: dict[type, tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Add: ("+", operator.add),
    ast.Sub: ("-", operator.sub),
    ast.Mult: ("*", operator.mul),
}
_OP_SYMBOLS = {
    ast.Pow: "**",
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.Invert: "~",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}


def _minimum(a: Any, b: Any) -> Any:
    return np.minimum(a, b)


def _maximum(a: Any, b: Any) -> Any:
    return np.maximum(a, b)


def _safe_div(a: Any, b: Any) -> Any:
    """a / b with x / 0 defined as 0 (no NaN, no warning)."""
    num = np.asarray(a, dtype=float)
    den = np.asarray(b, dtype=float)
    num, den = np.broadcast_arrays(num, den)
    out = np.zeros(num.shape)
    np.divide(num, den, out=out, where=den != 0)
    return out if out.ndim else float(out)


class _Compiler:
    """Walks the ast, checking types and building closures."""

    def __init__(self, source: str, lead: int, vocab: Vocabulary) -> None:
        self.source = source
        self.lead = lead
        self.vocab = vocab
        self.names: set[str] = set()
        self.keys: set[str] = set()
        self.arith = False
        self._encoded = source.encode("utf-8")

    # -- locations -------------------------------------------------------------------------------
    def column(self, node: ast.AST) -> int:
        """1-based character column of ``node`` in the original text."""
        byte_offset = getattr(node, "col_offset", 0) or 0
        chars = len(self._encoded[:byte_offset].decode("utf-8", errors="ignore"))
        return self.lead + chars + 1

    def segment(self, node: ast.AST) -> str:
        return (ast.get_source_segment(self.source, node) or "").strip() or "?"

    def error(self, node: ast.AST, message: str, hint: str = "") -> ConditionError:
        return ConditionError(message, column=self.column(node), hint=hint)

    # -- visiting --------------------------------------------------------------------------------
    def visit(self, node: ast.AST, depth: int) -> _Node:
        if depth > MAX_DEPTH:
            raise self.error(
                node,
                f"condition is nested too deeply (more than {MAX_DEPTH} levels)",
                hint="simplify it",
            )
        method = getattr(self, f"_visit_{type(node).__name__}", None)
        if method is None:
            raise self.error(
                node, f"'{self.segment(node)}' is not allowed in a condition", hint=_ALLOWED_HINT
            )
        return method(node, depth + 1)

    def _visit_Constant(self, node: ast.Constant, depth: int) -> _Node:
        value = node.value
        if isinstance(value, bool):
            return _const(value, _BOOL)
        if isinstance(value, int | float):
            number = float(value) if abs(value) < 1e300 else math.inf
            if not math.isfinite(number):
                raise self.error(node, f"number '{self.segment(node)}' is too large")
            return _const(number, _NUM)
        if isinstance(value, str):
            raise self.error(
                node,
                "text in quotes is not allowed in a condition",
                hint="name things without quotes, e.g. flag.pb_adopted",
            )
        raise self.error(
            node, f"'{self.segment(node)}' is not allowed in a condition", hint=_ALLOWED_HINT
        )

    def _visit_Name(self, node: ast.Name, depth: int) -> _Node:
        return self._name(node, (node.id,))

    def _visit_Attribute(self, node: ast.Attribute, depth: int) -> _Node:
        parts: list[str] = [node.attr]
        base: ast.AST = node.value
        while isinstance(base, ast.Attribute):
            parts.append(base.attr)
            base = base.value
        if not isinstance(base, ast.Name):
            raise self.error(
                node,
                f"'{self.segment(node)}' is not a name this language knows",
                hint=_ALLOWED_HINT,
            )
        parts.append(base.id)
        return self._name(node, tuple(reversed(parts)))

    def _name(self, node: ast.AST, parts: tuple[str, ...]) -> _Node:
        full = ".".join(parts)
        head = parts[0]
        if head in FUNCTIONS and len(parts) == 1:
            raise self.error(node, f"'{head}' is a function", hint=f"write e.g. {head}(trust)")
        built = self._lookup(parts)
        if built is None:
            raise UnknownNameError(full, self.column(node), self._suggest(full))
        self.names.add(full)
        self.keys.add(head)
        return built

    def _lookup(self, parts: tuple[str, ...]) -> _Node | None:
        head, rest = parts[0], parts[1:]
        if head in GROUP_VECTORS:
            if not rest:
                return _Node(_VEC, lambda env, k=head: env[k], unit=True)
            if len(rest) == 1 and rest[0] in (groups := self.vocab.index("groups")):
                return _Node(_NUM, lambda env, k=head, i=groups[rest[0]]: env[k][:, i], unit=True)
            return None
        if head in CITY_VALUES:
            return (
                None if rest else _Node(_NUM, lambda env, k=head: env[k], unit=head in _UNIT_CITY)
            )
        kinds = {
            "flag": ("flags", _BOOL),
            "event": ("events", _BOOL),
            "indicator": ("indicators", _NUM),
        }
        if head in kinds and len(rest) == 1:
            kind_name, kind = kinds[head]
            index = self.vocab.index(kind_name)
            if rest[0] not in index:
                return None
            i = index[rest[0]]
            return _Node(kind, lambda env, k=head, i=i: env[k][:, i], unit=kind == _NUM)
        if head == "chose" and len(rest) == 2:
            found = self.vocab.decision_index().get(rest[0])
            if found is None or rest[1] not in found[1]:
                return None
            d, o = found[0], found[1][rest[1]]
            return _Node(_BOOL, lambda env, d=d, o=o: env["chose"][:, d] == o)
        return None

    def _suggest(self, full: str) -> str:
        match = difflib.get_close_matches(full, self.vocab.all_names(), n=1, cutoff=0.6)
        if match:
            return f"did you mean '{match[0]}'?"
        return (
            "names are trust, wellbeing, engagement (trust.<group>), reserve, revenue, resilience, "
            "capacity, turn, flag.<id>, indicator.<id>, event.<id>, chose.<decision>.<option>"
        )

    def _visit_BoolOp(self, node: ast.BoolOp, depth: int) -> _Node:
        word = "and" if isinstance(node.op, ast.And) else "or"
        parts = [self._expect_bool(v, depth, f"'{word}'") for v in node.values]
        fns = [p.fn for p in parts]
        combine = operator.and_ if word == "and" else operator.or_  # bool arrays and bools

        def run(env: Env, fns: Sequence[_Fn] = fns) -> Any:
            result = fns[0](env)
            for fn in fns[1:]:
                result = combine(result, fn(env))
            return result

        return _Node(_BOOL, run)

    def _visit_UnaryOp(self, node: ast.UnaryOp, depth: int) -> _Node:
        if isinstance(node.op, ast.Not):
            inner = self._expect_bool(node.operand, depth, "'not'")
            return _Node(_BOOL, lambda env, f=inner.fn: np.logical_not(f(env)))
        if isinstance(node.op, ast.USub | ast.UAdd):
            inner = self.visit(node.operand, depth)
            if inner.kind == _BOOL:
                raise self.error(
                    node, f"'{self.segment(node.operand)}' is yes/no; a sign needs a number"
                )
            if isinstance(node.op, ast.UAdd):
                return inner
            if inner.const is not None:
                return _const(-inner.const, _NUM)
            return _Node(inner.kind, lambda env, f=inner.fn: -f(env))
        raise self.error(
            node, f"'{_OP_SYMBOLS.get(type(node.op), '?')}' is not allowed", hint=_ALLOWED_HINT
        )

    def _visit_BinOp(self, node: ast.BinOp, depth: int) -> _Node:
        op_type = type(node.op)
        if op_type not in _ARITH and op_type is not ast.Div:
            symbol = _OP_SYMBOLS.get(op_type, "?")
            raise self.error(node, f"'{symbol}' is not allowed", hint="use + - * / only")
        left, right = self.visit(node.left, depth), self.visit(node.right, depth)
        symbol, func = _ARITH.get(op_type, ("/", _safe_div))
        for side, part in ((node.left, left), (node.right, right)):
            if part.kind == _BOOL:
                raise self.error(
                    side, f"'{self.segment(side)}' is yes/no; '{symbol}' needs numbers"
                )
        kind = _VEC if _VEC in (left.kind, right.kind) else _NUM
        if left.const is not None and right.const is not None:
            a, b = left.const, right.const
            value = (a / b if b else 0.0) if symbol == "/" else func(a, b)
            return _const(float(value), _NUM)
        self.arith = True
        return _Node(kind, lambda env, a=left.fn, b=right.fn, f=func: f(a(env), b(env)))

    def _visit_Compare(self, node: ast.Compare, depth: int) -> _Node:
        for k, op in enumerate(node.ops):
            if type(op) not in _COMPARE:
                raise self.error(
                    node.comparators[k],
                    f"'{_OP_SYMBOLS.get(type(op), '?')}' is not allowed",
                    hint="compare with < <= > >= == !=",
                )
        items = [node.left, *node.comparators]
        parts = [self.visit(item, depth) for item in items]
        for item, part in zip(items, parts, strict=True):
            if part.kind == _VEC:
                raise self.error(item, *_vector_problem(self.segment(item)))
        fns: list[_Fn] = []
        for k, op in enumerate(node.ops):
            symbol, func = _COMPARE[type(op)]
            a, b = parts[k], parts[k + 1]
            self._check_pair(items[k], items[k + 1], a, b, symbol)
            fns.append(lambda env, f=func, x=a.fn, y=b.fn: f(x(env), y(env)))
        if len(fns) == 1:
            return _Node(_BOOL, fns[0])

        def run(env: Env, fns: Sequence[_Fn] = fns) -> Any:
            result = fns[0](env)
            for fn in fns[1:]:
                result = np.logical_and(result, fn(env))
            return result

        return _Node(_BOOL, run)

    def _check_pair(self, na: ast.AST, nb: ast.AST, a: _Node, b: _Node, symbol: str) -> None:
        if (a.kind == _BOOL) != (b.kind == _BOOL):
            flag_node = na if a.kind == _BOOL else nb
            flag_text = self.segment(flag_node)
            raise self.error(
                flag_node,
                f"cannot compare yes/no '{flag_text}' with a number",
                hint=f"write '{flag_text}' or 'not {flag_text}'",
            )
        if a.kind == _BOOL and symbol not in ("==", "!="):
            raise self.error(
                na, f"'{symbol}' needs numbers; yes/no values only compare with == or !="
            )
        for unit_node, unit, other in ((na, a, b), (nb, b, a)):
            if unit.unit and unit.const is None and other.const is not None and not other.unit:
                raise self.error(
                    unit_node,
                    f"'{self.segment(unit_node)}' lies between 0 and 1, so comparing it with "
                    f"{other.const:g} is always true or always false",
                    hint="people and indicators are 0-1 in conditions (players see 0-100): "
                    f"write e.g. {other.const / 100:g}"
                    if 1 < other.const <= 100
                    else "",
                )

    def _visit_Call(self, node: ast.Call, depth: int) -> _Node:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = self.segment(node.func)
            raise self.error(
                node,
                f"'{name}' is not a function this language knows",
                hint="functions are min, max and mean",
            )
        name = node.func.id
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args) or not node.args:
            raise self.error(
                node, f"{name}() takes a per-group value like {name}(trust), or several numbers"
            )
        args = [self.visit(a, depth) for a in node.args]
        for a_node, arg in zip(node.args, args, strict=True):
            if arg.kind == _BOOL:
                raise self.error(
                    a_node, f"'{self.segment(a_node)}' is yes/no; {name}() needs numbers"
                )
        unit = all(a.unit for a in args)
        if len(args) == 1:
            if args[0].kind != _VEC:
                raise self.error(
                    node,
                    f"{name}() of one number is just that number",
                    hint=f"use {name}() over a group value, e.g. {name}(trust)",
                )
            return self._aggregate(name, args[0], unit)
        if any(a.kind == _VEC for a in args):
            raise self.error(node, f"{name}() takes either one per-group value or several numbers")
        fns = [a.fn for a in args]
        if name == "mean":
            return _Node(_NUM, lambda env, fs=fns: sum(f(env) for f in fs) / len(fs), unit=unit)
        reduce = _minimum if name == "min" else _maximum

        def run(env: Env, fs: Sequence[_Fn] = fns) -> Any:
            result = fs[0](env)
            for f in fs[1:]:
                result = reduce(result, f(env))
            return result

        return _Node(_NUM, run, unit=unit)

    def _aggregate(self, name: str, arg: _Node, unit: bool) -> _Node:
        fn = arg.fn
        if name == "min":
            return _Node(_NUM, lambda env: np.min(fn(env), axis=1), unit=unit)
        if name == "max":
            return _Node(_NUM, lambda env: np.max(fn(env), axis=1), unit=unit)
        self.keys.add("share")

        def mean(env: Env) -> Any:
            share = np.asarray(env["share"], dtype=float)
            total = float(share.sum())
            weighted = fn(env) @ share
            return weighted / total if total > 0 else np.zeros_like(weighted)

        return _Node(_NUM, mean, unit=unit)

    def _expect_bool(self, node: ast.AST, depth: int, what: str) -> _Node:
        part = self.visit(node, depth)
        if part.kind == _VEC:
            raise self.error(node, *_vector_problem(self.segment(node)))
        if part.kind != _BOOL:
            text = self.segment(node)
            raise self.error(
                node,
                f"{what} needs yes/no values, but '{text}' is a number",
                hint=f"compare it, e.g. '{text} >= 0.5'",
            )
        return part


_ALLOWED_HINT = (
    "conditions may use numbers, scenario names (trust.renters, flag.pb_adopted, ...), "
    "comparisons, and/or/not, + - * /, and min/max/mean"
)
