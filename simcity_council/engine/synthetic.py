"""Synthetic scenarios generated in code: for the benchmark and for property tests.

``synthetic_scenario(seed)`` builds a valid :class:`Scenario` the size of a built-in one (by
default 8 groups, 6 domains, 10 decisions of 3 options, 10 turns, 4 actions, 4 events) that uses
every feature the engine steps on: baseline budgets with incidence, organisations and an
overlapping group, signed budget reallocations (some for a few turns), one-time projects,
requires, sets/clears, promises, scars, delayed and chance effects, money and budget effects,
actions that reveal facts, event conditions and event-driven decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..scenario.models import Scenario


@dataclass(frozen=True)
class LoadedSynthetic:
    """Quacks like ``scenario.LoadedScenario`` (model, path, sha256) for a generated scenario."""

    model: Scenario
    path: str
    sha256: str


def _unit(rng: np.random.Generator, lo: float = 0.0, hi: float = 1.0) -> float:
    return round(float(rng.uniform(lo, hi)), 3)


def _weights(rng: np.random.Generator, ids: list[str]) -> dict[str, float]:
    w = rng.dirichlet(np.ones(len(ids)))
    w = np.round(w, 3)
    w[-1] = round(1.0 - float(w[:-1].sum()), 3)
    if w[-1] < 0:
        w[:-1] += w[-1] / (len(ids) - 1)
        w[-1] = 0.0
    return {d: max(float(x), 0.0) for d, x in zip(ids, w, strict=True)}


def synthetic_scenario(  # noqa: PLR0913 - sizes are the point
    seed: int = 0,
    groups: int = 8,
    domains: int = 6,
    decisions: int = 10,
    options: int = 3,
    turns: int = 10,
    actions: int = 4,
    events: int = 4,
) -> Scenario:
    """A random but valid scenario of the given size (a pure function of the arguments)."""
    rng = np.random.default_rng(seed)
    d_ids = [f"d{i}" for i in range(domains)]
    g_ids = [f"g{i}" for i in range(groups)]
    # the last group is an organisation and the one before overlaps the first (when there are
    # enough groups); the other resident groups partition the population
    n_org = 1 if groups >= 3 else 0
    n_overlap = 1 if groups >= 4 else 0
    partition = g_ids[: groups - n_org - n_overlap]
    shares = _weights(rng, partition)
    if n_overlap:
        shares[g_ids[groups - n_org - 1]] = round(shares[g_ids[0]] / 3, 3) or 0.001
    group_list = []
    for i, g in enumerate(g_ids):
        group: dict = {
            "id": g,
            "name": f"Group {i}",
            "trust": _unit(rng, 0.2, 0.8),
            "wellbeing": _unit(rng, 0.2, 0.8),
            "engagement": _unit(rng, 0.1, 0.7),
            "voice": _unit(rng, 0.05, 0.9),
            "vulnerability": _unit(rng),
            "needs": _weights(rng, d_ids),
            "belief": _weights(rng, d_ids),
            "uncertainty": _unit(rng, 0.1, 0.9),
        }
        if n_org and i == groups - 1:
            group["kind"] = "organisation"
        else:
            group["share"] = shares[g]
        if n_overlap and i == groups - n_org - 1:
            group["overlaps"] = [g_ids[0]]
        group_list.append(group)
    revenue = float(rng.integers(1, 50)) * 100_000
    baselines = {d: round(revenue * w, 2) for d, w in _weights(rng, d_ids).items()}
    for d in d_ids:
        baselines[d] = max(baselines[d], revenue / 100)
    domain_list = []
    for i, d in enumerate(d_ids):
        domain: dict = {"id": d, "name": d.upper(), "baseline": baselines[d]}
        if i % 3 == 1:  # a local service: reaches some groups only
            reach = rng.choice(g_ids, size=max(1, groups // 2), replace=False)
            domain["incidence"] = {str(g): _unit(rng, 0.5, 1.0) for g in reach}
        domain_list.append(domain)
    flags = [{"id": f"f{i}", "label": f"Flag {i}"} for i in range(3)]
    action_list = [
        {
            "id": f"a{i}",
            "name": f"Action {i}",
            "cost": float(rng.integers(0, 5)) * revenue / 50,
            "capacity": int(rng.integers(1, 3)),
            "targets": sorted(
                rng.choice(g_ids, size=int(rng.integers(1, min(4, groups + 1))), replace=False)
            ),
            "listening": _unit(rng),
            "engagement": _unit(rng, 0, 0.2),
            "transparency": _unit(rng, 0, 0.3),
        }
        for i in range(actions)
    ]
    if action_list:
        action_list[0]["sets"] = ["f1"]
    event_list: list[dict[str, Any]] = []
    for i in range(events):
        lo = int(rng.integers(1, turns + 1))
        event_list.append(
            {
                "id": f"e{i}",
                "title": f"Event {i}",
                "text": "Something happens.",
                "window": [lo, int(rng.integers(lo, turns + 1))],
                "chance": _unit(rng, 0.1, 0.9),
                "shock": _unit(rng, 0, 0.5),
                "once": bool(i % 2 == 0),
                "when": "min(trust) < 0.9" if i == 1 else None,
                "effects": [
                    {"target": "reserve", "delta": -revenue / 10},
                    {"target": "trust", "delta": -0.02, "after": 1, "chance": 0.5},
                ],
                "sets": ["f2"] if i == 0 else [],
                "scars": [g_ids[-1]] if i == 2 else [],
            }
        )
        if i == 3:
            event_list[-1]["effects"].append(
                {"target": f"budget.{d_ids[0]}", "delta": -revenue / 40}
            )
    stances = ["inclusive", "mixed", "narrow"]
    decision_list = []
    for k in range(decisions):
        opts = []
        for j in range(options):
            stance = stances[j % 3]
            spend_domains = rng.choice(
                d_ids, size=int(rng.integers(0, min(3, domains + 1))), replace=False
            )
            opt: dict[str, Any] = {
                "id": f"o{j}",
                "label": f"Option {j}",
                "stance": stance,
                "cost": float(rng.integers(0, 3)) * revenue / 40,
                "spend": {d: float(rng.integers(1, 5)) * revenue / 20 for d in spend_domains},
                "budget": {
                    str(a): round(float(rng.integers(-3, 4)) * baselines[str(a)] / 10, 2)
                    for a in rng.choice(d_ids, size=int(rng.integers(0, 3)), replace=False)
                },
                "capacity": int(j == 0 and k % 3 == 0),
                "consult": {
                    g: _unit(rng, 0.3, 1.0) if stance == "inclusive" else _unit(rng, 0, 0.3)
                    for g in rng.choice(g_ids, size=int(rng.integers(0, groups + 1)), replace=False)
                },
                "transparency": _unit(rng, 0.5, 1.0)
                if stance == "inclusive"
                else _unit(rng, 0, 0.3),
                "effects": [
                    {"target": "wellbeing.g0", "delta": 0.05, "chance": 0.7},
                    {"target": "indicator.i0", "delta": 0.1, "after": 2},
                ]
                if j == 1
                else [],
                "sets": ["f0"] if j == 0 else [],
                "clears": ["f1"] if j == 2 else [],
            }
            opt["budget"] = {d: x for d, x in opt["budget"].items() if x != 0}
            if opt["budget"] and k % 3 == 2:
                opt["for_turns"] = 2
            if j == 2 and k % 5 == 3:
                opt["scars"] = [g_ids[0]]
            if j == 2 and k % 2 == 1:
                opt["requires"] = "flag.f0 or turn >= 3"
            if j == 0 and k % 4 == 0:
                opt["promise"] = {
                    "label": f"Promise {k}",
                    "groups": g_ids[:3],
                    "due": 2,
                    "kept_when": f"chose.d{(k + 1) % decisions}.o0",
                }
            opts.append(opt)
        dec: dict = {"id": f"d{k}", "title": f"Decision {k}", "options": opts}
        if k % 4 == 1:
            dec["stakes"] = [g_ids[k % groups]]
        if k == decisions - 1 and events:
            dec["after_event"] = "e0"
        elif k % 5 == 4:
            dec["window"] = [1, turns]
            dec["when"] = f"turn >= {1 + k % turns}"
        else:
            dec["turn"] = 1 + k % turns
        decision_list.append(dec)
    data: dict[str, Any] = {
        "schema_version": 2,
        "meta": {
            "id": "synthetic",
            "title": "Synthetic",
            "city": "Nowhere",
            "period": "2020",
            "role": "You run a synthetic city.",
            "summary": "Generated in code.",
            "learning_objectives": ["none"],
            "sources": [{"title": "generated"}],
        },
        "turns": {"count": turns, "labels": [f"T{t}" for t in range(1, turns + 1)]},
        "domains": domain_list,
        "groups": group_list,
        "city": {
            "reserve": revenue * 3,
            "revenue": round(sum(baselines.values()) * 1.02, 2),
            "reserve_floor": -revenue,
            "resilience": _unit(rng, 0.2, 0.6),
            "capacity": 3,
        },
        "indicators": [{"id": "i0", "name": "Indicator", "initial": 0.5}],
        "flags": flags,
        "actions": action_list,
        "decisions": decision_list,
        "events": event_list,
        "objectives": [
            {"id": "fair", "label": "Fair", "when": "trust_min >= 0.4"},
            {
                "id": "listened",
                "label": "Listened",
                "when": "action.a0 >= 1 or flag.f1" if actions else "flag.f1",
            },
        ],
        "debrief": [{"when": "flag.f0", "text": "You did f0."}],
    }
    for e in data["events"]:
        if e["when"] is None:
            del e["when"]
    return Scenario.model_validate(data)


def synthetic_loaded(seed: int = 0, **sizes: int) -> LoadedSynthetic:
    """A synthetic scenario wrapped like a LoadedScenario."""
    model = synthetic_scenario(seed, **sizes)
    return LoadedSynthetic(model, f"<synthetic:{seed}>", f"synthetic-{seed}")
