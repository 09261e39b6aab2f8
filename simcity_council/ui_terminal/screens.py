"""The screens before and during a turn: picker, briefing, the city at a glance, agenda, actions.

Each function draws engine views (and, for the briefing, the scenario's own texts) on a
:class:`~.writer.Writer`. Nothing here computes a rule of the game.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..engine.views import ActionView, Choices, DecisionView, OptionView, TurnView
from ..scenario.models import Scenario
from ..wording import sureness
from . import words
from .writer import Cell, Span, Writer

#: Said at every ``?``.
QUIT_HELP = "Type q to save your game and stop; you can continue it later."
#: Said once, in the briefing.
HELP_TEXT = (
    "At any question: type ? for help, city or people to see them again, or q to save your "
    "game and stop (you can continue it later)."
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
    w.heading(f"{meta.title} - {meta.city}, {meta.period}")
    w.field("Your role", meta.role)
    w.field("The situation", meta.summary.strip())
    w.heading("What this game is about", 2)
    for objective in meta.learning_objectives:
        w.line(f"- {objective}", indent=1)
    if model.objectives:
        w.heading("Your objectives (checked at the end)", 2)
        for objective in model.objectives:
            w.line(f"- {objective.label}", indent=1)


def show_people(w: Writer, view: TurnView, *, player: str, log: str, seed: int | None) -> None:
    """Who lives here, and how to play."""
    w.heading("Who lives here", 2)
    for group in view.groups:
        share = (
            f"{words.percent(group.share)} of residents"
            if group.share
            else "not counted in the population shares"
        )
        text = f"- {group.name} ({share})"
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
    seed_text = f", seed {seed}" if seed is not None else ""
    w.line(f"You play as {player}{seed_text}. Your game is saved as you go in:", indent=1)
    w.verbatim(log, indent=2)


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
    w.field("Running every service", f"{words.money(city.spending, cur)} per turn", indent=1)
    w.field("Economic resilience", f"{words.points(city.resilience)} of 100", indent=1)
    w.field("Staff capacity", f"{_points(city.capacity)} this turn", indent=1)
    for key, value in city.indicators.items():
        w.field(city.indicator_names.get(key, key), f"{words.points(value)} of 100", indent=1)
    done = [city.flag_labels.get(key, key) for key, value in city.flags.items() if value]
    if done:
        w.field("So far", "; ".join(done), indent=1)
    if view.promises_open:
        w.field("Promises you must keep", "; ".join(view.promises_open), indent=1)


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
            words.percent(group.share) if group.share else "not counted",
            w.level(group.trust, None if first else group.trust_change),
            w.level(group.wellbeing, None if first else group.wellbeing_change),
            w.level(group.engagement, None if first else group.engagement_change),
        ]
        for group in view.groups
    ]
    w.table(["group", "share", "trust", "wellbeing", "engagement"], rows)


def show_beliefs(w: Writer, view: TurnView) -> None:
    """What the city believes each group wants, and how sure it is."""
    names = {d.id: d.name for d in view.domains}
    w.heading("What the city believes each group wants", 2)
    for group in view.groups:
        w.line(
            Span(group.name, "strong"),
            f": the city {sureness(group.uncertainty)} (uncertainty "
            f"{words.points(group.uncertainty)}); believed to want most: "
            f"{words.top_beliefs(group.belief, names)}.",
            indent=1,
        )
    w.line(
        "Listening actions make the city surer; results depend on what people really need.",
        indent=1,
    )


def _points(count: int) -> str:
    return f"{count} staff point" + ("" if count == 1 else "s")


def _amounts(amounts: dict[str, float], names: dict[str, str], cur: str) -> str:
    return ", ".join(f"{names.get(k, k)} {words.money(v, cur)}" for k, v in amounts.items() if v)


def _short_of_points(need: int, left: int | None) -> Span | None:
    """A note that something needs more staff points than this turn's earlier choices left."""
    if left is None or need <= left:
        return None
    return Span(f" (needs {_points(need)}; {left} left after your other choices)", "warn")


def option_lines(
    w: Writer,
    number: int,
    option: OptionView,
    view: TurnView,
    indent: int = 1,
    points_left: int | None = None,
) -> None:
    """One option of a decision, with everything a student may weigh. ``points_left``: the staff
    points the turn's earlier answers leave, to mark an option that needs more."""
    cur = view.city.currency
    groups = {g.id: g.name for g in view.groups}
    domains = {d.id: d.name for d in view.domains}
    head: list[Cell] = [
        f"{number}. ",
        Span(option.label, "strong" if option.available else "muted"),
        f" (id: {option.id})",
    ]
    if not option.available:
        head.append(Span(f" ({words.unavailable_words(option.reason)})", "warn"))
    elif short := _short_of_points(option.capacity, points_left):
        head.append(short)
    w.line(*head, indent=indent)
    if option.description:
        w.line(option.description.strip(), indent=indent + 1)
    cost = f"{words.money(option.cost, cur)} once" if option.cost else "nothing now"
    cost += _per_turn(option, cur)
    if option.capacity:
        cost += f"; uses {_points(option.capacity)}"
    w.field("Cost", cost, indent=indent + 1)
    spend = _amounts(option.spend, domains, cur)
    if spend:
        w.field("Spending", spend, indent=indent + 1)
    consulted = [f"{groups.get(k, k)} {words.points(v)}" for k, v in option.consult.items() if v]
    w.field(
        "Consulted (how fully heard, of 100)",
        ", ".join(consulted) if consulted else "no one",
        indent=indent + 1,
    )
    if option.transparency:
        w.field("Transparency", f"{words.points(option.transparency)} of 100", indent=indent + 1)
    if option.promise:
        w.field("Promise", option.promise, indent=indent + 1)


