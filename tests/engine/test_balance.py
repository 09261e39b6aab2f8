"""The balance report (DESIGN.md §3.6): each criterion judged on a small scenario built to pass
it and one built to fail it, and the report's shape.

Whether each built-in scenario passes every criterion is tests/scenarios/test_balance_command.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from simcity_council.engine.balance import (
    CRITERION_NAMES,
    SCORES,
    THRESHOLDS,
    BalanceReport,
    balance_report,
    play,
)
from simcity_council.engine.batch import compiled_of
from simcity_council.engine.playtest import dominance, forced_runs, luck_share
from simcity_council.engine.policies import POLICY_NAMES, make_policy
from simcity_council.engine.rng import derive_seeds

from .lab import _decision, _opt, lab

RUNS = 120


def judge(loaded, *names: str, runs: int = RUNS, **kwargs) -> BalanceReport:
    kwargs.setdefault("dominance_runs", 60)
    kwargs.setdefault("search_budget", 40)
    only = names or None
    return balance_report(compiled_of(loaded), runs=runs, seed=3, only=only, **kwargs)


def holds(report: BalanceReport, name: str) -> bool:
    return report.criteria[name].holds


# A decision with a real dilemma: the inclusive option hears both groups and funds the quiet
# group's clinics, partly from the loud group's parks; the narrow one pays for more police out
# of the clinics.
DILEMMA = _decision(
    "d",
    _opt(
        "inclusive",
        "inclusive",
        budget={"parks": -10, "clinics": 30},
        consult={"quiet": 0.8, "loud": 0.8},
        transparency=0.6,
        cost=50,
        capacity=1,
    ),
    _opt("narrow", "narrow", budget={"police": 30, "clinics": -30}, consult={"union": 0.8}),
)


def test_every_criterion_has_a_threshold_and_a_judge() -> None:
    assert set(CRITERION_NAMES) == set(THRESHOLDS)
    report = judge(lab(DILEMMA), runs=40)
    assert list(report.criteria) == list(CRITERION_NAMES)
    for name, criterion in report.criteria.items():
        data = criterion.as_dict()
        assert {"value", "threshold", "holds"} <= set(data), name
        assert (not criterion.holds) == bool(criterion.why), name  # a failure says why


def test_the_lesson_holds_and_fails() -> None:
    assert holds(judge(lab(DILEMMA), "lesson_holds"), "lesson_holds")
    backwards = _decision(
        "d",
        _opt("inclusive", "inclusive", budget={"clinics": -60}, consult={"loud": 0.8}),
        _opt("narrow", "narrow", budget={"clinics": 20}),
    )
    report = judge(lab(backwards), "lesson_holds")
    assert not holds(report, "lesson_holds")
    assert "lowest-resident trust" in report.criteria["lesson_holds"].why


def test_luck_share_is_the_between_seed_share_of_variance() -> None:
    rng = np.random.default_rng(0)
    seed_effect = rng.normal(0, 1, 500)
    pure_luck = np.stack([seed_effect] * 3)
    assert luck_share(pure_luck) == pytest.approx(1.0)
    pure_choice = rng.normal(0, 1, (3, 500))
    assert luck_share(pure_choice) < 0.05
    half = np.stack([seed_effect + rng.normal(0, 1, 500) for _ in range(3)])
    assert 0.35 < luck_share(half) < 0.65


def test_luck_fails_when_nothing_is_left_to_chance() -> None:
    report = judge(lab(DILEMMA, model={"needs_spread": 0.0}), "luck_matters_trust")
    assert report.criteria["luck_matters_trust"].value < 0.1
    assert "luck barely matters" in report.criteria["luck_matters_trust"].why


def test_luck_matters_with_drawn_needs_and_events() -> None:
    storm = {
        "id": "storm",
        "title": "Storm",
        "text": "A storm.",
        "window": [1, 3],
        "chance": 0.4,
        "shock": 0.6,
        "effects": [{"target": "reserve", "delta": -300}],
    }
    loaded = lab(DILEMMA, events=[storm], model={"needs_spread": 0.6})
    report = judge(loaded, "luck_matters_trust", "luck_matters_reserve")
    assert report.criteria["luck_matters_reserve"].value > 0.1


def test_temptation_holds_when_narrow_is_cheaper_and_pleases_the_loud() -> None:
    report = judge(lab(DILEMMA), "temptation_reserve", "temptation_loud")
    assert holds(report, "temptation_reserve")
    assert holds(report, "temptation_loud")
    assert report.criteria["temptation_loud"].detail["union"] >= 0.7


def test_temptation_fails_when_inclusion_is_free() -> None:
    free = _decision(
        "d",
        _opt("inclusive", "inclusive", consult={"quiet": 0.8}, budget={"police": -30}),
        _opt("narrow", "narrow", budget={"police": 30}),
    )
    report = judge(lab(free), "temptation_reserve")
    assert not holds(report, "temptation_reserve")


def test_real_losers_name_an_inclusive_option_for_every_group() -> None:
    report = judge(lab(DILEMMA), "real_losers")
    lost = report.criteria["real_losers"].detail
    assert lost["loud"]["option"] == "inclusive" and lost["loud"]["loss"] < 0
    helps_all = _decision(
        "d",
        _opt("inclusive", "inclusive", budget={"clinics": 30, "parks": 30, "police": 30}),
        _opt("narrow", "narrow"),
    )
    report = judge(lab(helps_all), "real_losers")
    assert not holds(report, "real_losers")
    assert "union" in report.criteria["real_losers"].why


def test_no_recipe_fails_when_one_sequence_always_wins() -> None:
    objectives = [{"id": "solvent", "label": "Solvent", "when": "reserve >= 0"}]
    report = judge(lab(DILEMMA, objectives=objectives), "no_recipe")
    assert report.criteria["no_recipe"].value == 1.0
    assert not holds(report, "no_recipe")
    assert report.recipe["decisions"]["d"] in ("inclusive", "narrow")
    # the text report shows the recipe itself (the author must see what wins unread)
    from simcity_council.commands.balance import _summary_lines

    lines = _summary_lines(report, "USD")
    assert f"  its options: d: {report.recipe['decisions']['d']}" in lines
    assert any(line.startswith("  its actions by turn: ") for line in lines)
    assert ". Levers: make the best choice depend on" in report.criteria["no_recipe"].why


def test_no_recipe_holds_when_objectives_depend_on_luck() -> None:
    storm = {"id": "storm", "title": "S", "text": "S.", "window": [1, 1], "chance": 0.5}
    objectives = [{"id": "calm", "label": "No storm", "when": "not event.storm"}]
    report = judge(lab(DILEMMA, events=[storm], objectives=objectives), "no_recipe")
    assert holds(report, "no_recipe")
    assert report.recipe["evaluations"] >= 2


def test_failure_is_reachable_only_when_random_play_can_go_broke() -> None:
    reckless = _decision(
        "d", _opt("splurge", budget={"clinics": 1200}), _opt("save"), _opt("middle")
    )
    broke = judge(lab(reckless, city={"reserve": 100}), "failure_reachable")
    assert 0.05 <= broke.criteria["failure_reachable"].value <= 0.4
    safe = judge(lab(DILEMMA), "failure_reachable")
    assert safe.criteria["failure_reachable"].value == 0.0
    assert "ends early in 0.0%" in safe.criteria["failure_reachable"].why


def test_listening_pays_when_the_misread_group_needs_what_it_is_given() -> None:
    programme = _decision(
        "d",
        _opt("clinics", "inclusive", budget={"clinics": 100}, consult={"quiet": 0.5}),
        _opt("police", "narrow", budget={"police": 100}),
        turn=2,
    )
    groups = lab().model.model_dump(exclude_defaults=True)["groups"]
    groups[1]["trust"] = 0.3  # the misread group is the one that starts lowest ...
    groups[0]["trust"] = 0.7  # ... and stays lowest, whatever the city knows
    loaded = lab(programme, groups=groups, model={"needs_spread": 0.4})
    report = judge(loaded, "listening_pays")
    assert report.criteria["listening_pays"].value >= 5.0, report.criteria["listening_pays"]
    # the city reads the quiet group right from the start: knowing more is worth nothing
    groups[1]["belief"] = groups[1]["needs"]
    exact = lab(programme, groups=groups, model={"needs_spread": 0.0})
    report = judge(exact, "listening_pays")
    assert abs(report.criteria["listening_pays"].value) < 0.5
    assert not holds(report, "listening_pays")
    why = report.criteria["listening_pays"].why  # names the group to work on, and the policy
    assert "for the groups that end lowest (most often " in why
    assert "the one that keeps the lowest resident group higher" in why


def test_dead_content_is_named() -> None:
    flags = [{"id": "never", "label": "Never"}]
    dead = _decision("d", _opt("a"), _opt("locked", requires="flag.never"))
    report = judge(lab(dead, flags=flags), "no_dead_content")
    assert not holds(report, "no_dead_content")
    assert (
        "option d.locked available in under 1% of random games"
        in report.criteria["no_dead_content"].why
    )
    assert report.dead_options == ("d.locked",)


def test_an_event_that_cannot_fire_and_an_objective_always_met_are_dead() -> None:
    never = {"id": "never", "title": "N", "text": "N.", "window": [1, 3], "when": "reserve < -1"}
    objectives = [{"id": "easy", "label": "Easy", "when": "turn >= 1"}]
    report = judge(lab(DILEMMA, events=[never], objectives=objectives), "no_dead_content")
    why = report.criteria["no_dead_content"].why
    assert "event never never fires" in why and "objective easy (always met)" in why
    assert report.never_fired == ("never",)


def test_an_objective_that_does_not_apply_is_not_dead_for_it() -> None:
    objectives = [
        {"id": "built", "label": "Built", "when": "turn >= 1", "applies": "chose.d.inclusive"},
        {"id": "kept", "label": "Kept", "when": "reserve >= 1200"},
    ]
    report = judge(lab(DILEMMA, objectives=objectives), "no_dead_content")
    assert "objective built" in report.criteria["no_dead_content"].why  # met whenever it applies
    assert report.objective_rates["built"] == 1.0
    # per policy too: over the games where it applies, None where it applies in none (narrow
    # never chooses the inclusive option: its rate was 1.0, every game counted as met)
    rates = {name: s["objectives"]["built"] for name, s in report.policies.items()}
    assert rates["narrow"] is None and rates["inclusive"] == 1.0
    assert set(rates.values()) <= {None, 1.0}


def test_a_criterion_value_never_reads_as_its_threshold() -> None:
    from simcity_council.commands.balance import _value

    assert _value(0.0467, (0.05, 0.4)) == "0.047"  # was '0.05' beside FAILS
    assert _value(0.26, (0.1, 0.5)) == "0.26"
    assert _value(1.0, 0.7) == "1"


def test_dominance_finds_a_free_improvement_and_spares_a_trade_off() -> None:
    free = _decision(
        "d",
        _opt("plain", "narrow", budget={"police": 30}),
        _opt("better", "mixed", budget={"police": 30}, consult={"loud": 1.0, "quiet": 0.9}),
    )
    c = compiled_of(lab(free))
    found = dominance(c, forced_runs(c, derive_seeds(1, 60)))
    assert ("d", "better", "plain") in {(d.decision, d.better, d.worse) for d in found}
    c = compiled_of(lab(DILEMMA))
    assert dominance(c, forced_runs(c, derive_seeds(1, 60))) == ()
    report = judge(lab(free), "no_dominant_option")
    assert not holds(report, "no_dominant_option")
    assert "'better' of 'd'" in report.criteria["no_dominant_option"].why


def test_report_shape_and_paired_luck() -> None:
    report = judge(lab(DILEMMA), runs=40)
    data = report.as_dict()
    assert set(data["policies"]) == set(POLICY_NAMES)
    for info in data["policies"].values():
        assert set(info["scores"]) == set(SCORES)
        for row in info["scores"].values():
            assert set(row) == {"mean", "p10", "p50", "p90"}
            assert row["p10"] <= row["p50"] <= row["p90"]
        assert set(info["end_reasons"]) == {"turn_limit", "receivership", "recall"}
        assert sum(info["lowest_group"].values()) == pytest.approx(1.0)
    for key in ("dominant_options", "never_fired", "warnings", "dead_options"):
        assert isinstance(data[key], list)
    assert data["ok"] == report.ok == all(c["holds"] for c in data["criteria"].values())


def test_same_seed_same_report() -> None:
    a = judge(lab(DILEMMA), runs=30).as_dict()
    b = judge(lab(DILEMMA), runs=30).as_dict()
    assert a == b


def test_policies_meet_the_same_luck() -> None:
    storm = {"id": "storm", "title": "S", "text": "S.", "window": [1, 3], "chance": 0.3}
    c = compiled_of(lab(DILEMMA, events=[storm]))
    seeds = derive_seeds(3, 200)
    fired = [play(c, make_policy(name), seeds).fired for name in ("inclusive", "narrow")]
    assert np.array_equal(fired[0], fired[1])


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        balance_report(compiled_of(lab(DILEMMA)), runs=1)
    with pytest.raises(ValueError, match="unknown criteria"):
        balance_report(compiled_of(lab(DILEMMA)), runs=10, only=("lesson",))


def test_workers_give_the_same_report() -> None:
    storm = {"id": "storm", "title": "S", "text": "S.", "window": [1, 2], "chance": 0.5}
    loaded = lab(DILEMMA, events=[storm])
    alone = judge(loaded, runs=60)
    pooled = judge(loaded, runs=60, workers=2)
    assert pooled.as_dict() == alone.as_dict()


def test_objectives_nothing_can_meet_together_are_noted_though_no_recipe_holds() -> None:
    objectives = [
        {"id": "rich", "label": "Rich", "when": "reserve >= 100000"},  # never: revenue is 1,200
        {"id": "trusted", "label": "Trusted", "when": "trust_min >= 0.2"},
    ]
    report = judge(lab(DILEMMA, objectives=objectives), "no_recipe")
    assert holds(report, "no_recipe") and report.recipe["success"] == 0
    assert report.notes == (
        "no policy and no fixed recipe met every objective in any game: check that the "
        "objectives can be met together (no_recipe holds only because nothing wins)",
    )
    reachable = [{"id": "trusted", "label": "Trusted", "when": "trust_min >= 0.2"}]
    assert judge(lab(DILEMMA, objectives=reachable), "no_recipe").notes == ()
