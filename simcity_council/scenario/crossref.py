"""Checks that need the whole scenario: ids, sums, turn ranges, conditions, reachability.

They run on the raw YAML data (not the pydantic model), defensively: a value of the wrong type is
skipped here because the schema check already reports it. So a file with schema errors still gets
every cross-reference problem reported in the same run.
"""

from __future__ import annotations

import ast
import difflib
import re
from typing import Any

from ..errors import ConditionError, Problem
from .conditions import GROUP_VECTORS, UnknownNameError, Vocabulary, compile_condition
from .locate import Document, Path_
from .map import check_map

SUM_TOLERANCE = 1e-3
REQUIRED_SECTIONS = ("domains", "groups", "decisions")
TARGET = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?")
_NAME_SECTIONS = {
    "trust": "groups",
    "wellbeing": "groups",
    "engagement": "groups",
    "flag": "flags",
    "indicator": "indicators",
    "event": "events",
    "action": "actions",
    "chose": "decisions",
}
MONEY_TARGETS = ("reserve", "revenue")
ID_SECTIONS = (
    "domains",
    "groups",
    "indicators",
    "flags",
    "actions",
    "decisions",
    "events",
    "objectives",
)
_SINGULAR = {
    "domains": "domain",
    "groups": "group",
    "indicators": "indicator",
    "flags": "flag",
    "actions": "action",
    "decisions": "decision",
    "events": "event",
    "objectives": "objective",
}


def check(doc: Document, schema_ok: bool = True) -> list[Problem]:
    """Every cross-reference problem in ``doc``.

    With ``schema_ok=False`` (the schema check failed) the data may be incomplete: references into
    a section with broken items are not reported (the schema problem is), and the "can never be
    true" reasoning about flags is skipped.
    """
    checker = _Checker(doc, schema_ok)
    checker.run()
    return checker.problems


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """(index, mapping) for each mapping in a list; anything else yields nothing."""
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _ids(items: list[tuple[int, dict[str, Any]]]) -> list[str]:
    return [item["id"] for _, item in items if isinstance(item.get("id"), str)]


def _complete(data: dict[str, Any], section: str) -> bool:
    """Whether every item of an id section is a mapping with a text id (options too)."""
    value = data.get(section)
    if value is None:
        return section not in REQUIRED_SECTIONS
    if not isinstance(value, list):
        return False
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            return False
        if section == "decisions":
            options = item.get("options")
            if not isinstance(options, list) or not all(
                isinstance(o, dict) and isinstance(o.get("id"), str) for o in options
            ):
                return False
    return True


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _turn_pair(value: Any) -> tuple[int, int] | None:
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return value[0], value[1]
    return None


