"""The lines of a session log as pydantic models: what the reader checks, what the JSON Schema
(``simcity-council schema --log``) and the codebook (``schema --codebook``) say.

One source for all three, so the documented format, the schema an editor or a validator uses and
what the reader accepts cannot drift apart. Every field has a description; the descriptions are
the data dictionary. Field names use the words of the game (``trust``, ``reserve``, ``stance``).

The models are strict (a number written as text, or ``true`` for a count, is refused) and closed
(an unknown field is refused): a log is data a study relies on, and a field nobody defined is a
sign that something else wrote it. Per-group and city quantities are open maps, because the
engine decides which quantities there are; the header lists them (``fields``) and the reader
checks every line against that list.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, TypeAdapter

FORMAT_NAME = "simcity-council-session"
FORMAT_VERSION = 2
LOG_SUFFIX = ".jsonl"

PlayedBy = Literal["person", "policy"]
Consent = Literal["yes", "no", "unknown"]

#: What the quantities the engine reports mean (the codebook's words for them). A quantity the
#: engine adds later is still written, read and exported; it is described generically until a
#: sentence is added here.
QUANTITY_TEXT: dict[str, str] = {
    "trust": "the group's trust in the city government, [0, 1] (shown to players x100)",
    "wellbeing": "the group's wellbeing, [0, 1]",
    "engagement": "the group's civic engagement, [0, 1]",
    "uncertainty": "how unsure the city is about what the group needs, [0, 1] (1 = no idea)",
    "reserve": "money in the city's reserve (scenario currency)",
    "resilience": "the city's economic resilience, [0, 1]",
    "revenue": "revenue expected next turn (scenario currency)",
}


def quantity_text(name: str) -> str:
    """What the engine quantity ``name`` means, for the codebook; generic for one not described."""
    return QUANTITY_TEXT.get(name, f"the engine's '{name}' after the turn")


class _Line(BaseModel):
    """A line of a log; ``line`` is its 1-based line number in the file (not stored in it: the
    reader sets it, see :func:`at_line`)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @property
    def line(self) -> int:
        return self.__dict__.get("_line", 0)


def at_line(record: _Line, number: int) -> None:
    """Say where ``record`` is in its file. Kept beside the fields rather than as a pydantic
    private attribute, whose set-up on every line costs the reader about a seventh of its time."""
    object.__setattr__(record, "_line", number)


class ScenarioRef(BaseModel):
    """Which scenario was played: its id, title, file hash and where it came from."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    id: str = Field(description="the scenario's meta.id")
    title: str = Field(description="the scenario's meta.title")
    sha256: str = Field(
        description="hex SHA-256 of the scenario file's bytes; replay refuses a file with "
        "another hash"
    )
    source: str = Field(
        description="a built-in id (vallejo) or the path of the scenario file (~/... inside the "
        "home folder, so no account name is recorded)"
    )


class GroupInfo(BaseModel):
    """One stakeholder group of the scenario: id, name and population share."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    id: str = Field(description="group id (scenario)")
    name: str = Field(description="group name (scenario)")
    share: float = Field(description="the group's share of the population (weights for means)")


class Fields(BaseModel):
    """Which quantities every turn line (and ``initial``) records."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    group: list[str] = Field(
        description="per-group quantities in by_group, in order (trust, wellbeing, ...)"
    )
    city: list[str] = Field(description="city quantities in city, in order (reserve, ...)")


class Values(BaseModel):
    """The state before the first turn, keyed like a turn line."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    digest: str = Field(description="hash of the complete simulation state before turn 1")
    by_group: dict[str, dict[str, float]] = Field(
        description="quantity -> group id -> value (the header's fields.group, groups in order)"
    )
    city: dict[str, float] = Field(description="quantity -> value (the header's fields.city)")
    indicators: dict[str, float] = Field(
        description="scenario-defined indicator id -> value, [0, 1]"
    )


