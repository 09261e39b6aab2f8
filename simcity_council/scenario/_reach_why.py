"""Why a condition can never hold, in words: the clauses of the reachability messages.

:class:`Explainer` is the half of :class:`~._reach_report.Reporter` that turns a condition's
failures (:class:`~.reach.Failure`) into a reason: "its 'requires' needs flag.x when decision 'd'
comes up (turn 3), but flag 'x' is set on turn 5 at the earliest (by event 'e')", following a chain
of dead items one step at a time (or in full around a circle).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ._formula import UNIT, Formula, Interval, Lit
from .reach import DEAD, END, START, Failure

if TYPE_CHECKING:
    from .locate import Path_
    from .reach import Finding, _Analysis

Ref = tuple[str, Any]
VERB = {
    "decision": "never comes up",
    "option": "can never be chosen",
    "action": "can never be taken",
    "event": "can never fire",
}
MAX_ALTERNATIVES = 3


def money(value: float) -> str:
    return f"{value:,.0f}"


class Reason:
    """Why something cannot happen: a clause that reads after "but" (``flag 'x' starts false
    and nothing sets it``), its hint, whether it is certain, and the dead item it rests on."""

    def __init__(
        self,
        text: str,
        hint: str,
        sure: bool,
        cause: Ref | None = None,
        circle: Ref | None = None,
    ) -> None:
        self.text, self.hint, self.sure, self.cause = text, hint, sure, cause
        self.circle = circle  # the item a chain came back to


class Explainer:
    """Reasons for conditions; the Reporter supplies the items (``item``, ``subject``, ...)."""

    a: _Analysis
    locate: Any
    stack: list[Ref]

    def item(self, ref: Ref) -> tuple[Finding | None, Reason | None]:
        raise NotImplementedError

    def subject(self, ref: Ref) -> str:
        raise NotImplementedError

    def _root(self, ref: Ref | None) -> Path_ | None:
        raise NotImplementedError

    def _chain(self, text: str, ref: Ref) -> Reason:
        """``text`` followed by why the dead item ``ref`` cannot happen: in full when the chain
        comes back to the item being explained (a circle), else one step, pointing at the line
        where the next item is reported and at the root of the chain."""
        if ref in self.stack:
            return Reason(
                f"{text}, and it waits for this in turn: a circle", CIRCLE_HINT, True, circle=ref
            )
        finding, why = self.item(ref)
        if why is None or finding is None:
            return Reason(text, "", True, ref)
        top = self.stack[0] if self.stack else None
        if len(self.stack) > 1 or (why.circle is not None and why.circle == top):
            return Reason(f"{text}: {why.text}", why.hint, why.sure, ref, why.circle)
        text = f"{text} ({self._at(finding.path)})"
        root = self._root(ref)
        if root is not None and self._at(root) != self._at(finding.path):
            text += f", and that because of {self._at(root)}"
        return Reason(text, why.hint, why.sure, ref)

    def _at(self, path: Path_) -> str:
        if self.locate is None:
            from .locate import dotted

            return dotted(path)
        line, _ = self.locate(path)
        return f"line {line}"

    # -- conditions ------------------------------------------------------------------------------
    def condition(
        self, formula: Formula | None, turns: list[int], phase: str, subject: str, where: str
    ) -> Reason | None:
        """Why ``formula`` cannot hold on any of ``turns`` (None if it may), as
        "{subject} needs ... {where}, but ..."."""
        a = self.a
        if formula is None or formula.branches is None:
            return None
        reasons: list[tuple[str, Reason]] = []
        for branch in formula.branches:
            failure = self._pick(branch, turns, phase)
            if failure is None:
                return None
            need = " and ".join(lit.text for lit in failure.lits)
            reasons.append((need, self.failure(failure, turns, phase)))
        sure = all(r.sure for _, r in reasons)
        if not sure and all(a.cond_status(formula, t, phase) == DEAD for t in turns):
            sure = True
        at = f" {where}" if where else ""
        lead = f"{subject} needs" if subject else "needs"
        cause = next((r.cause for _, r in reasons if r.cause is not None), None)
        circle = next((r.circle for _, r in reasons if r.circle is not None), None)
        if len(reasons) == 1:
            need, reason = reasons[0]
            return Reason(f"{lead} {need}{at}, but {reason.text}", reason.hint, sure, cause, circle)
        shown = "; ".join(f"{need} ({r.text})" for need, r in reasons[:MAX_ALTERNATIVES])
        more = "; ..." if len(reasons) > MAX_ALTERNATIVES else ""
        lead = f"{subject} needs one of" if subject else "needs one of"
        return Reason(
            f"{lead} these{at}, and none can hold: {shown}{more}",
            reasons[0][1].hint,
            sure,
            cause,
            circle,
        )

    def _pick(self, branch: tuple[Lit, ...], turns: list[int], phase: str) -> Failure | None:
        """The failure that explains best why ``branch`` never holds on ``turns``: one that
        holds on every turn if there is one (a certain one first), else the last turn's."""
        per_turn = [self.a.failures(branch, t, phase) for t in turns] if turns else []
        if not per_turn or any(not f for f in per_turn):
            return None
        # a contradiction inside the condition says more than a flag set too late
        last = sorted(per_turn[-1], key=lambda f: _PRIORITY.get(f.code, 9))
        for want_sure in (True, False):
            for failure in last:
                if want_sure and not failure.sure:
                    continue
                if all(any(_same(failure, g) for g in fs) for fs in per_turn):
                    return failure
        return next((f for f in per_turn[-1] if f.sure), per_turn[-1][0])

    def failure(self, f: Failure, turns: list[int], phase: str) -> Reason:
        """Why a failure happens, as a clause that reads after "but"."""
        a = self.a
        if f.code == "bool":
            return self._bool(f.lits[0], turns, phase)
        if f.code in _CONTRADICTIONS:
            text, hint = _CONTRADICTIONS[f.code]
            return Reason(text.format(decision=f.lits[0].key), hint, True)
        if f.code == "term" and f.term == "turn":
            if not _turn_in_game(f.lits, a.T):
                return Reason(f"the game has {a.T} turns", f"use turns from 1 to {a.T}", True)
            there = f"at the end (turn {min(2, a.T)}-{a.T})" if phase == END else "then"
            return Reason(
                f"that never holds {there}",
                "check the turns in the condition against the turns it is checked on",
                True,
            )
        if f.code == "term" and f.term == "capacity":
            return Reason(
                f"the city has {a.capacity} staff points (city.capacity)",
                "compare with city.capacity",
                True,
            )
        if f.code == "term" and f.term == "reserve":
            allowed = _allowed(f.lits)
            below = allowed.hi < a.floor or (allowed.hi == a.floor and allowed.hi_open)
            if below and phase == START:
                return Reason(
                    f"while the game runs the reserve is at least its floor ({money(a.floor)}): "
                    "below it the state takes over (receivership) and the game ends first",
                    "compare with city.reserve_floor, or test this in an objective or debrief",
                    f.sure,
                )
            return Reason(
                f"the reserve can hardly reach that (at most about {money(a.reserve_top)} with "
                "the highest revenue every turn)",
                "check the amount against city.reserve and city.revenue",
                f.sure,
            )
        if f.code == "term" and f.term == "revenue":
            return Reason("revenue is never negative", "check the number", True)
        if f.code == "term" and self.a.domain(f.term, a.T, phase)[0] == UNIT:
            return Reason(
                f"{f.term} lies between 0 and 1",
                "people and indicators are 0-1 in conditions (players see 0-100)",
                True,
            )
        if f.code == "term":
            return Reason(f"{f.term} is never negative", "check the number", True)
        return Reason("that never holds then", "check the numbers", f.sure)

    def _bool(self, lit: Lit, turns: list[int], phase: str) -> Reason:
        a = self.a
        last = turns[-1] if turns else a.T
        if lit.kind == "flag":
            return self._flag(lit, last, phase)
        if lit.kind == "event":
            e = a.event_index[lit.key]
            fires = a.evt_turns[e]
            if not fires:
                return self._chain(f"event '{lit.key}' can never fire", ("event", e))
            return Reason(
                f"event '{lit.key}' fires on turn {fires[0]} at the earliest (seen from the "
                "next turn)",
                "let the event fire earlier, or put this later",
                True,
            )
        decision, option = lit.key
        k = a.decision_index[decision]
        j = [o["id"] for o in a.decisions[k]["options"]].index(option)
        chosen = a.opt_turns.get((k, j), [])
        if not a.dec_turns[k]:
            return self._chain(f"decision '{decision}' never comes up", ("decision", k))
        if not chosen:
            return self._chain(
                f"option '{decision}.{option}' can never be chosen", ("option", (k, j))
            )
        seen = "seen from the next turn" if phase == START else "seen by events that turn"
        return Reason(
            f"decision '{decision}' comes up on turn {chosen[0]} at the earliest ({seen})",
            f"put decision '{decision}' earlier, or this later",
            True,
        )

    def _flag(self, lit: Lit, last: int, phase: str) -> Reason:
        a = self.a
        flag, setting = lit.key, lit.value
        sources = (a.setters if setting else a.clearers).get(flag, [])
        start = "false" if setting else "true"
        verb = "sets" if setting else "clears"
        if not sources:
            hint = (
                f"list '{flag}' in some option's or event's 'sets', or give the flag "
                "'initial: true'"
                if setting
                else f"list '{flag}' in some option's 'clears', or give it 'initial: false'"
            )
            return Reason(f"flag '{flag}' starts {start} and nothing {verb} it", hint, True)
        live = [(a.first_turn(ref), ref) for ref in sources if a.first_turn(ref) is not None]
        if not live:
            names = join([self.subject(r) for r in sources])
            if len(sources) == 1:
                text = (
                    f"flag '{flag}' starts {start} and only {names} {verb} it, which "
                    f"{VERB[sources[0][0]]}"
                )
                return self._chain(text, sources[0])
            text = (
                f"flag '{flag}' starts {start} and only {names} {verb} it, none of which "
                "can happen; the first"
            )
            return self._chain(text, sources[0])
        turn, ref = min(live, key=lambda x: (x[0], x[1][0] != "option"))
        done = "set" if setting else "cleared"
        note = ""
        if ref[0] != "event" and turn == last and phase == START:
            note = "; the choices of one turn do not see each other's flags"
        elif ref[0] == "event" and turn == last:
            note = "; what an event sets is seen from the next turn"
        return Reason(
            f"flag '{flag}' is {done} on turn {turn} at the earliest (by "
            f"{self.subject(ref)}){note}",
            f"{done} it earlier, or put this later",
            True,
        )


_A_CIRCLE = "a circle"
_CONTRADICTIONS = {  # code: (why, hint)
    "clash": ("they cannot both hold", "keep one of the two"),
    "two_options": (
        "decision '{decision[0]}' is answered once",
        "use 'or' between options of one decision",
    ),
    "false": ("False never holds", "remove the condition"),
    "term_clash": ("they cannot all hold", "check the numbers"),
}
_PRIORITY = {"clash": 0, "two_options": 0, "term_clash": 0, "false": 0, "term": 1, "cmp": 1}
CIRCLE_HINT = (
    "break the circle: let one of them be set by something that does not wait for the other"
)


def _same(a: Failure, b: Failure) -> bool:
    return a.code == b.code and a.term == b.term and a.lits == b.lits


def join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _allowed(lits: tuple[Lit, ...]) -> Any:

    allowed = Interval(-math.inf, math.inf, True, True)
    for lit in lits:
        term = lit.term
        if term is not None:
            allowed = allowed.meet(term[1])
    return allowed


def _turn_in_game(lits: tuple[Lit, ...], turns: int) -> bool:

    allowed = _allowed(lits)
    return not allowed.meet(Interval(1.0, float(turns))).empty
