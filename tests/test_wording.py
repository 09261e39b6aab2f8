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


def test_news_is_dated_by_the_turn_it_leads_into() -> None:
    labels = ["Feb 2012", "Apr 2012", "May 2013"]
    assert news_heading(labels, 1) == "News before Apr 2012"
    assert news_heading(labels, 2) == "News before May 2013"
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
