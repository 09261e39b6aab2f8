"""The inside of the condition compiler: type-checked ast nodes turned into numpy closures.

:mod:`.conditions` is the public face (``compile_condition``); this module walks the parsed
expression against the whitelist, checks types, and builds one small closure per node.
numpy is imported on the first evaluation only, so ``validate`` starts without it.
"""

from __future__ import annotations

import ast
import difflib
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ConditionError

if TYPE_CHECKING:
    import numpy as np

    from .conditions import Vocabulary
else:
    np = None  # numpy, imported by load_numpy() on the first evaluation

MAX_DEPTH = 64
GROUP_VECTORS = ("trust", "wellbeing", "engagement")
CITY_VALUES = (
    "reserve",
    "revenue",
    "resilience",
    "capacity",
    "turn",
    "trust_min",
    "trust_mean",
    "trust_gap",
    "wellbeing_min",
    "wellbeing_mean",
)
FUNCTIONS = ("min", "max", "mean")
_UNIT_CITY = frozenset(
    {"resilience", "trust_min", "trust_mean", "trust_gap", "wellbeing_min", "wellbeing_mean"}
)

Env = Mapping[str, "np.ndarray"]
Fn = Callable[[Env], Any]

NUM, BOOL, VEC = "num", "bool", "vec"


class UnknownNameError(ConditionError):
    """A name that is not in the vocabulary; ``name`` is the dotted name as written."""

    def __init__(self, name: str, column: int, hint: str) -> None:
        super().__init__(f"unknown name '{name}'", column=column, hint=hint)
        self.name = name


def load_numpy() -> Any:
    """numpy, imported on first use."""
    global np
    if np is None:
        import numpy

        np = numpy
    return np


def not_bool(node: _Node, segment: str) -> tuple[str, str]:
    """Message and hint for a condition that is not yes/no overall."""
    if node.kind == VEC:
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
    fn: Fn
    const: Any = None  # the value, if the node is a constant
    unit: bool = False  # the value lies in [0, 1] (people quantities, indicators, resilience)


def _const(value: Any, kind: str) -> _Node:
    unit = kind == NUM and 0.0 <= value <= 1.0

    def constant(env: Env, v: Any = value) -> Any:
        return v

    return _Node(kind, constant, const=value, unit=unit)


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


def fold_rows(y: Any) -> Any:
    """Sum over the first axis of ``y`` (modified in place) in one fixed order: the rows are
    folded in halves, for 8 rows ``((y0 + y4) + (y2 + y6)) + ((y1 + y5) + (y3 + y7))``."""
    m = y.shape[0]
    if m == 0:
        return np.zeros(y.shape[1:])
    while m > 1:
        half = m // 2
        rest = m - half
        y[:half] += y[rest:m]
        m = rest
    return y[0]


def weighted_sum(x: Any, w: Any) -> Any:
    """Sum over the last axis of ``x * w`` in one fixed order, the same for every row whatever
    the number of rows or the arrays' layout (a matrix product or ``np.sum`` may pick a
    summation order from the shapes). Elementwise adds are exactly rounded, so a game gives
    the same bits in a batch of one and in a batch of 100,000 (see :func:`fold_rows`)."""
    load_numpy()
    # groups first, contiguous: each fold is one add of contiguous blocks
    if x.ndim == 2 and w.ndim == 1:
        y = np.multiply(x.T, w[:, None], order="C")
    else:
        x = np.asarray(x, dtype=float)
        w = np.asarray(w, dtype=float)
        y = np.multiply(np.moveaxis(x, -1, 0), w.reshape((-1,) + (1,) * (x.ndim - 1)), order="C")
    return fold_rows(y)


def group_min(x: Any) -> Any:
    """``x.min(axis=-1)`` (exact, any order), without numpy's slow reduction over a short
    last axis: the groups are laid out first and reduced elementwise."""
    load_numpy()
    if x.ndim == 2:
        return x.min(axis=1) if x.shape[0] <= 8 else np.ascontiguousarray(x.T).min(axis=0)
    return np.ascontiguousarray(np.moveaxis(x, -1, 0)).min(axis=0)


