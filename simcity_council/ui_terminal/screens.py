"""The screens before and during a turn: picker, briefing, the city at a glance, agenda, actions,
the city map as text, the first-turn guide and the list of commands.

Each function draws engine views (and, for the briefing, the scenario's own texts) on a
:class:`~.writer.Writer`, in the words of :mod:`simcity_council.wording` (the window's words).
A turn starts brief (the city in a line, the people in a table) so that it fits a 80x24
terminal; the rest is a command away. Nothing here computes a rule of the game.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..engine.views import ActionView, Choices, DecisionView, OptionView, TurnView
from ..scenario.models import Scenario
from ..wording import (
    FORECAST_SCALE,
    Names,
    action_effects,
    map_lines,
    option_sentences,
    price_words,
    promises_words,
    requirement_words,
    reserve_after_sentence,
    share_words,
    staff_points,
    sureness,
    this_turn_money,
)
from . import words
from .writer import Cell, Span, Writer

#: Said at every ``?``.
QUIT_HELP = "Type q to save your game and stop; you can continue it later."
#: Said once, in the briefing and at each turn's start.
HELP_TEXT = (
    "At any question: ? or help lists what it accepts and the commands; city, people, map, "
    "options, history, details and repeat show things again; q saves and stops."
)
#: The commands every question accepts, with what each shows (``help`` lists them).
COMMANDS = (
    ("city", "the city's money, resilience, staff and promises"),
    ("people", "every group's numbers and what the city believes they want"),
    ("map", "where the groups live, as text"),
    ("options", "the question's choices again, in full"),
    ("history", "the turns played so far"),
    ("details", "why each number moved in the last turn"),
    ("repeat", "the last screen again"),
    ("q", "save the game and stop (continue it later)"),
)


@dataclass(frozen=True)
class ScenarioEntry:
    """One line of the scenario picker."""

    id: str
    title: str
    city: str
    period: str
    turns: int


def show_picker(w: Writer, entries: Sequence[ScenarioEntry]) -> None:
    """The built-in scenarios, numbered."""
    w.heading("Choose a scenario")
    for i, entry in enumerate(entries, 1):
        w.line(
            f"{i}. ",
            Span(entry.title, "strong"),
            f" - {entry.city}, {entry.period}, {entry.turns} turns (id: {entry.id})",
            indent=1,
        )


def show_briefing(w: Writer, model: Scenario) -> None:
    """Who you are, what is going on, and what to aim for."""
    meta = model.meta
    names = Names.of(model)
    w.heading(f"{meta.title} - {meta.city}, {meta.period}")
    w.field("Your role", meta.role)
    w.field("The situation", meta.summary.strip())
    w.heading("What this game is about", 2)
    for learning in meta.learning_objectives:
        w.line(f"- {learning}", indent=1)
    if model.objectives:
        from ..wording import objective_words

        w.heading("Your objectives (checked at the end)", 2)
        for objective in model.objectives:
            w.line(f"- {objective_words(objective.label, objective.when, names)}", indent=1)


def show_people(
    w: Writer, view: TurnView, *, player: str, log: str, seed: int | None, code: str = ""
) -> None:
    """Who lives here, and how to play."""
    w.heading("Who lives here", 2)
    for group in view.groups:
        text = f"- {group.name} ({share_words(group, {g.id: g.name for g in view.groups})})"
        if group.description:
            text += f": {group.description.strip()}"
        w.line(text, indent=1)
        w.line(
            f"Heard without outreach: {words.points(group.voice)} of 100; "
            f"hit by shocks: {words.points(group.vulnerability)} of 100.",
            indent=2,
        )
    w.heading("How to play", 2)
    w.line(
        f"The game lasts {view.turns_total} turns. Each turn you answer the items on the "
        "council's agenda and choose listening actions within your staff capacity and budget. "
        "Type the number in front of a choice or its id. All people numbers are 0 to 100.",
        indent=1,
    )
    w.line(HELP_TEXT, indent=1)
    luck = f", class code {code}" if code else (f", seed {seed}" if seed is not None else "")
    w.line(f"You play as {player}{luck}. Your game is saved as you go in:", indent=1)
    w.verbatim(log, indent=2)


def show_guide(w: Writer) -> None:
    """The first-turn guide: how a turn goes, in five points (shown once on this computer)."""
    w.heading("Your first turn: how it goes", 2)
    for line in (
        "1. You see the city (money, staff) and the people: trust, wellbeing and engagement, "
        "0 to 100.",
        "2. The agenda comes one item at a time: type the number of an option (or its id). "
        + FORECAST_SCALE,
        "3. Then listening actions (optional): they teach the city what people really need.",
        "4. You confirm, and see what happened; type details for why each number moved.",
        "5. Any time: help lists the commands; map shows where people live; q saves and stops.",
    ):
        w.line(line, indent=1)


def show_help(w: Writer, accepts: str = "", items: Sequence[tuple[str, str]] = ()) -> None:
    """What the question accepts (each choice by number, label and id) and every command."""
    if accepts:
        w.line(f"This question accepts {accepts}.", indent=1)
    for number, (label, ident) in enumerate(items, 1):
        w.line(f"{number} = {label} (id: {ident})", indent=2)
    w.line("Commands, at any question:", indent=1)
    for word, what in COMMANDS:
        w.line(f"{word}: {what}", indent=2)


def city_line(view: TurnView, floor: bool = True) -> str:
    """The city in one sentence, for the start of a turn; the reserve's floor is said when
    ``floor`` or when the reserve is less than twice the floor."""
    city = view.city
    cur = city.currency
    near = 0 < city.reserve_floor and city.reserve < 2 * city.reserve_floor
    said = f" (the floor is {words.money(city.reserve_floor, cur)})" if floor or near else ""
    return (
        f"Reserve {words.money(city.reserve, cur)}{said}; revenue next turn "
        f"{words.money(city.revenue, cur)}; resilience {words.points(city.resilience)}; "
        f"{staff_points(city.capacity)}" + (" this turn." if floor else ".")
    )


def show_city(w: Writer, view: TurnView) -> None:
    """Money, resilience, capacity, indicators, flags and open promises."""
    city = view.city
    cur = city.currency
    w.heading("The city", 2)
    w.field(
        "Reserve",
        f"{words.money(city.reserve, cur)} (the state takes over below "
        f"{words.money(city.reserve_floor, cur)})",
        indent=1,
    )
    w.field("Revenue expected next", words.money(city.revenue, cur), indent=1)
    w.field(
        "Running every service",
        f"{words.money(city.spending, cur)} per turn, your budget changes included",
        indent=1,
    )
    w.field("Economic resilience", f"{words.points(city.resilience)} of 100", indent=1)
    w.field("Staff capacity", f"{staff_points(city.capacity)} this turn", indent=1)
    for key, value in city.indicators.items():
        w.field(city.indicator_names.get(key, key), f"{words.points(value)} of 100", indent=1)
    done = [city.flag_labels.get(key, key) for key, value in city.flags.items() if value]
    if done:
        w.field("So far", "; ".join(done), indent=1)
    if view.promises_open:
        w.field("Promises you must keep", promises_words(view), indent=1)


def show_groups(w: Writer, view: TurnView) -> None:
    """Every group's trust, wellbeing and engagement with their change since last turn (from
    the second turn on: on the first there is no change to show)."""
    first = view.turn == 1
    w.heading(
        "The people (0 to 100)" if first else "The people (0 to 100, change since last turn)", 2
    )
    rows: list[list[Cell]] = [
        [
            group.name,
            w.level(group.trust, None if first else group.trust_change),
            w.level(group.wellbeing, None if first else group.wellbeing_change),
            w.level(group.engagement, None if first else group.engagement_change),
        ]
        for group in view.groups
    ]
    w.table(["group", "trust", "wellbeing", "engagement"], rows)


def show_beliefs(w: Writer, view: TurnView) -> None:
    """What the city believes each group wants, and how sure it is."""
    names = {d.id: d.name for d in view.domains}
    w.heading("What the city believes each group wants", 2)
    for group in view.groups:
        w.line(
            Span(group.name, "strong"),
            f" ({share_words(group)}): the city {sureness(group.uncertainty)}; believed "
            f"to want most: {words.top_beliefs(group.belief, names)}.",
            indent=1,
        )
    w.line(
        "Listening actions make the city surer; results depend on what people really need.",
        indent=1,
    )


def show_map(w: Writer, view: TurnView, city_map: Any) -> None:
    """The city map as text: each area, the trust and wellbeing of those who live there."""
    w.heading("Where people live", 2)
    if city_map is None:
        w.line("This scenario has no map.", indent=1)
        return
    names = {g.id: g.name for g in view.groups}
    trust = {g.id: g.trust for g in view.groups}
    wellbeing = {g.id: g.wellbeing for g in view.groups}
    for line, well in zip(
        map_lines(city_map, trust, names, "trust"),
        map_lines(city_map, wellbeing, names, "wellbeing", shares=False),
        strict=True,
    ):
        w.line(line, indent=1)
        w.line(well, indent=2)
    if city_map.note:
        w.line(city_map.note.strip(), indent=1)


def _short_of_points(need: int, left: int | None) -> Span | None:
    """A note that something needs more staff points than this turn's earlier choices left."""
    if left is None or need <= left:
        return None
    return Span(f" (needs {staff_points(need)}; {left} left after your other choices)", "warn")


