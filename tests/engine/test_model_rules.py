"""The eight statements of DESIGN.md §3.3 (model version 2), each on a small scenario built for it.

The lab scenario: two resident groups of equal size, a loud one (voice 0.8) and a quiet one
(voice 0.2), and an organisation (the police union). Three services: police (reaches everyone,
employs the union), parks (reaches the loud group only) and clinics (the quiet group only).
Each test writes the one decision it needs.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest

from simcity_council.engine import Choices, Game
from simcity_council.engine.balance import play
from simcity_council.engine.batch import Batch, compiled_of
from simcity_council.engine.policies import Policy
from simcity_council.engine.rng import derive_seeds
from simcity_council.engine.synthetic import LoadedSynthetic
from simcity_council.scenario.models import Scenario

from .lab import LAB, _decision, _opt, lab


def _turn(loaded: LoadedSynthetic, decisions: dict[str, str], actions=(), seed: int = 1):
    game = Game.start(loaded, seed=seed)
    return game, game.submit(Choices(decisions, tuple(actions)))


def _group(result, gid):
    return next(g for g in result.groups if g.id == gid)


# -- 1. money binds ---
def test_a_cut_frees_money_every_turn_and_costs_the_groups_that_used_the_service():
    loaded = lab(
        _decision("d", _opt("cut", budget={"police": -200}), _opt("keep")),
        model={"needs_spread": 0.0, "revenue_sensitivity": 0.0},  # revenue: not the economy
    )
    game_cut, cut = _turn(loaded, {"d": "cut"})
    game_keep, keep = _turn(loaded, {"d": "keep"})
    assert cut.reserve.after - keep.reserve.after == pytest.approx(200)
    for _ in range(2):
        a, b = game_cut.submit(Choices()), game_keep.submit(Choices())
    assert game_cut.state.reserve[0] - game_keep.state.reserve[0] == pytest.approx(600)
    for gid in ("loud", "quiet", "union"):
        assert _group(cut, gid).trust.after < _group(keep, gid).trust.after, gid
    # the organisation whose budget it is loses most: police is all it needs
    assert _group(cut, "union").trust.delta < _group(cut, "loud").trust.delta
    assert a.groups[0].wellbeing.after < b.groups[0].wellbeing.after


def test_an_increase_costs_money_every_turn_and_receivership_is_reachable():
    loaded = lab(
        _decision("d", _opt("spend", budget={"clinics": 800}), _opt("hold")),
        city={"reserve": 500, "reserve_floor": 0},
    )
    game, first = _turn(loaded, {"d": "spend"})
    assert first.reserve.after == pytest.approx(500 + 1200 - 1200 - 800)  # revenue - running
    assert game.done and game.end_reason == "receivership"
    held, _ = _turn(loaded, {"d": "hold"})
    assert not held.done


# -- 2. winners and losers ---
def test_a_reallocation_has_winners_and_losers():
    loaded = lab(_decision("d", _opt("shift", budget={"parks": -50, "clinics": 50}), _opt("no")))
    _, shift = _turn(loaded, {"d": "shift"})
    _, none = _turn(loaded, {"d": "no"})
    assert _group(shift, "quiet").trust.after > _group(none, "quiet").trust.after
    assert _group(shift, "loud").trust.after < _group(none, "loud").trust.after
    assert shift.reserve.after == pytest.approx(none.reserve.after)


# -- 3. being heard is about the decision at hand ---
def test_a_loud_group_gains_nothing_for_being_loud():
    game = Game.start(lab(), seed=1)
    for _ in range(2):  # no decision concerns anyone on turns 1 and 2
        result = game.submit(Choices())
        for g in result.groups:
            assert g.trust.delta == 0.0, g.id


def test_consultation_counts_against_a_groups_own_voice():
    consult_both = _decision(
        "d", _opt("ask", consult={"loud": 0.9, "quiet": 0.9}), _opt("no"), stakes=["loud", "quiet"]
    )
    _, asked = _turn(lab(consult_both), {"d": "ask"})
    quiet, loud = _group(asked, "quiet").trust.delta, _group(asked, "loud").trust.delta
    assert quiet > loud > 0  # heard above one's voice: the quiet group gains far more


def test_a_decision_that_does_not_concern_a_group_moves_nothing_for_it():
    only_quiet = _decision(
        "d", _opt("ask", consult={"loud": 0.9, "quiet": 0.9}), _opt("no"), stakes=["quiet"]
    )
    _, asked = _turn(lab(only_quiet), {"d": "ask"})
    assert _group(asked, "loud").trust.delta == 0.0
    assert _group(asked, "quiet").trust.delta > 0.0


def test_a_loud_group_overruled_without_a_hearing_loses_more():
    cut_parks = _decision("d", _opt("cut", budget={"parks": -50}), _opt("no"))
    cut_clinics = _decision("d", _opt("cut", budget={"clinics": -50}), _opt("no"))
    _, loud = _turn(lab(cut_parks), {"d": "cut"})
    _, quiet = _turn(lab(cut_clinics), {"d": "cut"})
    # the same loss of service (half of a service each needs at 0.5) ...
    assert _group(loud, "loud").trust.delta < _group(quiet, "quiet").trust.delta < 0


# -- 4. fair process softens outcomes; tokenism ---
def test_a_heard_group_loses_less_than_an_unheard_one_but_still_loses():
    heard = _decision("d", _opt("cut", budget={"parks": -50}, consult={"loud": 0.9}), _opt("no"))
    unheard = _decision("d", _opt("cut", budget={"parks": -50}), _opt("no"))
    _, a = _turn(lab(heard), {"d": "cut"})
    _, b = _turn(lab(unheard), {"d": "cut"})
    assert _group(b, "loud").trust.delta < _group(a, "loud").trust.delta < 0


def test_ignored_consultation_costs_trust_unless_explained():
    def ask(transparency: float) -> float:
        decision = _decision(
            "d",
            _opt("theirs", budget={"clinics": 50}),
            _opt("other", budget={"parks": 50}, consult={"quiet": 0.9}, transparency=transparency),
            _opt("other_unasked", budget={"parks": 50}),
            stakes=["quiet"],
        )
        loaded = lab(decision)
        _, asked = _turn(loaded, {"d": "other"})
        _, unasked = _turn(loaded, {"d": "other_unasked"})
        return _group(asked, "quiet").trust.delta - _group(unasked, "quiet").trust.delta

    # consulted (0.9, far above its voice 0.2) and ignored, unexplained: the hearing is worth
    # less than the tokenism costs; explained, the hearing is worth something again
    assert ask(0.0) < 0 < ask(1.0)


# -- 5. listening changes what is best ---
class _Fixed(Policy):
    name = "fixed"

    def option_scores(self, c, s, k):
        return -np.arange(c.max_options, dtype=float)  # always the first option

    def actions(self, c, s, usable, capacity, money, act):
        """No actions."""


def test_perfect_knowledge_beats_none_under_the_same_choices():
    decision = _decision("d", _opt("clinics", budget={"clinics": 60}), _opt("no"), turn=2)
    loaded = lab(decision, model={"needs_spread": 0.5})
    c = compiled_of(loaded)
    seeds = derive_seeds(3, 300)
    knows = play(c, _Fixed(), seeds, knowledge="perfect").scores.trust[:, 1]
    blind = play(c, _Fixed(), seeds, knowledge="none").scores.trust[:, 1]
    assert knows.mean() > blind.mean() + 0.005
    assert (knows >= blind).all()


def test_the_best_option_differs_from_game_to_game():
    decision = _decision(
        "d", _opt("clinics", budget={"clinics": 50}), _opt("police", budget={"police": 500})
    )
    loaded = lab(decision, model={"needs_spread": 0.8})
    results = {}
    for option in ("clinics", "police"):
        batch = Batch.start(loaded, derive_seeds(9, 400))
        c = batch.compiled
        choice = np.full((400, c.n_decisions), -1)
        choice[:, 0] = c.option_ids[0].index(option)
        batch.step(choice, np.zeros((400, 1), bool))
        results[option] = batch.state.trust[:, 1]
    better = np.mean(results["clinics"] > results["police"])
    assert 0.1 < better < 0.9  # which serves the quiet group best depends on the world drawn


def test_the_forecast_rests_on_belief_and_listening_corrects_it():
    decision = _decision("d", _opt("clinics", budget={"clinics": 50}), _opt("no"), turn=2)
    loaded = lab(decision)
    game = Game.start(loaded, seed=1)
    game.submit(Choices())
    unheard = game.view().agenda[0].options[0].forecast
    listened = Game.start(loaded, seed=1)
    listened.submit(Choices({}, ("listen_quiet",)))
    heard = listened.view().agenda[0].options[0].forecast
    truth = 0.5 * 50 / 100  # needs 0.5 x incidence 1 x 50 / scale 100
    before = next(f for f in unheard if f.group == "quiet").expected
    after = next(f for f in heard if f.group == "quiet").expected
    assert abs(after - truth) < abs(before - truth)
    assert before < truth  # the city believed the quiet group cared about police


# -- 6. losses weigh more, and betrayal scars ---
def test_trust_is_lost_faster_than_gained():
    # heard exactly at its voice and fully explained: only the outcome moves trust
    fair = {"consult": {"loud": 0.8}, "transparency": 1.0}
    gain = _decision("d", _opt("up", budget={"parks": 20}, **fair), _opt("no", **fair))
    loss = _decision("d", _opt("down", budget={"parks": -20}, **fair), _opt("no", **fair))
    model = {"needs_spread": 0.0, "fair_process": 0.0}
    _, up = _turn(lab(gain, model=model), {"d": "up"})
    _, down = _turn(lab(loss, model=model), {"d": "down"})
    assert -_group(down, "loud").trust.delta == pytest.approx(
        2.0 * _group(up, "loud").trust.delta, rel=1e-5
    )


def test_a_broken_promise_scars_trust_for_some_turns():
    promise = {"label": "Clinics", "groups": ["quiet"], "due": 1, "kept_when": "flag.never"}
    decision = _decision("d", _opt("promise", promise=promise), _opt("no"))
    boost = _decision(
        "boost", _opt("ask", consult={"quiet": 1.0}), _opt("no"), stakes=["quiet"], turn=3
    )
    loaded = lab(
        decision,
        boost,
        flags=[{"id": "never", "label": "Never"}],
        turns={"count": 4, "labels": ["T1", "T2", "T3", "T4"]},
        model={"scar_turns": 3},
    )
    game = Game.start(loaded, seed=1)
    game.submit(Choices({"d": "promise"}))
    broken = game.submit(Choices())
    assert broken.promises_broken == ("Clinics",)
    low = _group(broken, "quiet").trust.after
    later = game.submit(Choices({"boost": "ask"}))
    assert _group(later, "quiet").trust.after == pytest.approx(low)  # cannot recover yet
    free = Game.start(lab(boost, turns={"count": 4, "labels": ["T1", "T2", "T3", "T4"]}), seed=1)
    free.submit(Choices())
    free.submit(Choices())
    assert _group(free.submit(Choices({"boost": "ask"})), "quiet").trust.delta > 0


# -- 7. resilience ---
def test_service_to_the_vulnerable_builds_more_resilience():
    to_quiet = _decision("d", _opt("x", budget={"clinics": 50}), _opt("no"))
    to_loud = _decision("d", _opt("x", budget={"parks": 50}), _opt("no"))
    _, quiet = _turn(lab(to_quiet), {"d": "x"})
    _, loud = _turn(lab(to_loud), {"d": "x"})
    assert quiet.resilience.after > loud.resilience.after > 0.4 - 1e-6


def test_an_overlapping_group_counts_in_resilience_and_means():
    data = copy.deepcopy(LAB)
    data["groups"].append(
        {
            **data["groups"][1],
            "id": "fragile",
            "name": "Fragile",
            "share": 0.05,
            "overlaps": ["quiet"],
            "vulnerability": 0.95,
        }
    )
    c = compiled_of(
        LoadedSynthetic(
            Scenario.model_validate({**data, "decisions": lab().model.model_dump()["decisions"]}),
            "<o>",
            "o",
        )
    )
    i = c.group_ids.index("fragile")
    assert c.vuln_weight[i] > 0 and c.pop_weight[i] > 0
    assert c.pop_weight[c.group_ids.index("union")] == 0  # organisations are not population


# -- 8. luck matters, but less than choices ---
def test_events_and_drawn_needs_make_games_differ_under_the_same_choices():
    decision = _decision("d", _opt("clinics", budget={"clinics": 40}), _opt("no"))
    loaded = lab(decision, model={"needs_spread": 0.5})
    c = compiled_of(loaded)
    end = play(c, _Fixed(), derive_seeds(1, 200)).scores.trust[:, 1]
    assert np.unique(end.round(6)).size > 3


# -- 2 and 5. outcomes are lived: trust follows how a group is doing ---
def test_trust_follows_wellbeing_every_turn_and_a_loss_weighs_more():
    turns = {"count": 4, "labels": ["T1", "T2", "T3", "T4"]}
    fair = {"consult": {"loud": 0.8}, "transparency": 1.0}  # heard at its voice, explained
    # parks reach the loud group, whom the city reads right (no targeting loss either way)
    up = _decision("d", _opt("up", budget={"parks": 30}, **fair), _opt("no", **fair))
    down = _decision("d", _opt("down", budget={"parks": -30}, **fair), _opt("no", **fair))
    causes = {}
    for name, decision, pick in (("up", up, "up"), ("down", down, "down")):
        for weight in (0.0, 0.5):
            model = {"needs_spread": 0.0, "fair_process": 0.0, "wellbeing_trust": weight}
            game, _ = _turn(lab(decision, turns=turns, model=model), {"d": pick})
            later = [_group(game.submit(Choices()), "loud").trust for _ in range(3)]
            lived = [sum(c.amount for c in t.causes if c.id == "drift.lived") for t in later]
            causes[name, weight] = lived
    assert causes["up", 0.0] == [0.0, 0.0, 0.0] and causes["down", 0.0] == [0.0, 0.0, 0.0]
    up_lived, down_lived = causes["up", 0.5], causes["down", 0.5]
    assert all(x > 0 for x in up_lived) and all(x < 0 for x in down_lived)
    assert up_lived == sorted(up_lived)  # wellbeing keeps moving toward its new level
    assert -down_lived[-1] == pytest.approx(2.0 * up_lived[-1], rel=0.05)


def test_a_promise_whose_void_when_holds_is_released_neither_kept_nor_broken():
    promise = {
        "label": "Clinics",
        "groups": ["quiet"],
        "due": 2,
        "kept_when": "flag.never",
        "void_when": "flag.dropped",
    }
    drop = _decision("drop", _opt("yes", sets=["dropped"]), _opt("no"), turn=2)
    news = {  # the same release, by the news of turn 2
        "id": "vote",
        "title": "The council votes it down",
        "text": "No clinics plan any more.",
        "window": [2, 2],
        "chance": 1.0,
        "when": "chose.drop.no",
        "sets": ["dropped"],
    }
    loaded = lab(
        _decision("d", _opt("promise", promise=promise), _opt("no")),
        drop,
        flags=[{"id": "never", "label": "Never"}, {"id": "dropped", "label": "Dropped"}],
        events=[news],
        turns={"count": 4, "labels": ["T1", "T2", "T3", "T4"]},
    )
    for answer in ("yes", "no"):  # voided by a choice, then by an event
        game = Game.start(loaded, seed=1)
        game.submit(Choices({"d": "promise"}))
        assert game.view().promises_open == ("Clinics",)
        released = game.submit(Choices({"drop": answer}))
        assert released.promises_released == ("Clinics",), answer
        assert game.view().promises_open == ()
        due = game.submit(Choices())
        assert (due.promises_kept, due.promises_broken, due.promises_released) == ((), (), ())
        assert not any(c.kind == "promise" for c in _group(due, "quiet").trust.causes)
    # without the void_when the same play breaks it
    kept_only = {k: v for k, v in promise.items() if k != "void_when"}
    plain = lab(
        _decision("d", _opt("promise", promise=kept_only), _opt("no")),
        drop,
        flags=[{"id": "never", "label": "Never"}, {"id": "dropped", "label": "Dropped"}],
        turns={"count": 4, "labels": ["T1", "T2", "T3", "T4"]},
    )
    game = Game.start(plain, seed=1)
    game.submit(Choices({"d": "promise"}))
    game.submit(Choices({"drop": "yes"}))
    assert game.submit(Choices()).promises_broken == ("Clinics",)


def test_one_time_money_must_be_in_the_reserve_even_when_the_option_saves_more():
    # hiring money of 1,500 now, a cut of 600 a turn: the cut comes in only as the turn runs
    hire = _opt("hire", spend={"police": 1500}, budget={"parks": -600})
    loaded = lab(_decision("d", hire, _opt("no")), city={"reserve": 1000})
    view = Game.start(loaded, seed=1).view()
    (option,) = [o for o in view.agenda[0].options if o.id == "hire"]
    assert not option.available
    assert option.reason == (
        "not enough money in the reserve: it needs $1,500 at once and the reserve has $1,000 "
        "(what its budget change saves comes in only as the turn runs)"
    )


def test_a_decision_s_delayed_budget_change_is_paid_from_the_turn_it_lands():
    """'4% now and 1.6% next round': the second step saves money in the turn it cuts the
    service (it saved from the turn after, while the trust it cost showed at once)."""
    step = {"target": "budget.police", "delta": -100, "after": 1, "note": "The second step."}
    phased = _decision("d", _opt("phase", budget={"police": -200}, effects=[step]), _opt("no"))
    loaded = lab(phased, model={"needs_spread": 0.0, "revenue_sensitivity": 0.0})
    cut, _ = _turn(loaded, {"d": "phase"})
    kept, _ = _turn(loaded, {"d": "no"})
    second_cut, second_kept = cut.submit(Choices()), kept.submit(Choices())
    assert second_cut.reserve.delta - second_kept.reserve.delta == pytest.approx(300)
    (landed,) = [c for c in second_cut.reserve.causes if c.kind == "delayed"]
    assert landed.amount == pytest.approx(100) and landed.label.startswith("The second step")


def test_an_event_s_delayed_budget_change_keeps_its_span():
    """An event's budget change starts the turn after the news, and so does its end: a freeze
    of 'after: 2' saves two turns' money, not one."""
    freeze = {
        "id": "freeze",
        "title": "Freeze",
        "text": "Hiring freeze.",
        "window": [1, 1],
        "chance": 1.0,
        "effects": [
            {"target": "budget.police", "delta": -100, "note": "Freeze."},
            {"target": "budget.police", "delta": 100, "after": 2, "note": "The freeze ends."},
        ],
    }
    model = {"needs_spread": 0.0, "revenue_sensitivity": 0.0}
    turns = {"count": 5, "labels": ["T1", "T2", "T3", "T4", "T5"]}
    d = _decision("d", _opt("a"), _opt("b"))
    frozen = Game.start(lab(d, events=[freeze], model=model, turns=turns), seed=1)
    plain = Game.start(lab(d, model=model, turns=turns), seed=1)
    first = Choices({"d": "a"})
    saved = [frozen.submit(first).reserve.after - plain.submit(first).reserve.after]
    for _ in range(3):
        saved.append(frozen.submit(Choices()).reserve.after - plain.submit(Choices()).reserve.after)
    assert saved == pytest.approx([0, 100, 200, 200])  # turns 2 and 3 saved, then it ended


