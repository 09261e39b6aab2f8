"""The scenario format, as pydantic models.

These models are the single source of truth for the YAML format: the loader validates against them,
``simcity-council schema`` prints their JSON Schema (the ``description`` of every field becomes an
editor tooltip), and ``docs/authoring.md`` documents them field by field.

Shape checks live here (types, ranges, required fields, unknown keys). Checks that need the whole
document (unknown ids, needs summing to 1, turns in range, condition expressions) live in
``crossref.py`` so that every problem in a file is reported in one run.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 2

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        max_length=64,
        description=(
            "An identifier: lower-case letters, digits and underscores, starting with a letter."
        ),
    ),
]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Money = Annotated[float, Field(ge=0.0, description="An amount in the scenario's currency.")]
Condition = Annotated[
    str,
    Field(
        min_length=1,
        max_length=500,
        description=(
            "A condition, e.g. 'trust_min >= 0.4 and turn >= 3', 'trust.renters < 0.3', "
            "'flag.pb_adopted'. Names: trust, wellbeing, engagement (per group: trust.<group>; "
            "whole vector only inside min/max/mean), trust_min, trust_mean, trust_gap, "
            "wellbeing_min, wellbeing_mean (over resident groups), reserve, revenue, resilience, "
            "capacity, turn, flag.<flag>, indicator.<indicator>, event.<event> (has fired), "
            "action.<action> (times taken), chose.<decision>.<option>. "
            "Operators: and, or, not, comparisons, + - * /."
        ),
    ),
]
Stance = Literal["inclusive", "narrow", "mixed"]
Notes = Annotated[
    str,
    Field(
        description=(
            "Notes for authors and fact-checkers (sources, doubts, what to check): never shown "
            "to students."
        ),
    ),
]


class _Strict(BaseModel):
    # strict: a YAML `true` is not the number 1 and the text "0.5" is not a number (pydantic would
    # coerce both silently); an int is still a valid float.
    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True, strict=True
    )

    @model_validator(mode="before")
    @classmethod
    def _lists_as_tuples(cls, data: Any) -> Any:
        """YAML has lists, not tuples: a strict tuple field (``window: [1, 3]``) takes a list,
        and so does each item of a list of tuples (``shape: [[0, 0], [4, 0], ...]``)."""
        if isinstance(data, dict):
            tuples, lists_of_tuples = _tuple_fields(cls)
            for name in tuples:
                if isinstance(data.get(name), list):
                    data = {**data, name: tuple(data[name])}
            for name in lists_of_tuples:
                value = data.get(name)
                if isinstance(value, list):
                    items = [tuple(v) if isinstance(v, list) else v for v in value]
                    data = {**data, name: items}
        return data


@cache
def _tuple_fields(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Names of the fields of ``model`` typed as a tuple (or an optional tuple), and of those
    typed as a list of tuples."""

    def is_tuple(annotation: Any) -> bool:
        if get_origin(annotation) is tuple or annotation is tuple:
            return True
        if get_origin(annotation) is list:
            return False
        return any(is_tuple(arg) for arg in get_args(annotation) if arg is not type(None))

    def is_list_of_tuples(annotation: Any) -> bool:
        if get_origin(annotation) is list:
            return any(is_tuple(arg) for arg in get_args(annotation))
        return any(is_list_of_tuples(arg) for arg in get_args(annotation) if arg is not type(None))

    fields = model.model_fields.items()
    return (
        tuple(name for name, f in fields if is_tuple(f.annotation)),
        tuple(name for name, f in fields if is_list_of_tuples(f.annotation)),
    )


class Source(_Strict):
    """A source the scenario draws on. Every scenario must cite its facts."""

    title: str = Field(min_length=1, description="Title of the article, report or document.")
    url: str | None = Field(default=None, description="Where to read it, if it is online.")
    note: str = Field(default="", description="What the scenario takes from it.")


