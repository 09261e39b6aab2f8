"""What-if replays: change one recorded decision (or hand the rest of the game to a policy),
keep the same luck, see what changes turn by turn.

Randomness depends only on (seed, turn, stream), so replaying with the log's seed gives the same
dice; the only difference is the decision changed. Later recorded choices are kept where they are
still on the agenda and available; where not, a named fallback policy fills in, and every such
substitution is reported. With ``policy`` a policy plays every turn after the change instead.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..engine.scores import SCORE_NAMES
from ..errors import GameError, LogError
from .logformat import SessionLog
from .replay import ScenarioCache, replay_game

if TYPE_CHECKING:
    from ..engine import Game
    from ..engine.views import Scores, TurnView

FALLBACK_POLICY = "inclusive"


@dataclass(frozen=True)
class Step:
    """One turn of a game's path."""

    turn: int
    choices: dict[str, str]
    actions: tuple[str, ...]
    events: tuple[str, ...]
    trust: dict[str, float]
    reserve: float
    resilience: float
    digest: str
    trust_min: float = float("nan")  # the lowest resident group's trust (as the score)

    def as_dict(self) -> dict[str, Any]:
        """The turn as JSON-ready data (``--json``)."""
        return {
            "turn": self.turn,
            "choices": self.choices,
            "actions": list(self.actions),
            "events": list(self.events),
            "trust": self.trust,
            "trust_min": self.trust_min,
            "reserve": self.reserve,
            "resilience": self.resilience,
        }


@dataclass(frozen=True)
class Outcome:
    """How a game (recorded or what-if) ended, and its path turn by turn."""

    turns: int
    scores: dict[str, float]
    trust: dict[str, float]  # final trust per group
    objectives: dict[str, bool]
    end_reason: str | None
    digests: tuple[str, ...]
    path: tuple[Step, ...] = ()  # turn by turn


@dataclass(frozen=True)
class Substitution:
    """A recorded choice that the what-if game could not keep, and what was done instead."""

    turn: int
    kind: str  # "decision", "action" or "turn" (the whole turn was chosen by the policy)
    id: str  # the decision or action id ("" for kind "turn")
    recorded: str | None  # the recorded option (None: not in the log, or an action)
    chosen: str | None  # what the what-if game took instead (None: dropped)
    note: str  # the same in plain words

    def as_dict(self) -> dict[str, Any]:
        """The substitution as JSON-ready data (``--json``)."""
        return {
            "turn": self.turn,
            "kind": self.kind,
            "id": self.id,
            "recorded": self.recorded,
            "chosen": self.chosen,
            "note": self.note,
        }


@dataclass(frozen=True)
class WhatIf:
    """One log's what-if: the change made, both outcomes, and where they first differ."""

    log: SessionLog
    turn: int
    decision: str  # "" when only the policy changes
    recorded_option: str
    option: str
    original: Outcome
    whatif: Outcome
    first_divergence: int | None  # first turn whose state differs; None if never
    changes: tuple[Substitution, ...] = field(default_factory=tuple)
    policy: str = FALLBACK_POLICY  # the fallback policy for choices that cannot be kept
    rest_policy: str | None = None  # the policy that plays the rest of the game, if any

    @property
    def substitutions(self) -> tuple[str, ...]:
        """Each substitution in plain words, in turn order."""
        return tuple(c.note for c in self.changes)

    def as_dict(self) -> dict[str, Any]:
        """The what-if, both outcomes and every substitution as JSON-ready data (``--json``)."""
        return {
            "log": str(self.log.path),
            "session_id": self.log.header.session_id,
            "scenario": self.log.header.scenario_id,
            "seed": self.log.header.seed,
            "turn": self.turn,
            "decision": self.decision,
            "recorded_option": self.recorded_option,
            "option": self.option,
            "fallback_policy": self.policy,
            "policy": self.rest_policy,
            "substitutions": [c.as_dict() for c in self.changes],
            "first_divergence": self.first_divergence,
            "original": _outcome_dict(self.original),
            "whatif": _outcome_dict(self.whatif),
        }


def _outcome_dict(o: Outcome) -> dict[str, Any]:
    return {
        "turns": o.turns,
        "scores": o.scores,
        "trust": o.trust,
        "objectives": o.objectives,
        "end_reason": o.end_reason,
        "path": [step.as_dict() for step in o.path],
    }


