"""What the debrief reveals: true needs against belief, consequences charged to the decision
that caused them, and the other paths on the same luck."""

from __future__ import annotations

import pytest

from simcity_council.engine import Choices, Game
from simcity_council.engine.debrief import (
    consequences,
    decision_stories,
    needs_revealed,
    other_paths,
)

from .lab import _decision, _opt, lab

TURNS = {"count": 3, "labels": ["T1", "T2", "T3"]}


def _played(loaded, *turns: dict[str, str], actions=()):  # noqa: ANN001, ANN202
    """The given decisions on the first turns (``actions`` on the first), the first available
    option of anything else on the agenda."""
    game = Game.start(loaded, seed=5)
    while not game.done:
        i = game.turn - 1
        decisions = {d.id: next(o.id for o in d.options if o.available) for d in game.view().agenda}
        decisions.update(turns[i] if i < len(turns) else {})
        game.submit(Choices(decisions, tuple(actions) if i == 0 else ()))
    return game


def test_a_delayed_effect_and_the_event_a_flag_made_possible_are_charged_to_the_decision():
    late = {"target": "trust.quiet", "delta": -0.1, "after": 1, "note": "It backfired."}
    decision = _decision(
        "d", _opt("risky", sets=["angry"], effects=[late]), _opt("safe"), stakes=["quiet"]
    )
    protest = {
        "id": "protest",
        "title": "Protest",
        "text": "People march.",
        "window": [2, 2],
        "when": "flag.angry",
        "effects": [{"target": "trust.loud", "delta": -0.05}],
    }
    loaded = lab(decision, flags=[{"id": "angry", "label": "People are angry"}], events=[protest])
    game = _played(loaded, {"d": "risky"})
    roots = consequences(game)
    assert roots[("delayed", "d.risky")].decision == "d"
    assert roots[("event", "protest")].decision == "d"
    assert "People are angry" in roots[("event", "protest")].how
    stories = decision_stories(game)
    quiet = next(e for e in stories["quiet"] if e.decision == "d")
    loud = next(e for e in stories["loud"] if e.decision == "d")
    assert quiet.later < 0 and any("It backfired" in c for c in quiet.later_causes)
    assert loud.later < 0 and loud.stance == "mixed"
    # the safe option sets no flag: the event does not fire, nothing is charged later
    safe = _played(loaded, {"d": "safe"})
    assert ("event", "protest") not in consequences(safe)
    assert all(e.later == 0 for e in decision_stories(safe)["loud"])


def test_an_event_of_luck_is_charged_to_no_one():
    storm = {"id": "storm", "title": "Storm", "text": "Wind.", "window": [1, 1], "shock": 0.3}
    game = _played(lab(events=[storm]))
    assert ("event", "storm") not in consequences(game)


def test_true_needs_against_belief_and_what_listening_taught():
    game = _played(lab(), {}, actions=("listen_quiet",))
    quiet = next(g for g in needs_revealed(game) if g.id == "quiet")
    assert sum(n.true for n in quiet.needs) == pytest.approx(1.0, abs=1e-5)
    assert quiet.needs[0].true >= quiet.needs[-1].true  # biggest first
    police = next(n for n in quiet.needs if n.domain == "police")
    assert police.believed_at_start == pytest.approx(0.9)  # as the scenario wrote it
    assert quiet.learned > 0  # listening brought the belief closer to the truth
    unheard = next(g for g in needs_revealed(_played(lab())) if g.id == "quiet")
    assert unheard.learned == pytest.approx(0.0, abs=1e-6)


def test_other_paths_replay_the_same_luck():
    storm = {"id": "storm", "title": "Storm", "text": "Wind.", "window": [1, 3], "chance": 0.5}
    loaded = lab(events=[storm])
    game = _played(loaded)
    paths = other_paths(game)
    assert set(paths) == {"inclusive", "narrow"}
    replay = Game.start(loaded, seed=game.seed)
    while not replay.done:
        replay.submit(replay.suggest("narrow"))
    assert paths["narrow"] == replay.scores()