class Meta(_Strict):
    """Who, where and when: shown on the title screen and in the briefing."""

    id: Id = Field(description="Short id, used on the command line: simcity-council play <id>.")
    title: str = Field(min_length=1, description="Title shown to players.")
    city: str = Field(min_length=1, description="The city, e.g. 'Vallejo, California'.")
    period: str = Field(
        min_length=1, description="The years the scenario covers, e.g. '2012-2014'."
    )
    role: str = Field(min_length=1, description="Who the player is, in the second person.")
    summary: str = Field(min_length=1, description="The situation, in a paragraph or two.")
    learning_objectives: list[str] = Field(
        min_length=1, description="What a student should understand after playing."
    )
    sources: list[Source] = Field(min_length=1, description="Where the facts come from.")
    authors: list[str] = Field(default_factory=list, description="Who wrote the scenario.")
    notes: Notes = ""


class Turns(_Strict):
    """How long the game lasts and what each turn is called."""

    count: int = Field(ge=1, le=40, description="Number of turns (8-12 suits a class period).")
    labels: list[str] = Field(
        description="A calendar label per turn, e.g. 'Feb 2012'. Exactly `count` labels."
    )


class Domain(_Strict):
    """A spending area: streets, parks, youth, housing, safety... Each has a baseline
    allocation (what the city already spends on it every turn) and an incidence (whose lives
    its service reaches)."""

    id: Id
    name: str = Field(min_length=1, description="Name shown to players.")
    description: str = Field(default="", description="What spending here pays for.")
    baseline: Money = Field(
        description=(
            "What the city already spends on it every turn (paid from the reserve each turn, "
            "before any change the player makes)."
        )
    )
    scale: Money | None = Field(
        default=None,
        gt=0.0,
        description=(
            "The per-turn amount that counts as the whole of this service: a change of `scale` "
            "is a change of 100% for the groups it reaches. Default: the baseline. Needed when "
            "the baseline is 0 (a service the city does not run yet)."
        ),
    )
    incidence: dict[Id, Unit] | None = Field(
        default=None,
        description=(
            "How much of this service reaches each group, 0-1 (a park in East Portland reaches "
            "East Portland; police reach every resident as safety and employ the police union). "
            "Groups not listed get 0. Omit for a universal service (every group 1)."
        ),
    )
    notes: Notes = ""


GroupKind = Literal["residents", "organisation"]


class Group(_Strict):
    """A stakeholder group. All quantities are in [0, 1] and shown to players as 0-100."""

    id: Id
    name: str = Field(min_length=1, description="Name shown to players.")
    description: str = Field(default="", description="Who they are, in a sentence or two.")
    kind: GroupKind = Field(
        default="residents",
        description=(
            "residents (part of the population: counted in the resident scores) or organisation "
            "(a union, city staff, a business association: counted in min(trust) and in "
            "conditions, not in population figures)."
        ),
    )
    share: Unit = Field(
        default=0.0,
        description=(
            "Share of the population. The shares of resident groups that overlap no other group "
            "sum to 1; an organisation has none (0)."
        ),
    )
    overlaps: list[Id] = Field(
        default_factory=list,
        description=(
            "Groups whose members this group also belongs to ('houseless' overlaps 'renters'). "
            "Its share is counted again on top of theirs in every population figure, so a small "
            "vulnerable group still weighs in resilience and means."
        ),
    )
    trust: Unit = Field(description="Initial trust in city government.")
    wellbeing: Unit = Field(description="Initial wellbeing.")
    engagement: Unit = Field(description="Initial civic engagement.")
    voice: Unit = Field(
        description=(
            "Accustomed voice: how much they are heard without outreach (loud, organised groups "
            "high; marginalised groups low). Being heard above it on a decision that concerns "
            "them builds trust; overruled below it costs trust."
        )
    )
    vulnerability: Unit = Field(description="How hard shocks hit them.")
    needs: dict[Id, Unit] = Field(
        description=(
            "What they really need, as weights over domain ids summing to 1. Hidden from the "
            "player, and drawn anew around these values in every game (model.needs_spread): "
            "only listening tells the city which world it is in."
        )
    )
    belief: dict[Id, Unit] | None = Field(
        default=None,
        description=(
            "What the city initially believes they want, over domain ids summing to 1. "
            "Omit for 'no idea' (equal weights)."
        ),
    )
    uncertainty: Unit = Field(
        default=0.5, description="How unsure the city is about their needs (1 = no idea)."
    )
    notes: Notes = ""