class Header(_Line):
    """Line 1: what was played, by whom (a pseudonym), with which seed, in which study."""

    type: Annotated[Literal["header"], Field(description="the line's type")]
    format: Literal["simcity-council-session"] = Field(description="what the file is")
    format_version: Literal[2] = Field(
        description="2; a reader refuses other versions, naming the release that wrote the log"
    )
    session_id: str = Field(
        description="a random UUID (version 4); the key that joins all export tables"
    )
    scenario: ScenarioRef = Field(description="the scenario played")
    package_version: str = Field(description="the simcity-council version that wrote the log")
    seed: Annotated[int, Field(ge=0, lt=2**64)] = Field(
        description="the game's seed; all luck is a pure function of (seed, turn, stream)"
    )
    player: str = Field(
        description="a pseudonym; never a real name or e-mail (such pseudonyms are refused)"
    )
    section: str | None = Field(
        description="the class section or cohort (play --section), null if not given"
    )
    consent: Consent = Field(
        description="whether the student agreed to the use of the session for research "
        "(play --consent yes or no); unknown if not asked"
    )
    frontend: str = Field(description="the front end that started the session: text or gui")
    played_by: PlayedBy = Field(
        description="who played from the start: a person, or a policy (play --auto)"
    )
    policy: str | None = Field(description="the policy that played (--auto), null for a person")
    started: str = Field(description="UTC start time, ISO 8601 with Z (metadata)")
    settings: dict[str, JsonValue] = Field(
        description="front-end settings worth knowing in analysis (text size, contrast, ...)"
    )
    fields: Fields = Field(description="the quantities every turn line records")
    groups: list[GroupInfo] = Field(description="every stakeholder group, in scenario order")
    initial: Values = Field(description="the state before the first turn")

    @property
    def scenario_id(self) -> str:
        """The scenario's ``meta.id``."""
        return self.scenario.id

    @property
    def scenario_title(self) -> str:
        """The scenario's title."""
        return self.scenario.title

    @property
    def scenario_sha256(self) -> str:
        """The hash of the scenario file played; replay needs a file with the same hash."""
        return self.scenario.sha256

    @property
    def scenario_source(self) -> str:
        """A built-in id or the scenario file's path, to find the scenario again."""
        return self.scenario.source

    @property
    def group_ids(self) -> list[str]:
        """The group ids in scenario order: the order of every line's per-group values."""
        return [g.id for g in self.groups]


_PREV = Field(
    description="hex SHA-256 (first 32 characters) of the line before, without its newline: "
    "the lines are chained, so an edited, removed or swapped line breaks the chain"
)


class TurnRecord(_Line):
    """One turn: who played it, the choices made, and the state they led to."""

    type: Annotated[Literal["turn"], Field(description="the line's type")]
    prev: str = _PREV
    turn: Annotated[int, Field(ge=1)] = Field(description="1-based; consecutive from 1")
    label: str = Field(description="the turn's calendar label (Feb 2012)")
    played_by: PlayedBy = Field(description="a person, or a policy, chose this turn")
    policy: str | None = Field(description="the policy that chose this turn; null for a person")
    choices: dict[str, str] = Field(
        description="decision id -> option id, for every decision on the turn's agenda"
    )
    stances: dict[str, str] = Field(
        description="decision id -> inclusive / narrow / mixed, the chosen option's stance tag"
    )
    actions: list[str] = Field(description="listening/engagement action ids taken, in order")
    positions: dict[str, Annotated[int, Field(ge=1)]] = Field(
        default_factory=dict,
        description="decision id -> where the chosen option was listed (1 = first): each game "
        "lists a decision's options in its own order, drawn from its seed. Logs written before "
        "0.3.1 leave it out",
    )
    digest: str = Field(description="hash of the complete simulation state after the turn")
    by_group: dict[str, dict[str, float]] = Field(
        description="quantity -> group id -> value after the turn (the header's fields.group)"
    )
    city: dict[str, float] = Field(description="quantity -> value after the turn")
    indicators: dict[str, float] = Field(description="scenario indicator id -> value, [0, 1]")
    events: list[str] = Field(description="ids of the events that fired this turn")
    end_reason: str | None = Field(
        description="turn_limit, receivership or recall if the game ended with this turn"
    )
    seconds: Annotated[float, Field(ge=0)] | None = Field(
        description="seconds the player spent on the turn, 0.1 s (metadata; null when a policy "
        "played)"
    )
    answer_seconds: dict[str, Annotated[float, Field(ge=0)]] | None = Field(
        description="decision id -> seconds from when the decision was put to the player to "
        "their final answer, 0.1 s (the terminal asks one decision at a time, the window shows "
        "all of them at the start of the turn); null when a policy played"
    )
    invalid: Annotated[int, Field(ge=0)] | None = Field(
        description="answers refused this turn (not understood, unavailable, over budget or "
        "staff); null when not measured"
    )
    help: Annotated[int, Field(ge=0)] | None = Field(
        description="help requests this turn (? in the terminal); null when not measured"
    )
    time: str = Field(description="UTC time the line was written (metadata)")

    @property
    def trust(self) -> dict[str, float]:
        """Group id -> trust after the turn."""
        return self.by_group["trust"]

    @property
    def wellbeing(self) -> dict[str, float]:
        """Group id -> wellbeing after the turn."""
        return self.by_group["wellbeing"]

    @property
    def engagement(self) -> dict[str, float]:
        """Group id -> civic engagement after the turn."""
        return self.by_group["engagement"]

    @property
    def reserve(self) -> float:
        """The city's reserve after the turn (scenario currency)."""
        return self.city["reserve"]

    @property
    def resilience(self) -> float:
        """The city's economic resilience after the turn."""
        return self.city["resilience"]

    @property
    def revenue(self) -> float:
        """The revenue expected next turn."""
        return self.city["revenue"]


