"""The scenario format, as pydantic models.

These models are the single source of truth for the YAML format: the loader validates against them,
``simcity-council schema`` prints their JSON Schema (the ``description`` of every field becomes an
editor tooltip), and ``docs/authoring.md`` documents them field by field.

Shape checks live here (types, ranges, required fields, unknown keys). Checks that need the whole
document (unknown ids, priorities summing to 1, turns in range, condition expressions) live in
``crossref.py`` so that every problem in a file is reported in one run.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 1

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
            "A condition, e.g. 'min(trust) >= 0.4 and turn >= 3', 'trust.renters < 0.3', "
            "'flag.pb_adopted'. Names: trust, wellbeing, engagement (per group: trust.<group>; "
            "whole vector only inside min/max/mean), reserve, revenue, resilience, capacity, turn, "
            "flag.<flag>, indicator.<indicator>, event.<event> (has fired), "
            "chose.<decision>.<option>. Operators: and, or, not, comparisons, + - * /."
        ),
    ),
]
Stance = Literal["inclusive", "narrow", "mixed"]


class _Strict(BaseModel):
    # strict: a YAML `true` is not the number 1 and the text "0.5" is not a number (pydantic would
    # coerce both silently); an int is still a valid float.
    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True, strict=True
    )

    @model_validator(mode="before")
    @classmethod
    def _lists_as_tuples(cls, data: Any) -> Any:
        """YAML has lists, not tuples: a strict tuple field (``window: [1, 3]``) takes a list."""
        if isinstance(data, dict):
            for name in _tuple_fields(cls):
                if isinstance(data.get(name), list):
                    data = {**data, name: tuple(data[name])}
        return data


@cache
def _tuple_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """Names of the fields of ``model`` typed as a tuple (or an optional tuple)."""

    def is_tuple(annotation: Any) -> bool:
        if get_origin(annotation) is tuple or annotation is tuple:
            return True
        return any(is_tuple(arg) for arg in get_args(annotation) if arg is not type(None))

    return tuple(name for name, f in model.model_fields.items() if is_tuple(f.annotation))


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


class Turns(_Strict):
    """How long the game lasts and what each turn is called."""

    count: int = Field(ge=1, le=40, description="Number of turns (8-12 suits a class period).")
    labels: list[str] = Field(
        description="A calendar label per turn, e.g. 'Feb 2012'. Exactly `count` labels."
    )


class Domain(_Strict):
    """A spending area: streets, parks, youth, housing, safety..."""

    id: Id
    name: str = Field(min_length=1, description="Name shown to players.")
    description: str = Field(default="", description="What spending here pays for.")


class Group(_Strict):
    """A stakeholder group. All quantities are in [0, 1] and shown to players as 0-100."""

    id: Id
    name: str = Field(min_length=1, description="Name shown to players.")
    description: str = Field(default="", description="Who they are, in a sentence or two.")
    share: Unit = Field(description="Share of the population. Shares of all groups sum to 1.")
    trust: Unit = Field(description="Initial trust in city government.")
    wellbeing: Unit = Field(description="Initial wellbeing.")
    engagement: Unit = Field(description="Initial civic engagement.")
    voice: Unit = Field(
        description=(
            "How much they are heard without outreach: loud, organised groups high; "
            "marginalised groups low."
        )
    )
    vulnerability: Unit = Field(description="How hard shocks hit them.")
    priorities: dict[Id, Unit] = Field(
        description=(
            "What they really need, as weights over domain ids summing to 1. Hidden from the "
            "player; outcomes are judged on these."
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
        default=0.5, description="How unsure the city is about their priorities (1 = no idea)."
    )


class City(_Strict):
    """The city's finances and capacities at the start."""

    currency: str = Field(default="USD", description="Currency code shown with every amount.")
    reserve: float = Field(description="Money in the reserve at the start.")
    revenue: Money = Field(description="Revenue arriving each turn (before resilience effects).")
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
        description="Staff action points per turn for listening and engagement actions.",
    )


