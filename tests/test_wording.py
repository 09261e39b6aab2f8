"""Words shared by the window and the terminal."""

from __future__ import annotations

import pytest

from simcity_council.wording import news_heading, sureness


@pytest.mark.parametrize(
    ("uncertainty", "expected"),
    [
        (1.0, "has no idea"),
        (0.8, "has no idea"),
        (0.7, "is unsure"),
        (0.4, "is fairly sure"),
        (0.3, "is fairly sure"),
        (0.1, "is sure"),
        (0.0, "is sure"),
    ],
)
def test_sureness(uncertainty: float, expected: str) -> None:
    assert sureness(uncertainty) == expected


def test_news_is_dated_between_the_turn_played_and_the_turn_it_leads_into() -> None:
    labels = ["Feb 2012", "Apr 2012", "May 2013"]
    assert news_heading(labels, 1) == "News between Feb 2012 and Apr 2012"
    assert news_heading(labels, 2) == "News between Apr 2012 and May 2013"
    assert news_heading(labels, 3) == "News at the end of the term"


def test_cause_parts_say_what_kind_of_thing_a_cause_was() -> None:
    from simcity_council.engine.views import Cause
    from simcity_council.wording import cause_parts

    assert cause_parts(Cause("option", "d.o", "Hearings.", 0.1)) == ("your decision", "Hearings")
    assert cause_parts(Cause("promise", "d.o", "Fund it", -0.1)) == ("broken promise", "Fund it")
    assert cause_parts(Cause("promise", "d.o", "Fund it", 0.1)) == ("kept promise", "Fund it")
    settling = "Wellbeing settling toward what their services support"
    assert cause_parts(Cause("drift", "drift.wellbeing", settling, -0.02)) == ("", settling)
    assert cause_parts(Cause("budget", "budget", "Running the city", -5.0)) == (
        "",
        "Running the city",
    )


def test_a_turn_result_leads_with_its_three_biggest_changes() -> None:
    import re

    from simcity_council.engine import Game
    from simcity_council.scenario import load_scenario
    from simcity_council.wording import biggest_changes, shown_change

    game = Game.start(load_scenario("vallejo"), seed=4)
    game.submit(game.suggest("inclusive"))
    result = game.submit(game.suggest("inclusive"))
    sentence = biggest_changes(result)
    items = re.findall(r"([^:;]+?), (trust|wellbeing) ([+-]\d+)", sentence.partition(": ")[2])
    assert 1 <= len(items) <= 3
    moves = {
        (g.name, q): shown_change(getattr(g, q).before, getattr(g, q).after)
        for g in result.groups
        for q in ("trust", "wellbeing")
    }
    for name, quantity, delta in items:
        assert moves[name.strip(), quantity] == int(delta)
    smallest_shown = min(abs(int(d)) for _, _, d in items)
    unshown = [abs(v) for k, v in moves.items() if (k[0], k[1]) not in
               {(n.strip(), q) for n, q, _ in items}]  # fmt: skip
    assert all(v <= smallest_shown for v in unshown)


def test_objective_tests_read_in_words_on_the_0_to_100_scale() -> None:
    from simcity_council.wording import Names, condition_words

    names = Names(
        groups={"a": "Renters", "b": "Owners"}, flags={}, indicators={}, events={}, options={}
    )
    assert condition_words("trust_min >= 0.4", names) == "every resident group's trust at least 40"
    assert condition_words("min(trust.a, trust.b) >= 0.45", names) == (
        "the lowest trust of Renters and Owners at least 45"
    )
    assert condition_words("max(trust.a, wellbeing.b) > 0.5", names) == (
        "the highest of trust of Renters and wellbeing of Owners above 50"
    )


