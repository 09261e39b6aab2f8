"""xAPI (Experience API 1.0.3) statements from session logs, for a learning record store.

Per session, in the order of its log: *initialized* (the start), one *chose* per decision
answered, one *interacted* per listening action, *suspended* and *resumed* where the player
stopped and came back, *answered* per written reflection, and *completed* with the scores. The
actor is the pseudonymous account (never a name or e-mail); the context carries the session id as
the registration and the scenario hash, seed, section and who played as extensions.

A statement's id is a UUID v5 of its content and the base IRI: exporting the same logs again
gives the same ids (an LRS keeps one copy), and anything that changes a statement (another base
IRI, a pseudonymised actor, an edited log) gives it a new id instead of a conflict.
"""

from __future__ import annotations

import json
import math
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import LogError
from ..safeout import dumps, write_file
from .labels import LabelCache, Labels
from .logformat import SessionLog
from .logmodels import FORMAT_VERSION
from .privacy import FILE_MODE, Pseudonymiser

XAPI_VERSION = "1.0.3"
DEFAULT_BASE = "https://simcity-council.example/xapi"
ADL = "http://adlnet.gov/expapi/verbs/"


def _verb(name: str, display: str) -> dict[str, Any]:
    return {"id": ADL + name, "display": {"en-US": display}}


# ADL verbs. ADL has no "chose"; "preferred" is defined as "the selected choices, favored options
# or settings of an actor in relation to an object or activity", which is what a decision is.
VERB_CHOSE = _verb("preferred", "chose")
VERB_ACTED = _verb("interacted", "took action")
VERB_STARTED = _verb("initialized", "started")
VERB_SUSPENDED = _verb("suspended", "suspended")
VERB_RESUMED = _verb("resumed", "resumed")
VERB_ANSWERED = _verb("answered", "answered")
VERB_COMPLETED = _verb("completed", "completed")
TYPE_SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
TYPE_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
_NAMESPACE = uuid.UUID("6f1c2a52-3d0e-5b8e-9a57-5e55c0c1e001")


def statements(
    logs: Sequence[SessionLog],
    base: str = DEFAULT_BASE,
    labels: LabelCache | None = None,
    pseudonymiser: Pseudonymiser | None = None,
) -> list[dict[str, Any]]:
    """All statements of all logs, in log order then line order."""
    base = base.rstrip("/")
    labels = labels or LabelCache()
    out: list[dict[str, Any]] = []
    for log in logs:
        out.extend(_Session(log, base, labels.get(log), pseudonymiser).statements())
    return out


def statement_id(statement: dict[str, Any], base: str) -> str:
    """UUID v5 of the base IRI and the statement's content (canonical JSON, without its id)."""
    content = {k: v for k, v in statement.items() if k != "id"}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return str(uuid.uuid5(_NAMESPACE, f"{base}\n{text}"))


def _duration(seconds: float) -> str:
    return f"PT{round(seconds, 1)}S"