def test_engagement_from_listening_is_the_listening_action_s_doing():
    """A decision that does not consult the quiet group, on a turn the city listens to it: the
    group is heard through the listening, and its engagement rise is the action's (the debrief
    said 'your decision: ...' for an option that never asked them)."""
    d = _decision("d", _opt("a", consult={"loud": 0.8}), _opt("b"), stakes=["quiet"])
    game = Game.start(lab(d), seed=1)
    result = game.submit(Choices({"d": "a"}, ("listen_quiet",)))
    causes = {c.kind: c.amount for c in _group(result, "quiet").engagement.causes}
    assert causes.get("action", 0) > 0.01
    assert abs(causes.get("option", 0.0)) < 1e-6
    total = sum(c.amount for c in _group(result, "quiet").engagement.causes)
    assert total == pytest.approx(_group(result, "quiet").engagement.delta, abs=1e-6)


def test_a_temporary_budget_that_runs_out_says_so_in_its_causes():
    """'+14 your decision: Up to 40 layoffs' read as the layoffs raising trust: the turn a
    for_turns budget runs out, its causes say its turns are over."""
    cut = _opt("cut", budget={"police": -200}, for_turns=2)
    game, first = _turn(lab(_decision("d", cut, _opt("no"))), {"d": "cut"})
    assert not any("turns are over" in c.label for g in first.groups for c in g.trust.causes)
    game.submit(Choices())
    ended = game.submit(Choices())  # turn 3: chosen on turn 1, for 2 turns
    labels = {c.label for g in ended.groups for c in g.trust.causes if c.kind == "option"}
    assert labels == {"cut (its 2 turns are over)"}
