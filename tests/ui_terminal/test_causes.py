"""Summing recorded causes over a game."""

from simcity_council.engine.views import Cause, TurnResult
from simcity_council.ui_terminal.causes import biggest, sum_causes, trust_stories


def test_sum_causes_adds_same_kind_and_id() -> None:
    summed = sum_causes(
        [
            Cause("event", "storm", "Storm", -0.1),
            Cause("option", "a.b", "B", 0.02),
            Cause("event", "storm", "Storm", -0.05),
        ]
    )
    assert summed == (
        Cause("event", "storm", "Storm", -0.15000000000000002),
        Cause("option", "a.b", "B", 0.02),
    )


def test_biggest_ranks_by_size_either_sign_and_drops_tiny() -> None:
    causes = [
        Cause("drift", "d", "Drift", 0.0001),
        Cause("option", "a.b", "B", 0.02),
        Cause("event", "e", "E", -0.03),
        Cause("action", "t", "T", 0.01),
        Cause("action", "u", "U", 0.005),
    ]
    assert [c.id for c in biggest(causes)] == ["e", "a.b", "t"]


def test_trust_stories_span_the_whole_game(turn_result: TurnResult) -> None:
    stories = trust_stories([turn_result, turn_result])
    assert [s.name for s in stories] == ["Homeowners", "Renters"]
    assert stories[1].causes[0].id == "storm"
    assert abs(stories[1].causes[0].amount - (-0.12)) < 1e-12


def test_no_results_no_stories() -> None:
    assert trust_stories([]) == ()
