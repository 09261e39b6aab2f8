"""The lab scenario of the engine tests: two resident groups of equal size, a loud one (voice
0.8) and a quiet one (voice 0.2, misread by the city), and an organisation (the police union);
three services: police (reaches everyone, employs the union), parks (the loud group only) and
clinics (the quiet group only). A test adds the decisions it needs."""

from __future__ import annotations

import copy
from typing import Any

from simcity_council.engine.synthetic import LoadedSynthetic
from simcity_council.scenario.models import Scenario

LAB: dict[str, Any] = {
    "schema_version": 2,
    "meta": {
        "id": "lab",
        "title": "Lab",
        "city": "Lab",
        "period": "2020",
        "role": "You run a lab.",
        "summary": "A test city.",
        "learning_objectives": ["none"],
        "sources": [{"title": "test"}],
    },
    "turns": {"count": 3, "labels": ["T1", "T2", "T3"]},
    "domains": [
        {"id": "police", "name": "Police", "baseline": 1000},
        {"id": "parks", "name": "Parks", "baseline": 100, "incidence": {"loud": 1}},
        {"id": "clinics", "name": "Clinics", "baseline": 100, "incidence": {"quiet": 1}},
    ],
    "groups": [
        {
            "id": "loud",
            "name": "Loud",
            "share": 0.5,
            "trust": 0.5,
            "wellbeing": 0.5,
            "engagement": 0.5,
            "voice": 0.8,
            "vulnerability": 0.2,
            "needs": {"police": 0.5, "parks": 0.5},
            "belief": {"police": 0.5, "parks": 0.5},
            "uncertainty": 0.1,
        },
        {
            "id": "quiet",
            "name": "Quiet",
            "share": 0.5,
            "trust": 0.5,
            "wellbeing": 0.5,
            "engagement": 0.2,
            "voice": 0.2,
            "vulnerability": 0.8,
            "needs": {"police": 0.5, "clinics": 0.5},
            "belief": {"police": 0.9, "clinics": 0.1},
            "uncertainty": 0.8,
        },
        {
            "id": "union",
            "name": "Police union",
            "kind": "organisation",
            "trust": 0.5,
            "wellbeing": 0.5,
            "engagement": 0.5,
            "voice": 0.8,
            "vulnerability": 0.2,
            "needs": {"police": 1},
            "uncertainty": 0.1,
        },
    ],
    "city": {"reserve": 1000, "revenue": 1200, "resilience": 0.4, "capacity": 3},
    "model": {"needs_spread": 0.0},
    "actions": [
        {
            "id": "listen_quiet",
            "name": "Listen to the quiet group",
            "capacity": 1,
            "targets": ["quiet"],
            "listening": 0.9,
        }
    ],
    "decisions": [],
}


def lab(*decisions: dict[str, Any], **changes: Any) -> LoadedSynthetic:
    """The lab scenario with ``decisions`` (each given a ``turn: 1`` unless it says) and
    top-level ``changes`` (``city``, ``model``, ``turns`` ... merged in)."""
    data = copy.deepcopy(LAB)
    for d in decisions:
        d = {"turn": 1, **d}
        data["decisions"].append(d)
    if not data["decisions"]:
        data["decisions"].append(
            {"id": "later", "title": "Later", "turn": 3, "options": [_opt("a"), _opt("b")]}
        )
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    return LoadedSynthetic(Scenario.model_validate(data), "<lab>", "lab")


def _opt(ident: str, stance: str = "mixed", **fields: Any) -> dict[str, Any]:
    return {"id": ident, "label": ident, "stance": stance, **fields}


def _decision(ident: str, *options: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": ident, "title": ident, "options": list(options), **fields}