class City(_Strict):
    """The city's finances and capacities at the start."""

    currency: str = Field(default="USD", description="Currency code shown with every amount.")
    reserve: float = Field(description="Money in the reserve at the start.")
    revenue: Money = Field(
        description=(
            "Revenue arriving each turn (before resilience effects). Each turn the reserve "
            "gains it and pays every domain's allocation and the one-time costs."
        )
    )
    reserve_floor: float = Field(
        default=0.0,
        description=(
            "If the reserve falls below this, the state takes over (receivership): game over."
        ),
    )
    resilience: Unit = Field(description="Economic resilience at the start.")
    capacity: int = Field(
        ge=0,
        le=20,
        description="Staff action points per turn for options and listening actions.",
    )
    notes: Notes = ""


class Indicator(_Strict):
    """A scenario-defined city indicator in [0, 1], e.g. 'street_condition'."""

    id: Id
    name: str = Field(min_length=1, description="Name shown to players.")
    description: str = Field(default="", description="What it measures, shown in tooltips.")
    initial: Unit = Field(description="Value at the start, in [0, 1].")
    notes: Notes = ""


class Flag(_Strict):
    """A yes/no fact that options and events set, and conditions test (flag.<id>)."""

    id: Id
    label: str = Field(min_length=1, description="What it means when set, shown to players.")
    initial: bool = Field(default=False, description="Whether it is set at the start.")
    notes: Notes = ""


def _weight(default: float, low: float, high: float, text: str, gt: bool = False) -> Any:
    """A model weight with its documented default and range."""
    if gt:
        return Field(default=default, gt=low, le=high, description=text)
    return Field(default=default, ge=low, le=high, description=text)


