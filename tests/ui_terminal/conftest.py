"""Hand-built engine views (the engine/views.py contract) for testing screens on their own."""

from __future__ import annotations

import pytest

from simcity_council.engine.views import (
    ActionView,
    Cause,
    Change,
    Choices,
    CityView,
    DecisionView,
    DomainView,
    EventView,
    GroupChange,
    GroupView,
    ObjectiveResult,
    OptionView,
    Scores,
    TurnResult,
    TurnView,
)


def _group(gid: str, name: str, trust: float, change: float, uncertainty: float) -> GroupView:
    return GroupView(
        id=gid,
        name=name,
        description=f"The {name.lower()} of the town.",
        share=0.5,
        voice=0.8,
        vulnerability=0.2,
        trust=trust,
        wellbeing=0.6,
        engagement=0.4,
        trust_change=change,
        wellbeing_change=0.0,
        engagement_change=-0.02,
        belief={"streets": 0.5, "parks": 0.3, "housing": 0.2},
        uncertainty=uncertainty,
        kind="residents",
        service=0.0,
        scarred_until=0,
        ceiling=1.0,
    )


@pytest.fixture
def turn_view() -> TurnView:
    city = CityView(
        currency="USD",
        reserve=1_000_000,
        reserve_floor=0,
        revenue=400_000,
        resilience=0.4,
        capacity=2,
        indicators={"street_condition": 0.5},
        indicator_names={"street_condition": "Street condition"},
        flags={"pb_adopted": False},
        flag_labels={"pb_adopted": "Participatory budgeting adopted"},
        budget={"streets": 150_000, "parks": 50_000, "housing": 0.0},
        baseline={"streets": 150_000, "parks": 50_000, "housing": 0.0},
        spending=200_000,
    )
    options = (
        OptionView(
            id="pb",
            label="Participatory budgeting",
            description="Residents vote.",
            stance="inclusive",
            cost=50_000,
            per_turn=0,
            for_turns=0,
            capacity=0,
            spend={},
            budget={},
            forecast=(),
            consult={"owners": 0.6, "renters": 0.8},
            transparency=0.8,
            promise="Fund the winning projects",
            available=True,
            reason="",
        ),
        OptionView(
            id="staff",
            label="Staff draft",
            description="",
            stance="narrow",
            cost=0,
            per_turn=0,
            for_turns=0,
            capacity=0,
            spend={"streets": 250_000},
            budget={},
            forecast=(),
            consult={},
            transparency=0.0,
            promise="",
            available=True,
            reason="",
        ),
        OptionView(
            id="fund",
            label="Fund the winners",
            description="",
            stance="inclusive",
            cost=0,
            per_turn=10_000,
            for_turns=0,
            capacity=1,
            spend={},
            budget={"housing": 10_000},
            forecast=(),
            consult={},
            transparency=0.0,
            promise="",
            available=False,
            reason="needs participatory budgeting first",
        ),
    )
    return TurnView(
        turn=2,
        turns_total=4,
        label="Q2",
        city=city,
        groups=(
            _group("owners", "Homeowners", 0.62, 0.03, 0.2),
            _group("renters", "Renters", 0.38, -0.05, 0.7),
        ),
        domains=(
            DomainView("streets", "Streets", ""),
            DomainView("parks", "Parks", ""),
            DomainView("housing", "Housing", ""),
        ),
        agenda=(
            DecisionView(
                "budget_process",
                "How will we set the budget?",
                "Choose.",
                options,
                ("owners", "renters"),
            ),
        ),
        actions=(
            ActionView(
                id="tour",
                name="Listening tour",
                description="Go door to door.",
                cost=20_000,
                capacity=1,
                targets=("renters",),
                listening=0.5,
                engagement=0.1,
                transparency=0.0,
                available=True,
                reason="",
            ),
        ),
        promises_open=("Fund the winning projects",),
    )


@pytest.fixture
def turn_result() -> TurnResult:
    trust = Change(
        0.60,
        0.62,
        (
            Cause("option", "budget_process.pb", "Participatory budgeting", 0.025),
            Cause("drift", "drift", "Drift toward habit", -0.005),
        ),
    )
    renters = Change(
        0.43,
        0.38,
        (
            Cause("event", "storm", "Winter storm", -0.06),
            Cause("action", "tour", "Listening tour", 0.01),
        ),
    )
    flat = Change(0.5, 0.5)
    return TurnResult(
        turn=2,
        label="Q2",
        choices=Choices({"budget_process": "pb"}, ("tour",)),
        events=(EventView("storm", "Winter storm", "A storm floods the low blocks."),),
        groups=(
            GroupChange("owners", "Homeowners", trust, flat, flat, Change(0.2, 0.2)),
            GroupChange("renters", "Renters", renters, flat, flat, Change(0.7, 0.35)),
        ),
        reserve=Change(
            1_000_000,
            1_330_000,
            (
                Cause("option", "budget_process.pb", "Participatory budgeting", -50_000),
                Cause("revenue", "revenue", "Revenue", 400_000),
                Cause("action", "tour", "Listening tour", -20_000),
            ),
        ),
        resilience=Change(0.4, 0.41),
        revenue=Change(
            400_000,
            405_000,
            (
                Cause(
                    "drift", "drift.economy", "The local economy (resilience and wellbeing)", 5_000
                ),
            ),
        ),
        indicators={"street_condition": Change(0.5, 0.5)},
        promises_kept=("Fund the winning projects",),
        promises_broken=(),
        promises_released=(),
        terminated=False,
        truncated=False,
        end_reason=None,
        digest="abc",
    )


@pytest.fixture
def scores() -> Scores:
    return Scores(
        trust_mean=0.5,
        trust_min=0.38,
        trust_gap=0.24,
        wellbeing_mean=0.55,
        wellbeing_min=0.45,
        resilience=0.41,
        reserve=1_330_000,
        engagement=0.4,
        objectives=(
            ObjectiveResult("no_one_left_behind", "Every group's trust at least 40", False, 1.0),
            ObjectiveResult("solvent", "Reserve above 500,000", True, 1.0),
        ),
        debrief=("You opened the budget to residents.",),
        reflection=("Which group did you understand least at the start?",),
        end_reason="turn_limit",
    )
