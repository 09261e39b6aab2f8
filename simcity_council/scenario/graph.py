"""The story of a scenario as a graph: decisions by turn, the flags their options set, what each
decision, option, event, objective and debrief text needs, what events unlock, and what can never
happen (from :mod:`.reach`).

This module only builds the graph as data; :mod:`.graph_render` draws it (SVG, HTML, Graphviz
DOT). Columns are laid out in time: the flags that hold at the start, then for each turn its
decisions and events followed by the flags first set on that turn, then the end of the game.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._formula import Formula, parse_formula
from .reach import Finding, Story, analyse, turns_text


@dataclass
class Row:
    """One option of a decision."""

    id: str  # "option:<decision>.<option>"
    label: str
    tip: str
    dead: str = ""  # why it can never be chosen ("" when it can)
    likely: bool = False  # dead only probably (a warning)


@dataclass
class Node:
    """One box of the story graph: a decision (its options as rows), event, flag, action,
    objective or debrief line, placed in a column by when it can happen."""

    id: str  # "<kind>:<id>"
    kind: str  # decision, event, flag, action, objective, debrief
    label: str
    sub: str  # a second line: when it can happen
    column: int
    tip: str  # the tooltip: everything about it
    rows: list[Row] = field(default_factory=list)
    dead: str = ""
    likely: bool = False


@dataclass(frozen=True)
class Edge:
    """A link between two boxes or rows: what sets, clears, needs or unlocks what."""

    source: str  # a node or row id
    target: str
    kind: str  # sets, clears, needs, needs_not, unlocks


@dataclass
class StoryGraph:
    """A scenario as a graph of what can happen when and what leads to what."""

    title: str
    columns: list[str]  # column headings
    nodes: list[Node]
    edges: list[Edge]

    def node(self, ident: str) -> Node | None:
        """The node with id ``ident``, or holding the row with that id; None if there is none."""
        for n in self.nodes:
            if n.id == ident or any(r.id == ident for r in n.rows):
                return n
        return None


def story_graph(model: Any, story: Story | None = None) -> StoryGraph:
    """The graph of a validated scenario model (``story``: its reachability analysis)."""
    data = model.model_dump()
    story = story if story is not None else analyse(data)
    return _Builder(data, story).build()


def _turn_column(turn: int) -> int:
    """Turn t's decisions and events sit in column 2t - 1; what they set, in column 2t."""
    return 2 * turn - 1


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Builder:
    def __init__(self, data: dict[str, Any], story: Story) -> None:
        self.data = data
        self.story = story
        self.T = int(data["turns"]["count"])
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.dead: dict[tuple[str, str], Finding] = {(f.kind, f.ident): f for f in story.findings}

    def _dead(self, kind: str, ident: str) -> tuple[str, bool]:
        finding = self.dead.get((kind, ident))
        if finding is None:
            return "", False
        return finding.message, not finding.sure

    def build(self) -> StoryGraph:
        labels = list(self.data["turns"].get("labels") or [])
        columns = ["Start"]
        for t in range(1, self.T + 1):
            label = labels[t - 1] if t - 1 < len(labels) else ""
            columns += [f"Turn {t}" + (f" · {label}" if label else ""), f"set in turn {t}"]
        columns.append("End")
        self._flags()
        self._decisions()
        self._events()
        self._actions()
        self._ends()
        known = {n.id for n in self.nodes} | {r.id for n in self.nodes for r in n.rows}
        edges = [e for e in dict.fromkeys(self.edges) if e.source in known and e.target in known]
        title = str(self.data["meta"]["title"])
        return StoryGraph(title, columns, self.nodes, edges)

    # -- nodes -----------------------------------------------------------------------------------
    def _flags(self) -> None:
        setters: dict[str, int] = {}
        for flag in self.data.get("flags") or []:
            ident = flag["id"]
            first = self.story.flag_first.get(ident)
            if flag.get("initial"):
                column, sub = 0, "set at the start"
            elif first is None:
                column, sub = 0, "never set"
            else:
                column, sub = 2 * (first - 1), f"set in turn {first - 1} at the earliest"
            setters[ident] = column
            dead = "" if first is not None else f"flag '{ident}' is never set"
            self.nodes.append(
                Node(
                    f"flag:{ident}",
                    "flag",
                    ident,
                    sub,
                    column,
                    f"flag.{ident}: {flag.get('label', '')}\n{sub}",
                    dead=dead,
                )
            )

    def _decisions(self) -> None:
        for d in self.data.get("decisions") or []:
            ident = d["id"]
            turns = self.story.decision_turns.get(ident, [])
            first = turns[0] if turns else self._scheduled_first(d)
            dead, likely = self._dead("decision", ident)
            schedule = self._schedule(d)
            sub = turns_text(turns) if turns else "never comes up"
            if d.get("after_event"):
                sub = f"after event {d['after_event']}: {sub}"
            tip = [f"decision {ident}: {d['title']}", f"scheduled: {schedule}"]
            if d.get("when"):
                tip.append(f"when: {_short(d['when'], 200)}")
            tip.append(f"comes up: {sub}")
            if dead:
                tip.append(dead)
            if d.get("notes"):
                tip.append(f"notes: {_short(d['notes'], 300)}")
            node = Node(
                f"decision:{ident}",
                "decision",
                str(d["title"]),
                sub,
                _turn_column(max(1, min(first, self.T))),
                "\n".join(tip),
                dead=dead,
                likely=likely,
            )
            for o in d.get("options") or []:
                key = f"{ident}.{o['id']}"
                o_dead, o_likely = self._dead("option", key)
                if dead and not o_dead:
                    o_dead, o_likely = f"decision '{ident}' never comes up", likely
                tip_o = [f"option {key}: {o['label']}"]
                if o.get("requires"):
                    tip_o.append(f"requires: {_short(o['requires'], 200)}")
                if o.get("capacity"):
                    tip_o.append(f"staff points: {o['capacity']}")
                promise = o.get("promise")
                if isinstance(promise, dict):
                    tip_o.append(
                        f"promise: {_short(str(promise.get('label', '')), 120)}, due "
                        f"{promise.get('due')} turns later, kept when "
                        f"{_short(str(promise.get('kept_when', '')), 120)}"
                        + (
                            f", lapses when {_short(str(promise['void_when']), 120)}"
                            if promise.get("void_when")
                            else ""
                        )
                    )
                if o_dead:
                    tip_o.append(o_dead)
                if o.get("notes"):
                    tip_o.append(f"notes: {_short(o['notes'], 300)}")
                node.rows.append(
                    Row(
                        f"option:{key}",
                        f"{o['id']}: {o['label']}",
                        "\n".join(tip_o),
                        o_dead,
                        o_likely,
                    )
                )
                self._links(o, f"option:{key}", o.get("requires"))
            if d.get("after_event"):
                self.edges.append(Edge(f"event:{d['after_event']}", node.id, "unlocks"))
            self._needs(d.get("when"), node.id)
            self.nodes.append(node)

    def _scheduled_first(self, d: dict[str, Any]) -> int:
        if d.get("turn") is not None:
            return int(d["turn"])
        if d.get("window") is not None:
            return int(d["window"][0])
        for e in self.data.get("events") or []:
            if e["id"] == d.get("after_event"):
                return int(e["window"][0]) + 1
        return 1

    @staticmethod
    def _schedule(d: dict[str, Any]) -> str:
        if d.get("turn") is not None:
            return f"turn {d['turn']}"
        if d.get("window") is not None:
            return f"first turn of window {list(d['window'])} where 'when' holds"
        if d.get("after_event"):
            return f"the turn after event {d['after_event']} fires"
        return "the first turn where 'when' holds"

    def _events(self) -> None:
        for e in self.data.get("events") or []:
            ident = e["id"]
            fires = self.story.event_turns.get(ident, [])
            first, last = e["window"]
            column = _turn_column(max(1, min(fires[0] if fires else first, self.T)))
            chance = float(e.get("chance", 1.0))
            sub = f"{turns_text(fires) if fires else 'never fires'} · chance {chance:.0%}"
            dead, likely = self._dead("event", ident)
            tip = [f"event {ident}: {e['title']}", f"window: [{first}, {last}], chance {chance:g}"]
            if e.get("when"):
                tip.append(f"when: {_short(e['when'], 200)}")
            if dead:
                tip.append(dead)
            if e.get("notes"):
                tip.append(f"notes: {_short(e['notes'], 300)}")
            node = Node(
                f"event:{ident}",
                "event",
                str(e["title"]),
                sub,
                column,
                "\n".join(tip),
                dead=dead,
                likely=likely,
            )
            self.nodes.append(node)
            self._links(e, node.id, e.get("when"))

    def _actions(self) -> None:
        for a in self.data.get("actions") or []:
            if not (a.get("requires") or a.get("sets") or a.get("clears")):
                continue  # available every turn: nothing to draw
            ident = a["id"]
            turns = self.story.action_turns.get(ident, [])
            dead, likely = self._dead("action", ident)
            sub = f"action · {turns_text(turns) if turns else 'never'}"
            tip = f"action {ident}: {a['name']}\nrequires: {a.get('requires') or '-'}"
            node = Node(
                f"action:{ident}",
                "action",
                str(a["name"]),
                sub,
                _turn_column(turns[0]) if turns else 1,
                tip + (f"\n{dead}" if dead else ""),
                dead=dead,
                likely=likely,
            )
            self.nodes.append(node)
            self._links(a, node.id, a.get("requires"))

    def _ends(self) -> None:
        ends = [
            (
                "objective",
                o["id"],
                f"Goal: {o['label']}",
                "objective",
                o["when"],
                f"objective {o['id']}: {o['label']}",
            )
            for o in self.data.get("objectives") or []
        ]
        ends += [
            (
                "debrief",
                str(i),
                _short(d["text"], 60),
                "debrief text",
                d["when"],
                f"debrief[{i}]: {_short(d['text'], 300)}",
            )
            for i, d in enumerate(self.data.get("debrief") or [])
        ]
        for kind, ident, label, sub, when, tip in ends:
            if not _names_story(parse_formula(when)):
                continue  # on numbers only: nothing in the story leads to it
            dead, likely = self._dead(kind, ident)
            tip = f"{tip}\nwhen: {when}" + (f"\n{dead}" if dead else "")
            node = Node(
                f"{kind}:{ident}", kind, label, sub, 2 * self.T + 1, tip, dead=dead, likely=likely
            )
            self.nodes.append(node)
            self._needs(when, node.id)

    def _links(self, item: dict[str, Any], source: str, condition: str | None) -> None:
        """The flags ``item`` sets and clears, and what its condition needs."""
        for flag in item.get("sets") or []:
            self.edges.append(Edge(source, f"flag:{flag}", "sets"))
        for flag in item.get("clears") or []:
            self.edges.append(Edge(source, f"flag:{flag}", "clears"))
        self._needs(condition, source)

    # -- edges from conditions -------------------------------------------------------------------
    def _needs(self, text: str | None, target: str) -> None:
        if not text:
            return
        formula = parse_formula(text)
        if formula is None:
            return
        for lit in formula.literals():
            if lit.kind == "flag":
                kind = "needs" if lit.value else "needs_not"
                self.edges.append(Edge(f"flag:{lit.key}", target, kind))
            elif lit.kind == "event":
                kind = "needs" if lit.value else "needs_not"
                self.edges.append(Edge(f"event:{lit.key}", target, kind))
            elif lit.kind == "chose":
                kind = "needs" if lit.value else "needs_not"
                self.edges.append(Edge(f"option:{lit.key[0]}.{lit.key[1]}", target, kind))


def _names_story(formula: Formula | None) -> bool:
    """Whether a condition reads a flag, an event or a choice."""
    return formula is not None and any(
        lit.kind in ("flag", "event", "chose") for lit in formula.literals()
    )