class ModelWeights(_Strict):
    """Overrides for the simulation's weights (model version 2). Every field has a documented
    default and its evidence in docs/model.md; leave this section out to use them all."""

    # trust
    trust_rate: float = _weight(
        0.2, 0.0, 1.0, "Scales every trust change of a turn (how fast trust moves)."
    )
    loss_aversion: float = _weight(
        2.0, 1.0, 5.0, "How much more a loss of trust weighs than a gain, for every cause."
    )
    process_weight: float = _weight(
        0.33,
        0.0,
        2.0,
        "Weight of being heard on a decision that concerns a group, relative to its own "
        "accustomed voice.",
    )
    outcome_weight: float = _weight(
        1.5, 0.0, 5.0, "Weight of the change in service a decision brings a group."
    )
    tokenism_weight: float = _weight(
        0.4,
        0.0,
        2.0,
        "Trust lost by a group consulted on a decision that then went against it, unless the "
        "decision was explained to it.",
    )
    fair_process: float = _weight(
        0.5,
        0.0,
        1.0,
        "Share of an unfavourable outcome's trust loss that a fully heard group is spared.",
    )
    regret_scale: float = _weight(
        0.1,
        0.0,
        1.0,
        "Service a group loses (against what it had, or against its preferred option) at which "
        "a decision counts as fully against it.",
        gt=True,
    )
    stake_threshold: float = _weight(
        0.01,
        0.0,
        1.0,
        "Smallest change of service (by the authored needs) that makes a group a stakeholder "
        "of a decision.",
    )
    promise_penalty: float = _weight(
        0.25,
        0.0,
        1.0,
        "Trust signal lost by each promised group when a promise is broken (times trust_rate, "
        "and a loss: times loss_aversion; 0.25 is 10 points by default).",
    )
    scar_turns: int = Field(
        default=3,
        ge=0,
        le=40,
        description=(
            "Turns during which a betrayed group's trust cannot recover above where the "
            "betrayal left it (broken promises, and options or events with `scars`)."
        ),
    )
    recall_trust: float = _weight(
        0.15,
        0.0,
        1.0,
        "If the population's mean trust (resident groups) falls below this, the council is "
        "recalled: game over.",
    )
    # outcomes and wellbeing
    spend_weight: float = _weight(
        0.25,
        0.0,
        1.0,
        "What a one-time amount (a project) is worth to people, as a share of the same amount "
        "spent every turn.",
    )
    project_decay: float = _weight(
        0.3, 0.0, 1.0, "Share of a project's lift in wellbeing that fades each turn."
    )
    wellbeing_rate: float = _weight(
        0.3, 0.0, 1.0, "How fast wellbeing moves toward the level its services support."
    )
    wellbeing_scale: float = _weight(
        0.5, 0.0, 5.0, "Wellbeing per unit of service above (or below) the baseline."
    )
    wellbeing_trust: float = _weight(
        0.2,
        0.0,
        2.0,
        "How much trust follows how a group is doing: each turn its trust moves by trust_rate "
        "x this x (wellbeing now - wellbeing at the start), losses weighing loss_aversion "
        "times more (0 = trust never follows wellbeing).",
    )
    # information
    needs_spread: float = _weight(
        0.5,
        0.0,
        2.0,
        "How far each game's true needs may lie from the authored ones (log-normal spread; "
        "0 = always exactly as authored).",
    )
    listening_rate: float = _weight(
        0.6,
        0.0,
        1.0,
        "How far one unit of listening moves the city's belief toward the truth.",
    )
    consult_listening: float = _weight(
        0.3,
        0.0,
        1.0,
        "How much consulting a group also teaches the city about it (as listening).",
    )
    listening_voice: float = _weight(
        0.5,
        0.0,
        1.0,
        "How much being listened to this turn adds to being heard on its decisions.",
    )
    targeting_weight: float = _weight(
        1.0,
        0.0,
        1.0,
        "How much of a project is wasted when the city misreads what a group needs: "
        "benefit x (1 - targeting_weight x belief error).",
    )
    # engagement and resilience
    engagement_rate: float = _weight(
        0.35, 0.0, 1.0, "How fast engagement moves toward how heard a group is."
    )
    resilience_rate: float = _weight(
        0.2, 0.0, 1.0, "How fast resilience moves toward the level the city's choices support."
    )
    resilience_gain: float = _weight(
        0.5,
        0.0,
        5.0,
        "Resilience per unit of service reaching vulnerable groups' real needs and of broad "
        "engagement above its start.",
    )
    equity_weight: float = _weight(
        0.5,
        0.0,
        1.0,
        "In resilience: weight of service reaching vulnerable groups; the rest is the lowest "
        "resident group's engagement (breadth).",
    )
    revenue_sensitivity: float = _weight(
        0.05,
        0.0,
        2.0,
        "How strongly revenue follows resilience and mean resident wellbeing: revenue x (1 + "
        "this x their rise since the start).",
    )
    # shocks
    shock_scale: float = _weight(1.0, 0.0, 5.0, "Multiplies the damage of every event shock.")
    shock_trust: float = _weight(
        0.25,
        0.0,
        2.0,
        "Share of an event's damage to wellbeing that is also a trust signal (a loss).",
    )


EffectTarget = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$",
        description=(
            "What the effect changes: trust, wellbeing or engagement (all groups) or "
            "trust.<group> etc.; resilience; indicator.<id>; reserve (one-time money) or "
            "revenue (money every later turn); budget.<domain> (the domain's allocation every "
            "turn from now on: a cut takes service from the groups it reached)."
        ),
    ),
]


class Effect(_Strict):
    """A direct change, now or after some turns, perhaps by chance."""

    target: EffectTarget
    delta: float = Field(
        description=(
            "The change: in [−1, 1] for people and indicators, currency for money and budgets. "
            "A trust change below 0 is a loss and weighs loss_aversion times more."
        )
    )
    after: int = Field(default=0, ge=0, le=40, description="Turns to wait (0 = this turn).")
    chance: Unit = Field(default=1.0, description="Probability it happens.")
    note: str = Field(default="", description="Why it happens, shown in the debrief.")


