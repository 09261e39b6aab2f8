"""Hypothesis: generated scenarios with planted dead items.

Each generated scenario has random decisions, options, events, actions, objectives and debrief
texts whose conditions mix flags, events, choices and turns, plus items planted dead on purpose
(options needing more staff than the city has, an event with chance 0, a contradiction, a turn
after the game) and planted live ones. The analysis must report every planted dead item, must
not flag the planted live ones, and must never call dead anything that 128 games of random play
actually saw happen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simcity_council.engine import Batch, make_policy
from simcity_council.engine.rng import derive_seeds
from simcity_council.scenario import LoadedScenario, inspect_source
from simcity_council.scenario.models import Scenario

FLAGS = ["f0", "f1", "f2", "f3"]
GAMES = 128


def _base(turns: int) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "meta": {
            "id": "generated",
            "title": "Generated",
            "city": "Nowhere",
            "period": "2024",
            "role": "You decide.",
            "summary": "Generated for a property test.",
            "learning_objectives": ["None."],
            "sources": [{"title": "Generated"}],
        },
        "turns": {"count": turns, "labels": [f"T{t}" for t in range(1, turns + 1)]},
        "domains": [
            {"id": "parks", "name": "Parks", "baseline": 1e5},
            {"id": "housing", "name": "Housing", "baseline": 1e5},
        ],
        "groups": [
            {
                "id": gid,
                "name": gid.title(),
                "share": share,
                "trust": 0.6,
                "wellbeing": 0.6,
                "engagement": 0.5,
                "voice": 0.5,
                "vulnerability": 0.3,
                "needs": {"parks": 0.5, "housing": 0.5},
            }
            for gid, share in (("hill", 0.6), ("flats", 0.4))
        ],
        "city": {"reserve": 1e6, "revenue": 1e5, "resilience": 0.5, "capacity": 2},
    }


@st.composite
def conditions(draw: Any, turns: int, events: list[str], options: dict[str, list[str]]) -> str:
    atoms = [
        st.sampled_from(FLAGS).map(lambda f: f"flag.{f}"),
        st.sampled_from(FLAGS).map(lambda f: f"not flag.{f}"),
        st.tuples(st.sampled_from([">=", "<=", "==", ">", "<"]), st.integers(0, turns + 2)).map(
            lambda p: f"turn {p[0]} {p[1]}"
        ),
        st.sampled_from(["capacity >= 2", "capacity > 2", "trust_min >= 0"]),
    ]
    if events:
        atoms.append(st.sampled_from(events).map(lambda e: f"event.{e}"))
    choices = [f"chose.{d}.{o}" for d, opts in options.items() for o in opts]
    if choices:
        atoms.append(st.sampled_from(choices))
    parts = draw(st.lists(st.one_of(*atoms), min_size=1, max_size=3))
    joiner = draw(st.sampled_from([" and ", " or "]))
    return joiner.join(parts)


@st.composite
def scenarios(draw: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    turns = draw(st.integers(3, 7))
    data = _base(turns)
    data["flags"] = [{"id": f, "label": f, "initial": draw(st.booleans())} for f in FLAGS]
    n_events = draw(st.integers(0, 3))
    events = [f"e{i}" for i in range(n_events)]
    n_decisions = draw(st.integers(2, 4))
    options = {
        f"d{k}": [f"o{j}" for j in range(draw(st.integers(2, 3)))] for k in range(n_decisions)
    }

    def cond() -> str | None:
        if draw(st.booleans()):
            return None
        return draw(conditions(turns, events, options))

    def flags() -> list[str]:
        return draw(st.lists(st.sampled_from(FLAGS), max_size=2, unique=True))

    data["events"] = []
    for e in events:
        first = draw(st.integers(1, turns))
        last = draw(st.integers(first, turns))
        event: dict[str, Any] = {
            "id": e,
            "title": e,
            "text": e,
            "window": [first, last],
            "chance": draw(st.sampled_from([0.5, 1.0, 1.0, 0.0])),
            "sets": flags(),
        }
        if (when := cond()) is not None:
            event["when"] = when
        data["events"].append(event)
    data["decisions"] = []
    for d, opts in options.items():
        decision: dict[str, Any] = {"id": d, "title": d}
        kind = draw(st.sampled_from(["turn", "window", "when", "after_event"]))
        if kind == "after_event" and not events:
            kind = "turn"
        if kind == "turn":
            decision["turn"] = draw(st.integers(1, turns))
        elif kind == "window":
            first = draw(st.integers(1, turns))
            decision["window"] = [first, draw(st.integers(first, turns))]
        elif kind == "after_event":
            decision["after_event"] = draw(st.sampled_from(events))
        when = cond()
        if kind == "when" or (kind == "window" and when is not None):
            decision["when"] = when or "turn >= 1"
        decision["options"] = []
        for o in opts:
            option: dict[str, Any] = {
                "id": o,
                "label": o,
                "stance": "mixed",
                "capacity": draw(st.sampled_from([0, 0, 1, 2, 3])),
                "sets": flags(),
                "clears": flags(),
            }
            if (requires := cond()) is not None:
                option["requires"] = requires
            decision["options"].append(option)
        data["decisions"].append(decision)
    data["actions"] = []
    for i in range(draw(st.integers(0, 2))):
        action: dict[str, Any] = {
            "id": f"a{i}",
            "name": f"a{i}",
            "targets": ["flats"],
            "capacity": draw(st.sampled_from([0, 1, 3])),
        }
        if (requires := cond()) is not None:
            action["requires"] = requires
        data["actions"].append(action)
    data["objectives"] = [
        {"id": f"g{i}", "label": f"g{i}", "when": draw(conditions(turns, events, options))}
        for i in range(draw(st.integers(1, 2)))
    ]
    data["debrief"] = [
        {"when": draw(conditions(turns, events, options)), "text": f"text {i}"}
        for i in range(draw(st.integers(1, 2)))
    ]
    return data, options


def _plant(data: dict[str, Any]) -> dict[str, str]:
    """Add items that are dead (and live) by construction; their path -> what must be said
    (empty: must not be reported). None of them sets a flag or is named elsewhere."""
    turns = data["turns"]["count"]
    d = len(data["decisions"])
    data["decisions"].append(
        {
            "id": "planted",
            "title": "planted",
            "turn": 1,
            "options": [
                {"id": "live", "label": "live", "stance": "mixed"},
                {"id": "late", "label": "late", "stance": "mixed", "requires": f"turn > {turns}"},
                {"id": "big", "label": "big", "stance": "mixed", "capacity": 3},
            ],
        }
    )
    data["decisions"].append(
        {
            "id": "planted_staff",
            "title": "planted_staff",
            "window": [1, turns],
            "options": [
                {"id": "a", "label": "a", "stance": "mixed", "capacity": 5},
                {"id": "b", "label": "b", "stance": "mixed", "capacity": 4},
            ],
        }
    )
    e = len(data["events"])
    data["events"].append(
        {"id": "planted_never", "title": "p", "text": "p", "window": [1, turns], "chance": 0}
    )
    data["events"].append(
        {"id": "planted_sure", "title": "p", "text": "p", "window": [1, turns], "chance": 1}
    )
    a = len(data["actions"])
    data["actions"].append({"id": "planted_big", "name": "p", "targets": ["flats"], "capacity": 3})
    o = len(data["objectives"])
    data["objectives"].append({"id": "planted_late", "label": "p", "when": f"turn > {turns}"})
    b = len(data["debrief"])
    data["debrief"].append({"when": "flag.f0 and not flag.f0", "text": "never"})
    data["debrief"].append({"when": "event.planted_sure", "text": "sometimes"})
    return {
        f"decisions[{d}]": "",
        f"decisions[{d}].options[0]": "",
        f"decisions[{d}].options[1].requires": f"the game has {turns} turns",
        f"decisions[{d}].options[2].capacity": "needs 3 staff points",
        f"decisions[{d + 1}].options": "need",
        f"events[{e}].chance": "its chance is 0",
        f"events[{e + 1}]": "",
        f"actions[{a}].capacity": "it needs 3 staff points",
        f"objectives[{o}].when": f"the game has {turns} turns",
        f"debrief[{b}].when": "they cannot both hold",
        f"debrief[{b + 1}].when": "",
    }


def _observed(loaded: LoadedScenario) -> tuple[set[str], set[str]]:
    """Paths of the items random play saw happen, and of objectives it saw missed."""
    model = loaded.model
    batch = Batch.start(loaded, derive_seeds(7, GAMES))
    policy = make_policy("random")
    c = batch.compiled
    seen: set[str] = set()
    while batch.turn <= c.turns and not batch.done.all():
        choice, act = policy.choose(c, batch.state)
        for k in np.flatnonzero(batch.state.agenda.any(axis=0)):
            seen.add(f"decisions[{k}]")
        for k, j in zip(*np.nonzero(choice >= 0), strict=True):
            seen.add(f"decisions[{j}].options[{choice[k, j]}]")
        for a in np.flatnonzero(act.any(axis=0)):
            seen.add(f"actions[{a}]")
        info, _ = batch.step(choice, act, check=False)  # two big options may share a turn
        for e in np.flatnonzero(info.fired.any(axis=0)):
            seen.add(f"events[{e}]")
    scores = batch.scores()
    missed = set()
    for i in range(len(model.objectives)):
        if scores.objectives[:, i].any():
            seen.add(f"objectives[{i}]")
        if not scores.objectives[:, i].all():
            missed.add(f"objectives[{i}]")
    for i in range(len(model.debrief)):
        if scores.debrief[:, i].any():
            seen.add(f"debrief[{i}]")
    return seen, missed


def _claims_dead(path: str, item: str) -> bool:
    """Whether a problem at ``path`` says that ``item`` never comes up."""
    if not path.startswith(item):
        return False
    rest = path[len(item) :]
    if item.startswith("decisions[") and ".options[" not in item:
        return rest in ("", ".when", ".options", ".turn", ".window", ".after_event")
    return rest in ("", ".when", ".requires", ".capacity", ".chance", ".window")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenarios())
def test_planted_dead_items_are_found_and_nothing_seen_is_called_dead(
    tmp_path_factory: Any, generated: tuple[dict[str, Any], dict[str, list[str]]]
) -> None:
    data, _ = generated
    planted = _plant(data)
    path = Path(tmp_path_factory.mktemp("gen")) / "generated.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _, problems, warnings = inspect_source(path)
    reported = {p.path: p.message for p in [*problems, *warnings]}
    for where, phrase in planted.items():
        if phrase:
            assert where in reported, (where, reported)
            # the cross-reference check may have said it first, in its words
            said = (phrase, "this can never be true", "no option of decision")
            assert any(x in reported[where] for x in said), (where, reported[where])
        else:
            assert not any(_claims_dead(p, where) for p in reported), (where, reported)
    # soundness: whatever random play saw happen is never called dead
    loaded = LoadedScenario(Scenario.model_validate(data), path, "generated")
    seen, missed = _observed(loaded)
    for item in seen:
        wrong = [
            p
            for p in reported
            if _claims_dead(p, item) and "is met in every game" not in reported[p]
        ]
        assert not wrong, (item, {p: reported[p] for p in wrong})
    for item in missed:
        assert "is met in every game" not in reported.get(f"{item}.when", ""), item