def test_a_money_breakdown_always_adds_up_to_the_change() -> None:
    import re

    from simcity_council.engine.views import Cause, Change
    from simcity_council.wording import money_why

    causes = tuple(Cause("option", f"d.o{i}", f"Option {i}", -1000.0 * (i + 1)) for i in range(7))
    change = Change(100_000.0, 100_000.0 + sum(c.amount for c in causes), causes)
    lines = money_why(change, "USD", limit=5)
    assert len(lines) == 6 and lines[-1].endswith("2 smaller items together")  # says how many
    amounts = [int(re.match(r"(-?)\$([\d,]+)", line).group(0).replace("$", "").replace(",", ""))
               for line in lines]  # fmt: skip
    assert sum(amounts) == round(change.delta)
    assert len(money_why(Change(0.0, -3000.0, causes[:2]), "USD")) == 2  # nothing left over
    # one item past the limit is named, not "1 smaller item together"
    six = money_why(Change(0.0, sum(c.amount for c in causes[:6]), causes[:6]), "USD", limit=5)
    assert len(six) == 6 and six[-1] == "-$1,000 your decision: Option 0"


def test_a_lasting_change_undone_by_its_own_later_effect_is_not_listed() -> None:
    from simcity_council.engine.views import Cause, Change
    from simcity_council.wording import money_why

    freeze = Cause("event", "covid", "COVID (Freezes)", 19_300_000.0)
    ends = Cause("delayed", "covid", "The freezes end", -19_300_000.0)
    cut = Cause("option", "d.cut", "A cut", 500_000.0)
    other = Cause("delayed", "other", "Another source", -19_300_000.0)
    lines = money_why(Change(0.0, 500_000.0, (freeze, cut, ends)), "USD")
    assert lines == ("+$500,000 your decision: A cut",)
    # only the same source's own later effect, to the cent
    kept = money_why(
        Change(0.0, 500_000.0 - 19_300_000.0 + 19_300_000.0, (freeze, cut, other)), "USD"
    )
    assert len(kept) == 3
    half = Cause("delayed", "covid", "Half ends", -9_650_000.0)
    assert len(money_why(Change(0.0, 10_150_000.0, (freeze, cut, half)), "USD")) == 3


def test_money_causes_in_the_same_words_read_as_one_line() -> None:
    from simcity_council.engine.views import Cause, Change
    from simcity_council.wording import money_why

    rows = tuple(
        Cause("delayed", f"d{i}", "The rest of the cut.", 1000.0 * (i + 1)) for i in range(3)
    )
    other = Cause("option", "d.o", "The rest of the cut.", 500.0)  # another kind: its own line
    lines = money_why(Change(0.0, 6500.0, (*rows, other)), "USD")
    assert lines == (
        "+$6,000 delayed effect: The rest of the cut",
        "+$500 your decision: The rest of the cut",
    )


def test_a_level_shows_rounded_down_so_it_never_contradicts_a_threshold() -> None:
    from simcity_council.wording import delta_points, points

    assert points(0.2996) == 29  # "trust at least 30" is not met, and 30 is not shown
    assert points(0.3) == 30 and points(0.29) == 29 and points(0.57) == 57
    assert delta_points(-0.004) == 0 and delta_points(-0.006) == -1


def _option(cost: float, per_turn: float, for_turns: int = 0):
    from simcity_council.engine.views import OptionView

    return OptionView(
        "o", "An option", "", "mixed", cost, per_turn, 0, {}, {}, 0.0, "", True, "", for_turns
    )


def test_a_budget_change_is_priced_from_the_turn_it_is_chosen() -> None:
    """The engine pays a budget change in the turn it is chosen: the words say so, and the
    money a turn's choices take counts it (the terminal's total, the window's cost tile)."""
    from simcity_council.wording import cost_sentence, this_turn_money

    assert cost_sentence(_option(0, 0), "USD") == "Costs nothing."
    assert cost_sentence(_option(50_000, 0), "USD") == "Costs $50,000 once."
    assert cost_sentence(_option(0, 1_000_000), "USD") == (
        "Costs $1,000,000 more every turn, from this one on."
    )
    assert cost_sentence(_option(50_000, 100_000), "USD") == (
        "Costs $50,000 once and $100,000 more every turn, from this one on."
    )
    assert cost_sentence(_option(0, -22_000_000, 3), "USD") == (
        "Saves $22,000,000 every turn for 3 turns, this one included."
    )
    assert this_turn_money(_option(50_000, 100_000)) == 150_000
    assert this_turn_money(_option(0, -22_000_000, 3)) == -22_000_000