def _outcome(game: Game) -> Outcome:
    s: Scores = game.scores()
    residents = {g.id for g in game.scenario.model.groups if g.kind != "organisation"}
    last = game.results[-1] if game.results else None
    trust = {g.id: g.trust.after for g in last.groups} if last else {}
    if last is None:
        trust = {g.id: g.trust for g in game.view().groups}
    return Outcome(
        turns=len(game.results),
        scores={name: getattr(s, name) for name in SCORE_NAMES},
        trust=trust,
        objectives={o.id: o.met for o in s.objectives},
        end_reason=s.end_reason,
        digests=tuple(r.digest for r in game.results),
        path=tuple(
            Step(
                r.turn,
                dict(r.choices.decisions),
                tuple(r.choices.actions),
                tuple(e.id for e in r.events),
                {g.id: g.trust.after for g in r.groups},
                r.reserve.after,
                r.resilience.after,
                r.digest,
                min((g.trust.after for g in r.groups if g.id in residents), default=float("nan")),
            )
            for r in game.results
        ),
    )


def decided_at(log: SessionLog, decision: str) -> int | None:
    """The turn at which the log answered ``decision`` (None: never)."""
    return next((t.turn for t in log.turns if decision in t.choices), None)


def run_whatif(
    log: SessionLog,
    turn: int,
    decision: str = "",
    option: str = "",
    policy: str = FALLBACK_POLICY,
    cache: ScenarioCache | None = None,
    *,
    rest_policy: str | None = None,
) -> WhatIf:
    """Replay ``log`` with ``decision`` answered ``option`` at ``turn``; compare the outcomes.

    Later turns keep the recorded choices (``policy`` fills in where they cannot be kept); with
    ``rest_policy`` that policy plays every later turn instead (and, when no decision is
    changed, ``turn`` itself)."""
    cache = cache or ScenarioCache()
    loaded = cache.get(log)
    if not 1 <= turn <= len(log.turns):
        raise LogError(
            f"turn {turn} is not in the log (it records turns 1 to {len(log.turns)})", log.name
        )
    if not decision and rest_policy is None:
        raise LogError("a what-if needs a decision to change, or a policy for the rest")
    original = replay_game(log, loaded)
    game = replay_game(log, loaded, upto=turn - 1)
    view = game.view()
    record = log.turns[turn - 1]
    notes: list[Substitution] = []
    recorded_option = ""
    if decision:
        _check_change(view, loaded.model, decision, option, turn, log)
        recorded_option = record.choices.get(decision, "")
        wanted = dict(record.choices)
        wanted[decision] = option
        if rest_policy is not None:  # the change, and the policy for the rest of the turn
            suggested = game.suggest(rest_policy)
            wanted = {**suggested.decisions, decision: option}
            _play(game, wanted, suggested.actions, policy, notes, forced=decision)
        else:
            _play(game, wanted, record.actions, policy, notes, forced=decision)
    # A finished log: play the what-if to its own end. An unfinished one: as many turns as recorded.
    limit = None if log.end is not None else len(log.turns)
    while not game.done and (limit is None or len(game.results) < limit):
        if rest_policy is not None:
            game.submit(game.suggest(rest_policy))
            continue
        t = game.turn
        rec = log.turns[t - 1] if t <= len(log.turns) else None
        if rec is None:
            notes.append(
                Substitution(
                    t, "turn", "", None, None,
                    f"turn {t}: the log has no choices for this turn; policy '{policy}' plays",
                )
            )  # fmt: skip
        _play(game, dict(rec.choices) if rec else {}, rec.actions if rec else (), policy, notes)
    a, b = _outcome(original), _outcome(game)
    diverge = next(
        (i + 1 for i, (x, y) in enumerate(zip(a.digests, b.digests, strict=False)) if x != y),
        None if len(a.digests) == len(b.digests) else min(len(a.digests), len(b.digests)) + 1,
    )
    return WhatIf(
        log, turn, decision, recorded_option, option, a, b, diverge, tuple(notes), policy,
        rest_policy,
    )  # fmt: skip


def never_decided(
    log: SessionLog, decision: str, cache: ScenarioCache | None = None, one: bool = False
) -> str:
    """Why ``log`` has no turn to change ``decision`` on, in words: not a decision of its
    scenario (with the closest id), or one that was never on its agenda (``one``: a what-if of
    this log alone, which can name a turn with --turn)."""
    model = (cache or ScenarioCache()).get(log).model
    known = [d.id for d in model.decisions]
    if decision not in known:
        # a class may mix scenarios: a near id of another one is no typo to point out
        close = difflib.get_close_matches(decision, known, n=1) if one else []
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"'{decision}' is not a decision of {log.header.scenario_id}{hint}"
    fix = ": give the turn with --turn K" if one else ""
    return f"the log never decided '{decision}' (it was not on the agenda in this game){fix}"


