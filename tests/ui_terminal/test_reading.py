"""The words a student reads in a terminal game: counted on the real front end, and kept down by
saying each thing once (the people's numbers, the listening actions' descriptions)."""

from __future__ import annotations

from simcity_council.commands.balance import _reading_line
from simcity_council.scenario import load_scenario
from simcity_council.ui_terminal.reading import terminal_words, transcript, words_in


def test_only_tokens_with_a_letter_are_words() -> None:
    assert words_in("Reserve $3,890,000 (+2) to 45, trust 45 (no change).") == 5


def test_a_terminal_game_reads_the_whole_way_and_says_each_thing_once() -> None:
    text = transcript("vallejo", seed=1)
    assert "Sorry" not in text  # every typed answer was understood
    assert "Debrief: how your term went" in text
    turns = text.split("\nTurn ")[1:]
    assert len(turns) == 10
    # the people's numbers: in full on the first turn, then only in each turn's result; where
    # to find them is said once
    assert "The people (0 to 100, change since last turn)" not in "".join(turns[1:])
    assert text.count("The people: as in the result above") == 1
    # after the first turn: no second pause before the agenda, no ids, no echo of each answer
    assert text.count("Press Enter to see the agenda") == 1
    assert "(id: " not in "".join(turns[1:])
    assert "You chose: " not in "".join(turns[1:])
    assert all("Decision: " in t or "Decisions: " in t for t in turns[1:] if "Agenda item" in t)
    # each listening action's description once; later turns list its price in a line
    model = load_scenario("vallejo").model
    for action in model.actions:
        assert text.count(action.description.strip()) <= 1, action.id
    assert "Type options for whom each action reaches" in turns[1]
    # summary first: the biggest changes lead each turn's result
    assert text.count("Biggest changes: ") == 10


def test_terminal_words_count_more_than_the_scenario_alone() -> None:
    (read,) = terminal_words("portland", [3])
    model = load_scenario("portland").model
    assert read > words_in(model.meta.summary) + 1000


def test_the_reading_line_says_when_the_terminal_is_over_the_aim() -> None:
    r = {"mean": 2000.0, "p90": 2300.0, "limit": 8000, "terminal_mean": 9000.0,
         "terminal_p90": 9500.0, "terminal_games": 10}  # fmt: skip
    assert "9,000" in _reading_line(r) and "over the aim" in _reading_line(r)
    assert "over the aim" not in _reading_line({**r, "terminal_mean": 7000.0})


def test_each_builtin_reads_under_the_aim_in_the_terminal() -> None:
    """Issue 12's aim, 8,000 words a game under random play, measured as `balance
    --reading-games` does and the scenario headers quote it: the mean of ten games (seeds 0-9;
    three games, as here before, varied by 400 words with the seeds)."""
    for name in ("vallejo", "portland", "minneapolis"):
        read = terminal_words(name, range(10))
        assert sum(read) / len(read) <= 8000, (name, read)


def test_the_count_is_the_same_whatever_the_measurers_preferences() -> None:
    """`balance` counts the game's words (not the first-turn guide, shown once on a machine):
    the same figure on every machine, and measuring stores nothing in the preferences of whoever
    runs it (it used to show the guide when none was stored and then store it as seen, so the
    next `balance` printed another count)."""
    from simcity_council.preferences import load_preferences, remember

    assert "Your first turn: how it goes" not in transcript("portland", seed=3)
    first = terminal_words("portland", [3, 4])
    assert not load_preferences().terminal_guide_seen
    remember(terminal_guide_seen=True)
    assert terminal_words("portland", [3, 4]) == first
