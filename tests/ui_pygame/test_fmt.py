"""How the window writes numbers: a change always agrees with the two numbers shown beside it."""

from __future__ import annotations

import pytest

from simcity_council.ui_pygame.fmt import change_between, headline, people


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [
        (0.526, 0.523, "−1"),  # "53 to 52": the unrounded change is under half a point
        (0.50, 0.52, "+2"),
        (0.304, 0.296, "no change"),  # "30 to 30"
        (0.30, 0.10, "−20"),
    ],
)
def test_a_change_is_the_difference_of_the_numbers_shown(before, after, shown) -> None:
    assert change_between(before, after) == shown
    if shown != "no change":
        assert int(shown.replace("−", "-")) == int(people(after)) - int(people(before))


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