def _check_change(
    view: TurnView, model: Any, decision: str, option: str, turn: int, log: SessionLog
) -> None:
    known = {d.id: d for d in model.decisions}
    if decision not in known:
        close = difflib.get_close_matches(decision, list(known), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        on_agenda = ", ".join(d.id for d in view.agenda) or "nothing"
        raise LogError(
            f"unknown decision '{decision}' in this scenario{hint} (on the agenda at turn "
            f"{turn}: {on_agenda})"
        )
    agenda = {d.id: d for d in view.agenda}
    if decision not in agenda:
        listed = ", ".join(agenda) or "nothing"
        decided = [t.turn for t in log.turns if decision in t.choices]
        hint = (
            f"; the log has it at turn {decided[0]}: try --turn {decided[0]}"
            if decided
            else "; it was never on the agenda in this log"
        )
        raise LogError(
            f"decision '{decision}' is not on the agenda at turn {turn} (on the agenda: "
            f"{listed}){hint}"
        )
    options = {o.id: o for o in agenda[decision].options}
    if option not in options:
        close = difflib.get_close_matches(option, list(options), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise LogError(
            f"'{decision}' has no option '{option}' (options: {', '.join(options)}){hint}"
        )
    if not options[option].available:
        raise LogError(
            f"option '{decision}={option}' is not available at turn {turn}: "
            f"{options[option].reason or 'its condition does not hold'}"
        )


def _play(
    game: Game,
    wanted: dict[str, str],
    actions: Sequence[str],
    policy: str,
    notes: list[Substitution],
    forced: str = "",
) -> None:
    """Submit the wanted choices where possible; the policy fills in the rest (noted)."""
    from ..engine import Choices

    view = game.view()
    t = view.turn
    suggestion = game.suggest(policy)
    chosen: dict[str, str] = {}
    for d in view.agenda:
        available = {o.id for o in d.options if o.available}
        want = wanted.get(d.id)
        if want in available:
            chosen[d.id] = want
            continue
        pick = suggestion.decisions[d.id]
        chosen[d.id] = pick
        if want is None:
            note = (
                f"turn {t}: '{d.id}' is on the agenda now but was not in the log; "
                f"policy '{policy}' chose '{pick}'"
            )
        else:
            note = (
                f"turn {t}: '{d.id}={want}' is not available any more; "
                f"policy '{policy}' chose '{pick}' instead"
            )
        notes.append(Substitution(t, "decision", d.id, want, pick, note))
    for d_id, o_id in wanted.items():
        if d_id not in chosen and d_id != forced:
            note = f"turn {t}: '{d_id}={o_id}' is not on the agenda any more; dropped"
            notes.append(Substitution(t, "decision", d_id, o_id, None, note))
    usable = {a.id for a in view.actions if a.available}
    kept = tuple(a for a in actions if a in usable)
    for a in actions:
        if a not in usable:
            note = f"turn {t}: action '{a}' is not available any more; dropped"
            notes.append(Substitution(t, "action", a, None, None, note))
    # each attempt: the choices, and the actions it drops (None: the policy's whole turn)
    attempts: list[tuple[Choices, tuple[str, ...] | None]] = [(Choices(chosen, kept), ())]
    for n in range(len(kept) - 1, -1, -1):  # drop actions from the last one taken
        attempts.append((Choices(chosen, kept[:n]), kept[n:]))
    attempts.append((suggestion, None))
    problem = ""
    for choices, dropped in attempts:
        try:
            game.submit(choices)
        except GameError as error:
            problem = str(error)
            continue
        if dropped is None:
            note = (
                f"turn {t}: the kept choices break a rule ({problem}); "
                f"policy '{policy}' chose the whole turn"
            )
            notes.append(Substitution(t, "turn", "", None, None, note))
        for a in dropped or ():
            note = f"turn {t}: the kept choices break a rule ({problem}); action '{a}' dropped"
            notes.append(Substitution(t, "action", a, None, None, note))
        return
    raise LogError(f"turn {t}: the what-if cannot go on: {problem}")