def group_max(x: Any) -> Any:
    """``x.max(axis=-1)``, as :func:`group_min`."""
    load_numpy()
    if x.ndim == 2:
        return x.max(axis=1) if x.shape[0] <= 8 else np.ascontiguousarray(x.T).max(axis=0)
    return np.ascontiguousarray(np.moveaxis(x, -1, 0)).max(axis=0)


class TreeCompiler:
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
            return _const(value, BOOL)
        if isinstance(value, int | float):
            number = float(value) if abs(value) < 1e300 else math.inf
            if not math.isfinite(number):
                raise self.error(node, f"number '{self.segment(node)}' is too large")
            return _const(number, NUM)
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

                def vector(env: Env, k: str = head) -> Any:
                    return env[k]

                return _Node(VEC, vector, unit=True)
            if len(rest) == 1 and rest[0] in (groups := self.vocab.index("groups")):

                def one_group(env: Env, k: str = head, i: int = groups[rest[0]]) -> Any:
                    return env[k][:, i]

                return _Node(NUM, one_group, unit=True)
            return None
        if head in CITY_VALUES:
            if rest:
                return None

            def city(env: Env, k: str = head) -> Any:
                return env[k]

            return _Node(NUM, city, unit=head in _UNIT_CITY)
        kinds = {
            "flag": ("flags", BOOL),
            "event": ("events", BOOL),
            "indicator": ("indicators", NUM),
            "action": ("actions", NUM),
        }
        if head in kinds and len(rest) == 1:
            kind_name, kind = kinds[head]
            index = self.vocab.index(kind_name)
            if rest[0] not in index:
                return None
            i = index[rest[0]]
            unit = head == "indicator"

            def column(env: Env, k: str = head, i: int = i) -> Any:
                return env[k][:, i]

            return _Node(kind, column, unit=unit)
        if head == "chose" and len(rest) == 2:
            found = self.vocab.decision_index().get(rest[0])
            if found is None or rest[1] not in found[1]:
                return None
            d, o = found[0], found[1][rest[1]]

            def chose(env: Env, d: int = d, o: int = o) -> Any:
                return env["chose"][:, d] == o

            return _Node(BOOL, chose)
        return None

    def _suggest(self, full: str) -> str:
        names = self.vocab.all_names()
        first, _, second = full.partition("_")
        if second and f"{second}_{first}" in names:  # min_trust -> trust_min
            return f"did you mean '{second}_{first}'?"
        match = difflib.get_close_matches(full, names, n=1, cutoff=0.6)
        if match:
            return f"did you mean '{match[0]}'?"
        return (
            "names are trust, wellbeing, engagement (trust.<group>), trust_min, trust_mean, "
            "trust_gap, wellbeing_min, wellbeing_mean, reserve, revenue, resilience, capacity, "
            "turn, flag.<id>, indicator.<id>, event.<id>, action.<id>, chose.<decision>.<option>"
        )

    def _visit_BoolOp(self, node: ast.BoolOp, depth: int) -> _Node:
        word = "and" if isinstance(node.op, ast.And) else "or"
        parts = [self._expect_bool(v, depth, f"'{word}'") for v in node.values]
        fns = [p.fn for p in parts]
        combine = operator.and_ if word == "and" else operator.or_  # bool arrays and bools

        def run(env: Env, fns: Sequence[Fn] = fns) -> Any:
            result = fns[0](env)
            for fn in fns[1:]:
                result = combine(result, fn(env))
            return result

        return _Node(BOOL, run)

    def _visit_UnaryOp(self, node: ast.UnaryOp, depth: int) -> _Node:
        if isinstance(node.op, ast.Not):
            inner = self._expect_bool(node.operand, depth, "'not'")

            def negate(env: Env, f: Fn = inner.fn) -> Any:
                return np.logical_not(f(env))

            return _Node(BOOL, negate)
        if isinstance(node.op, ast.USub | ast.UAdd):
            inner = self.visit(node.operand, depth)
            if inner.kind == BOOL:
                raise self.error(
                    node, f"'{self.segment(node.operand)}' is yes/no; a sign needs a number"
                )
            if isinstance(node.op, ast.UAdd):
                return inner
            if inner.const is not None:
                return _const(-inner.const, NUM)

            def minus(env: Env, f: Fn = inner.fn) -> Any:
                return -f(env)

            return _Node(inner.kind, minus)
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
            if part.kind == BOOL:
                raise self.error(
                    side, f"'{self.segment(side)}' is yes/no; '{symbol}' needs numbers"
                )
        kind = VEC if VEC in (left.kind, right.kind) else NUM
        if left.const is not None and right.const is not None:
            a, b = left.const, right.const
            value = (a / b if b else 0.0) if symbol == "/" else func(a, b)
            return _const(float(value), NUM)
        self.arith = True

        def arith(
            env: Env, a: Fn = left.fn, b: Fn = right.fn, f: Callable[[Any, Any], Any] = func
        ) -> Any:
            return f(a(env), b(env))

        return _Node(kind, arith)

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
            if part.kind == VEC:
                raise self.error(item, *_vector_problem(self.segment(item)))
        fns: list[Fn] = []
        for k, op in enumerate(node.ops):
            symbol, func = _COMPARE[type(op)]
            a, b = parts[k], parts[k + 1]
            self._check_pair(items[k], items[k + 1], a, b, symbol)

            def compare(
                env: Env, f: Callable[[Any, Any], Any] = func, x: Fn = a.fn, y: Fn = b.fn
            ) -> Any:
                return f(x(env), y(env))

            fns.append(compare)
        if len(fns) == 1:
            return _Node(BOOL, fns[0])

        def run(env: Env, fns: Sequence[Fn] = fns) -> Any:
            result = fns[0](env)
            for fn in fns[1:]:
                result = np.logical_and(result, fn(env))
            return result

        return _Node(BOOL, run)

    def _check_pair(self, na: ast.AST, nb: ast.AST, a: _Node, b: _Node, symbol: str) -> None:
        if (a.kind == BOOL) != (b.kind == BOOL):
            flag_node = na if a.kind == BOOL else nb
            flag_text = self.segment(flag_node)
            raise self.error(
                flag_node,
                f"cannot compare yes/no '{flag_text}' with a number",
                hint=f"write '{flag_text}' or 'not {flag_text}'",
            )
        if a.kind == BOOL and symbol not in ("==", "!="):
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
            if arg.kind == BOOL:
                raise self.error(
                    a_node, f"'{self.segment(a_node)}' is yes/no; {name}() needs numbers"
                )
        unit = all(a.unit for a in args)
        if len(args) == 1:
            if args[0].kind != VEC:
                raise self.error(
                    node,
                    f"{name}() of one number is just that number",
                    hint=f"use {name}() over a group value, e.g. {name}(trust)",
                )
            return self._aggregate(name, args[0], unit)
        if any(a.kind == VEC for a in args):
            raise self.error(node, f"{name}() takes either one per-group value or several numbers")
        fns = [a.fn for a in args]
        if name == "mean":

            def mean(env: Env, fs: Sequence[Fn] = fns) -> Any:
                return sum(f(env) for f in fs) / len(fs)

            return _Node(NUM, mean, unit=unit)
        reduce = _minimum if name == "min" else _maximum

        def run(env: Env, fs: Sequence[Fn] = fns) -> Any:
            result = fs[0](env)
            for f in fs[1:]:
                result = reduce(result, f(env))
            return result

        return _Node(NUM, run, unit=unit)

    def _aggregate(self, name: str, arg: _Node, unit: bool) -> _Node:
        fn = arg.fn
        if name == "min":
            return _Node(NUM, lambda env: group_min(fn(env)), unit=unit)
        if name == "max":
            return _Node(NUM, lambda env: group_max(fn(env)), unit=unit)
        self.keys.add("share")

        def mean(env: Env) -> Any:
            share = np.asarray(env["share"], dtype=float)
            total = float(share.sum())
            weighted = weighted_sum(fn(env), share)
            return weighted / total if total > 0 else np.zeros_like(weighted)

        return _Node(NUM, mean, unit=unit)

    def _expect_bool(self, node: ast.AST, depth: int, what: str) -> _Node:
        part = self.visit(node, depth)
        if part.kind == VEC:
            raise self.error(node, *_vector_problem(self.segment(node)))
        if part.kind != BOOL:
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