@dataclass(frozen=True)
class TurnWords:
    """What the agenda needs to word options: the scenario's names and requirements."""

    names: Names
    requires: dict[str, str]

    @classmethod
    def of(cls, model: Any) -> TurnWords:
        from ..wording import requirements

        return cls(Names.of(model), requirements(model))


def why_not(reason: str, key: str, tw: TurnWords | None) -> str:
    """Why an option (``decision.option``) or action (its id) is unavailable, in words."""
    if tw is None:
        return words.unavailable_words(reason)
    return requirement_words(reason, tw.requires.get(key), tw.names)


def option_lines(
    w: Writer,
    number: int,
    option: OptionView,
    view: TurnView,
    indent: int = 1,
    points_left: int | None = None,
    decision_id: str = "",
    tw: TurnWords | None = None,
    ids: bool = True,
) -> None:
    """One option of a decision, with everything a student may weigh (never its stance: that is
    for the debrief). ``points_left``: the staff points the turn's earlier answers leave, to mark
    an option that needs more; ``ids=False`` leaves out its id (numbers are enough once a
    student has seen that ids are accepted too)."""
    groups = {g.id: g.name for g in view.groups}
    domains = {d.id: d.name for d in view.domains}
    head: list[Cell] = [
        f"{number}. ",
        Span(option.label, "strong" if option.available else "muted"),
    ]
    if ids:
        head.append(f" (id: {option.id})")
    if not option.available:
        reason = why_not(option.reason, f"{decision_id}.{option.id}", tw)
        head.append(Span(f" ({reason})", "warn"))
    elif short := _short_of_points(option.capacity, points_left):
        head.append(short)
    w.line(*head, indent=indent)
    for sentence in option_sentences(option, view.city.currency, groups, domains):
        w.line(sentence, indent=indent + 1)
    if option.description:
        w.line(option.description.strip(), indent=indent + 1)


