"""Conditions as formulas, for static analysis (reachability, the story graph).

A condition is turned into *disjunctive normal form*: a list of branches, each a list of
:class:`Lit` (literals) that must all hold together. Negations are pushed down to the literals
(``not (a < b)`` is ``a >= b``: conditions have no NaN, division by zero gives 0), chained
comparisons are split, and a yes/no comparison (``flag.a == flag.b``) is spelled out.

Nothing here evaluates a condition for a game: the engine compiles conditions with
:mod:`.conditions`. This module only says what a condition *needs*: which flags set or not set,
which events fired, which options chosen, and which numeric bounds.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import Any

from ._condition_tree import FUNCTIONS, GROUP_VECTORS

MAX_BRANCHES = 256
BOOL_KINDS = ("flag", "event", "chose")
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}

# A numeric expression, as nested tuples:
#   ("num", value) | ("name", "trust.renters") | ("vec", "trust") | ("agg", fn, expr)
#   | ("fn", fn, (expr, ...)) | ("bin", op, left, right) | ("neg", expr)
Expr = tuple[Any, ...]


@dataclass(frozen=True)
class Lit:
    """One thing a branch needs.

    ``kind`` is ``flag``/``event``/``chose`` (``key`` = the id, or (decision, option); ``value``
    the truth it needs), ``cmp`` (``left op right``, numbers), ``const`` (``value``), or
    ``unknown`` (something the analysis does not follow; it may be true or false). ``text`` is
    the literal as written (with ``not`` when negated), for messages."""

    kind: str
    key: Any = None
    value: bool = True
    text: str = ""
    op: str = ""
    left: Expr = ()
    right: Expr = ()

    def negated(self) -> Lit:
        if self.kind in BOOL_KINDS or self.kind == "const":
            text = self.text[4:] if self.text.startswith("not ") else f"not {self.text}"
            return Lit(self.kind, self.key, not self.value, text)
        if self.kind == "cmp":
            return Lit(
                "cmp",
                text=f"not ({self.text})",
                op=_NEGATE[self.op],
                left=self.left,
                right=self.right,
            )
        return self

    @property
    def term(self) -> tuple[str, Interval] | None:
        """``(term, allowed values)`` when this compares one term with a number."""
        if self.kind != "cmp":
            return None
        left, right, op = self.left, self.right, self.op
        if left[0] == "num" and right[0] != "num":
            left, right, op = right, left, _FLIP[op]
        if right[0] != "num":
            return None
        key = term_key(left)
        if key is None or op == "!=":
            return None
        c = right[1]
        allowed = {
            "<": Interval(-math.inf, c, True, True),
            "<=": Interval(-math.inf, c, True, False),
            ">": Interval(c, math.inf, True, True),
            ">=": Interval(c, math.inf, False, True),
            "==": Interval(c, c),
        }[op]
        return key, allowed


@dataclass(frozen=True)
class Interval:
    """Numbers from ``lo`` to ``hi``; an open end excludes it."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    @property
    def empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))

    def meet(self, other: Interval) -> Interval:
        if self.lo > other.lo or (self.lo == other.lo and self.lo_open):
            lo, lo_open = self.lo, self.lo_open
        else:
            lo, lo_open = other.lo, other.lo_open
        if self.hi < other.hi or (self.hi == other.hi and self.hi_open):
            hi, hi_open = self.hi, self.hi_open
        else:
            hi, hi_open = other.hi, other.hi_open
        return Interval(lo, hi, lo_open, hi_open)


ANY = Interval(-math.inf, math.inf, True, True)
UNIT = Interval(0.0, 1.0)


def term_key(expr: Expr) -> str | None:
    """A name for an expression the analysis tracks as one quantity (``trust.renters``,
    ``turn``, ``min(trust)``), else None."""
    if expr[0] == "name":
        return expr[1]
    if expr[0] == "agg" and expr[2][0] == "vec":
        return f"{expr[1]}({expr[2][1]})"
    return None


def names_in(expr: Expr) -> set[str]:
    """Every name an expression reads (vectors as ``trust``)."""
    kind = expr[0]
    if kind in ("name", "vec"):
        return {expr[1]}
    if kind == "agg":
        return names_in(expr[2])
    if kind == "fn":
        return set().union(*(names_in(e) for e in expr[2]))
    if kind == "bin":
        return names_in(expr[2]) | names_in(expr[3])
    if kind == "neg":
        return names_in(expr[1])
    return set()


