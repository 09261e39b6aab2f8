"""Summing recorded causes over a game."""

from simcity_council.engine.views import Cause, TurnResult
from simcity_council.ui_terminal.causes import biggest, sum_causes, totals_by_kind, trust_stories


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


def test_totals_by_kind_add_every_cause_and_put_drift_last() -> None:
    totals = totals_by_kind(
        [
            Cause("drift", "drift.wellbeing", "Settling", -0.03),
            Cause("option", "a.b", "B", 0.02),
            Cause("budget", "budget", "Running the city", -0.01),
            Cause("option", "a.c", "C", 0.01),
            Cause("event", "e", "E", -0.04),
            Cause("revenue", "revenue", "Revenue", 0.005),
        ]
    )
    assert [kind for kind, _ in totals] == ["option", "event", "other"]
    amounts = dict(totals)
    assert abs(amounts["option"] - 0.03) < 1e-12
    assert abs(amounts["other"] - (-0.035)) < 1e-12


def test_trust_stories_carry_the_totals(turn_result: TurnResult) -> None:
    stories = trust_stories([turn_result, turn_result])
    assert dict(stories[1].totals) == {"event": -0.12, "action": 0.02}