def show_decision(
    w: Writer,
    index: int,
    count: int,
    decision: DecisionView,
    view: TurnView,
    points_left: int | None = None,
    tw: TurnWords | None = None,
    ids: bool = True,
) -> None:
    """One agenda item and its options. With ``points_left`` (the staff points this turn's earlier
    answers leave), says how many are left when earlier answers used some and an option here
    needs some."""
    w.heading(f"Agenda item {index} of {count}: {decision.title}", 2)
    if decision.prompt:
        w.line(decision.prompt.strip(), indent=1)
    if (
        points_left is not None
        and points_left < view.city.capacity
        and any(o.capacity for o in decision.options)
    ):
        w.line(f"Staff points left this turn: {points_left} of {view.city.capacity}.", indent=1)
    for number, option in enumerate(decision.options, 1):
        option_lines(
            w,
            number,
            option,
            view,
            points_left=points_left,
            decision_id=decision.id,
            tw=tw,
            ids=ids,
        )


def action_line(
    w: Writer,
    number: int,
    action: ActionView,
    view: TurnView,
    points_left: int | None = None,
    tw: TurnWords | None = None,
    brief: bool = False,
    points: bool = True,
) -> None:
    """One listening or engagement action (marked when it needs more than ``points_left``);
    ``brief``: its name and price in one line (what it does and its id were shown on an earlier
    turn), with its staff points unless ``points`` is False (the list says them once)."""
    cur = view.city.currency
    groups = {g.id: g.name for g in view.groups}
    head: list[Cell] = [
        f"{number}. ",
        Span(action.name, "strong" if action.available else "muted"),
    ]
    if not brief:  # its id was shown with it before
        head.append(f" (id: {action.id})")
    if not action.available:
        reason = "unavailable" if brief else why_not(action.reason, action.id, tw)
        head.append(Span(f" ({reason})", "warn"))
    elif short := _short_of_points(action.capacity, points_left):
        head.append(short)
    if brief:  # described on an earlier turn: its price in the same line
        price = words.money(action.cost, cur)
        tail = f": {price}, {staff_points(action.capacity)}." if points else f": {price}."
        w.line(*head, tail, indent=1)
        return
    w.line(*head, indent=1)
    reach = words.join_names([groups.get(t, t) for t in action.targets])
    effects = action_effects(action.listening, action.engagement, action.transparency)
    w.line(
        f"Costs {words.money(action.cost, cur)}; uses {staff_points(action.capacity)}; reaches "
        f"{reach}" + (f"; {effects}" if effects else "") + ".",
        indent=2,
    )
    if action.description and not brief:
        w.line(action.description.strip(), indent=2)