class _Checker:
    def __init__(self, doc: Document, schema_ok: bool) -> None:
        self.doc = doc
        self.schema_ok = schema_ok
        data = doc.data if isinstance(doc.data, dict) else {}
        self.data = data
        self.problems: list[Problem] = []
        self.sections = {name: _items(data.get(name)) for name in ID_SECTIONS}
        self.incomplete = {name for name in ID_SECTIONS if not _complete(data, name)}
        self.ids = {name: _ids(items) for name, items in self.sections.items()}
        raw_turns = data.get("turns")
        turns = raw_turns if isinstance(raw_turns, dict) else {}
        count = turns.get("count")
        self.count = count if isinstance(count, int) and not isinstance(count, bool) else None
        # Options of decisions that share an id are pooled: the duplicate id is reported once,
        # and a condition naming either decision's options is not reported as well.
        self.options: dict[str, list[str]] = {}
        for _, d in self.sections["decisions"]:
            if isinstance(d.get("id"), str):
                self.options.setdefault(d["id"], []).extend(_ids(_items(d.get("options"))))
        self.vocab = Vocabulary(
            groups=tuple(self.ids["groups"]),
            flags=tuple(self.ids["flags"]),
            indicators=tuple(self.ids["indicators"]),
            events=tuple(self.ids["events"]),
            actions=tuple(self.ids["actions"]),
            decisions=tuple((d, tuple(o)) for d, o in self.options.items()),
        )
        self.settable = self._settable_flags()
        self.baselines = {
            d["id"]: float(d["baseline"])
            for _, d in self.sections["domains"]
            if isinstance(d.get("id"), str) and _number(d.get("baseline")) is not None
        }
        self.firing = {
            e["id"]: self._event_can_fire(e)
            for _, e in self.sections["events"]
            if isinstance(e.get("id"), str)
        }

    def add(self, path: Path_, message: str, hint: str = "", at_key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, hint, at_key))

    def run(self) -> None:
        self.check_duplicates()
        self.check_turns()
        self.check_domains()
        self.check_groups()
        self.check_actions()
        self.check_decisions()
        self.check_events()
        for i, item in self.sections["objectives"]:
            self.condition(("objectives", i, "when"), item.get("when"))
            self.condition(("objectives", i, "applies"), item.get("applies"))
        for i, item in _items(self.data.get("debrief")):
            self.condition(("debrief", i, "when"), item.get("when"))
        for i, item in _items(self.data.get("reflection")):
            self.condition(("reflection", i, "when"), item.get("when"))
        self.problems += check_map(self.doc, self.ids["groups"], "groups" in self.incomplete)

    # -- ids -------------------------------------------------------------------------------------
    def known(self, path: Path_, value: Any, section: str, at_key: bool = False) -> None:
        """Report ``value`` if it is not an id defined in ``section``."""
        if not isinstance(value, str) or section in self.incomplete:
            return
        ids = self.ids[section] if section in self.ids else []
        if value in ids:
            return
        kind = _SINGULAR.get(section, section)
        self.add(path, f"unknown {kind} '{value}'", _suggest(value, ids, section), at_key)

    def check_duplicates(self) -> None:
        for section, items in self.sections.items():
            self._duplicates(section, items, (section,), _SINGULAR[section])
        for i, decision in self.sections["decisions"]:
            options = _items(decision.get("options"))
            self._duplicates("options", options, ("decisions", i, "options"), "option")

    def _duplicates(
        self, section: str, items: list[tuple[int, dict[str, Any]]], prefix: Path_, kind: str
    ) -> None:
        first: dict[str, int] = {}
        for i, item in items:
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in first:
                where = f"{section}[{first[ident]}]"
                self.add(
                    (*prefix, i, "id"),
                    f"duplicate {kind} id '{ident}' (also {where})",
                    f"give each {kind} its own id",
                )
            else:
                first[ident] = i

    # -- turns and groups ------------------------------------------------------------------------
    def check_turns(self) -> None:
        turns = self.data.get("turns")
        if not isinstance(turns, dict) or self.count is None:
            return
        labels = turns.get("labels")
        if isinstance(labels, list) and len(labels) != self.count:
            self.add(
                ("turns", "labels"),
                f"{len(labels)} labels for {self.count} turns",
                "give exactly one label per turn (or change turns.count)",
            )

    def check_domains(self) -> None:
        for i, domain in self.sections["domains"]:
            incidence = domain.get("incidence")
            if isinstance(incidence, dict):
                for group in incidence:
                    self.known(("domains", i, "incidence", group), group, "groups", at_key=True)
            baseline, scale = _number(domain.get("baseline")), _number(domain.get("scale"))
            if baseline is not None and baseline <= 0 and scale is None:
                self.add(
                    ("domains", i, "baseline"),
                    f"domain '{domain.get('id')}' has no baseline and no scale, so a change "
                    "of its budget cannot be measured against anything",
                    "give 'scale:', the per-turn amount that would be the whole service",
                )

    def check_groups(self) -> None:
        groups = self.sections["groups"]
        residents = [g for _, g in groups if g.get("kind", "residents") == "residents"]
        shares = [_number(g.get("share", 0.0)) for g in residents if not g.get("overlaps")]
        if residents and all(s is not None for s in shares):
            total = sum(s for s in shares if s is not None)
            if abs(total - 1.0) > SUM_TOLERANCE:
                self.add(
                    ("groups",),
                    f"the shares of resident groups that overlap no other group sum to "
                    f"{total:.4g}, not 1",
                    "they are parts of the population: make them add up to 1 (a group whose "
                    "members are also in another group lists it under 'overlaps')",
                )
        by_id = {g.get("id"): g for _, g in groups if isinstance(g.get("id"), str)}
        for i, group in groups:
            share = _number(group.get("share", 0.0))
            if group.get("kind") == "organisation" and share:
                self.add(
                    ("groups", i, "share"),
                    f"organisation '{group.get('id')}' has a population share",
                    "an organisation is not part of the population: leave 'share' out (its "
                    "members are residents, counted in their resident groups)",
                )
            elif group.get("kind", "residents") == "residents" and share == 0:
                self.add(
                    ("groups", i, "share"),
                    f"resident group '{group.get('id')}' has share 0, so it weighs nothing in "
                    "population figures or resilience",
                    "give its real share of the population (list the groups it is part of "
                    "under 'overlaps'), or make it 'kind: organisation'",
                    at_key="share" in group,
                )
            overlaps = group.get("overlaps")
            if isinstance(overlaps, list):
                for k, other in enumerate(overlaps):
                    self.known(("groups", i, "overlaps", k), other, "groups")
                    if other == group.get("id"):
                        self.add(("groups", i, "overlaps", k), "a group cannot overlap itself")
                    elif isinstance(other, str) and other in by_id:
                        bigger = _number(by_id[other].get("share", 0.0))
                        if share is not None and bigger is not None and share > bigger > 0:
                            self.add(
                                ("groups", i, "share"),
                                f"share {share:g} is larger than that of '{other}' "
                                f"({bigger:g}), which it is part of",
                                "an overlapping group is a part of the groups it overlaps",
                            )
            for field in ("needs", "belief"):
                weights = group.get(field)
                if not isinstance(weights, dict):
                    continue
                for domain in weights:
                    self.known(("groups", i, field, domain), domain, "domains", at_key=True)
                values = [_number(v) for v in weights.values()]
                if weights and all(v is not None for v in values):
                    total = sum(v for v in values if v is not None)
                    if abs(total - 1.0) > SUM_TOLERANCE:
                        hint = (
                            "they look like percentages: divide each by 100"
                            if 99 <= total <= 101
                            else "make the weights add up to 1"
                        )
                        verb = "sum" if field == "needs" else "sums"
                        message = f"{field} {verb} to {total:.4g}, not 1"
                        self.add(("groups", i, field), message, hint)

    # -- actions, decisions, events -----------------------------------------------------------
    def check_actions(self) -> None:
        for i, action in self.sections["actions"]:
            self.id_list(("actions", i, "targets"), action.get("targets"), "groups")
            self.id_list(("actions", i, "sets"), action.get("sets"), "flags")
            self.condition(("actions", i, "requires"), action.get("requires"))

    def check_decisions(self) -> None:
        for i, decision in self.sections["decisions"]:
            path: Path_ = ("decisions", i)
            self.schedule(path, decision)
            self.id_list((*path, "stakes"), decision.get("stakes"), "groups")
            self.condition((*path, "when"), decision.get("when"))
            possible = []
            first = self._first_turn(decision)
            for j, option in _items(decision.get("options")):
                possible.append(self.check_option((*path, "options", j), option, first))
                self.promise_due((*path, "options", j, "promise"), option.get("promise"), first)
            if possible and not any(possible):
                self.add(
                    (*path, "options"),
                    f"no option of decision '{decision.get('id')}' can ever be available",
                    "make at least one option's 'requires' reachable",
                )

    def check_option(self, path: Path_, option: dict[str, Any], first: int | None) -> bool:
        """Check one option of a decision that comes on turn ``first`` at the earliest; False if
        its ``requires`` can never hold."""
        for field, section in (("spend", "domains"), ("budget", "domains"), ("consult", "groups")):
            if isinstance(option.get(field), dict):
                for key in option[field]:
                    self.known((*path, field, key), key, section, at_key=True)
        for field in ("sets", "clears"):
            self.id_list((*path, field), option.get(field), "flags")
        self.id_list((*path, "scars"), option.get("scars"), "groups")
        budget = option.get("budget")
        if isinstance(budget, dict):
            for key, amount in budget.items():
                base = self.baselines.get(key)
                amount = _number(amount)
                if base is not None and amount is not None and -amount > base:
                    self.add(
                        (*path, "budget", key),
                        f"cuts {-amount:,.0f} a turn from '{key}', which only has {base:,.0f}",
                        f"cut at most {base:,.0f}, or raise the domain's baseline",
                    )
        if option.get("for_turns") is not None and not option.get("budget"):
            self.add(
                (*path, "for_turns"),
                "'for_turns' limits a budget change, but this option changes no budget",
                "add 'budget: {domain: amount}' or remove 'for_turns'",
            )
        self.effects((*path, "effects"), option.get("effects"), first)
        promise = option.get("promise")
        if isinstance(promise, dict):
            self.id_list((*path, "promise", "groups"), promise.get("groups"), "groups")
            self.condition((*path, "promise", "kept_when"), promise.get("kept_when"))
            self.condition((*path, "promise", "void_when"), promise.get("void_when"))
        return self.condition((*path, "requires"), option.get("requires"))

    def _first_turn(self, decision: dict[str, Any]) -> int | None:
        """The earliest turn ``decision`` can be on the agenda (None if not known)."""
        turn = decision.get("turn")
        if isinstance(turn, int) and not isinstance(turn, bool):
            return turn
        pair = _turn_pair(decision.get("window"))
        if pair is not None:
            return max(pair[0], 1)
        event = decision.get("after_event")
        if isinstance(event, str):
            return self._event_window(event)[0] + 1 if event in self.firing else None
        return 1

    def promise_due(self, path: Path_, promise: Any, first: int | None) -> None:
        """A promise that falls due after the last turn is never kept or broken."""
        if not isinstance(promise, dict) or first is None or self.count is None:
            return
        due = promise.get("due")
        if not isinstance(due, int) or isinstance(due, bool) or first + due <= self.count:
            return
        room = self.count - first
        self.add(
            (*path, "due"),
            f"due {due} turns after the decision, on turn {first + due} at the earliest, "
            f"after the last turn ({self.count}), so the promise is never kept or broken",
            f"use 'due: {room}' or less" if room >= 1 else "put the decision on an earlier turn",
        )

    def schedule(self, path: Path_, decision: dict[str, Any]) -> None:
        ident = decision.get("id", "?")
        given = [k for k in ("turn", "window", "after_event") if decision.get(k) is not None]
        if not given and decision.get("when") is None:
            self.add(
                path,
                f"decision '{ident}' is never put on the agenda",
                "give it 'turn: N', 'window: [first, last]', 'when: <condition>' (the first turn "
                "it holds), or 'after_event: <event id>'",
            )
        elif len(given) > 1:
            self.add(
                (*path, given[1]),
                f"decision '{ident}' has both {given[0]} and {given[1]}",
                "give only one of turn, window and after_event",
            )
        turn = decision.get("turn")
        if (
            self.count
            and isinstance(turn, int)
            and not isinstance(turn, bool)
            and turn > self.count
        ):
            self.add(
                (*path, "turn"),
                f"turn {turn} is after the last turn ({self.count})",
                f"use a turn from 1 to {self.count}",
            )
        self.window((*path, "window"), decision.get("window"), "decision")
        event = decision.get("after_event")
        if isinstance(event, str):
            if event not in self.firing:
                self.known((*path, "after_event"), event, "events")
            elif not self.firing[event]:
                self.add(
                    (*path, "after_event"),
                    f"event '{event}' can never fire, so this decision never appears",
                    "fix the event's window, chance or condition",
                )
            elif self.count and self._event_window(event)[0] >= self.count:
                self.add(
                    (*path, "after_event"),
                    f"event '{event}' can only fire on the last turn, "
                    "so this decision would come after the game ends",
                    "let the event fire earlier",
                )

    def window(self, path: Path_, value: Any, what: str) -> bool:
        """Check a [first, last] window; False if it leaves no turn of the game."""
        pair = _turn_pair(value)
        if pair is None:
            return True
        first, last = pair
        if first > last:
            self.add(
                path,
                f"window [{first}, {last}] ends before it starts",
                "write [first, last] with first <= last",
            )
            return False
        if first < 1:
            self.add(path, f"window [{first}, {last}] starts before turn 1", "turns start at 1")
        if self.count is None:
            return True
        if first > self.count:
            self.add(
                path,
                f"window [{first}, {last}] starts after the last turn ({self.count}), "
                f"so this {what} never happens",
                f"use turns from 1 to {self.count}",
            )
            return False
        if last > self.count:
            self.add(
                path,
                f"window [{first}, {last}] goes past the last turn ({self.count})",
                f"end it at {self.count}",
            )
        return True

    def check_events(self) -> None:
        for i, event in self.sections["events"]:
            path: Path_ = ("events", i)
            self.window((*path, "window"), event.get("window"), "event")
            if event.get("groups") is not None:
                self.id_list((*path, "groups"), event.get("groups"), "groups")
            self.id_list((*path, "sets"), event.get("sets"), "flags")
            self.id_list((*path, "scars"), event.get("scars"), "groups")
            pair = _turn_pair(event.get("window"))
            self.effects((*path, "effects"), event.get("effects"), pair[0] if pair else None)
            self.condition((*path, "when"), event.get("when"))

    def id_list(self, path: Path_, value: Any, section: str) -> None:
        if isinstance(value, list):
            for k, item in enumerate(value):
                self.known((*path, k), item, section)

    def effects(self, path: Path_, value: Any, first: int | None) -> None:
        """Check effects of an option or event that happens on turn ``first`` at the earliest."""
        for k, effect in _items(value):
            self.delay((*path, k, "after"), effect.get("after"), first)
            target = effect.get("target")
            if not isinstance(target, str) or not TARGET.fullmatch(target):
                continue  # the schema check reports it
            head, _, rest = target.partition(".")
            where: Path_ = (*path, k, "target")
            if head in GROUP_VECTORS and rest:
                self.known(where, rest, "groups")
            elif head == "indicator" and rest:
                self.known(where, rest, "indicators")
            elif head == "budget" and rest:
                self.known(where, rest, "domains")
                continue
            elif target not in (*GROUP_VECTORS, "resilience", *MONEY_TARGETS):
                targets = [*GROUP_VECTORS, "resilience", *MONEY_TARGETS]
                targets += [f"{v}.{g}" for v in GROUP_VECTORS for g in self.ids["groups"]]
                targets += [f"indicator.{x}" for x in self.ids["indicators"]]
                targets += [f"budget.{x}" for x in self.ids["domains"]]
                self.add(where, f"unknown effect target '{target}'", _suggest(target, targets, ""))
                continue
            delta = _number(effect.get("delta"))
            if head not in MONEY_TARGETS and delta is not None and abs(delta) > 1:
                self.add(
                    (*path, k, "delta"),
                    f"delta {delta:g} is outside [-1, 1] for '{target}'",
                    "people, resilience and indicators are 0-1 in the file (players see "
                    f"0-100): write {delta / 100:g}"
                    if abs(delta) <= 100
                    else "",
                )

    def delay(self, path: Path_, after: Any, first: int | None) -> None:
        """A delayed effect that falls after the last turn never happens."""
        if first is None or self.count is None or not isinstance(after, int):
            return
        if isinstance(after, bool) or after <= 0 or first + after <= self.count:
            return
        room = self.count - first
        self.add(
            path,
            f"after {after} turns: on turn {first + after} at the earliest, after the last turn "
            f"({self.count}), so this effect never happens",
            f"use 'after: {room}' or less" if room >= 1 else "make it happen now ('after: 0')",
        )

    # -- conditions ------------------------------------------------------------------------------
    def condition(self, path: Path_, text: Any) -> bool:
        """Compile a condition, reporting errors inside it; False if it can never be true."""
        if not isinstance(text, str):
            return True
        try:
            compile_condition(text, self.vocab)
        except UnknownNameError as err:
            if _NAME_SECTIONS.get(err.name.partition(".")[0]) not in self.incomplete:
                self.problems.append(
                    self.doc.problem_in_text(path, text, err.column, err.message, err.hint)
                )
            return True
        except ConditionError as err:
            self.problems.append(
                self.doc.problem_in_text(path, text, err.column, err.message, err.hint)
            )
            return True
        tree = _parse_quietly(text) if self.schema_ok else None
        reasons: list[str] = []
        if tree is None or _possible(tree.body, self.settable, self.firing, reasons):
            return True
        self.add(path, f"this can never be true: {reasons[0]}", reasons[1])
        return False

    def _settable_flags(self) -> set[str]:
        flags = {
            f["id"]
            for _, f in self.sections["flags"]
            if f.get("initial") is True and isinstance(f.get("id"), str)
        }
        sources = [e for _, e in self.sections["events"]]
        sources += [a for _, a in self.sections["actions"]]
        sources += [o for _, d in self.sections["decisions"] for _, o in _items(d.get("options"))]
        for source in sources:
            sets = source.get("sets")
            if isinstance(sets, list):
                flags.update(s for s in sets if isinstance(s, str))
        return flags

    def _event_window(self, ident: str) -> tuple[int, int]:
        for _, event in self.sections["events"]:
            if event.get("id") == ident:
                return _turn_pair(event.get("window")) or (1, self.count or 1)
        return 1, self.count or 1

    def _event_can_fire(self, event: dict[str, Any]) -> bool:
        chance = _number(event.get("chance", 1.0))
        if chance is not None and chance <= 0:
            return False
        pair = _turn_pair(event.get("window"))
        if pair and (pair[0] > pair[1] or pair[1] < 1 or (self.count and pair[0] > self.count)):
            return False
        when = event.get("when")
        tree = _parse_quietly(when) if isinstance(when, str) else None
        return tree is None or _possible(tree.body, self.settable, {}, [])