class ResumeRecord(_Line):
    """The session was continued (``play --resume``): by whom, where, after which turn."""

    type: Annotated[Literal["resume"], Field(description="the line's type")]
    prev: str = _PREV
    after_turn: Annotated[int, Field(ge=0)] = Field(description="turns recorded before it")
    frontend: str = Field(description="text or gui")
    played_by: PlayedBy = Field(description="who plays from here on: a person or a policy")
    policy: str | None = Field(description="the policy that plays from here on, or null")
    package_version: str = Field(description="the simcity-council version that resumed it")
    partial_line_removed: bool = Field(
        description="a partial last line (the process stopped while writing it) was cut off"
    )
    time: str = Field(description="UTC time (metadata)")


class SuspendRecord(_Line):
    """The player stopped before the end (typed q, closed the game from its menu)."""

    type: Annotated[Literal["suspend"], Field(description="the line's type")]
    prev: str = _PREV
    after_turn: Annotated[int, Field(ge=0)] = Field(description="turns recorded before it")
    time: str = Field(description="UTC time (metadata)")


class Reflection(_Line):
    """A student's written answer to a debrief question."""

    type: Annotated[Literal["reflection"], Field(description="the line's type")]
    prev: str = _PREV
    question: str = Field(description="the debrief question (the scenario's reflection list)")
    answer: str = Field(description="the student's answer (free text: review before sharing)")
    time: str = Field(description="UTC time (metadata)")


class Objective(BaseModel):
    """One scenario objective at the end of the game: met or not, and its weight."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    id: str = Field(description="objective id (scenario)")
    label: str = Field(description="its label")
    met: bool = Field(description="met at the end")
    weight: float = Field(description="its weight")
    applies: bool = Field(
        default=True,
        description="whether it applied in this game (its 'applies' condition held at the end); "
        "false: count it neither met nor missed. Logs written before 0.3.1 leave it out: read "
        "as true",
    )


class EndRecord(_Line):
    """The game is over: scores, objectives met, why it ended."""

    type: Annotated[Literal["end"], Field(description="the line's type")]
    prev: str = _PREV
    scores: dict[str, float] = Field(
        description="trust_mean (population-weighted over resident groups), trust_min, "
        "trust_gap, wellbeing_mean, wellbeing_min, resilience, reserve, engagement (the "
        "engine's scores)"
    )
    objectives: list[Objective] = Field(description="each scenario objective, met or not")
    end_reason: str | None = Field(description="turn_limit, receivership or recall")
    ended: str = Field(description="UTC end time (metadata)")


Line = Annotated[
    TurnRecord | ResumeRecord | SuspendRecord | Reflection | EndRecord,
    Field(discriminator="type"),
]
#: Validates any line after the header, straight from its JSON bytes.
LINE = TypeAdapter(Line)
HEADER = TypeAdapter(Header)

LINE_MODELS: tuple[type[_Line], ...] = (
    Header,
    TurnRecord,
    ResumeRecord,
    SuspendRecord,
    Reflection,
    EndRecord,
)


def log_schema() -> dict[str, Any]:
    """The JSON Schema of one log line (any type), for validators and editors."""
    schema = TypeAdapter(Annotated[Header | Line, Field(discriminator="type")]).json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://simcity-council.example/schema/session-log-{FORMAT_VERSION}.json",
        "title": f"simcity-council session log line (format version {FORMAT_VERSION})",
        "description": "One JSON object per line (JSON Lines): a header, then turn, resume, "
        "suspend, reflection and end lines. See docs/research.md.",
        **schema,
    }