def show_actions(
    w: Writer,
    view: TurnView,
    decisions: dict[str, str] | None = None,
    tw: TurnWords | None = None,
    known: set[str] | None = None,
    options_hint: bool = True,
) -> None:
    """The listening and engagement actions on offer this turn; with the turn's ``decisions``
    already made, also what they leave of the staff points and the reserve. Actions in
    ``known`` (described on an earlier turn) come without their description, followed by how to
    read it again unless ``options_hint`` is False (said once is enough)."""
    if not view.actions:
        return
    brief = known is not None and any(a.id in known for a in view.actions)
    if brief and decisions is not None:  # what is left is said just below
        w.heading("Listening and engagement actions", 2)
    else:
        w.heading(
            f"Listening and engagement actions ({staff_points(view.city.capacity)} this turn)", 2
        )
    left: int | None = None
    if decisions is not None:
        chosen = [o for d in view.agenda for o in d.options if decisions.get(d.id) == o.id]
        left = max(view.city.capacity - sum(o.capacity for o in chosen), 0)
        # what actions may still spend now: one-time costs only (a budget change's money comes
        # and goes as the turn runs, as the engine's checks count it)
        money = view.city.reserve - sum(o.cost for o in chosen)
        if decisions:
            w.line(
                f"After your decisions: {staff_points(left)} and "
                f"{words.money(money, view.city.currency)} to spend now.",
                indent=1,
            )
        if left == 0 and all(a.capacity for a in view.actions):
            w.line("Every action needs a staff point: press Enter to take none.", indent=1)
            left = None  # said once for all, not on every line
    seen = {a.id for a in view.actions if known is not None and a.id in known}
    shown = [(n, a) for n, a in enumerate(view.actions, 1) if a.available or a.id not in seen]
    # described before and still unavailable: named by number only
    waiting = [str(n) for n, a in enumerate(view.actions, 1) if a.id in seen and not a.available]
    same = {a.capacity for _, a in shown if a.id in seen}
    each = len(same) == 1 and all(a.id in seen for _, a in shown)
    for number, action in shown:
        brief_here = action.id in seen
        action_line(w, number, action, view, left, tw, brief=brief_here, points=not each)
    if each and shown:
        w.line(f"{staff_points(same.pop())} each.", indent=1)
    if waiting:
        w.line(
            Span(f"Not available now: {words.join_names(waiting)} (options says why).", "muted"),
            indent=1,
        )
    if brief and options_hint:
        w.line("Type options for whom each action reaches and what it does.", indent=1)


