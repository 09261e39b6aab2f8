"""The tables exported from session logs, defined once: columns, types and meanings as pydantic
models, and the rows of each table as typed Python values.

CSV (:mod:`.export_csv`), Parquet (:mod:`.export_parquet`), the notebook API
(:func:`simcity_council.read_logs`) and the codebook (:mod:`.codebook`) all use these, so the
formats have the same tables with the same types. Quantities the engine reports (trust,
wellbeing, ...; reserve, ...) are columns of their own, taken from the logs' headers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, create_model

from .csvsafe import plain_cell
from .logformat import SessionLog
from .logmodels import FORMAT_VERSION, quantity_text
from .privacy import Pseudonymiser, shown_path, shown_source

#: The version of the export tables (columns and their meaning); it goes up with the log format.
EXPORT_VERSION = FORMAT_VERSION
SCORE_FIELDS = (
    "trust_mean",
    "trust_min",
    "trust_gap",
    "wellbeing_mean",
    "wellbeing_min",
    "resilience",
    "reserve",
    "engagement",
)
SCORE_TEXT = {
    "trust_mean": "final population-weighted mean trust of resident groups, [0, 1]",
    "trust_min": "final trust of the lowest resident group, [0, 1]",
    "trust_gap": "final highest minus lowest resident group trust",
    "wellbeing_mean": "final population-weighted mean wellbeing of resident groups, [0, 1]",
    "wellbeing_min": "final wellbeing of the lowest resident group, [0, 1]",
    "resilience": "final economic resilience, [0, 1]",
    "reserve": "final reserve (scenario currency)",
    "engagement": "final population-weighted engagement, [0, 1]",
}


def _f(text: str) -> Any:
    return Field(description=text)


class SessionRow(BaseModel):
    """One session: who played, which scenario, how it was played, final scores."""

    session_id: str = _f("the session's UUID (keyed hash with --pseudonymise); joins the tables")
    player: str = _f("pseudonym (keyed hash with --pseudonymise)")
    section: str | None = _f("class section or cohort (play --section); empty if not given")
    consent: str = _f("yes, no or unknown (play --consent); exports leave out 'no' by default")
    scenario_id: str = _f("scenario meta.id")
    scenario_title: str = _f("scenario title")
    scenario_sha256: str = _f("hash of the scenario file played")
    scenario_source: str = _f("built-in id, or the scenario file's name (no folders)")
    package_version: str = _f("simcity-council version that wrote the log")
    format_version: int = _f("the log's format version")
    seed: int = _f("the game's seed")
    frontend: str = _f("front end that started the session: text, gui (api: the Python API)")
    played_by: str = _f("person, policy, or mixed (a person and a policy, e.g. after a resume)")
    policy: str | None = _f("the policies that played any turn, joined with ';'; empty if none")
    auto: bool = _f("TRUE if a policy played any turn: a demo, a test or a bot-finished game")
    resumed: int = _f("how many times the session was resumed (play --resume)")
    suspended: int = _f("how many times the player stopped before the end")
    started: str = _f("UTC start time (ISO 8601)")
    ended: str | None = _f("UTC end time; empty if unfinished")
    turns: int = _f("turns recorded")
    finished: bool = _f("TRUE if the log has an end line")
    end_reason: str | None = _f("turn_limit, receivership, recall; empty if unfinished")
    trust_mean: float | None = _f(SCORE_TEXT["trust_mean"] + "; empty if unfinished")
    trust_min: float | None = _f(SCORE_TEXT["trust_min"] + "; empty if unfinished")
    trust_gap: float | None = _f(SCORE_TEXT["trust_gap"] + "; empty if unfinished")
    wellbeing_mean: float | None = _f(SCORE_TEXT["wellbeing_mean"] + "; empty if unfinished")
    wellbeing_min: float | None = _f(SCORE_TEXT["wellbeing_min"] + "; empty if unfinished")
    resilience: float | None = _f(SCORE_TEXT["resilience"] + "; empty if unfinished")
    reserve: float | None = _f(SCORE_TEXT["reserve"] + "; empty if unfinished")
    engagement: float | None = _f(SCORE_TEXT["engagement"] + "; empty if unfinished")
    objectives_met: int | None = _f(
        "number of objectives met, of those that applied; empty if unfinished"
    )
    objectives_total: int | None = _f(
        "number of objectives that applied in the game (an objective whose 'applies' did not "
        "hold counts neither way); empty if unfinished"
    )
    seconds: float | None = _f("time a person spent on turns (sum, 0.1 s); empty if none")
    invalid: int | None = _f("answers refused over all turns; empty if not measured")
    help: int | None = _f("help requests over all turns; empty if not measured")
    reflections: int = _f("written answers to debrief questions")
    file: str | None = _f("the log's file name (no folders; empty with --pseudonymise)")


class TurnRowBase(BaseModel):
    """The leading columns of a turn row: the turn and what was chosen (city quantities follow)."""

    session_id: str = _f("joins sessions")
    turn: int = _f("0 = the state before the first turn, then 1, 2, ...")
    label: str = _f("the turn's calendar label (turn 0: start)")
    played_by: str | None = _f("person or policy; empty for turn 0")
    policy: str | None = _f("the policy that chose the turn; empty for a person")
    choices: str | None = _f("decision=option pairs joined with ';' (one row each: choices)")
    actions: str | None = _f("action ids joined with ';' (one row each: actions)")
    events: str | None = _f("ids of the events that fired, joined with ';'")


class TurnRowTail(BaseModel):
    """The trailing columns of a turn row, after its city quantities: timing and state digest."""

    end_reason: str | None = _f("set on the turn that ended the game")
    seconds: float | None = _f("time a person spent on the turn, 0.1 s; empty for a policy")
    invalid: int | None = _f("answers refused this turn; empty if not measured")
    help: int | None = _f("help requests this turn; empty if not measured")
    time: str = _f("UTC time the turn was recorded (turn 0: the start time)")
    digest: str = _f("hash of the simulation state after the turn")


class GroupRowBase(BaseModel):
    """The leading columns of a group row (its per-group quantities follow)."""

    session_id: str = _f("joins sessions")
    turn: int = _f("0 = start")
    group: str = _f("group id")
    share: float = _f("the group's population share (weights for population means)")


class ChoiceRow(BaseModel):
    """One decision answered: the option, its stance and the time to answer."""

    session_id: str = _f("joins sessions")
    turn: int = _f("the turn it was decided")
    decision: str = _f("decision id")
    option: str = _f("option id chosen")
    stance: str = _f("inclusive, narrow or mixed")
    position: int | None = _f(
        "where the option was listed (1 = first): each game lists a decision's options in its "
        "own order, drawn from its seed; empty for logs written before 0.3.1"
    )
    played_by: str = _f("person or policy")
    answer_seconds: float | None = _f(
        "seconds from when the decision was put to the player to their final answer (the "
        "terminal asks one decision at a time, the window shows all at the start of the turn)"
    )


class ActionRow(BaseModel):
    """One listening/engagement action taken, in the order taken."""

    session_id: str = _f("joins sessions")
    turn: int = _f("the turn it was taken")
    action: str = _f("listening/engagement action id")
    order: int = _f("1 = the first action taken that turn")
    played_by: str = _f("person or policy")


class IndicatorRow(BaseModel):
    """One scenario indicator's value after a turn."""

    session_id: str = _f("joins sessions")
    turn: int = _f("0 = start")
    indicator: str = _f("indicator id (scenario-defined)")
    value: float = _f("value after the turn, [0, 1]")