def _parse_quietly(text: str) -> ast.Expression | None:
    """The ast of a condition that compiled (None if it does not parse)."""
    source = "".join(" " if c in "\r\n\x0b\x0c" else c for c in text.strip())
    try:
        return ast.parse(source, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _possible(node: ast.AST, flags: set[str], events: dict[str, bool], reasons: list[str]) -> bool:
    """A simple static check: can this condition ever be true? Only flags nothing sets and
    events that never fire are treated as certainly false; anything else might be true."""
    if isinstance(node, ast.BoolOp):
        results = [_possible(v, flags, events, reasons) for v in node.values]
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        kind, ident = node.value.id, node.attr
        if kind == "flag" and ident not in flags:
            reasons += [
                f"flag '{ident}' starts false and nothing sets it",
                f"list '{ident}' in some option's or event's 'sets', or give the flag "
                "'initial: true'",
            ]
            return False
        if kind == "event" and events.get(ident) is False:
            reasons += [f"event '{ident}' can never fire", "fix the event's window or chance"]
            return False
    return True


def _suggest(value: str, known: list[str], section: str) -> str:
    known = list(dict.fromkeys(known))
    match = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if match:
        return f"did you mean '{match[0]}'?"
    if known:
        shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        return f"known: {shown}"
    return f"define it under '{section}:' first" if section else ""
