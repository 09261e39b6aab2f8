"""Reading load: the words of the scenario a game shows, counted only for what came up."""

from __future__ import annotations

from simcity_council.engine.batch import compiled_of
from simcity_council.engine.playtest import play
from simcity_council.engine.policies import make_policy
from simcity_council.engine.reading import briefing_words, reading_summary, words, words_read
from simcity_council.engine.rng import derive_seeds

from .lab import _decision, _opt, lab


def test_a_decision_counts_only_in_games_where_it_came_up() -> None:
    shown = _decision(
        "d",
        _opt("a", description="one two three"),
        _opt("b", description="four five"),
        prompt="Six seven.",
    )
    hidden = _decision("e", _opt("c", description="many words " * 50), _opt("x"), when="turn > 9")
    loaded = lab(shown, hidden)
    c = compiled_of(loaded)
    played = play(c, make_policy("random"), derive_seeds(0, 20))
    read = words_read(c, played)
    # title d, prompt 2 words, labels a/b, descriptions 3 + 2 words
    assert (
        read == briefing_words(c) + words("d", "Six seven.", "a", "b", "one two three", "four five")
    ).all()
    summary = reading_summary(c, played)
    assert summary["mean"] == summary["max"] and summary["limit"] == 8000


def test_an_event_counts_only_where_it_fired() -> None:
    storm = {
        "id": "storm",
        "title": "Storm",
        "text": "Rain and wind.",
        "window": [1, 1],
        "chance": 0.5,
    }
    c = compiled_of(lab(events=[storm]))
    played = play(c, make_policy("random"), derive_seeds(0, 200))
    read = words_read(c, played)
    assert set((read - read.min()).tolist()) == {0, 4}
    assert 0.3 < (read > read.min()).mean() < 0.7