class _Session:
    def __init__(
        self, log: SessionLog, base: str, labels: Labels, pseudo: Pseudonymiser | None
    ) -> None:
        h = log.header
        self.log, self.base, self.labels = log, base, labels
        self.scenario_iri = f"{base}/scenarios/{h.scenario_id}"
        player = pseudo.player(h.player) if pseudo else h.player
        self.registration = pseudo.session(h.session_id) if pseudo else h.session_id
        self.actor = {"objectType": "Agent", "account": {"homePage": base, "name": player}}
        extensions = {
            f"{base}/extensions/scenario-sha256": h.scenario_sha256,
            # A string: seeds use up to 64 bits, and JSON numbers beyond 2**53 lose digits in
            # JavaScript, which many learning record stores are written in.
            f"{base}/extensions/seed": str(h.seed),
            f"{base}/extensions/format-version": FORMAT_VERSION,
            f"{base}/extensions/consent": h.consent,
        }
        if h.section is not None:
            extensions[f"{base}/extensions/section"] = h.section
        self.extensions = extensions
        self.platform = f"simcity-council {h.package_version} ({h.frontend})"

    def ext(self, name: str) -> str:
        return f"{self.base}/extensions/{name}"

    def context(self, played_by: str | None = None, policy: str | None = None) -> dict[str, Any]:
        extensions = dict(self.extensions)
        if played_by is not None:
            extensions[self.ext("played-by")] = played_by if policy is None else f"policy:{policy}"
        return {
            "registration": self.registration,
            "platform": self.platform,
            "language": "en-US",
            "contextActivities": {"parent": [self.scenario()]},
            "extensions": extensions,
        }

    def scenario(self) -> dict[str, Any]:
        return {
            "objectType": "Activity",
            "id": self.scenario_iri,
            "definition": {
                "name": {"en-US": self.log.header.scenario_title},
                "type": TYPE_SIMULATION,
            },
        }

    def statement(
        self,
        verb: dict[str, Any],
        obj: dict[str, Any],
        timestamp: str,
        result: dict[str, Any] | None = None,
        played_by: str | None = None,
        policy: str | None = None,
    ) -> dict[str, Any]:
        s: dict[str, Any] = {"actor": self.actor, "verb": verb, "object": obj}
        if result is not None:
            s["result"] = result
        s["context"] = self.context(played_by, policy)
        s["timestamp"] = timestamp
        s["version"] = XAPI_VERSION
        return {"id": statement_id(s, self.base), **s}

    def statements(self) -> list[dict[str, Any]]:
        h = self.log.header
        out = [
            self.statement(VERB_STARTED, self.scenario(), h.started, None, h.played_by, h.policy)
        ]
        who = (h.played_by, h.policy)  # who plays at this point (a suspend is theirs)
        for record in self.log.records:
            kind = record.type
            if kind in ("turn", "resume"):
                who = (record.played_by, record.policy)
            if kind == "turn":
                out.extend(self.turn(record))
            elif kind == "resume":
                result = {"extensions": {self.ext("after-turn"): record.after_turn}}
                out.append(
                    self.statement(
                        VERB_RESUMED, self.scenario(), record.time, result, record.played_by,
                        record.policy,
                    )
                )  # fmt: skip
            elif kind == "suspend":
                result = {"extensions": {self.ext("after-turn"): record.after_turn}}
                out.append(
                    self.statement(VERB_SUSPENDED, self.scenario(), record.time, result, *who)
                )
            elif kind == "reflection":
                out.append(self.reflection(record))
            else:
                out.append(self.completed(record))
        return out

    def turn(self, t: Any) -> list[dict[str, Any]]:
        out = []
        seconds = t.answer_seconds or {}
        for decision, option in t.choices.items():
            definition: dict[str, Any] = {
                "name": {"en-US": self.labels.decision(decision)},
                "type": TYPE_INTERACTION,
                "interactionType": "choice",
            }
            if decision in self.labels.options:
                definition["choices"] = [
                    {"id": oid, "description": {"en-US": text}}
                    for oid, text in self.labels.options[decision].items()
                ]
            result: dict[str, Any] = {
                "response": option,
                "extensions": {
                    self.ext("stance"): t.stances.get(decision, ""),
                    self.ext("turn"): t.turn,
                },
            }
            if decision in seconds and math.isfinite(seconds[decision]):
                result["duration"] = _duration(seconds[decision])
            obj = {
                "objectType": "Activity",
                "id": f"{self.scenario_iri}/decisions/{decision}",
                "definition": definition,
            }
            out.append(self.statement(VERB_CHOSE, obj, t.time, result, t.played_by, t.policy))
        for order, action in enumerate(t.actions, 1):
            obj = {
                "objectType": "Activity",
                "id": f"{self.scenario_iri}/actions/{action}",
                "definition": {
                    "name": {"en-US": self.labels.action(action)},
                    "type": TYPE_INTERACTION,
                    "interactionType": "other",
                },
            }
            result = {"extensions": {self.ext("turn"): t.turn, self.ext("order"): order}}
            out.append(self.statement(VERB_ACTED, obj, t.time, result, t.played_by, t.policy))
        return out

    def reflection(self, r: Any) -> dict[str, Any]:
        key = uuid.uuid5(_NAMESPACE, r.question).hex[:12]
        obj = {
            "objectType": "Activity",
            "id": f"{self.scenario_iri}/reflections/{key}",
            "definition": {
                "name": {"en-US": r.question},
                "type": TYPE_INTERACTION,
                "interactionType": "long-fill-in",
            },
        }
        # a written answer is a person's: policies answer no reflection questions
        return self.statement(VERB_ANSWERED, obj, r.time, {"response": r.answer}, "person")

    def completed(self, end: Any) -> dict[str, Any]:
        counted = [o for o in end.objectives if o.applies]  # as the student's debrief counts
        total = sum(o.weight for o in counted)
        met = sum(o.weight for o in counted if o.met)
        result: dict[str, Any] = {
            "completion": True,
            "extensions": {
                self.ext("scores"): dict(end.scores),
                # null: the objective did not apply in this game
                self.ext("objectives"): {
                    o.id: o.met if o.applies else None for o in end.objectives
                },
                self.ext("end-reason"): end.end_reason,
            },
        }
        if total > 0:
            result["score"] = {"raw": met, "min": 0.0, "max": total, "scaled": met / total}
        seconds = [t.seconds for t in self.log.turns if t.seconds is not None]
        if seconds and math.isfinite(sum(seconds)):  # a sum of huge numbers from an edited log
            result["duration"] = _duration(sum(seconds))
        log = self.log
        policies = ";".join(log.policies) or None
        return self.statement(
            VERB_COMPLETED, self.scenario(), end.ended, result, log.played_by, policies
        )


def export_xapi(
    logs: Sequence[SessionLog],
    out_file: str | Path,
    base: str = DEFAULT_BASE,
    pseudonymiser: Pseudonymiser | None = None,
    force: bool = False,
) -> int:
    """Write all statements as one JSON array, atomically and owner-only; the number of
    statements. An existing file is replaced only with ``force``."""
    data = statements(logs, base, pseudonymiser=pseudonymiser)
    write_statements(data, out_file, force=force)
    return len(data)


def write_statements(data: list[dict[str, Any]], out_file: str | Path, force: bool = False) -> None:
    """Write ``data`` as one JSON array, atomically and owner-only (an existing file only with
    ``force``; the folder must exist)."""
    path = Path(out_file)
    if os.path.isdir(path):
        raise LogError(
            "the output must be a file for --format xapi (e.g. statements.json)", str(path)
        )
    # One statement per line: readable, and the C encoder (indent= would be pure Python).
    text = ",\n".join(dumps(item, ensure_ascii=False) for item in data)
    write_file(path, "[\n" + text + "\n]\n", force=force, create_folder=False, mode=FILE_MODE)