class ObjectiveRow(BaseModel):
    """One objective of a finished session: met or not at the end."""

    session_id: str = _f("joins sessions (finished sessions only)")
    objective: str = _f("objective id")
    label: str = _f("its label")
    met: bool = _f("TRUE / FALSE at the end")
    weight: float = _f("its weight")
    applies: bool = _f(
        "TRUE / FALSE: whether it applied in the game (FALSE: count it neither met nor missed)"
    )


class ReflectionRow(BaseModel):
    """One written answer to a debrief question."""

    session_id: str = _f("joins sessions")
    question: str = _f("the debrief question")
    answer: str = _f("the student's answer (free text: review before sharing)")
    time: str = _f("UTC time")


class ProvenanceRow(BaseModel):
    """One start, resume or suspend: who played from there, and in which front end."""

    session_id: str = _f("joins sessions")
    line: int = _f("line of the log")
    kind: str = _f("start, resume or suspend")
    after_turn: int = _f("turns recorded before it")
    frontend: str | None = _f("text or gui (start, resume)")
    played_by: str | None = _f("who plays from here on: person or policy (start, resume)")
    policy: str | None = _f("the policy that plays from here on (start, resume)")
    time: str = _f("UTC time")


@dataclass(frozen=True)
class Tables:
    """The models of every table for logs that record ``group_q`` and ``city_q``."""

    models: dict[str, type[BaseModel]]

    def columns(self, kind: str) -> tuple[str, ...]:
        """The column names of table ``kind``, in order."""
        return tuple(self.models[kind].model_fields)

    def types(self, kind: str) -> dict[str, str]:
        """Column -> ``string``, ``integer``, ``number`` or ``boolean``."""
        return {
            name: column_type(f.annotation) for name, f in self.models[kind].model_fields.items()
        }