def test_open_promises_say_when_they_fall_due_and_whether_they_are_kept_so_far() -> None:
    from types import SimpleNamespace

    from simcity_council.wording import promises_words

    view = SimpleNamespace(
        turn=5,
        promises_open=("Begin hearings", "Publish data"),
        promises_due=((9, True), (5, False)),
    )
    assert promises_words(view) == (
        "Begin hearings (due in 4 turns; kept so far); Publish data (due this turn; not kept yet)"
    )


def test_a_groups_share_says_whom_it_overlaps_and_an_organisation_says_what_it_is() -> None:
    from types import SimpleNamespace

    from simcity_council.wording import share_words

    renters = SimpleNamespace(kind="residents", share=0.1, overlaps=("black", "other"))
    names = {"black": "Black residents", "other": "Other residents"}
    assert share_words(renters, names) == (
        "10% of residents, also counted among Black residents and Other residents"
    )
    assert share_words(renters) == "10% of residents"
    staff = SimpleNamespace(kind="organisation", share=0.0, overlaps=())
    assert share_words(staff) == "an organisation, not in the resident scores"


def test_the_resume_command_names_this_python() -> None:
    import sys

    from simcity_council.play_options import resume_command

    command = resume_command("/tmp/a game.jsonl")
    assert sys.executable in command and "-m simcity_council play --resume" in command
    assert command.endswith("'/tmp/a game.jsonl'") or command.endswith('"/tmp/a game.jsonl"')


def test_a_gap_shows_rounded_up_so_it_matches_the_levels_it_separates() -> None:
    from simcity_council.wording import gap_points, points

    high, low = 0.479, 0.351  # shown 47 and 35
    assert points(high) - points(low) == 12
    assert gap_points(high - low) == 13 and gap_points(0.471 - 0.359) == 12
    assert gap_points(0.15) == 15 and gap_points(0.1501) == 16  # "at most 15" is not met at 16


def test_a_turn_result_says_why_next_turns_revenue_moved() -> None:
    """Minneapolis's COVID shortfall takes revenue: the result names the event on the revenue
    line, and an event's money says what its effects were (before, only the reserve's causes
    were given, and the freezes the event brings read as if COVID had given the city money)."""
    from simcity_council.engine import Game
    from simcity_council.scenario import load_scenario
    from simcity_council.wording import money_why, result_sentences, revenue_sentence

    game = Game.start(load_scenario("minneapolis"), seed=3)
    results = [game.submit(game.suggest("inclusive")) for _ in range(4)]
    covid = results[-1]
    assert "covid_shortfall" in [e.id for e in covid.events]
    lines = money_why(covid.revenue, "USD")
    covid_words = "event: COVID opens a $156M shortfall"
    assert lines[0].startswith("-$5")
    assert lines[0].endswith(f"{covid_words} ($156M over the rest of 2020)")
    said = result_sentences(covid, "USD")
    assert revenue_sentence(covid, "USD") in said and lines[0] in said
    # the lines add up to the change the sentence gives
    assert f"({'-$'}{round(-covid.revenue.delta):,})." in revenue_sentence(covid, "USD")
    after = game.submit(game.suggest("inclusive"))  # the freezes the event brought, paid on
    freezes = f"+$19,300,000 {covid_words} (Hiring and spending freezes worth $58M)"
    assert freezes in money_why(after.reserve, "USD")
    # its trust and wellbeing are still the event's, by its title
    black = next(g for g in covid.groups if g.id == "black_residents")
    assert any(x.label == "COVID opens a $156M shortfall" for x in black.wellbeing.causes)
    quiet = results[0]
    assert revenue_sentence(quiet, "USD").startswith("Revenue next turn $520,000,000 to")