def interval_of(expr: Expr, bound: Any) -> Interval:
    """The values ``expr`` can take, given ``bound(name) -> Interval`` for each name
    (a vector name gives the bounds of its elements)."""
    kind = expr[0]
    if kind == "num":
        return Interval(expr[1], expr[1])
    if kind in ("name", "vec"):
        return bound(expr[1])
    if kind == "agg":
        return interval_of(expr[2], bound)
    if kind == "fn":
        parts = [interval_of(e, bound) for e in expr[2]]
        if expr[1] == "min":
            return Interval(min(p.lo for p in parts), min(p.hi for p in parts))
        if expr[1] == "max":
            return Interval(max(p.lo for p in parts), max(p.hi for p in parts))
        return Interval(
            sum(p.lo for p in parts) / len(parts), sum(p.hi for p in parts) / len(parts)
        )
    if kind == "neg":
        inner = interval_of(expr[1], bound)
        return Interval(-inner.hi, -inner.lo)
    if kind == "bin":
        a, b = interval_of(expr[2], bound), interval_of(expr[3], bound)
        return _arith(expr[1], a, b)
    return ANY


def _arith(op: str, a: Interval, b: Interval) -> Interval:
    if op == "+":
        return Interval(a.lo + b.lo, a.hi + b.hi)
    if op == "-":
        return Interval(a.lo - b.hi, a.hi - b.lo)
    if op == "/":
        if b.lo <= 0 <= b.hi:
            return ANY  # x / 0 is 0; and near 0 anything
        b = Interval(1 / b.hi, 1 / b.lo)
    corners = [_mul(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    return Interval(min(corners), max(corners))


def _mul(x: float, y: float) -> float:
    if x == 0 or y == 0:
        return 0.0
    return x * y


def can_compare(op: str, a: Interval, b: Interval) -> bool:
    """Whether ``x op y`` holds for some x in ``a`` and y in ``b``."""
    if a.empty or b.empty:
        return False
    if op in ("<", "<="):
        return a.lo < b.hi or (op == "<=" and a.lo == b.hi and not (a.lo_open or b.hi_open))
    if op in (">", ">="):
        return can_compare(_FLIP[op], b, a)
    if op == "==":
        return not a.meet(b).empty
    return not (a.lo == a.hi == b.lo == b.hi)  # !=


@dataclass(frozen=True)
class Formula:
    """A condition in disjunctive normal form. ``branches`` is None when the condition is too
    large to expand (the analysis then treats it as possibly true)."""

    text: str
    branches: tuple[tuple[Lit, ...], ...] | None

    def literals(self) -> list[Lit]:
        return [lit for branch in self.branches or () for lit in branch]


def parse_formula(text: str) -> Formula | None:
    """The formula of a condition, or None if it does not parse (the validator reports that)."""
    stripped = text.strip()
    source = "".join(" " if c in "\r\n\x0b\x0c" else c for c in stripped)
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    builder = _Builder(source)
    try:
        branches = builder.dnf(tree.body, negate=False)
    except _TooLarge:
        return Formula(text, None)
    except (RecursionError, _Unsupported):
        return Formula(text, ((Lit("unknown", text=stripped),),))
    return Formula(text, tuple(tuple(b) for b in branches))


class _TooLarge(Exception):
    pass


class _Unsupported(Exception):
    pass


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source

    def segment(self, node: ast.AST) -> str:
        return (ast.get_source_segment(self.source, node) or "?").strip()

    def dnf(self, node: ast.AST, negate: bool) -> list[list[Lit]]:
        if isinstance(node, ast.BoolOp):
            conj = isinstance(node.op, ast.And) != negate  # De Morgan
            parts = [self.dnf(v, negate) for v in node.values]
            return _and_all(parts) if conj else _or_all(parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self.dnf(node.operand, not negate)
        if isinstance(node, ast.Compare):
            return self.compare(node, negate)
        lit = self.boolean(node)
        return [[lit.negated() if negate else lit]]

    def boolean(self, node: ast.AST) -> Lit:
        """A yes/no leaf: flag.x, event.x, chose.d.o, True, False."""
        text = self.segment(node)
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return Lit("const", value=node.value, text=text)
        parts = _dotted(node)
        if parts and parts[0] in ("flag", "event") and len(parts) == 2:
            return Lit(parts[0], parts[1], True, text)
        if parts and parts[0] == "chose" and len(parts) == 3:
            return Lit("chose", (parts[1], parts[2]), True, text)
        raise _Unsupported

    def compare(self, node: ast.Compare, negate: bool) -> list[list[Lit]]:
        items = [node.left, *node.comparators]
        pairs: list[list[list[Lit]]] = []
        for k, op_node in enumerate(node.ops):
            op = _OPS.get(type(op_node))
            if op is None:
                raise _Unsupported
            a, b = items[k], items[k + 1]
            text = f"{self.segment(a)} {op} {self.segment(b)}"
            pairs.append(self.pair(a, op, b, text))
        if not negate:
            return _and_all(pairs)
        # not (p1 and p2 ...) = (not p1) or (not p2) ...
        return _or_all([self.negate_dnf(p) for p in pairs])

    def pair(self, a: ast.AST, op: str, b: ast.AST, text: str) -> list[list[Lit]]:
        left, right = self.expr(a), self.expr(b)
        if left is None or right is None:  # yes/no values compared with == or !=
            x, y = self.dnf(a, False), self.dnf(b, False)
            not_x, not_y = self.dnf(a, True), self.dnf(b, True)
            same = _or_all([_and_all([x, y]), _and_all([not_x, not_y])])
            differ = _or_all([_and_all([x, not_y]), _and_all([not_x, y])])
            if op == "==":
                return same
            if op == "!=":
                return differ
            raise _Unsupported
        return [[Lit("cmp", text=text, op=op, left=left, right=right)]]

    def negate_dnf(self, branches: list[list[Lit]]) -> list[list[Lit]]:
        return _and_all([[[lit.negated()] for lit in branch] for branch in branches])

    def expr(self, node: ast.AST) -> Expr | None:
        """A numeric expression; None for a yes/no one."""
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return None
            if isinstance(node.value, int | float):
                return ("num", float(node.value))
            raise _Unsupported
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return None
            inner = self.expr(node.operand)
            if inner is None:
                raise _Unsupported
            if isinstance(node.op, ast.UAdd):
                return inner
            return ("num", -inner[1]) if inner[0] == "num" else ("neg", inner)
        if isinstance(node, ast.BinOp):
            op = _ARITH.get(type(node.op))
            left, right = self.expr(node.left), self.expr(node.right)
            if op is None or left is None or right is None:
                raise _Unsupported
            if left[0] == "num" and right[0] == "num":
                a, b = left[1], right[1]
                value = {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else 0.0}[op]
                return ("num", value)
            return ("bin", op, left, right)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            fn = node.func.id
            if fn not in FUNCTIONS or node.keywords or not node.args:
                raise _Unsupported
            args = [self.expr(a) for a in node.args]
            if any(a is None for a in args):
                raise _Unsupported
            if len(args) == 1:
                return ("agg", fn, args[0])
            return ("fn", fn, tuple(args))
        if isinstance(node, ast.BoolOp | ast.Compare):
            return None
        parts = _dotted(node)
        if not parts:
            raise _Unsupported
        head = parts[0]
        if head in ("flag", "event", "chose"):
            return None
        if head in GROUP_VECTORS and len(parts) == 1:
            return ("vec", head)
        # any other name is a number: trust.renters, reserve, indicator.x, and the names a later
        # version of the format adds (trust_min, action.<id>): see reach.domain for their ranges
        return ("name", ".".join(parts))


def _dotted(node: ast.AST) -> tuple[str, ...] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return tuple(reversed(parts))


def _or_all(parts: list[list[list[Lit]]]) -> list[list[Lit]]:
    out = [branch for part in parts for branch in part]
    if len(out) > MAX_BRANCHES:
        raise _TooLarge
    return out


def _and_all(parts: list[list[list[Lit]]]) -> list[list[Lit]]:
    out: list[list[Lit]] = [[]]
    for part in parts:
        if len(out) * len(part) > MAX_BRANCHES:
            raise _TooLarge
        out = [a + b for a in out for b in part]
    return out