def column_type(annotation: Any) -> str:
    """The export type of a column annotated ``annotation`` (optional or not); a TypeError for
    a type no export format has, so a new column cannot go out untyped."""
    kinds = {str: "string", int: "integer", float: "number", bool: "boolean"}
    for kind, name in kinds.items():
        if annotation is kind or annotation == kind | None:
            return name
    raise TypeError(f"no column type for {annotation!r}")


def _joined(*parts: type[BaseModel], extra: dict[str, Any], name: str) -> type[BaseModel]:
    """A model with the fields of ``parts`` in order and ``extra`` in the middle."""
    head, *rest = parts
    fields: dict[str, Any] = {n: (f.annotation, f) for n, f in head.model_fields.items()}
    fields.update(extra)
    for part in rest:
        fields.update({n: (f.annotation, f) for n, f in part.model_fields.items()})
    return create_model(name, **fields)


def make_tables(group_q: Sequence[str], city_q: Sequence[str]) -> Tables:
    """The tables for logs that record these per-group and city quantities."""
    city = {
        q: (float | None, Field(description=quantity_text(q) + ", after the turn")) for q in city_q
    }
    groups = {
        q: (float | None, Field(description=quantity_text(q) + ", after the turn")) for q in group_q
    }
    return Tables(
        {
            "sessions": SessionRow,
            "turns": _joined(TurnRowBase, TurnRowTail, extra=city, name="TurnRow"),
            "groups": _joined(GroupRowBase, extra=groups, name="GroupRow"),
            "choices": ChoiceRow,
            "actions": ActionRow,
            "indicators": IndicatorRow,
            "objectives": ObjectiveRow,
            "reflections": ReflectionRow,
            "provenance": ProvenanceRow,
        }
    )


def quantities_of(logs: Sequence[SessionLog]) -> tuple[list[str], list[str]]:
    """The quantities of all ``logs``, in the order they first appear."""
    group: dict[str, None] = {}
    city: dict[str, None] = {}
    for log in logs:
        group.update(dict.fromkeys(log.header.fields.group))
        city.update(dict.fromkeys(log.header.fields.city))
    return list(group), list(city)


