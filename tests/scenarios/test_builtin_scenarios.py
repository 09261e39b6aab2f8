"""Every built-in scenario validates, has the shape a class needs, plays to the end under every
policy, and explains its results with causes that are real options and events of the scenario.

The play tests use the Game facade (docs/architecture.md), the same path a student's game takes.
"""

from __future__ import annotations

import re

import pytest

from simcity_council.engine.policies import POLICY_NAMES
from simcity_council.scenario import builtin_ids, builtin_path, load_scenario
from simcity_council.scenario.models import Scenario

CASES = ("minneapolis", "portland", "vallejo")
SEEDS = (0, 1, 2)


@pytest.fixture(scope="module", params=CASES)
def model(request: pytest.FixtureRequest) -> Scenario:
    return load_scenario(request.param).model


# ---------------------------------------------------------------- validation and shape


@pytest.mark.parametrize("name", CASES)
def test_is_a_builtin(name: str) -> None:
    assert name in builtin_ids()


@pytest.mark.parametrize("name", CASES)
def test_validates_and_names_itself(name: str) -> None:
    loaded = load_scenario(name)
    assert loaded.model.meta.id == name


@pytest.mark.parametrize("name", CASES)
def test_top_line_points_editors_at_the_schema(name: str) -> None:
    first = builtin_path(name).read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../docs/scenario.schema.json"


def test_fits_a_class_period(model: Scenario) -> None:
    assert 8 <= model.turns.count <= 12


def test_has_six_to_ten_groups(model: Scenario) -> None:
    assert 6 <= len(model.groups) <= 10


def test_has_at_least_five_domains(model: Scenario) -> None:
    assert len(model.domains) >= 5


def test_has_at_least_ten_decisions(model: Scenario) -> None:
    assert len(model.decisions) >= 10


def test_has_at_least_four_events(model: Scenario) -> None:
    assert len(model.events) >= 4


def test_every_decision_offers_a_real_choice_of_stance(model: Scenario) -> None:
    for decision in model.decisions:
        stances = {o.stance for o in decision.options}
        assert "inclusive" in stances and len(stances) >= 2, decision.id


def test_inclusive_options_cost_something(model: Scenario) -> None:
    """Inclusion costs money (now or every turn) or staff capacity; so does no free lunch: an
    inclusive option never costs less, in money and staff, than every narrow alternative."""
    for decision in model.decisions:

        def price(o) -> float:
            return o.cost + sum(o.spend.values()) + max(sum(o.budget.values()), 0.0)

        inclusive = [o for o in decision.options if o.stance == "inclusive"]
        narrow = [o for o in decision.options if o.stance == "narrow"]
        for inc in inclusive:
            assert price(inc) > 0 or inc.capacity > 0, f"{decision.id}.{inc.id}"
            if narrow:
                cheapest = min(narrow, key=lambda o: (price(o), o.capacity))
                assert (price(cheapest), cheapest.capacity) <= (price(inc), inc.capacity), (
                    f"{decision.id}: {cheapest.id} vs {inc.id}"
                )


def test_uses_the_whole_format(model: Scenario) -> None:
    options = [o for d in model.decisions for o in d.options]
    assert any(o.promise is not None for o in options), "a promise with kept_when"
    assert any(o.requires for o in options) or any(d.when for d in model.decisions), "requires/when"
    assert any(o.sets for o in options), "flags"
    assert any(e.after > 0 for o in options for e in o.effects), "delayed effects"
    assert any(d.after_event for d in model.decisions), "event-triggered decisions"
    assert model.actions, "listening actions"
    assert any(a.listening > 0 for a in model.actions)


def test_has_teaching_material(model: Scenario) -> None:
    assert len(model.meta.learning_objectives) >= 3
    assert len(model.reflection) >= 3
    assert len(model.objectives) >= 3
    assert len(model.debrief) >= 6


def test_cites_its_sources(model: Scenario) -> None:
    assert len(model.meta.sources) >= 5
    assert sum(1 for s in model.meta.sources if s.url) >= 5


def test_resident_shares_partition_the_population(model: Scenario) -> None:
    partition = [g for g in model.groups if g.kind == "residents" and not g.overlaps]
    assert sum(g.share for g in partition) == pytest.approx(1.0)
    assert all(g.share > 0 for g in model.groups if g.kind == "residents")
    assert all(g.share == 0 for g in model.groups if g.kind == "organisation")