class Indicator(_Strict):
    """A scenario-defined city indicator in [0, 1], e.g. 'street_condition'."""

    id: Id
    name: str = Field(min_length=1, description="Name shown to players.")
    description: str = Field(default="", description="What it measures, shown in tooltips.")
    initial: Unit = Field(description="Value at the start, in [0, 1].")


class Flag(_Strict):
    """A yes/no fact that options and events set, and conditions test (flag.<id>)."""

    id: Id
    label: str = Field(min_length=1, description="What it means when set, shown to players.")
    initial: bool = Field(default=False, description="Whether it is set at the start.")


class ModelWeights(_Strict):
    """Overrides for the simulation's weights. Every field has a documented default
    (docs/model.md); leave this section out to use them all."""

    loss_aversion: float = Field(
        default=2.0, ge=1.0, le=5.0, description="How much more trust losses weigh than gains."
    )
    process_weight: float = Field(
        default=0.5, ge=0.0, le=1.0, description="Weight of being heard in the trust change."
    )
    outcome_weight: float = Field(
        default=0.3,
        ge=0.0,
        le=1.0,
        description="Weight of benefit vs expectation in the trust change.",
    )
    transparency_weight: float = Field(
        default=0.2, ge=0.0, le=1.0, description="Weight of transparency in the trust change."
    )
    trust_rate: float = Field(
        default=0.12, ge=0.0, le=1.0, description="How fast trust moves per turn."
    )
    engagement_rate: float = Field(
        default=0.35, ge=0.0, le=1.0, description="How fast engagement moves toward being heard."
    )
    wellbeing_rate: float = Field(
        default=0.15, ge=0.0, le=1.0, description="How fast wellbeing follows benefit."
    )
    listening_rate: float = Field(
        default=0.6,
        ge=0.0,
        le=1.0,
        description="How far one unit of listening moves the city's belief toward the truth.",
    )
    expectation_rate: float = Field(
        default=0.3, ge=0.0, le=1.0, description="How fast expectations follow trust and promises."
    )
    resilience_rate: float = Field(
        default=0.08,
        ge=0.0,
        le=1.0,
        description="How much equitable spending and broad engagement build resilience.",
    )
    resilience_decay: float = Field(
        default=0.05, ge=0.0, le=1.0, description="Per-turn drift of resilience back to its start."
    )
    revenue_sensitivity: float = Field(
        default=0.3,
        ge=0.0,
        le=2.0,
        description="How strongly revenue depends on resilience and wellbeing.",
    )
    promise_penalty: float = Field(
        default=0.08,
        ge=0.0,
        le=1.0,
        description="Trust lost by each group when a promise is broken.",
    )
    shock_scale: float = Field(
        default=1.0, ge=0.0, le=5.0, description="Multiplies the damage of every event shock."
    )
    recall_trust: float = Field(
        default=0.1,
        ge=0.0,
        le=1.0,
        description="If population-weighted mean trust falls below this, the council is recalled.",
    )
    process_reference: float = Field(
        default=0.4,
        ge=0.0,
        le=1.0,
        description="How much being heard a group takes as fair: heard above it builds trust.",
    )
    transparency_reference: float = Field(
        default=0.2,
        ge=0.0,
        le=1.0,
        description="How much openness people take for granted: less than this costs trust.",
    )
    benefit_scale: float = Field(
        default=0.25,
        gt=0.0,
        le=10.0,
        description=(
            "Spending (as a share of one turn's revenue, weighted by a group's true priorities) "
            "that gives a group about 63% of the full benefit."
        ),
    )
    expectation_base: float = Field(
        default=0.12,
        ge=0.0,
        le=1.0,
        description="Benefit a group expects each turn at trust 0.5 (scales with 0.5 + trust).",
    )
    promise_expectation: float = Field(
        default=0.1,
        ge=0.0,
        le=1.0,
        description="Extra benefit a group expects for each open promise made to it.",
    )
    targeting_weight: float = Field(
        default=1.0,
        ge=0.0,
        le=1.0,
        description=(
            "How much spending is wasted when the city's belief about a group's priorities is "
            "wrong: benefit x (1 - targeting_weight x belief error)."
        ),
    )
    consult_listening: float = Field(
        default=0.3,
        ge=0.0,
        le=1.0,
        description="How much consulting a group also teaches the city about it (as listening).",
    )
    listening_voice: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="How much being listened to adds to a group's sense of being heard.",
    )
    shock_trust: float = Field(
        default=0.5,
        ge=0.0,
        le=2.0,
        description="Share of an event's damage to wellbeing that is also lost in trust.",
    )
    equity_weight: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description=(
            "In the growth of resilience: weight of benefit reaching vulnerable groups; the rest "
            "is the lowest group's engagement (breadth)."
        ),
    )


