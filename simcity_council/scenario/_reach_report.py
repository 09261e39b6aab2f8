"""Words for the reachability analysis: why each dead item can never come up, as a chain.

:class:`Reporter` turns the turn tables of :class:`~.reach._Analysis` into
:class:`~.reach.Finding` s, each with the reason spelled out down to its root ("option 'b.y' can
never be chosen: it needs flag.a when decision 'b' comes up (turn 3), but flag 'a' is set only by
option 'a.x', which can never be chosen: ...").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._reach_why import MAX_ALTERNATIVES, VERB, Explainer, Reason, Ref, join
from .reach import DEAD, END, MID, POSSIBLE, START, Finding, turns_text

if TYPE_CHECKING:
    from .locate import Path_
    from .reach import _Analysis

_MAX_DEPTH = 4


class Reporter(Explainer):
    """``locate(path) -> (line, column)`` lets a reason point at the line of the next dead item
    in its chain (without it, at the item's dotted path)."""

    def __init__(self, analysis: _Analysis, locate: Any = None) -> None:
        self.a = analysis
        self.locate = locate
        self.stack: list[Ref] = []
        self.memo: dict[Ref, tuple[Finding | None, Reason | None]] = {}

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
        dead_paths = {f.path for f in out if f.sure}
        return [f for f in out if f.sure or f.cause is None or f.cause not in dead_paths]

    def _finding(self, ref: Ref) -> list[Finding]:
        finding, _ = self.item(ref)
        return [finding] if finding is not None else []

    def item(self, ref: Ref) -> tuple[Finding | None, Reason | None]:
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

    def _item(self, ref: Ref) -> tuple[Finding | None, Reason | None]:
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
            f"{self.subject(ref)} {VERB[kind]}: {reason.text}",
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
    def _event(self, e: int) -> tuple[Path_, Reason | None]:
        a = self.a
        event = a.events[e]
        path: Path_ = ("events", e)
        first, last = event["window"]
        turns = [t for t in range(max(first, 1), last + 1) if t <= a.T]
        if not turns:
            return (*path, "window"), Reason(
                f"its window [{first}, {last}] holds no turn of the game (turns 1-{a.T})",
                f"use turns from 1 to {a.T}",
                True,
            )
        if float(event.get("chance", 1.0)) <= 0:
            return (*path, "chance"), Reason("its chance is 0", "give it a chance above 0", True)
        if a.status.get(("event", e), DEAD) == POSSIBLE:
            return path, None
        where = f"in its window ({turns_text(turns)})"
        reason = self.condition(a.formula(event.get("when")), turns, MID, "its 'when'", where)
        return (*path, "when"), reason

    def _decision(self, k: int) -> tuple[Path_, Reason | None]:
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
                return (*path, "after_event"), Reason(
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
                return (*path, where), Reason(
                    f"its {shown} is outside the game (turns 1-{a.T})",
                    f"use turns from 1 to {a.T}",
                    True,
                )
        when = a.formula(d.get("when"))
        open_turns = [t for t in turns if a.cond_status(when, t, START) == POSSIBLE]
        if not open_turns:
            where = f"on {turns_text(turns)}"
            return (*path, "when"), self.condition(when, turns, START, "its 'when'", where)
        # 'when' may hold on open_turns, but no option can be available then
        groups: dict[tuple[str, str], list[str]] = {}
        reasons: list[Reason] = []
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
            parts.append(f"{join(names)} {text}")
        shown = "; ".join(parts[:MAX_ALTERNATIVES]) + ("; ..." if len(parts) > 3 else "")
        return (*path, "options"), Reason(
            f"none of its options can be available on {turns_text(open_turns)}: {shown}",
            reasons[0].hint,
            all(r.sure for r in reasons),
            next((r.cause for r in reasons if r.cause is not None), None),
            next((r.circle for r in reasons if r.circle is not None), None),
        )

    def _option(self, k: int, j: int) -> tuple[Path_, Reason | None]:
        a = self.a
        path: Path_ = ("decisions", k, "options", j)
        turns = a.dec_turns[k]
        if not turns:
            text = f"decision '{a.decisions[k]['id']}' never comes up"
            return path, self._chain(text, ("decision", k))
        where = f"when decision '{a.decisions[k]['id']}' comes up ({turns_text(turns)})"
        reason = self._option_reason(k, j, turns, "its 'requires'", where)
        option = a.decisions[k]["options"][j]
        field = "capacity" if int(option.get("capacity", 0)) > a.capacity else "requires"
        return (*path, field), reason

    def _option_reason(
        self, k: int, j: int, turns: list[int], subject: str, where: str
    ) -> Reason | None:
        a = self.a
        option = a.decisions[k]["options"][j]
        need = int(option.get("capacity", 0))
        if need > a.capacity:
            return self._capacity(need, "it needs" if subject else "needs")
        formula = a.formula(option.get("requires"))
        if a.cond_status_any(formula, turns, START) == POSSIBLE:
            return None
        return self.condition(formula, turns, START, subject, where)

    def _capacity(self, need: int, verb: str) -> Reason:
        a = self.a
        return Reason(
            f"{verb} {need} staff points and the city has {a.capacity} (city.capacity)",
            f"lower its capacity to {a.capacity} or less, or raise city.capacity",
            True,
        )

    def _action(self, i: int) -> tuple[Path_, Reason | None]:
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
        self, kind: str, ident: str, path: Path_, subject: str, reason: Reason
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
        out = self._void(k, j, promise, made, turns)
        where = f"when it falls due ({turns_text(turns)})"
        reason = self.condition(
            a.formula(promise["kept_when"]), turns, MID, "its 'kept_when'", where
        )
        if reason is None:
            return out
        path: Path_ = ("decisions", k, "options", j, "promise", "kept_when")
        fate = (
            "broken unless its 'void_when' holds first"
            if promise.get("void_when")
            else "always broken"
        )
        return out + [
            Finding(
                "promise",
                self.ident(("option", (k, j))),
                path,
                f"the promise of option '{self.ident(('option', (k, j)))}' can never be kept, "
                f"so it is {fate}: {reason.text}",
                reason.hint,
                False,
                self._path_of(reason.cause),
            )
        ]

    def _void(
        self, k: int, j: int, promise: dict[str, Any], made: list[int], due_turns: list[int]
    ) -> list[Finding]:
        """A ``void_when`` that can never hold while the promise is open: after the news of
        the turn it is made and of each turn until it falls due (what the start of the next
        turn sees), or on the turn it falls due, after the choices."""
        a = self.a
        formula = a.formula(promise.get("void_when"))
        if formula is None:
            return []
        due = int(promise["due"])
        open_turns = sorted({t + i for t in made for i in range(1, due + 1) if t + i <= a.T})
        where = f"while the promise is open (to {turns_text(due_turns)})"
        reason = self.condition(formula, open_turns, START, "its 'void_when'", where)
        if reason is None or self.condition(formula, due_turns, MID, "", "") is None:
            return []  # it may hold after some turn's news, or just before it falls due
        ident = self.ident(("option", (k, j)))
        return [
            Finding(
                "promise",
                ident,
                ("decisions", k, "options", j, "promise", "void_when"),
                f"the promise of option '{ident}' can never lapse: {reason.text}",
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