class Promise(_Strict):
    """A public commitment. If `kept_when` does not hold `due` turns later, every named group
    loses trust ('promise debt') and is scarred: its trust cannot recover above where the
    betrayal left it for model.scar_turns turns. A promise whose `void_when` comes to hold
    first is released: nobody is owed it any more."""

    label: str = Field(min_length=1, description="What was promised, shown to players.")
    groups: list[Id] = Field(min_length=1, description="Who was promised.")
    due: int = Field(ge=1, le=40, description="Turns until it must be kept.")
    kept_when: Condition = Field(description="Condition that means the promise was kept.")
    void_when: Condition | None = Field(
        default=None,
        description=(
            "Condition that means the promise no longer applies (e.g. the plan it was about was "
            "voted down). Checked every turn while the promise is open, and before it falls "
            "due: once it holds, the promise is released, neither kept nor broken."
        ),
    )


class Option(_Strict):
    """One answer to a decision."""

    id: Id
    label: str = Field(min_length=1, description="Short label shown on the button.")
    description: str = Field(default="", description="What it means and what is known of it.")
    stance: Stance = Field(
        description=(
            "Analysis tag: inclusive, narrow or mixed. Never shown to students during play; "
            "the debrief and the balance report use it."
        )
    )
    cost: Money = Field(default=0.0, description="One-time overhead (process, consultants).")
    spend: dict[Id, Money] = Field(
        default_factory=dict,
        description=(
            "One-time spending per domain id (a project), paid from the reserve on top of "
            "`cost`; it reaches groups by the domain's incidence and their needs."
        ),
    )
    budget: dict[Id, float] = Field(
        default_factory=dict,
        description=(
            "Signed change of each domain's allocation per turn, from this turn on (for good, "
            "or for `for_turns` turns): a cut (negative) frees money every turn and takes "
            "service from the groups the domain reached; an increase costs money every turn."
        ),
    )
    for_turns: int | None = Field(
        default=None,
        ge=1,
        le=40,
        description="How many turns the `budget` change lasts (omit: to the end of the game).",
    )
    capacity: int = Field(default=0, ge=0, le=20, description="Staff action points it uses.")
    consult: dict[Id, Unit] = Field(
        default_factory=dict,
        description=(
            "Who is at the table, 0-1 each. A group concerned by the decision and consulted "
            "above its accustomed voice gains trust; consulted and then overruled, it loses "
            "trust unless the decision is explained (transparency)."
        ),
    )
    transparency: Unit = Field(
        default=0.0,
        description=(
            "How openly the decision is explained, 0-1: explanation spares consulted groups "
            "the cost of being overruled."
        ),
    )
    effects: list[Effect] = Field(
        default_factory=list, description="Direct changes, now or later, perhaps by chance."
    )
    requires: Condition | None = Field(default=None, description="When the option is available.")
    sets: list[Id] = Field(default_factory=list, description="Flags this option sets.")
    clears: list[Id] = Field(default_factory=list, description="Flags this option clears.")
    promise: Promise | None = Field(
        default=None, description="A public commitment this option makes (promise debt if broken)."
    )
    scars: list[Id] = Field(
        default_factory=list,
        description=(
            "Groups this option betrays (a warning dismissed): their trust cannot recover above "
            "where this turn leaves it for model.scar_turns turns."
        ),
    )
    notes: Notes = ""