EffectTarget = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$",
        description=(
            "What the effect changes: trust, wellbeing or engagement (all groups) or "
            "trust.<group> etc.; resilience; indicator.<id>; reserve or revenue (money)."
        ),
    ),
]


class Effect(_Strict):
    """A direct change, now or after some turns, perhaps by chance."""

    target: EffectTarget
    delta: float = Field(
        description="The change: in [−1, 1] for people and indicators, currency for money."
    )
    after: int = Field(default=0, ge=0, le=40, description="Turns to wait (0 = this turn).")
    chance: Unit = Field(default=1.0, description="Probability it happens.")
    note: str = Field(default="", description="Why it happens, shown in the debrief.")


class Promise(_Strict):
    """A public commitment. Raises the groups' expectations; if `kept_when` does not hold
    `due` turns later, every named group loses trust ('promise debt')."""

    label: str = Field(min_length=1, description="What was promised, shown to players.")
    groups: list[Id] = Field(min_length=1, description="Who was promised.")
    due: int = Field(ge=1, le=40, description="Turns until it must be kept.")
    kept_when: Condition = Field(description="Condition that means the promise was kept.")


class Option(_Strict):
    """One answer to a decision."""

    id: Id
    label: str = Field(min_length=1, description="Short label shown on the button.")
    description: str = Field(default="", description="What it means and what is known of it.")
    stance: Stance = Field(description="Analysis tag: inclusive, narrow or mixed.")
    cost: Money = Field(default=0.0, description="One-time overhead (process, consultants).")
    spend: dict[Id, Money] = Field(
        default_factory=dict,
        description="One-time spending per domain id; paid from the reserve on top of `cost`.",
    )
    recurring: Money = Field(
        default=0.0, description="Cost every later turn until the end, spread like `spend`."
    )
    capacity: int = Field(default=0, ge=0, le=20, description="Staff action points it uses.")
    consult: dict[Id, Unit] = Field(
        default_factory=dict, description="Which groups are at the table, 0-1 each."
    )
    transparency: Unit = Field(default=0.0, description="How open the decision is.")
    effects: list[Effect] = Field(
        default_factory=list, description="Direct changes, now or later, perhaps by chance."
    )
    requires: Condition | None = Field(default=None, description="When the option is available.")
    sets: list[Id] = Field(default_factory=list, description="Flags this option sets.")
    clears: list[Id] = Field(default_factory=list, description="Flags this option clears.")
    promise: Promise | None = Field(
        default=None, description="A public commitment this option makes (promise debt if broken)."
    )


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
    options: list[Option] = Field(min_length=2, max_length=4, description="The 2-4 answers.")


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
    transparency: Unit = Field(default=0.0, description="Transparency it adds this turn.")
    requires: Condition | None = Field(default=None, description="When the action is available.")


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


class Objective(_Strict):
    """A labelled goal checked at the end of the game."""

    id: Id
    label: str = Field(min_length=1, description="The goal, shown in the debrief.")
    when: Condition = Field(description="The goal is met if this holds at the end.")
    weight: float = Field(default=1.0, ge=0.0, description="Its weight among the objectives.")


class DebriefText(_Strict):
    """A paragraph shown in the debrief when its condition holds at the end."""

    when: Condition = Field(description="Show the text if this holds at the end.")
    text: str = Field(min_length=1, description="The paragraph, in plain words.")


class Scenario(_Strict):
    """A simcity_council scenario (schema_version 1)."""

    schema_version: Literal[1] = Field(description="Always 1 for this version of the format.")
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
    reflection: list[str] = Field(
        default_factory=list, description="Questions students answer in the debrief."
    )
