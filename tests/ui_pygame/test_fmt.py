"""How the window writes numbers: a change always agrees with the two numbers shown beside it."""

from __future__ import annotations

import pytest

from simcity_council.ui_pygame.fmt import change_between, headline, people


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [
        (0.301, 0.299, "-1"),  # "30 to 29" (levels show rounded down): the change is 0.2 points
        (0.50, 0.52, "+2"),
        (0.529, 0.521, "no change"),  # "52 to 52", though the change is 0.8 points
        (0.30, 0.10, "-20"),
    ],
)
def test_a_change_is_the_difference_of_the_numbers_shown(before, after, shown) -> None:
    assert change_between(before, after) == shown
    if shown != "no change":
        assert int(shown.replace("-", "-")) == int(people(after)) - int(people(before))


def test_a_change_can_be_written_compactly() -> None:
    assert change_between(0.4, 0.4, "±0") == "±0"


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Council votes 4-3", "Council votes 4-3."),
        ("What did the equity office buy?", "What did the equity office buy?"),
        ("Done.", "Done."),
    ],
)
def test_an_event_title_ends_one_sentence(title, shown) -> None:
    assert headline(title) == shown


def test_the_causes_shown_add_up_to_the_change_shown() -> None:
    from simcity_council.engine.views import Cause, Change
    from simcity_council.ui_pygame.explain import causes_people

    causes = (
        Cause("drift", "drift.voice", "How well they are heard without outreach", 0.016),
        Cause("option", "hearings.three_languages", "Hold hearings", 0.012),
        Cause("drift", "drift.openness", "The openness they expect", -0.004),
    )
    text = causes_people(Change(0.50, 0.524, causes))  # shown "50 to 52": +2
    lines = text.split("<br>")
    assert lines[0] == "+2  How well they are heard without outreach"
    assert lines[1] == "+1  <i>your decision:</i> Hold hearings"
    assert lines[-1] == "-1  <i>smaller causes and rounding</i>"
    assert len(lines) == 3, "the openness drift rounds to nothing and is left out"


def test_a_drift_reads_as_its_label() -> None:
    from simcity_council.engine.views import Cause, Change
    from simcity_council.ui_pygame.explain import causes_people

    label = "Wellbeing settling toward what their services support"
    cause = Cause("drift", "drift.wellbeing", label, -0.04)
    assert causes_people(Change(0.5, 0.46, (cause,))) == f"-4  {label}"


def test_the_debrief_adds_up_each_cause_over_groups_and_turns() -> None:
    from types import SimpleNamespace as NS

    from simcity_council.engine.views import Cause, Change
    from simcity_council.ui_pygame.debrief_screen import biggest_causes
    from simcity_council.ui_pygame.explain import cause_words

    pb = Cause("option", "budget.pb", "Participatory budgeting", 0.03)
    tax = Cause("event", "tax", "A new tax", -0.01)

    def group(*causes):
        return NS(trust=Change(0.5, 0.5, causes))

    results = (NS(groups=(group(pb, tax), group(pb))), NS(groups=(group(pb), group())))
    top = biggest_causes(results)
    assert [(c.label, round(c.amount, 6)) for c in top] == [
        ("Participatory budgeting", 0.09),
        ("A new tax", -0.01),
    ]
    assert cause_words(top[0]) == "<i>your decision:</i> Participatory budgeting"


def test_causes_that_round_to_nothing_are_not_listed() -> None:
    from simcity_council.engine.views import Cause, Change
    from simcity_council.ui_pygame.explain import causes_people

    tiny = Cause("option", "a.b", "Decline", 0.004)
    assert causes_people(Change(0.300, 0.304, (tiny,))) == ""  # "30 to 30": nothing to explain
    shown = causes_people(Change(0.354, 0.344, (tiny, Cause("drift", "d", "Drift", -0.014))))
    assert shown == "-1  Drift"
    several = (Cause("event", "e", "Smoke", -0.004), Cause("event", "f", "Heat", -0.004))
    assert causes_people(Change(0.352, 0.344, several)) == (
        "-1  <i>several small causes together</i>"
    )