class Decision(_Strict):
    """An agenda item with 2-4 options. It appears once: on `turn`; or on the first turn in
    `window` where `when` holds; or on the turn after `after_event` fires."""

    id: Id
    title: str = Field(min_length=1, description="The agenda item, shown to players.")
    prompt: str = Field(default="", description="The question, as the council would put it.")
    turn: int | None = Field(
        default=None, ge=1, le=40, description="The turn it is on the agenda (1-based)."
    )
    window: tuple[int, int] | None = Field(default=None, description="[first, last] turn.")
    when: Condition | None = Field(
        default=None,
        description="It comes on the first turn (of `window`, or of the game) where this holds.",
    )
    after_event: Id | None = Field(
        default=None, description="Put this on the agenda the turn after this event fires."
    )
    stakes: list[Id] = Field(
        default_factory=list,
        description=(
            "Groups this decision concerns besides those its options' budgets and spending "
            "reach (those are found from the format): only groups with a stake care how they "
            "were heard on it. Shown to players."
        ),
    )
    options: list[Option] = Field(min_length=2, max_length=4, description="The 2-4 answers.")
    notes: Notes = ""


class Action(_Strict):
    """A listening or engagement move available every turn within capacity and budget."""

    id: Id
    name: str = Field(min_length=1, description="Name shown to players.")
    description: str = Field(default="", description="What it involves, shown in tooltips.")
    cost: Money = Field(default=0.0, description="What it costs each time it is taken.")
    capacity: int = Field(default=1, ge=0, le=20, description="Staff action points it uses.")
    targets: list[Id] = Field(min_length=1, description="Group ids it reaches.")
    listening: Unit = Field(
        default=0.0, description="Share of the uncertainty about each target group it removes."
    )
    engagement: Unit = Field(default=0.0, description="Engagement it adds to each target group.")
    transparency: Unit = Field(
        default=0.0,
        description="How openly it explains this turn's decisions to its target groups.",
    )
    sets: list[Id] = Field(
        default_factory=list,
        description=(
            "Flags it sets: facts listening reveals (residents knew about the water before the "
            "city did)."
        ),
    )
    requires: Condition | None = Field(default=None, description="When the action is available.")
    notes: Notes = ""


class Event(_Strict):
    """A shock or opening. It may fire on each turn in `window` with `chance`, if `when` holds."""

    id: Id
    title: str = Field(min_length=1, description="Headline shown to players.")
    text: str = Field(min_length=1, description="What happened, in plain words.")
    window: tuple[int, int] = Field(description="[first, last] turn it may fire.")
    chance: Unit = Field(default=1.0, description="Probability per turn in the window.")
    when: Condition | None = Field(default=None, description="It may fire only when this holds.")
    once: bool = Field(default=True, description="Fire at most once per game.")
    shock: Unit = Field(
        default=0.0,
        description=(
            "Severity. Damage to a group's wellbeing and trust = shock x vulnerability x "
            "(1 - resilience)."
        ),
    )
    groups: list[Id] | None = Field(default=None, description="Groups it hits (default: all).")
    effects: list[Effect] = Field(
        default_factory=list, description="Direct changes when it fires, now or later."
    )
    sets: list[Id] = Field(default_factory=list, description="Flags it sets when it fires.")
    scars: list[Id] = Field(
        default_factory=list,
        description=(
            "Groups it scars (a betrayal): their trust cannot recover above where this turn "
            "leaves it for model.scar_turns turns."
        ),
    )
    notes: Notes = ""


class Objective(_Strict):
    """A labelled goal checked at the end of the game."""

    id: Id
    label: str = Field(min_length=1, description="The goal, shown in the debrief.")
    when: Condition = Field(description="The goal is met if this holds at the end.")
    applies: Condition | None = Field(
        default=None,
        description=(
            "The goal counts only if this holds at the end (a projects goal applies only if "
            "projects were approved); otherwise the debrief says it did not apply."
        ),
    )
    weight: float = Field(default=1.0, ge=0.0, description="Its weight among the objectives.")
    notes: Notes = ""


class DebriefText(_Strict):
    """A paragraph shown in the debrief when its condition holds at the end."""

    when: Condition = Field(description="Show the text if this holds at the end.")
    text: str = Field(min_length=1, description="The paragraph, in plain words.")
    notes: Notes = ""


class Reflection(_Strict):
    """A reflection question asked in the debrief only when its condition holds at the end
    (so no question asks about a branch the student did not take)."""

    text: str = Field(min_length=1, description="The question.")
    when: Condition | None = Field(
        default=None, description="Ask it only if this holds at the end (omit: always)."
    )


