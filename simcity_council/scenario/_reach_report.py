"""Words for the reachability analysis: why each dead item can never come up, as a chain.

:class:`Reporter` turns the turn tables of :class:`~.reach._Analysis` into
:class:`~.reach.Finding` s, each with the reason spelled out down to its root ("option 'b.y' can
never be chosen: it needs flag.a when decision 'b' comes up (turn 3), but flag 'a' is set only by
option 'a.x', which can never be chosen: ...").
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ._formula import UNIT, Formula, Lit
from .reach import DEAD, END, MID, POSSIBLE, START, Finding, _Failure, _money, _turns_text

if TYPE_CHECKING:
    from .locate import Path_
    from .reach import _Analysis

Ref = tuple[str, Any]
_VERB = {
    "decision": "never comes up",
    "option": "can never be chosen",
    "action": "can never be taken",
    "event": "can never fire",
}
_MAX_DEPTH = 4
_MAX_ALTERNATIVES = 3


class _Reason:
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


class Reporter:
    """``locate(path) -> (line, column)`` lets a reason point at the line of the next dead item
    in its chain (without it, at the item's dotted path)."""

    def __init__(self, analysis: _Analysis, locate: Any = None) -> None:
        self.a = analysis
        self.locate = locate
        self.stack: list[Ref] = []
        self.memo: dict[Ref, tuple[Finding | None, _Reason | None]] = {}

    # -- what to report --------------------------------------------------------------------------
    def findings(self) -> list[Finding]:
        a = self.a
        out: list[Finding] = []
        for e in range(len(a.events)):
            out += self._finding(("event", e))
        for k, d in enumerate(a.decisions):
            dead = self._finding(("decision", k))
            out += dead
            if dead or not a.dec_turns[k]:
                continue  # the options of a dead decision are not reported one by one
            for j in range(len(d.get("options") or [])):
                out += self._finding(("option", (k, j)))
        for i in range(len(a.actions)):
            out += self._finding(("action", i))
        out += self._ends()
        for k, d in enumerate(a.decisions):
            for j in range(len(d.get("options") or [])):
                out += self._promise(k, j)
        out += self._effects()
        # A warning that follows from an item already reported dead adds nothing.
        dead = {f.path for f in out if f.sure}
        return [f for f in out if f.sure or f.cause is None or f.cause not in dead]

    def _finding(self, ref: Ref) -> list[Finding]:
        finding, _ = self.item(ref)
        return [finding] if finding is not None else []

    def item(self, ref: Ref) -> tuple[Finding | None, _Reason | None]:
        """The finding about an item (None when it can come up) and its reason."""
        if ref in self.memo and not self.stack:
            return self.memo[ref]
        if ref in self.stack or len(self.stack) >= _MAX_DEPTH:
            return None, None
        self.stack.append(ref)
        try:
            result = self._item(ref)
        finally:
            self.stack.pop()
        if not self.stack:
            self.memo[ref] = result
        return result

    def _item(self, ref: Ref) -> tuple[Finding | None, _Reason | None]:
        kind, key = ref
        status = self.a.status.get(ref, DEAD)
        if kind in ("option", "action") and status == POSSIBLE:
            return None, None
        if kind == "decision":
            path, reason = self._decision(key)
        elif kind == "option":
            path, reason = self._option(*key)
        elif kind == "action":
            path, reason = self._action(key)
        else:
            path, reason = self._event(key)
        if reason is None:
            return None, None
        finding = Finding(
            kind,
            self.ident(ref),
            path,
            f"{self.subject(ref)} {_VERB[kind]}: {reason.text}",
            reason.hint,
            reason.sure,
            self._path_of(reason.cause),
        )
        return finding, reason

    def _path_of(self, ref: Ref | None) -> Path_ | None:
        """Where the dead item ``ref`` is reported."""
        if ref is None:
            return None
        finding, _ = self.item(ref)
        return finding.path if finding is not None else None

    def _root(self, ref: Ref | None) -> Path_ | None:
        """The path of the item at the end of a chain of dead items."""
        seen: set[Ref] = set()
        path = None
        while ref is not None and ref not in seen:
            seen.add(ref)
            finding, reason = self.item(ref)
            if finding is None:
                break
            path = finding.path
            ref = reason.cause if reason is not None else None
        return path

    # -- names -----------------------------------------------------------------------------------
    def ident(self, ref: Ref) -> str:
        kind, key = ref
        a = self.a
        if kind == "decision":
            return a.decisions[key]["id"]
        if kind == "option":
            k, j = key
            return f"{a.decisions[k]['id']}.{a.decisions[k]['options'][j]['id']}"
        if kind == "action":
            return a.actions[key]["id"]
        return a.events[key]["id"]

    def subject(self, ref: Ref) -> str:
        return f"{ref[0]} '{self.ident(ref)}'"

    # -- items -----------------------------------------------------------------------------------
    def _event(self, e: int) -> tuple[Path_, _Reason | None]:
        a = self.a
        event = a.events[e]
        path: Path_ = ("events", e)
        first, last = event["window"]
        turns = [t for t in range(max(first, 1), last + 1) if t <= a.T]
        if not turns:
            return (*path, "window"), _Reason(
                f"its window [{first}, {last}] holds no turn of the game (turns 1-{a.T})",
                f"use turns from 1 to {a.T}",
                True,
            )
        if float(event.get("chance", 1.0)) <= 0:
            return (*path, "chance"), _Reason("its chance is 0", "give it a chance above 0", True)
        if a.status.get(("event", e), DEAD) == POSSIBLE:
            return path, None
        where = f"in its window ({_turns_text(turns)})"
        reason = self.condition(a.formula(event.get("when")), turns, MID, "its 'when'", where)
        return (*path, "when"), reason

    def _decision(self, k: int) -> tuple[Path_, _Reason | None]:
        a = self.a
        d = a.decisions[k]
        path: Path_ = ("decisions", k)
        if a.dec_turns[k] and a.status.get(("decision", k), DEAD) == POSSIBLE:
            return path, None
        given = [x for x in ("turn", "window", "after_event", "when") if d.get(x) is not None]
        if not given:
            return path, None  # never put on the agenda: the cross-reference check says so
        if d.get("after_event") is not None and not {"turn", "window"} & set(given):
            e = a.event_index.get(d["after_event"])
            if e is None:
                return path, None  # an unknown event: reported by the cross-reference check
            fires = a.evt_turns[e]
            if not fires:
                text = f"it follows event '{d['after_event']}', which can never fire"
                return (*path, "after_event"), self._chain(text, ("event", e))
            turns = [t + 1 for t in fires if t + 1 <= a.T]
            if not turns:
                return (*path, "after_event"), _Reason(
                    f"it follows event '{d['after_event']}', which can fire only on the last "
                    f"turn ({a.T}), so it would come after the game ends",
                    "let the event fire earlier",
                    True,
                )
        else:
            turns = a.schedule(k)
            if not turns:
                where = "turn" if d.get("turn") is not None else "window"
                value = d.get(where)
                shown = f"turn {value}" if where == "turn" else f"window {list(value)}"
                return (*path, where), _Reason(
                    f"its {shown} is outside the game (turns 1-{a.T})",
                    f"use turns from 1 to {a.T}",
                    True,
                )
        when = a.formula(d.get("when"))
        open_turns = [t for t in turns if a.cond_status(when, t, START) == POSSIBLE]
        if not open_turns:
            where = f"on {_turns_text(turns)}"
            return (*path, "when"), self.condition(when, turns, START, "its 'when'", where)
        # 'when' may hold on open_turns, but no option can be available then
        groups: dict[tuple[str, str], list[str]] = {}
        reasons: list[_Reason] = []
        for j, option in enumerate(d.get("options") or []):
            reason = self._option_reason(k, j, open_turns, "", "")
            if reason is None:
                return path, None
            reasons.append(reason)
            groups.setdefault((reason.text, reason.hint), []).append(f"'{option['id']}'")
        parts = []
        for (text, _), names in groups.items():
            plural = len(names) > 1
            text = text.replace("needs", "need", 1) if plural else text
            parts.append(f"{_join(names)} {text}")
        shown = "; ".join(parts[:_MAX_ALTERNATIVES]) + ("; ..." if len(parts) > 3 else "")
        return (*path, "options"), _Reason(
            f"none of its options can be available on {_turns_text(open_turns)}: {shown}",
            reasons[0].hint,
            all(r.sure for r in reasons),
            next((r.cause for r in reasons if r.cause is not None), None),
            next((r.circle for r in reasons if r.circle is not None), None),
        )

    def _option(self, k: int, j: int) -> tuple[Path_, _Reason | None]:
        a = self.a
        path: Path_ = ("decisions", k, "options", j)
        turns = a.dec_turns[k]
        if not turns:
            text = f"decision '{a.decisions[k]['id']}' never comes up"
            return path, self._chain(text, ("decision", k))
        where = f"when decision '{a.decisions[k]['id']}' comes up ({_turns_text(turns)})"
        reason = self._option_reason(k, j, turns, "its 'requires'", where)
        option = a.decisions[k]["options"][j]
        field = "capacity" if int(option.get("capacity", 0)) > a.capacity else "requires"
        return (*path, field), reason

    def _option_reason(
        self, k: int, j: int, turns: list[int], subject: str, where: str
    ) -> _Reason | None:
        a = self.a
        option = a.decisions[k]["options"][j]
        need = int(option.get("capacity", 0))
        if need > a.capacity:
            return self._capacity(need, "it needs" if subject else "needs")
        formula = a.formula(option.get("requires"))
        if a.cond_status_any(formula, turns, START) == POSSIBLE:
            return None
        return self.condition(formula, turns, START, subject, where)

    def _capacity(self, need: int, verb: str) -> _Reason:
        a = self.a
        return _Reason(
            f"{verb} {need} staff points and the city has {a.capacity} (city.capacity)",
            f"lower its capacity to {a.capacity} or less, or raise city.capacity",
            True,
        )

    def _action(self, i: int) -> tuple[Path_, _Reason | None]:
        a = self.a
        action = a.actions[i]
        path: Path_ = ("actions", i)
        need = a._action_capacity(i)
        if need > a.capacity:
            reason = self._capacity(need, "it needs")
            return (*path, "capacity"), reason
        turns = list(range(1, a.T + 1))
        formula = a.formula(action.get("requires"))
        return (*path, "requires"), self.condition(
            formula, turns, START, "its 'requires'", "on any turn"
        )

    def _chain(self, text: str, ref: Ref) -> _Reason:
        """``text`` followed by why the dead item ``ref`` cannot happen: in full when the chain
        comes back to the item being explained (a circle), else one step, pointing at the line
        where the next item is reported and at the root of the chain."""
        if ref in self.stack:
            return _Reason(
                f"{text}, and it waits for this in turn: a circle", _CIRCLE, True, circle=ref
            )
        finding, why = self.item(ref)
        if why is None or finding is None:
            return _Reason(text, "", True, ref)
        top = self.stack[0] if self.stack else None
        if len(self.stack) > 1 or (why.circle is not None and why.circle == top):
            return _Reason(f"{text}: {why.text}", why.hint, why.sure, ref, why.circle)
        text = f"{text} ({self._at(finding.path)})"
        root = self._root(ref)
        if root is not None and self._at(root) != self._at(finding.path):
            text += f", and that because of {self._at(root)}"
        return _Reason(text, why.hint, why.sure, ref)

    def _at(self, path: Path_) -> str:
        if self.locate is None:
            from .locate import dotted

            return dotted(path)
        line, _ = self.locate(path)
        return f"line {line}"

    # -- conditions ------------------------------------------------------------------------------
    def condition(
        self, formula: Formula | None, turns: list[int], phase: str, subject: str, where: str
    ) -> _Reason | None:
        """Why ``formula`` cannot hold on any of ``turns`` (None if it may), as
        "{subject} needs ... {where}, but ..."."""
        a = self.a
        if formula is None or formula.branches is None:
            return None
        reasons: list[tuple[str, _Reason]] = []
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
            return _Reason(
                f"{lead} {need}{at}, but {reason.text}", reason.hint, sure, cause, circle
            )
        shown = "; ".join(f"{need} ({r.text})" for need, r in reasons[:_MAX_ALTERNATIVES])
        more = "; ..." if len(reasons) > _MAX_ALTERNATIVES else ""
        lead = f"{subject} needs one of" if subject else "needs one of"
        return _Reason(
            f"{lead} these{at}, and none can hold: {shown}{more}",
            reasons[0][1].hint,
            sure,
            cause,
            circle,
        )

    def _pick(self, branch: tuple[Lit, ...], turns: list[int], phase: str) -> _Failure | None:
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

    def failure(self, f: _Failure, turns: list[int], phase: str) -> _Reason:
        """Why a failure happens, as a clause that reads after "but"."""
        a = self.a
        if f.code == "bool":
            return self._bool(f.lits[0], turns, phase)
        if f.code in _CONTRADICTIONS:
            text, hint = _CONTRADICTIONS[f.code]
            return _Reason(text.format(decision=f.lits[0].key), hint, True)
        if f.code == "term" and f.term == "turn":
            if not _turn_in_game(f.lits, a.T):
                return _Reason(f"the game has {a.T} turns", f"use turns from 1 to {a.T}", True)
            there = f"at the end (turn {min(2, a.T)}-{a.T})" if phase == END else "then"
            return _Reason(
                f"that never holds {there}",
                "check the turns in the condition against the turns it is checked on",
                True,
            )
        if f.code == "term" and f.term == "capacity":
            return _Reason(
                f"the city has {a.capacity} staff points (city.capacity)",
                "compare with city.capacity",
                True,
            )
        if f.code == "term" and f.term == "reserve":
            allowed = _allowed(f.lits)
            below = allowed.hi < a.floor or (allowed.hi == a.floor and allowed.hi_open)
            if below and phase == START:
                return _Reason(
                    f"while the game runs the reserve is at least its floor ({_money(a.floor)}): "
                    "below it the state takes over (receivership) and the game ends first",
                    "compare with city.reserve_floor, or test this in an objective or debrief",
                    f.sure,
                )
            return _Reason(
                f"the reserve can hardly reach that (at most about {_money(a.reserve_top)} with "
                "the highest revenue every turn)",
                "check the amount against city.reserve and city.revenue",
                f.sure,
            )
        if f.code == "term" and f.term == "revenue":
            return _Reason("revenue is never negative", "check the number", True)
        if f.code == "term" and self.a.domain(f.term, a.T, phase)[0] == UNIT:
            return _Reason(
                f"{f.term} lies between 0 and 1",
                "people and indicators are 0-1 in conditions (players see 0-100)",
                True,
            )
        if f.code == "term":
            return _Reason(f"{f.term} is never negative", "check the number", True)
        return _Reason("that never holds then", "check the numbers", f.sure)

    def _bool(self, lit: Lit, turns: list[int], phase: str) -> _Reason:
        a = self.a
        last = turns[-1] if turns else a.T
        if lit.kind == "flag":
            return self._flag(lit, last, phase)
        if lit.kind == "event":
            e = a.event_index[lit.key]
            fires = a.evt_turns[e]
            if not fires:
                return self._chain(f"event '{lit.key}' can never fire", ("event", e))
            return _Reason(
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
        return _Reason(
            f"decision '{decision}' comes up on turn {chosen[0]} at the earliest ({seen})",
            f"put decision '{decision}' earlier, or this later",
            True,
        )

    def _flag(self, lit: Lit, last: int, phase: str) -> _Reason:
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
            return _Reason(f"flag '{flag}' starts {start} and nothing {verb} it", hint, True)
        live = [(a.first_turn(ref), ref) for ref in sources if a.first_turn(ref) is not None]
        if not live:
            names = _join([self.subject(r) for r in sources])
            if len(sources) == 1:
                text = (
                    f"flag '{flag}' starts {start} and only {names} {verb} it, which "
                    f"{_VERB[sources[0][0]]}"
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
        return _Reason(
            f"flag '{flag}' is {done} on turn {turn} at the earliest (by "
            f"{self.subject(ref)}){note}",
            f"{done} it earlier, or put this later",
            True,
        )

    # -- objectives, debrief, promises, effects -------------------------------------------------
    def _ends(self) -> list[Finding]:
        a = self.a
        out: list[Finding] = []
        turns = [a.T]
        where = "at the end of the game"
        for i, objective in enumerate(a.data.get("objectives") or []):
            formula = a.formula(objective["when"])
            reason = self.condition(formula, turns, END, "its 'when'", where)
            path: Path_ = ("objectives", i, "when")
            if reason is not None:
                out.append(
                    self._end_finding(
                        "objective",
                        objective["id"],
                        path,
                        f"objective '{objective['id']}' can never be met",
                        reason,
                    )
                )
                continue
            negation = a.formula(f"not ({objective['when']})")
            if negation is not None and a.cond_status_any(negation, turns, END) == DEAD:
                out.append(
                    Finding(
                        "objective",
                        objective["id"],
                        path,
                        f"objective '{objective['id']}' is met in every game: "
                        f"'{objective['when'].strip()}' always holds at the end",
                        "an objective that cannot be missed measures nothing; change the condition",
                        False,
                    )
                )
        for i, text in enumerate(a.data.get("debrief") or []):
            reason = self.condition(a.formula(text["when"]), turns, END, "its 'when'", where)
            if reason is not None:
                out.append(
                    self._end_finding(
                        "debrief",
                        str(i),
                        ("debrief", i, "when"),
                        "this debrief text is never shown",
                        reason,
                    )
                )
        return out

    def _end_finding(
        self, kind: str, ident: str, path: Path_, subject: str, reason: _Reason
    ) -> Finding:
        return Finding(
            kind,
            ident,
            path,
            f"{subject}: {reason.text}",
            reason.hint,
            reason.sure,
            self._path_of(reason.cause),
        )

    def _promise(self, k: int, j: int) -> list[Finding]:
        a = self.a
        option = a.decisions[k]["options"][j]
        promise = option.get("promise")
        made = a.opt_turns.get((k, j), [])
        if not promise or not made:
            return []
        due = int(promise["due"])
        turns = sorted({t + due for t in made if t + due <= a.T})
        if not turns:
            return []  # falls due after the game: reported by the cross-reference check
        where = f"when it falls due ({_turns_text(turns)})"
        reason = self.condition(
            a.formula(promise["kept_when"]), turns, MID, "its 'kept_when'", where
        )
        if reason is None:
            return []
        path: Path_ = ("decisions", k, "options", j, "promise", "kept_when")
        return [
            Finding(
                "promise",
                self.ident(("option", (k, j))),
                path,
                f"the promise of option '{self.ident(('option', (k, j)))}' can never be kept, "
                f"so it is always broken: {reason.text}",
                reason.hint,
                False,
                self._path_of(reason.cause),
            )
        ]

    def _effects(self) -> list[Finding]:
        a = self.a
        out: list[Finding] = []
        items: list[tuple[Path_, str, dict[str, Any], list[int]]] = []
        for k, d in enumerate(a.decisions):
            for j, o in enumerate(d.get("options") or []):
                made = a.opt_turns.get((k, j), [])
                items.append(
                    (("decisions", k, "options", j), f"option '{d['id']}.{o['id']}'", o, made)
                )
        for e, event in enumerate(a.events):
            items.append((("events", e), f"event '{event['id']}'", event, a.evt_turns[e]))
        for path, who, item, turns in items:
            if not turns:
                continue  # a dead item: reported itself
            for i, effect in enumerate(item.get("effects") or []):
                where = (*path, "effects", i)
                if float(effect.get("chance", 1.0)) <= 0:
                    out.append(
                        Finding(
                            "effect",
                            f"{path}",
                            (*where, "chance"),
                            "this effect never happens: its chance is 0",
                            "give it a chance above 0, or remove it",
                            True,
                        )
                    )
                after = int(effect.get("after", 0))
                if after > 0 and turns[0] + after > a.T:
                    out.append(
                        Finding(
                            "effect",
                            f"{path}",
                            (*where, "after"),
                            f"this effect never happens: {who} happens on turn {turns[0]} at "
                            f"the earliest, and {after} turns later is after the last turn "
                            f"({a.T})",
                            f"use 'after: {a.T - turns[0]}' or less"
                            if a.T - turns[0] >= 1
                            else "make it happen now ('after: 0')",
                            True,
                        )
                    )
        return out


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
_CIRCLE = "break the circle: let one of them be set by something that does not wait for the other"


def _same(a: _Failure, b: _Failure) -> bool:
    return a.code == b.code and a.term == b.term and a.lits == b.lits


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _allowed(lits: tuple[Lit, ...]) -> Any:
    from ._formula import Interval

    allowed = Interval(-math.inf, math.inf, True, True)
    for lit in lits:
        term = lit.term
        if term is not None:
            allowed = allowed.meet(term[1])
    return allowed


def _turn_in_game(lits: tuple[Lit, ...], turns: int) -> bool:
    from ._formula import Interval

    allowed = _allowed(lits)
    return not allowed.meet(Interval(1.0, float(turns))).empty