class Rows:
    """The rows of every table for one log, as tuples of typed values (None = missing)."""

    def __init__(
        self,
        group_q: Sequence[str],
        city_q: Sequence[str],
        pseudonymiser: Pseudonymiser | None = None,
    ) -> None:
        self.group_q = list(group_q)
        self.city_q = list(city_q)
        self.pseudo = pseudonymiser

    def session_id(self, log: SessionLog) -> str:
        """The session id that joins the tables (pseudonymised when a key was given)."""
        sid = log.header.session_id
        return self.pseudo.session(sid) if self.pseudo else sid

    def of(self, kind: str, log: SessionLog) -> Iterator[tuple[Any, ...]]:
        """The rows of table ``kind`` for ``log``, in the column order of :class:`Tables`."""
        return getattr(self, f"_{kind}")(log)

    def _sessions(self, log: SessionLog) -> Iterator[tuple[Any, ...]]:
        h, end = log.header, log.end
        scores = end.scores if end else {}
        person = [t for t in log.turns if t.played_by == "person"]
        seconds = [t.seconds for t in person if t.seconds is not None]
        invalid = [t.invalid for t in person if t.invalid is not None]
        helps = [t.help for t in person if t.help is not None]
        yield (
            self.session_id(log),
            self.pseudo.player(h.player) if self.pseudo else h.player,
            h.section,
            h.consent,
            h.scenario_id,
            h.scenario_title,
            h.scenario_sha256,
            shown_source(h.scenario_source),
            h.package_version,
            h.format_version,
            h.seed,
            h.frontend,
            log.played_by,
            ";".join(log.policies) or None,
            log.auto,
            len(log.resumes),
            len(log.suspends),
            h.started,
            end.ended if end else None,
            len(log.turns),
            end is not None,
            end.end_reason if end else None,
            *(scores.get(k) for k in SCORE_FIELDS),
            sum(1 for o in end.objectives if o.met and o.applies) if end else None,
            sum(1 for o in end.objectives if o.applies) if end else None,
            round(sum(seconds), 1) if seconds else None,
            sum(invalid) if invalid else None,
            sum(helps) if helps else None,
            len(log.reflections),
            None if self.pseudo else shown_path(log.path),
        )

    def _turns(self, log: SessionLog) -> Iterator[tuple[Any, ...]]:
        sid, initial = self.session_id(log), log.header.initial
        yield (
            sid, 0, "start", None, None, None, None, None,
            *(initial.city.get(q) for q in self.city_q),
            None, None, None, None, log.header.started, initial.digest,
        )  # fmt: skip
        for t in log.turns:
            yield (
                sid, t.turn, t.label, t.played_by, t.policy,
                ";".join(f"{d}={o}" for d, o in t.choices.items()) or None,
                ";".join(t.actions) or None, ";".join(t.events) or None,
                *(t.city.get(q) for q in self.city_q),
                t.end_reason, t.seconds, t.invalid, t.help, t.time, t.digest,
            )  # fmt: skip

    def _groups(self, log: SessionLog) -> Iterator[tuple[Any, ...]]:
        sid = self.session_id(log)
        groups = [(g.id, g.share) for g in log.header.groups]
        empty: dict[str, float] = {}
        series = [(0, log.header.initial.by_group)] + [(t.turn, t.by_group) for t in log.turns]
        for turn, by_group in series:
            maps = [by_group.get(q, empty) for q in self.group_q]
            for gid, share in groups:
                yield (sid, turn, gid, share, *(m.get(gid) for m in maps))

    def groups_text(self, log: SessionLog) -> str | None:
        """The rows of :meth:`_groups` as CSV text, formatted directly (the largest table:
        about twice as fast as the csv writer). None when a value would need quoting or is
        missing, or could be read as a formula: then the csv writer writes the rows."""
        sid = self.session_id(log)
        groups = [(g.id, repr(g.share)) for g in log.header.groups]
        if not (plain_cell(sid) and all(plain_cell(gid) for gid, _ in groups)):
            return None
        series = [log.header.initial.by_group] + [t.by_group for t in log.turns]
        if any(list(by_group) != self.group_q for by_group in series):
            return None
        turns = [0] + [t.turn for t in log.turns]
        out = []
        for turn, by_group in zip(turns, series, strict=True):
            maps = list(by_group.values())
            for gid, share in groups:
                values = ",".join(repr(m[gid]) for m in maps)
                out.append(f"{sid},{turn},{gid},{share},{values}\n")
        return "".join(out)

    def _choices(self, log: SessionLog) -> Iterator[tuple[Any, ...]]:
        sid = self.session_id(log)
        for t in log.turns:
            seconds = t.answer_seconds or {}
            for decision, option in t.choices.items():
                stance = t.stances.get(decision, "")
                place = t.positions.get(decision)
                yield (
                    sid, t.turn, decision, option, stance, place, t.played_by,
                    seconds.get(decision),
                )  # fmt: skip

    def _actions(self, log: SessionLog) -> Iterator[tuple[Any, ...]]:
        sid = self.session_id(log)
        for t in log.turns:
            for order, action in enumerate(t.actions, 1):
                yield (sid, t.turn, action, order, t.played_by)

    def _indicators(self, log: SessionLog) -> Iterator[tuple[Any, ...]]:
        sid = self.session_id(log)
        for name, value in log.header.initial.indicators.items():
            yield (sid, 0, name, value)
        for t in log.turns:
            for name, value in t.indicators.items():
                yield (sid, t.turn, name, value)

    def _objectives(self, log: SessionLog) -> Iterator[tuple[Any, ...]]:
        if log.end is None:
            return
        sid = self.session_id(log)
        for o in log.end.objectives:
            yield (sid, o.id, o.label, o.met, o.weight, o.applies)

    def _reflections(self, log: SessionLog) -> Iterator[tuple[Any, ...]]:
        sid = self.session_id(log)
        for r in log.reflections:
            yield (sid, r.question, r.answer, r.time)

    def _provenance(self, log: SessionLog) -> Iterator[tuple[Any, ...]]:
        sid, h = self.session_id(log), log.header
        yield (sid, 1, "start", 0, h.frontend, h.played_by, h.policy, h.started)
        for r in log.records:
            if r.type == "resume":
                yield (
                    sid,
                    r.line,
                    "resume",
                    r.after_turn,
                    r.frontend,
                    r.played_by,
                    r.policy,
                    r.time,
                )
            elif r.type == "suspend":
                yield (sid, r.line, "suspend", r.after_turn, None, None, None, r.time)