# ---- the city map (shown to players; checked in map.py) ----------------------------------------

Point = tuple[float, float]


class MapArea(_Strict):
    """A district or area of the city map: a polygon, and who lives or works there."""

    id: Id
    name: str = Field(min_length=1, description="Name shown on the map, e.g. 'East Portland'.")
    description: str = Field(default="", description="A sentence about the area, for tooltips.")
    shape: list[Point] = Field(
        min_length=3,
        max_length=64,
        description=(
            "The outline as [x, y] corners in map units (x to the right, y down), inside "
            "map.size; it is closed automatically."
        ),
    )
    live: dict[Id, Unit] = Field(
        min_length=1,
        description=(
            "Groups who live here (group id -> how much of the area's residents they are, as "
            "relative weights). The area is coloured by their trust or wellbeing, mixed in "
            "these proportions."
        ),
    )
    work: list[Id] = Field(
        default_factory=list,
        description="Groups who work or organise here (named on the map, not in its colour).",
    )


class MapFeature(_Strict):
    """Water, a park or a landmark that makes the map recognisable (drawn, never coloured)."""

    name: str = Field(min_length=1, description="Name shown on the map, e.g. 'Willamette River'.")
    kind: Literal["water", "park", "landmark"] = Field(
        description="water and park are polygons; a landmark is one point."
    )
    shape: list[Point] = Field(
        min_length=1,
        max_length=64,
        description="[x, y] corners in map units (one point for a landmark).",
    )


class CityMap(_Strict):
    """A simple map of the city: named areas as polygons, who lives there, a few features."""

    size: Point = Field(
        default=(100.0, 100.0),
        description="Width and height of the map in map units (the shapes' coordinate box).",
    )
    note: str = Field(
        default="",
        description="Shown under the map: what it simplifies and where its outline comes from.",
    )
    areas: list[MapArea] = Field(
        min_length=1, max_length=24, description="The districts or areas (1-24)."
    )
    features: list[MapFeature] = Field(
        default_factory=list, description="Rivers, bays, parks and landmarks to find one's way."
    )


class Scenario(_Strict):
    """A simcity_council scenario (schema_version 2: model version 2)."""

    schema_version: Literal[2] = Field(
        description="Always 2 for this version of the format (simcity-council 0.3)."
    )
    meta: Meta = Field(description="Who, where and when; the sources.")
    turns: Turns = Field(description="How many turns and what each is called.")
    domains: list[Domain] = Field(min_length=1, description="The spending areas.")
    groups: list[Group] = Field(
        min_length=1, max_length=16, description="The stakeholder groups (at most 16)."
    )
    city: City = Field(description="The city at the start: money, resilience, staff capacity.")
    indicators: list[Indicator] = Field(
        default_factory=list, description="Scenario-defined city indicators (indicator.<id>)."
    )
    flags: list[Flag] = Field(
        default_factory=list, description="Yes/no facts that options and events set (flag.<id>)."
    )
    model: ModelWeights = Field(
        default_factory=ModelWeights, description="Overrides for the simulation's weights."
    )
    actions: list[Action] = Field(
        default_factory=list, description="Listening and engagement moves, available every turn."
    )
    decisions: list[Decision] = Field(min_length=1, description="The agenda items.")
    events: list[Event] = Field(default_factory=list, description="Shocks and openings.")
    objectives: list[Objective] = Field(
        default_factory=list, description="Goals checked at the end of the game."
    )
    debrief: list[DebriefText] = Field(
        default_factory=list, description="Paragraphs shown at the end when their condition holds."
    )
    reflection: list[str | Reflection] = Field(
        default_factory=list,
        description=(
            "Questions students answer in the debrief: plain text, or {text, when} to ask only "
            "when a condition holds at the end."
        ),
    )
    map: CityMap | None = Field(
        default=None, description="A map of the city: where the groups live and work."
    )