def show_turn(w: Writer, view: TurnView, people: bool = True, hint: bool = True) -> None:
    """The start of a turn, brief: the city in a line, the people in a table (``people``,
    ``city`` and ``map`` show more). ``people=False`` leaves the table out: the last turn's
    result, just above, showed the same numbers; ``hint=False`` then does not say so again."""
    w.heading(f"Turn {view.turn} of {view.turns_total}: {view.label}")
    w.line(city_line(view, floor=people or hint), indent=1)
    if view.promises_open:
        w.field("Promises you must keep", promises_words(view), indent=1)
    if people:
        show_groups(w, view)
        w.line("Type people for what the city believes each group wants, help for more.", indent=1)
    elif hint:
        w.line(
            "The people: as in the result above (people shows them and the city's beliefs).",
            indent=1,
        )


def show_choices(
    w: Writer,
    view: TurnView,
    choices: Choices,
    whose: str = "Your",
    brief: bool = False,
    reserve_after: float | None = None,
) -> None:
    """The confirmation summary before the turn ends (``whose``: "Your", or a policy's);
    ``brief``: the decisions in one line without their questions (the student has just
    answered them); ``reserve_after``: where the choices leave the reserve before the turn's
    news (``Game.reserve_after``), said after the total."""
    cur = view.city.currency
    w.heading(f"{whose} choices for {view.label}", 2)
    total = 0.0
    capacity = 0
    answers: list[str] = []
    for decision in view.agenda:
        chosen_id = choices.decisions.get(decision.id)
        option = next((o for o in decision.options if o.id == chosen_id), None)
        if option is None:
            w.field(decision.title, Span("no answer yet", "warn"), indent=1)
            continue
        total += this_turn_money(option)
        capacity += option.capacity
        price = price_words(option, cur) if option.per_turn else words.money(option.cost, cur)
        answer = f"{option.label} ({price})"
        if brief:
            answers.append(answer)
        else:
            w.field(decision.title, answer, indent=1)
    if answers:
        w.field("Decisions" if len(answers) > 1 else "Decision", "; ".join(answers), indent=1)
    chosen = [a for a in view.actions if a.id in choices.actions]
    for action in chosen:
        total += action.cost
        capacity += action.capacity
    w.field(
        "Actions",
        "; ".join(
            f"{a.name} ({words.money(a.cost, cur)}, {staff_points(a.capacity)})" for a in chosen
        )
        if chosen
        else "none",
        indent=1,
    )
    # this turn's money: one-time costs and the first turn of every budget change
    spent = words.money(total, cur) if total >= 0 else f"saves {words.money(-total, cur)}"
    reserve = words.money(view.city.reserve, cur)
    points = f"{capacity} of {view.city.capacity} staff points"
    if brief:
        w.field("Total", f"{spent} (reserve {reserve}); {points}", indent=1)
    elif total >= 0:
        w.field("Total this turn", f"{spent} from a reserve of {reserve}; {points}", indent=1)
    else:
        w.field("Total this turn", f"{spent} (the reserve is {reserve}); {points}", indent=1)
    # where the choices leave the reserve, running the city included: said on the first turn,
    # then when it matters (the reading is kept short): choices that save money while the
    # reserve still falls ('saves' would mislead), or a reserve that would end below its floor
    if reserve_after is not None and (
        not brief
        or (total < 0 and reserve_after < view.city.reserve)
        or reserve_after < view.city.reserve_floor
    ):
        w.line(reserve_after_sentence(view.city, reserve_after), indent=1)