def show_decision(
    w: Writer,
    index: int,
    count: int,
    decision: DecisionView,
    view: TurnView,
    points_left: int | None = None,
) -> None:
    """One agenda item and its options. With ``points_left`` (the staff points this turn's earlier
    answers leave), says how many are left when an option here needs some."""
    w.heading(f"Agenda item {index} of {count}: {decision.title}", 2)
    if decision.prompt:
        w.line(decision.prompt.strip(), indent=1)
    if points_left is not None and any(o.capacity for o in decision.options):
        w.line(f"Staff points left this turn: {points_left} of {view.city.capacity}.", indent=1)
    for number, option in enumerate(decision.options, 1):
        option_lines(w, number, option, view, points_left=points_left)


def action_line(
    w: Writer, number: int, action: ActionView, view: TurnView, points_left: int | None = None
) -> None:
    """One listening or engagement action (marked when it needs more than ``points_left``)."""
    cur = view.city.currency
    groups = {g.id: g.name for g in view.groups}
    head: list[Cell] = [
        f"{number}. ",
        Span(action.name, "strong" if action.available else "muted"),
        f" (id: {action.id})",
    ]
    if not action.available:
        head.append(Span(f" ({words.unavailable_words(action.reason)})", "warn"))
    elif short := _short_of_points(action.capacity, points_left):
        head.append(short)
    w.line(*head, indent=1)
    if action.description:
        w.line(action.description.strip(), indent=2)
    effects = []
    if action.listening:
        effects.append(f"listening {words.points(action.listening)} of 100 (makes the city surer)")
    if action.engagement:
        effects.append(f"engagement +{words.points(action.engagement)}")
    if action.transparency:
        effects.append(f"transparency +{words.points(action.transparency)}")
    reach = ", ".join(groups.get(t, t) for t in action.targets)
    w.field(
        "Cost",
        f"{words.money(action.cost, cur)}, {_points(action.capacity)}; reaches: {reach}"
        + (f"; {', '.join(effects)}" if effects else ""),
        indent=2,
    )


def show_actions(w: Writer, view: TurnView, decisions: dict[str, str] | None = None) -> None:
    """The listening and engagement actions on offer this turn; with the turn's ``decisions``
    already made, also what they leave of the staff points and the reserve."""
    if not view.actions:
        return
    w.heading(f"Listening and engagement actions ({_points(view.city.capacity)} this turn)", 2)
    left: int | None = None
    if decisions is not None:
        chosen = [o for d in view.agenda for o in d.options if decisions.get(d.id) == o.id]
        left = max(view.city.capacity - sum(o.capacity for o in chosen), 0)
        money = view.city.reserve - sum(o.cost for o in chosen)
        if decisions:
            w.line(
                f"After your decisions: {_points(left)} and "
                f"{words.money(money, view.city.currency)} left.",
                indent=1,
            )
        if left == 0 and all(a.capacity for a in view.actions):
            w.line("Every action needs a staff point: press Enter to take none.", indent=1)
    for number, action in enumerate(view.actions, 1):
        action_line(w, number, action, view, points_left=left)


def show_turn(w: Writer, view: TurnView) -> None:
    """The start of a turn: the city and the people at a glance, and what the city believes."""
    w.heading(f"Turn {view.turn} of {view.turns_total}: {view.label}")
    show_city(w, view)
    show_groups(w, view)
    show_beliefs(w, view)


def show_choices(w: Writer, view: TurnView, choices: Choices, whose: str = "Your") -> None:
    """The confirmation summary before the turn ends (``whose``: "Your", or a policy's)."""
    cur = view.city.currency
    w.heading(f"{whose} choices for {view.label}", 2)
    total = 0.0
    capacity = 0
    for decision in view.agenda:
        chosen_id = choices.decisions.get(decision.id)
        option = next((o for o in decision.options if o.id == chosen_id), None)
        if option is None:
            w.field(decision.title, Span("no answer yet", "warn"), indent=1)
            continue
        total += option.cost
        capacity += option.capacity
        extra = _per_turn(option, cur)
        w.field(
            decision.title, f"{option.label} ({words.money(option.cost, cur)}{extra})", indent=1
        )
    chosen = [a for a in view.actions if a.id in choices.actions]
    for action in chosen:
        total += action.cost
        capacity += action.capacity
    w.field(
        "Actions",
        "; ".join(f"{a.name} ({words.money(a.cost, cur)}, {_points(a.capacity)})" for a in chosen)
        if chosen
        else "none",
        indent=1,
    )
    w.field(
        "Total this turn",
        f"{words.money(total, cur)} from a reserve of {words.money(view.city.reserve, cur)}; "
        f"{capacity} of {view.city.capacity} staff points",
        indent=1,
    )


def _per_turn(option, cur: str) -> str:
    """ ", then $2.4M more every turn (for 2 turns)" for an option that changes the running
    budget; "" for one that does not."""
    if not option.per_turn:
        return ""
    word = "more" if option.per_turn > 0 else "less"
    text = f", then {words.money(abs(option.per_turn), cur)} {word} every turn"
    return text + (f" for {option.for_turns} turns" if option.for_turns else "")