def test_money_is_a_budget_that_binds(model: Scenario) -> None:
    """Baselines are spent every turn; revenue leaves at most a thin margin."""
    baselines = sum(d.baseline for d in model.domains)
    assert baselines > 0.8 * model.city.revenue
    options = [o for d in model.decisions for o in d.options]
    assert any(sum(o.budget.values()) < 0 for o in options), "a cut"
    assert any(sum(o.budget.values()) > 0 for o in options), "an increase"
    assert any(g.kind == "organisation" for g in model.groups)


def test_every_event_can_put_a_dilemma_or_a_shock(model: Scenario) -> None:
    answered = {d.after_event for d in model.decisions}
    for event in model.events:
        assert event.shock > 0 or event.effects or event.id in answered, event.id


# ---------------------------------------------------------------- play through the Game facade


def _play(name: str, policy: str, seed: int):
    from simcity_council.engine import Game

    game = Game.start(load_scenario(name), seed=seed)
    turns = 0
    while not game.done:
        game.submit(game.suggest(policy))
        turns += 1
        if turns > 40:  # pragma: no cover - a safety net against a game that never ends
            raise AssertionError("the game did not end")
    return game


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("policy", POLICY_NAMES)
@pytest.mark.parametrize("name", CASES)
def test_plays_to_the_end(name: str, policy: str, seed: int) -> None:
    """Every game ends: after the last turn, or earlier in receivership or recall (money binds:
    a careless player can run the city into the ground)."""
    game = _play(name, policy, seed)
    model = load_scenario(name).model
    last = game.results[-1]
    if last.truncated:
        assert len(game.results) == model.turns.count
        assert game.scores().end_reason == "turn_limit"
    else:
        assert last.terminated and len(game.results) <= model.turns.count  # the last turn too
        assert game.scores().end_reason in ("receivership", "recall")


def _known_sources(model: Scenario) -> dict[str, set[str]]:
    options = {f"{d.id}.{o.id}" for d in model.decisions for o in d.options}
    return {
        "option": options | {d.id for d in model.decisions},
        "action": {a.id for a in model.actions},
        "event": {e.id for e in model.events},
        "delayed": options | {e.id for e in model.events},
        "promise": options,
    }


def _causes(result):
    for group in result.groups:
        for change in (group.trust, group.wellbeing, group.engagement):
            yield from change.causes
    yield from result.reserve.causes
    yield from result.resilience.causes


@pytest.mark.parametrize("policy", ("random", "inclusive", "narrow"))
@pytest.mark.parametrize("name", CASES)
def test_debrief_names_real_causes(name: str, policy: str) -> None:
    game = _play(name, policy, seed=7)
    model = load_scenario(name).model
    known = _known_sources(model)
    kinds: set[str] = set()
    for result in game.results:
        causes = list(_causes(result))
        assert causes, f"turn {result.turn} explains nothing"
        for cause in causes:
            kinds.add(cause.kind)
            assert cause.label, cause
            if cause.kind in known:
                assert cause.id in known[cause.kind], cause
    assert {"option", "event"} <= kinds


@pytest.mark.parametrize("policy", ("inclusive", "narrow"))
@pytest.mark.parametrize("name", CASES)
def test_debrief_texts_explain_the_game(name: str, policy: str) -> None:
    game = _play(name, policy, seed=3)
    texts = game.scores().debrief
    assert texts, "no debrief text applies"
    model = load_scenario(name).model
    assert set(texts) <= {d.text for d in model.debrief}


@pytest.mark.parametrize("name", CASES)
def test_inclusive_and_narrow_games_read_differently(name: str) -> None:
    inclusive = set(_play(name, "inclusive", 4).scores().debrief)
    narrow = set(_play(name, "narrow", 4).scores().debrief)
    assert inclusive != narrow


@pytest.mark.parametrize("name", CASES)
def test_text_has_no_hidden_numbers_in_option_descriptions(name: str) -> None:
    """Option descriptions say what is known of the effects, never the model's hidden weights."""
    model = load_scenario(name).model
    hidden = re.compile(r"\b0\.\d+\b|\b\d+(\.\d+)? ?points?\b")
    for decision in model.decisions:
        for option in decision.options:
            assert not hidden.search(option.description), f"{decision.id}.{option.id}"


def test_vallejo_pb_voted_down_releases_the_promise_that_the_vote_will_count() -> None:
    from simcity_council.engine import Choices, Game

    game = Game.start(load_scenario("vallejo"), seed=0)
    game.submit(Choices({"study_session": "public_hearings"}))
    result = game.submit(Choices({"pb_adoption": "thirty"}))
    assert game.view().city.flags["pb_voted_down"]  # this seed's council votes it down
    assert result.promises_released == (
        "If PB passes: approve the projects residents vote for, by turn 7 (2014)",
    )
    assert result.promises_kept == ()
    assert game.view().promises_open == ()
