"""What-if over a whole class: the same change in every session, the same luck in each, and
how the class's outcomes would have moved (``simcity-council whatif DIR --set D=O``).

Each session changes the decision at the turn it decided it (or at ``--turn K``); a session
where the change cannot be made (never decided, option unavailable there) is listed with the
reason and left out of the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean, median
from typing import Any

from ..errors import LogError
from .logformat import SessionLog
from .replay import ScenarioCache
from .tables import SCORE_FIELDS
from .whatif import FALLBACK_POLICY, WhatIf, decided_at, never_decided, run_whatif


@dataclass(frozen=True)
class ClassWhatIf:
    """The same what-if in every session of a class, and the sessions it could not be made in."""

    decision: str
    option: str
    turn: int | None  # None: each session's own turn for the decision
    rest_policy: str | None
    results: tuple[WhatIf, ...]
    skipped: tuple[tuple[SessionLog, str], ...]

    def summary(self) -> dict[str, Any]:
        """Per score: the class mean recorded and in the what-if, the mean change, and how many
        sessions it raised or lowered; per objective: how many met it before and after."""
        out: dict[str, Any] = {"sessions": len(self.results), "skipped": len(self.skipped)}
        scores = {}
        for key in SCORE_FIELDS:
            before = [r.original.scores[key] for r in self.results]
            after = [r.whatif.scores[key] for r in self.results]
            changes = [b - a for a, b in zip(before, after, strict=True)]
            scores[key] = {
                "recorded": mean(before) if before else None,
                "whatif": mean(after) if after else None,
                "change": mean(changes) if changes else None,
                "higher": sum(1 for c in changes if c > 0),
                "lower": sum(1 for c in changes if c < 0),
                "same": sum(1 for c in changes if c == 0),
            }
        out["scores"] = scores
        objectives: dict[str, dict[str, int]] = {}
        for r in self.results:
            for oid, met in r.original.objectives.items():
                entry = objectives.setdefault(oid, {"recorded": 0, "whatif": 0})
                entry["recorded"] += bool(met)
                entry["whatif"] += bool(r.whatif.objectives.get(oid))
        out["objectives"] = objectives
        firsts = [r.first_divergence for r in self.results if r.first_divergence is not None]
        out["first_divergence_median"] = median(firsts) if firsts else None
        out["never_diverged"] = sum(1 for r in self.results if r.first_divergence is None)
        return out

    def as_dict(self) -> dict[str, Any]:
        """The change, its summary and each session's result as JSON-ready data (``--json``)."""
        return {
            "decision": self.decision or None,
            "option": self.option or None,
            "turn": self.turn,
            "policy": self.rest_policy,
            "summary": self.summary(),
            "sessions": [
                {
                    "session_id": r.log.header.session_id,
                    "player": r.log.header.player,
                    "section": r.log.header.section,
                    "turn": r.turn,
                    "recorded_option": r.recorded_option,
                    "first_divergence": r.first_divergence,
                    "original": {"scores": r.original.scores, "end_reason": r.original.end_reason},
                    "whatif": {"scores": r.whatif.scores, "end_reason": r.whatif.end_reason},
                    "substitutions": len(r.changes),
                }
                for r in self.results
            ],
            "skipped": [
                {"log": log.path.name, "session_id": log.header.session_id, "reason": why}
                for log, why in self.skipped
            ],
        }


def run_class_whatif(
    logs: tuple[SessionLog, ...] | list[SessionLog],
    decision: str = "",
    option: str = "",
    turn: int | None = None,
    fallback: str = FALLBACK_POLICY,
    rest_policy: str | None = None,
) -> ClassWhatIf:
    """The same change in every log; the sessions where it cannot be made are skipped."""
    cache = ScenarioCache()
    results: list[WhatIf] = []
    skipped: list[tuple[SessionLog, str]] = []
    for log in logs:
        at = turn if turn is not None else decided_at(log, decision)
        if at is None:
            try:
                why = never_decided(log, decision, cache)
            except LogError as error:  # the scenario cannot be loaded: said as for the others
                why = error.message
            skipped.append((log, why))
            continue
        if at > len(log.turns):
            skipped.append((log, f"has no turn {at} (it records {len(log.turns)})"))
            continue
        try:
            results.append(
                run_whatif(log, at, decision, option, fallback, cache, rest_policy=rest_policy)
            )
        except LogError as error:
            skipped.append((log, error.message))
    return ClassWhatIf(decision, option, turn, rest_policy, tuple(results), tuple(skipped))
