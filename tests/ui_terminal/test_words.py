"""Numbers in words: the same wording in rich and plain output."""

import pytest

from simcity_council.engine.views import Cause
from simcity_council.ui_terminal import words


@pytest.mark.parametrize(
    ("change", "expected"),
    [(0.03, "up 3"), (-0.021, "down 2"), (0.004, "no change"), (0.0, "no change")],
    ids=["up", "down", "rounds-to-zero", "zero"],
)
def test_change_words(change: float, expected: str) -> None:
    assert words.change_words(change) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [(0.03, "▲+3"), (-0.02, "▼-2"), (0.001, "=0")],
    ids=["up", "down", "flat"],
)
def test_arrow_has_arrow_and_sign(change: float, expected: str) -> None:
    assert words.arrow(change) == expected


def test_money_groups_thousands_and_keeps_sign() -> None:
    """The window writes money the same way (wording.money)."""
    assert words.money(1_250_000, "USD") == "$1,250,000"
    assert words.money(-40_000, "USD") == "-$40,000"
    assert words.signed_money(400_000, "EUR") == "+€400,000"
    assert words.money(-1_250, "CHF") == "-1,250 CHF"


def test_top_beliefs_are_ranked_with_names() -> None:
    belief = {"streets": 0.2, "housing": 0.5, "parks": 0.3}
    names = {"streets": "Streets", "housing": "Housing", "parks": "Parks"}
    assert words.top_beliefs(belief, names, 2) == "Housing 50%, Parks 30%"


def test_cause_words_say_what_kind_of_cause() -> None:
    cause = Cause("option", "budget_process.pb", "Participatory budgeting", 0.02)
    assert words.cause_words(cause) == "your decision: Participatory budgeting"
    assert words.cause_words(Cause("event", "storm", "Winter storm", -0.1)) == "event: Winter storm"


def test_promise_causes_say_kept_or_broken_and_labels_lose_their_full_stop() -> None:
    broken = Cause("promise", "pb", "Build the projects", -0.08)
    assert words.cause_words(broken) == "broken promise: Build the projects"
    kept = Cause("promise", "pb", "Build the projects", 0.02)
    assert words.cause_words(kept) == "kept promise: Build the projects"
    late = Cause("delayed", "x", "Delegates saw their projects sit idle.", -0.05)
    assert words.cause_words(late) == "delayed effect: Delegates saw their projects sit idle"


def test_end_reasons_are_sentences() -> None:
    assert "receivership" in words.end_reason_words("receivership")
    assert "recalled" in words.end_reason_words("recall")
    assert words.end_reason_words("turn_limit") == "You served the full term."
    assert "recalled the council" in words.end_reason_words("recall")


def test_join_names() -> None:
    assert words.join_names(["A", "B", "C"]) == "A, B and C"
    assert words.join_names([]) == "nobody"


def test_drift_reads_as_its_label() -> None:
    label = "Wellbeing settling toward what their services support"
    assert words.cause_words(Cause("drift", "drift.wellbeing", label, -0.04)) == label


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("needs: PB adopted", "unavailable: needs PB adopted"),
        ("over budget", "unavailable: over budget"),
        ("", "unavailable: not possible now"),
    ],
    ids=["requirement", "other-reason", "no-reason"],
)
def test_unavailable_words(reason: str, expected: str) -> None:
    assert words.unavailable_words(reason) == expected


def test_an_even_belief_is_called_an_even_guess() -> None:
    names = {"a": "Streets", "b": "Parks", "c": "Housing"}
    even = {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}
    assert words.top_beliefs(even, names) == "no area more than another (an even guess, 33% each)"
    assert words.top_beliefs({"a": 0.5, "b": 0.3, "c": 0.2}, names) == (
        "Streets 50%, Parks 30%, Housing 20%"
    )
