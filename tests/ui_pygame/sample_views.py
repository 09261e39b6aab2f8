"""Hand-built engine views (the views.py contract) for screen tests that need no engine."""

from __future__ import annotations

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

DOMAINS = (
    DomainView("streets", "Streets", "Repaving and lights"),
    DomainView("parks", "Parks", ""),
    DomainView("housing", "Housing", "Rent help and shelters"),
)


def group(gid: str, name: str, trust: float, change: float = 0.0) -> GroupView:
    return GroupView(
        id=gid,
        name=name,
        description=f"{name} of the town, with a fairly long description that has to wrap "
        "inside its card at every window size without being cut off.",
        share=0.3,
        voice=0.5,
        vulnerability=0.5,
        trust=trust,
        wellbeing=0.5,
        engagement=0.4,
        trust_change=change,
        wellbeing_change=-0.01,
        engagement_change=0.02,
        belief={"streets": 0.5, "parks": 0.3, "housing": 0.2},
        uncertainty=0.7,
    )


def option(oid: str, label: str, available: bool = True) -> OptionView:
    return OptionView(
        id=oid,
        label=label,
        description="What is known: residents asked for this at two meetings last spring.",
        stance="inclusive",
        cost=50000,
        per_turn=5000,
        capacity=1,
        spend={"housing": 40000},
        consult={"renters": 0.8, "owners": 0.3},
        transparency=0.6,
        promise="Fund the winning projects within two quarters" if available else "",
        available=available,
        reason="" if available else "Needs participatory budgeting adopted first",
    )


def turn_view(turn: int = 1, groups: int = 3) -> TurnView:
    names = ["Homeowners", "Renters", "Unhoused residents", "Small businesses", "Youth"]
    gs = tuple(
        group(f"g{i}", names[i % len(names)], 0.3 + 0.1 * i, 0.02 * (i - 1)) for i in range(groups)
    )
    city = CityView("USD", 1_000_000, 0, 400_000, 0.4, 2, {}, {}, {}, {}, 300_000)
    agenda = (
        DecisionView(
            "budget_process",
            "How will we set this year's budget?",
            "The council must decide before the end of the quarter who writes the budget.",
            (
                option("pb", "Participatory budgeting"),
                option("staff", "Staff draft, council adopts"),
            ),
        ),
        DecisionView(
            "projects",
            "Which projects get money?",
            "",
            (
                option("fund_winners", "Fund the residents' winning projects", available=False),
                option("repave", "Repave the main streets"),
                option("split", "Split the money between streets and housing"),
            ),
        ),
    )
    actions = (
        ActionView(
            "listening_tour",
            "Listening tour in renters' buildings",
            "Door to door.",
            20000,
            1,
            ("g1", "g2"),
            0.5,
            0.1,
            0.0,
            True,
            "",
        ),
        ActionView(
            "open_data",
            "Publish open budget data",
            "",
            5000,
            1,
            ("g0", "g1", "g2"),
            0.0,
            0.0,
            0.3,
            True,
            "",
        ),
    )
    return TurnView(turn, 4, f"Q{turn}", city, gs, DOMAINS, agenda, actions, ())


def change(before: float, after: float) -> Change:
    d = after - before
    return Change(
        before,
        after,
        (
            Cause("option", "budget_process.pb", "Participatory budgeting", d * 0.7),
            Cause("drift", "drift", "Drift", d * 0.3),
        ),
    )


def turn_result(turn: int = 1, groups: int = 3, done: bool = False) -> TurnResult:
    view = turn_view(turn, groups)
    gcs = tuple(
        GroupChange(
            g.id,
            g.name,
            change(g.trust, g.trust + 0.03),
            change(0.5, 0.49),
            change(0.4, 0.42),
            change(0.7, 0.5),
        )
        for g in view.groups
    )
    return TurnResult(
        turn=turn,
        label=f"Q{turn}",
        choices=Choices({"budget_process": "pb"}, ("listening_tour",)),
        events=(EventView("storm", "Winter storm", "A storm floods the low-lying blocks."),),
        groups=gcs,
        reserve=Change(
            1_000_000, 950_000, (Cause("option", "x", "Participatory budgeting", -50_000),)
        ),
        resilience=change(0.4, 0.42),
        revenue=Change(400_000, 400_000),
        indicators={},
        promises_kept=(),
        promises_broken=("Fund the winning projects",) if turn == 3 else (),
        promises_released=(),
        terminated=False,
        truncated=done,
        end_reason="turn_limit" if done else None,
        digest="abc",
    )


def scores() -> Scores:
    return Scores(
        0.5,
        0.3,
        0.3,
        0.45,
        900_000,
        0.4,
        (
            ObjectiveResult("a", "Every group's trust at least 40", False, 1.0),
            ObjectiveResult("b", "Reserve above $500,000", True, 1.0),
        ),
        ("The unhoused residents lost faith. Did anyone ask them what they needed?",),
        "turn_limit",
    )
