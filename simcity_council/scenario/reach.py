"""Reachability: can each decision, option, action, event, objective and debrief text ever come up?

The analysis walks the game's turns in order, keeping for every flag, event and option the
earliest turn it can be set, fire or be chosen (docs/authoring.md, "Dead content"):

* turn ``t`` starts: a decision may come up if ``t`` is one of its turns (its ``turn``, its
  ``window``, the turn after its ``after_event`` may fire), its ``when`` may hold and one of its
  options may be available; an option is available if its ``capacity`` fits the city's and its
  ``requires`` may hold; an action likewise. Conditions at the start of a turn see what options,
  actions and events did on *earlier* turns (the choices of one turn do not see each other);
* the options and actions of turn ``t`` are applied, then events roll: an event may fire if ``t``
  is in its window, its ``chance`` is above 0 and its ``when`` may hold, seeing this turn's choices
  but not the other events of this turn;
* objectives and debrief texts are checked at the end, seeing everything.

"May hold" is decided by :mod:`._formula`: a condition is in disjunctive normal form and a branch
is impossible when a flag it needs cannot be set (or cleared) in time, an event cannot have fired,
an option cannot have been chosen, two of its parts contradict each other (``flag.x and not
flag.x``, two options of one decision), or a number is out of its range (``turn > 11`` in a
10-turn game, ``capacity >= 3`` with 2 staff points, trust above 1). Anything else about the
numbers (trust, wellbeing, money) is assumed possible, so a dead item is reported as an error only
when it certainly can never happen. Money is treated conservatively: a condition that needs the
reserve below its floor (the game ends first) or beyond what it can reach is a *warning*.

Everything flows forward in time, so one pass over the turns is enough; circular requirements
(two options each waiting for the other's flag) come out dead without special handling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem
from ._formula import BOOL_KINDS, UNIT, Formula, Interval, Lit, can_compare, interval_of
from ._formula import parse_formula as _parse
from .locate import Document, Path_, dotted

POSSIBLE, LIKELY, DEAD = 2, 1, 0
START, MID, END = "start", "mid", "end"
_UNIT_HEADS = ("trust", "wellbeing", "engagement", "indicator", "resilience")


@dataclass(frozen=True)
class Finding:
    """One item that can never (error) or probably never (warning) come up."""

    kind: str  # decision, option, action, event, objective, debrief, promise, effect
    ident: str
    path: Path_
    message: str
    hint: str
    sure: bool
    cause: Path_ | None = None  # the root cause's path when this follows from another item


@dataclass
class Story:
    """What the analysis found: when each item can happen, and what can never happen."""

    turns: int
    decision_turns: dict[str, list[int]] = field(default_factory=dict)
    option_turns: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    action_turns: dict[str, list[int]] = field(default_factory=dict)
    event_turns: dict[str, list[int]] = field(default_factory=dict)
    flag_first: dict[str, int | None] = field(default_factory=dict)  # first turn it may be set
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Failure:
    """Why a branch of a condition cannot hold (``sure``) or probably cannot: a ``code`` for the
    kind of reason, the literals involved and, for a bound on a quantity, its ``term``."""

    sure: bool
    code: str  # bool, clash, two_options, false, term, term_clash, cmp
    lits: tuple[Lit, ...]
    term: str = ""


def analyse(data: dict[str, Any], locate: Any = None) -> Story:
    """Analyse a scenario given as plain data with defaults filled in (``model.model_dump()``).
    ``locate(path) -> (line, column)`` lets reasons point at the lines of other items."""
    return _Analysis(data, locate).run()


def turns_text(turns: list[int]) -> str:
    """Turns in plain words for findings and the graph: 'turn 3', 'turns 2-5', 'turns 1, 4'."""
    if not turns:
        return "no turn"
    if len(turns) == 1:
        return f"turn {turns[0]}"
    if turns == list(range(turns[0], turns[-1] + 1)):
        return f"turns {turns[0]}-{turns[-1]}"
    shown = ", ".join(str(t) for t in turns[:6]) + (", ..." if len(turns) > 6 else "")
    return f"turns {shown}"


class _Analysis:
    def __init__(self, data: dict[str, Any], locate: Any = None) -> None:
        self.data = data
        self.locate = locate
        self.T = int(data["turns"]["count"])
        city = data["city"]
        self.capacity = int(city["capacity"])
        self.floor = float(city.get("reserve_floor", 0.0))
        self.flags = {f["id"]: bool(f.get("initial", False)) for f in data.get("flags") or []}
        self.decisions = data.get("decisions") or []
        self.actions = data.get("actions") or []
        self.events = data.get("events") or []
        self.event_index = {e["id"]: i for i, e in enumerate(self.events)}
        self.decision_index = {d["id"]: k for k, d in enumerate(self.decisions)}
        self._formulas: dict[str, Formula | None] = {}
        # flag -> [(kind, index key)] of what sets / clears it
        self.setters: dict[str, list[tuple[str, Any]]] = {}
        self.clearers: dict[str, list[tuple[str, Any]]] = {}
        for k, d in enumerate(self.decisions):
            for j, o in enumerate(d.get("options") or []):
                self._sources(o, ("option", (k, j)))
        for a, action in enumerate(self.actions):
            self._sources(action, ("action", a))
        for e, event in enumerate(self.events):
            self._sources(event, ("event", e))
        # what happened when: filled turn by turn
        self.dec_turns: dict[int, list[int]] = {k: [] for k in range(len(self.decisions))}
        self.opt_turns: dict[tuple[int, int], list[int]] = {}
        self.act_turns: dict[int, list[int]] = {a: [] for a in range(len(self.actions))}
        self.evt_turns: dict[int, list[int]] = {e: [] for e in range(len(self.events))}
        self.status: dict[tuple[str, Any], int] = {}  # best status over an item's turns
        self.reserve_top = self._reserve_top()
        self._explaining: list[tuple[str, Any]] = []

    def _sources(self, item: dict[str, Any], ref: tuple[str, Any]) -> None:
        for flag in item.get("sets") or []:
            self.setters.setdefault(flag, []).append(ref)
        for flag in item.get("clears") or []:
            self.clearers.setdefault(flag, []).append(ref)

    def formula(self, text: str | None) -> Formula | None:
        if text is None:
            return None
        if text not in self._formulas:
            self._formulas[text] = _parse(text)
        return self._formulas[text]

    # -- money: a generous upper bound of the reserve --------------------------------------------
    def _reserve_top(self) -> float:
        """More than the reserve can ever hold: the start, plus revenue at its highest each turn,
        plus every money effect that adds. Only used for warnings."""
        city = self.data["city"]
        gains = revenue_gains = 0.0
        effects = [
            e
            for d in self.decisions
            for o in d.get("options") or []
            for e in o.get("effects") or []
        ]
        effects += [e for ev in self.events for e in ev.get("effects") or []]
        for option in (o for d in self.decisions for o in d.get("options") or []):
            budget = option.get("budget") or {}  # a later format's reallocations: cuts free money
            gains += sum(-float(v) for v in budget.values() if float(v) < 0) * self.T
        for effect in effects:
            delta = float(effect.get("delta", 0.0))
            if delta > 0 and effect.get("target") == "reserve":
                gains += delta
            elif delta > 0 and effect.get("target") == "revenue":
                revenue_gains += delta
        sensitivity = float((self.data.get("model") or {}).get("revenue_sensitivity", 0.3))
        per_turn = (float(city["revenue"]) + revenue_gains) * (1.0 + 2.0 * max(sensitivity, 0.0))
        return float(city["reserve"]) + self.T * per_turn + gains

    # -- the forward pass ------------------------------------------------------------------------
    def schedule(self, k: int) -> list[int]:
        """The turns decision ``k`` could be on the agenda, before conditions."""
        d = self.decisions[k]
        if d.get("turn") is not None:
            turns = [d["turn"]]
        elif d.get("window") is not None:
            first, last = d["window"]
            turns = list(range(max(first, 1), last + 1))
        elif d.get("after_event") is not None:
            e = self.event_index.get(d["after_event"])
            turns = [] if e is None else [t + 1 for t in self.evt_turns[e]]
        elif d.get("when") is not None:
            turns = list(range(1, self.T + 1))
        else:
            turns = []
        return [t for t in turns if 1 <= t <= self.T]

    def run(self) -> Story:
        for t in range(1, self.T + 1):
            chosen_now: list[tuple[int, int]] = []
            for k, d in enumerate(self.decisions):
                if t not in self._scheduled(k, t):
                    continue
                when = self.cond_status(self.formula(d.get("when")), t, START)
                options = [self.option_status(k, j, t) for j in range(len(d.get("options") or []))]
                self._best(("decision", k), min(when, max(options, default=DEAD)))
                if when == DEAD or max(options, default=DEAD) == DEAD:
                    continue
                self.dec_turns[k].append(t)
                for j, status in enumerate(options):
                    self._best(("option", (k, j)), status)
                    if status != DEAD:
                        self.opt_turns.setdefault((k, j), []).append(t)
                        chosen_now.append((k, j))
            for a, action in enumerate(self.actions):
                status = (
                    DEAD
                    if self._action_capacity(a) > self.capacity
                    else self.cond_status(self.formula(action.get("requires")), t, START)
                )
                self._best(("action", a), status)
                if status != DEAD:
                    self.act_turns[a].append(t)
            for e, event in enumerate(self.events):
                first, last = event["window"]
                if not first <= t <= last or float(event.get("chance", 1.0)) <= 0:
                    continue
                status = self.cond_status(self.formula(event.get("when")), t, MID)
                self._best(("event", e), status)
                if status != DEAD:
                    self.evt_turns[e].append(t)
        return self._story()

    def _scheduled(self, k: int, t: int) -> list[int]:
        d = self.decisions[k]
        if d.get("after_event") is not None and d.get("turn") is None and d.get("window") is None:
            e = self.event_index.get(d["after_event"])
            return [t] if e is not None and (t - 1) in self.evt_turns[e] else []
        return self.schedule(k)

    def _best(self, key: tuple[str, Any], status: int) -> None:
        self.status[key] = max(self.status.get(key, DEAD), status)

    def _action_capacity(self, a: int) -> int:
        return int(self.actions[a].get("capacity", 1))

    def option_status(self, k: int, j: int, t: int) -> int:
        option = self.decisions[k]["options"][j]
        if int(option.get("capacity", 0)) > self.capacity:
            return DEAD
        return self.cond_status(self.formula(option.get("requires")), t, START)

    # -- what may be true at a moment -------------------------------------------------------------
    def first_turn(self, ref: tuple[str, Any]) -> int | None:
        """The first turn an option may be chosen, an action taken or an event fire."""
        kind, key = ref
        turns = {
            "option": lambda: self.opt_turns.get(key, []),
            "action": lambda: self.act_turns[key],
            "event": lambda: self.evt_turns[key],
        }[kind]()
        return turns[0] if turns else None

    def _seen(self, ref: tuple[str, Any], t: int, phase: str) -> bool:
        """Whether what ``ref`` did can be seen at turn ``t`` (``phase``): choices of the same
        turn are seen by events (mid-turn), events only by later turns."""
        first = self.first_turn(ref)
        if first is None:
            return False
        if phase == END:
            return True
        if phase == MID and ref[0] != "event":
            return first <= t
        return first < t

    def flag_can(self, flag: str, value: bool, t: int, phase: str) -> bool:
        if flag not in self.flags:
            return True  # an unknown flag: the cross-reference check reports it
        if self.flags[flag] == value:
            return True
        sources = self.setters if value else self.clearers
        return any(self._seen(ref, t, phase) for ref in sources.get(flag, []))

    def bool_can(self, lit: Lit, t: int, phase: str) -> bool:
        if lit.kind == "flag":
            return self.flag_can(lit.key, lit.value, t, phase)
        if not lit.value:
            return True  # an event may not have fired; an option may not have been chosen
        if lit.kind == "event":
            e = self.event_index.get(lit.key)
            return e is None or self._seen(("event", e), t, phase)
        decision, option = lit.key
        k = self.decision_index.get(decision)
        if k is None:
            return True
        ids = [o["id"] for o in self.decisions[k].get("options") or []]
        if option not in ids:
            return True
        return self._seen(("option", (k, ids.index(option))), t, phase)

    def domain(self, name: str, t: int, phase: str) -> tuple[Interval, bool]:
        """The values a name can take at a moment, and whether that is only likely (money)."""
        if name == "turn":
            if phase == END:
                return Interval(float(min(2, self.T)), float(self.T)), False
            return Interval(float(t), float(t)), False
        if name == "capacity":
            return Interval(float(self.capacity), float(self.capacity)), False
        if name == "reserve":
            low = self.floor if phase == START else -math.inf
            return Interval(low, self.reserve_top, low == -math.inf, False), True
        if name in ("revenue", "capacity") or name.startswith("action."):
            return Interval(0.0, math.inf, False, True), False  # money in; times taken
        head = name.split("(")[-1].split(".")[0].rstrip(")")
        if head in _UNIT_HEADS or head.split("_")[0] in _UNIT_HEADS:  # trust_min, ...
            return UNIT, False
        return Interval(-math.inf, math.inf, True, True), False

    # -- conditions ------------------------------------------------------------------------------
    def cond_status(self, formula: Formula | None, t: int, phase: str) -> int:
        if formula is None or formula.branches is None:
            return POSSIBLE
        best = DEAD
        for branch in formula.branches:
            failures = self.failures(branch, t, phase, first_only=True)
            if not failures:
                return POSSIBLE
            if not any(f.sure for f in failures):
                best = LIKELY
        return best

    def cond_status_any(self, formula: Formula | None, turns: list[int], phase: str) -> int:
        """The best status of a condition over ``turns``."""
        best = DEAD
        for t in turns:
            best = max(best, self.cond_status(formula, t, phase))
            if best == POSSIBLE:
                break
        return best

    def failures(
        self, branch: tuple[Lit, ...], t: int, phase: str, first_only: bool = False
    ) -> list[Failure]:
        """Why a branch cannot hold at turn ``t`` (empty: it may)."""
        out: list[Failure] = []
        seen: dict[tuple[str, Any], Lit] = {}
        chosen: dict[str, Lit] = {}
        terms: dict[str, tuple[Interval, list[Lit]]] = {}
        for lit in branch:
            if lit.kind in BOOL_KINDS:
                other = seen.get((lit.kind, lit.key))
                if other is not None and other.value != lit.value:
                    out.append(Failure(True, "clash", (other, lit)))
                seen[(lit.kind, lit.key)] = lit
                if lit.kind == "chose" and lit.value:
                    prior = chosen.get(lit.key[0])
                    if prior is not None and prior.key != lit.key:
                        out.append(Failure(True, "two_options", (prior, lit)))
                    chosen[lit.key[0]] = lit
                if not self.bool_can(lit, t, phase):
                    out.append(Failure(True, "bool", (lit,)))
            elif lit.kind == "const":
                if not lit.value:
                    out.append(Failure(True, "false", (lit,)))
            elif lit.kind == "cmp":
                term = lit.term
                if term is not None:
                    key, allowed = term
                    have, lits = terms.get(key, (Interval(-math.inf, math.inf, True, True), []))
                    met = have.meet(allowed)
                    if met.empty:
                        out.append(Failure(True, "term_clash", (*lits, lit), key))
                    terms[key] = (met, [*lits, lit])
                else:
                    failure = self._compare(lit, t, phase)
                    if failure is not None:
                        out.append(failure)
            if first_only and any(f.sure for f in out):
                return out
        for key, (allowed, lits) in terms.items():
            span, likely = self.domain(key, t, phase)
            if allowed.empty or not span.meet(allowed).empty:
                continue
            out.append(Failure(not likely, "term", tuple(lits), key))
        return out

    def _compare(self, lit: Lit, t: int, phase: str) -> Failure | None:
        money = False

        def bound(name: str) -> Interval:
            nonlocal money
            span, likely = self.domain(name, t, phase)
            money = money or likely
            return span

        left, right = interval_of(lit.left, bound), interval_of(lit.right, bound)
        if can_compare(lit.op, left, right):
            return None
        return Failure(not money, "cmp", (lit,))

    # -- the result ------------------------------------------------------------------------------
    def _story(self) -> Story:
        story = Story(self.T)
        for k, d in enumerate(self.decisions):
            story.decision_turns[d["id"]] = list(self.dec_turns[k])
            for j, o in enumerate(d.get("options") or []):
                story.option_turns[(d["id"], o["id"])] = list(self.opt_turns.get((k, j), []))
        for a, action in enumerate(self.actions):
            story.action_turns[action["id"]] = list(self.act_turns[a])
        for e, event in enumerate(self.events):
            story.event_turns[event["id"]] = list(self.evt_turns[e])
        for flag, initial in self.flags.items():
            story.flag_first[flag] = 1 if initial else self._flag_first(flag)
        from ._reach_report import Reporter

        story.findings = Reporter(self, self.locate).findings()
        return story

    def _flag_first(self, flag: str) -> int | None:
        """The first turn at whose start ``flag`` may be set (None: never)."""
        firsts = [self.first_turn(ref) for ref in self.setters.get(flag, [])]
        known = [f for f in firsts if f is not None]
        return min(known) + 1 if known else None


def check(
    data: dict[str, Any], doc: Document, reported: list[Problem]
) -> tuple[list[Problem], list[Problem], dict[str, tuple[int, int]]]:
    """The dead content of a scenario as (errors, warnings, causes).

    ``data`` is the validated scenario as plain data (``model.model_dump()``), ``doc`` the file
    it came from. A finding at a path where ``reported`` already has a problem is left out (the
    cross-reference check said it first). ``causes`` maps the dotted path of every problem that
    follows from another one to the line and column of its root cause, so that a listing can put
    the cause first (see :func:`sort_key`)."""
    story = analyse(data, doc.where)
    taken = {p.path for p in reported}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    after: dict[str, str] = {}  # dotted path -> dotted path of what it follows from
    for finding in story.findings:
        where = dotted(finding.path)
        if finding.cause is not None and dotted(finding.cause) != where:
            after[where] = dotted(finding.cause)
        if where in taken:
            continue
        taken.add(where)
        problem = doc.problem(finding.path, finding.message, finding.hint)
        (errors if finding.sure else warnings).append(problem)
    spots = {p.path: (p.line, p.column) for p in [*reported, *errors, *warnings]}
    causes: dict[str, tuple[int, int]] = {}
    for where in after:
        # listed after the last of the items it follows from
        seen, last = {where}, (0, 0)
        at: str | None = after[where]
        while at is not None and at not in seen:
            seen.add(at)
            last = max(last, spots.get(at, (0, 0)))
            at = after.get(at)
        if at != where:  # in a circle no item comes first
            causes[where] = last
    return errors, warnings, causes


def sort_key(causes: dict[str, tuple[int, int]]) -> Any:
    """Problems in file order, except that one which follows from another comes right after
    its cause (a knock-on is never listed before what causes it)."""

    def key(p: Problem) -> tuple[Any, ...]:
        cause = causes.get(p.path)
        if cause is not None and cause <= (p.line, p.column):
            cause = None
        if cause is None:
            return (p.line, p.column, 0, 0, 0, p.path, p.message)
        return (*cause, 1, p.line, p.column, p.path, p.message)

    return key
