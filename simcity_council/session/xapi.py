"""xAPI (Experience API 1.0.3) statements from session logs, for a learning record store.

Per session: one *chose* statement per decision answered and, if the session ended, one *completed*
statement with the scores. The actor is the pseudonymous account (never a name or e-mail); the
context carries the session id as the registration and the scenario hash and seed as extensions.
Statement ids are UUID v5 of (session id, position), so exporting twice gives the same ids.
"""

from __future__ import annotations

import math
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import LogError
from ..safeout import Outputs, dumps
from .labels import LabelCache, Labels
from .logformat import EndRecord, SessionLog

XAPI_VERSION = "1.0.3"
DEFAULT_BASE = "https://simcity-council.example/xapi"
# ADL verbs. ADL has no "chose"; "preferred" is defined as "the selected choices, favored options
# or settings of an actor in relation to an object or activity", which is what a decision is.
VERB_CHOSE = {"id": "http://adlnet.gov/expapi/verbs/preferred", "display": {"en-US": "chose"}}
VERB_COMPLETED = {
    "id": "http://adlnet.gov/expapi/verbs/completed",
    "display": {"en-US": "completed"},
}
TYPE_SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
TYPE_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
_NAMESPACE = uuid.UUID("6f1c2a52-3d0e-5b8e-9a57-5e55c0c1e001")


def statements(
    logs: Sequence[SessionLog], base: str = DEFAULT_BASE, labels: LabelCache | None = None
) -> list[dict[str, Any]]:
    """All statements of all logs, in log order then time order."""
    base = base.rstrip("/")
    labels = labels or LabelCache()
    out: list[dict[str, Any]] = []
    for log in logs:
        out.extend(_session_statements(log, base, labels.get(log)))
    return out


def _session_statements(log: SessionLog, base: str, labels: Labels) -> list[dict[str, Any]]:
    h = log.header
    scenario_iri = f"{base}/scenarios/{h.scenario_id}"
    actor = {"objectType": "Agent", "account": {"homePage": base, "name": h.player}}
    context = {
        "registration": h.session_id,
        "platform": f"simcity-council {h.package_version} ({h.frontend})",
        "language": "en-US",
        "contextActivities": {"parent": [_scenario_activity(scenario_iri, h.scenario_title)]},
        "extensions": {
            f"{base}/extensions/scenario-sha256": h.scenario_sha256,
            # A string: seeds use up to 63 bits, and JSON numbers beyond 2**53 lose digits in
            # JavaScript, which many learning record stores are written in.
            f"{base}/extensions/seed": str(h.seed),
        },
    }
    out: list[dict[str, Any]] = []
    for turn in log.turns:
        for decision, option in turn.choices.items():
            definition: dict[str, Any] = {
                "name": {"en-US": labels.decision(decision)},
                "type": TYPE_INTERACTION,
                "interactionType": "choice",
            }
            if decision in labels.options:
                definition["choices"] = [
                    {"id": oid, "description": {"en-US": text}}
                    for oid, text in labels.options[decision].items()
                ]
            out.append(
                {
                    "id": _id(h.session_id, len(out)),
                    "actor": actor,
                    "verb": VERB_CHOSE,
                    "object": {
                        "objectType": "Activity",
                        "id": f"{scenario_iri}/decisions/{decision}",
                        "definition": definition,
                    },
                    "result": {
                        "response": option,
                        "extensions": {
                            f"{base}/extensions/stance": turn.stances.get(decision, ""),
                            f"{base}/extensions/turn": turn.turn,
                        },
                    },
                    "context": context,
                    "timestamp": turn.time,
                    "version": XAPI_VERSION,
                }
            )
    if log.end is not None:
        out.append(_completed(log, log.end, base, scenario_iri, actor, context, len(out)))
    return out


def _completed(
    log: SessionLog,
    end: EndRecord,
    base: str,
    scenario_iri: str,
    actor: dict[str, Any],
    context: dict[str, Any],
    position: int,
) -> dict[str, Any]:
    total = sum(float(o.get("weight", 1.0)) for o in end.objectives)
    met = sum(float(o.get("weight", 1.0)) for o in end.objectives if o["met"])
    result: dict[str, Any] = {
        "completion": True,
        "extensions": {
            f"{base}/extensions/scores": dict(end.scores),
            f"{base}/extensions/objectives": {str(o["id"]): bool(o["met"]) for o in end.objectives},
            f"{base}/extensions/end-reason": end.end_reason,
        },
    }
    if total > 0:
        result["score"] = {"raw": met, "min": 0.0, "max": total, "scaled": met / total}
    seconds = [t.seconds for t in log.turns if t.seconds is not None]
    if seconds and math.isfinite(sum(seconds)):
        result["duration"] = f"PT{round(sum(seconds), 2)}S"
    return {
        "id": _id(log.header.session_id, position),
        "actor": actor,
        "verb": VERB_COMPLETED,
        "object": _scenario_activity(scenario_iri, log.header.scenario_title),
        "result": result,
        "context": context,
        "timestamp": end.ended,
        "version": XAPI_VERSION,
    }


def _scenario_activity(iri: str, title: str) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": iri,
        "definition": {"name": {"en-US": title}, "type": TYPE_SIMULATION},
    }


def _id(session_id: str, position: int) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{session_id}/{position}"))


def export_xapi(
    logs: Sequence[SessionLog], out_file: str | Path, base: str = DEFAULT_BASE, force: bool = False
) -> int:
    """Write all statements as one JSON array, atomically; the number of statements. An
    existing file is replaced only with ``force``."""
    path = Path(out_file)
    if os.path.isdir(path):
        raise LogError(
            "the output must be a file for --format xapi (e.g. statements.json)", str(path)
        )
    with Outputs([path], force=force, create_folder=False) as out:
        data = statements(logs, base)
        # One statement per line: readable, and the C encoder (indent= would be pure Python).
        text = ",\n".join(dumps(item, ensure_ascii=False) for item in data)
        out.write(path, "[\n" + text + "\n]\n")
    return len(data)
