"""Parsing what the player types: every bad input gets a message saying what is accepted."""

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simcity_council.ui_terminal.prompts import (
    Choice,
    InputEnded,
    Prompter,
    QuitRequested,
    parse_many,
    parse_one,
    parse_yes_no,
)
from simcity_council.ui_terminal.writer import PlainWriter

ITEMS = [Choice("pb", "Participatory budgeting"), Choice("staff", "Staff draft")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", 0), ("2", 1), ("pb", 0), ("STAFF", 1), ("staff draft", 1), (" 2 ", 1)],
    ids=["number", "number-2", "id", "id-any-case", "label", "spaces"],
)
def test_parse_one_accepts_numbers_ids_and_labels(text: str, expected: int) -> None:
    assert parse_one(text, ITEMS) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Nothing was typed"),
        ("3", "no number 3"),
        ("0", "no number 0"),
        ("pd", "did you mean 'pb'"),
        ("zzz", "'zzz' is not one of them"),
        ("9" * 5000, "no number 999999999..."),
        ("\u00b2", "no number \u00b2"),
    ],
    ids=["empty", "out-of-range", "zero", "typo", "unknown", "5000-digits", "superscript"],
)
def test_parse_one_explains_bad_input(text: str, fragment: str) -> None:
    message = parse_one(text, ITEMS)
    assert isinstance(message, str)
    assert fragment in message
    assert "a number from 1 to 2 or an id (pb, staff)" in message


def test_a_suggestion_ends_its_sentence_with_one_stop() -> None:
    message = parse_one("pd", ITEMS)
    assert "did you mean 'pb'? Type a number" in message
    assert "?." not in message
    many = parse_many("pb,stafff", ITEMS)
    assert "did you mean 'staff'? Type numbers" in many


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", ()), ("none", ()), ("1,2", (0, 1)), ("staff, 1", (1, 0)), ("1 2", (0, 1))],
    ids=["empty", "none", "commas", "mixed", "spaces"],
)
def test_parse_many(text: str, expected: tuple[int, ...]) -> None:
    assert parse_many(text, ITEMS) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("1,1", "listed twice"), ("1,7", "no number 7"), ("pb,bogus", "'bogus'")],
    ids=["duplicate", "out-of-range", "unknown"],
)
def test_parse_many_explains_bad_input(text: str, fragment: str) -> None:
    message = parse_many(text, ITEMS)
    assert isinstance(message, str)
    assert fragment in message


def test_parse_yes_no() -> None:
    assert parse_yes_no("Y") is True
    assert parse_yes_no("no") is False
    assert parse_yes_no("maybe") == "Type y for yes or n for no."


def _prompter(text: str) -> tuple[Prompter, io.StringIO]:
    out = io.StringIO()
    return Prompter(io.StringIO(text), PlainWriter(out), "Type q to stop."), out


def test_prompter_re_asks_until_the_answer_is_good() -> None:
    prompter, out = _prompter("\n9\n?\nstaff\n")
    assert prompter.one("Pick:", ITEMS) == 1
    shown = out.getvalue()
    assert shown.count("Pick:") == 4
    assert "Nothing was typed" in shown
    assert "no number 9" in shown
    assert "This question accepts a number from 1 to 2" in shown


def test_prompter_refuse_hook_re_asks() -> None:
    prompter, out = _prompter("1\n2\n")
    assert prompter.one("Pick:", ITEMS, lambda i: "not that one" if i == 0 else None) == 1
    assert "Sorry. Not that one" in out.getvalue()  # a sentence, capitalised


def test_prompter_echoes_piped_answers() -> None:
    prompter, out = _prompter("pb\n")
    prompter.one("Pick:", ITEMS)
    assert "Pick: pb\n" in out.getvalue()


def test_end_of_input_raises_input_ended() -> None:
    prompter, _ = _prompter("")
    with pytest.raises(InputEnded):
        prompter.one("Pick:", ITEMS)


@pytest.mark.parametrize("word", ["q", "quit", "EXIT"])
def test_quit_words_raise_quit_requested(word: str) -> None:
    prompter, _ = _prompter(word + "\n")
    with pytest.raises(QuitRequested):
        prompter.many("Pick some:", ITEMS)


def test_view_words_show_things_again_without_answering() -> None:
    prompter, out = _prompter("people\n?\n2\n")
    seen: list[str] = []
    prompter.views = {"people": lambda: seen.append("people")}
    assert prompter.one("Pick:", ITEMS) == 1
    assert seen == ["people"]
    assert "Type people to see them again." in out.getvalue()


def test_a_choice_id_wins_over_a_view_word() -> None:
    prompter, _ = _prompter("city\n")
    prompter.views = {"city": lambda: pytest.fail("the view should not be shown")}
    assert prompter.one("Pick:", [Choice("park", "Park"), Choice("city", "City hall")]) == 1


def test_yes_no_re_asks_and_offers_views() -> None:
    prompter, out = _prompter("people\n?\nyes\n")
    seen: list[str] = []
    prompter.views = {"people": lambda: seen.append("people")}
    assert prompter.yes_no("Sure?") is True
    assert seen == ["people"]
    assert "This question accepts y (yes) or n (no)." in out.getvalue()


@given(st.text(max_size=80) | st.from_regex(r"[0-9]{1,5000}(,[0-9]{1,50})?", fullmatch=True))
def test_any_answer_is_a_choice_or_a_message(text: str) -> None:
    one, many = parse_one(text, ITEMS), parse_many(text, ITEMS)
    assert isinstance(one, str) or 0 <= one < len(ITEMS)
    assert isinstance(many, str) or all(0 <= i < len(ITEMS) for i in many)
