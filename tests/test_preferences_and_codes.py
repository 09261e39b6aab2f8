"""Remembered preferences and class codes (shared by both front ends)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simcity_council.class_code import MAX_SEED, code_of, new_code, seed_of
from simcity_council.errors import UsageError
from simcity_council.preferences import (
    Preferences,
    load_preferences,
    preferences_path,
    remember,
    save_preferences,
)


def test_preferences_start_from_the_defaults() -> None:
    assert load_preferences() == Preferences()


def test_preferences_are_remembered() -> None:
    remember(font_step=3, high_contrast=True)
    assert load_preferences() == Preferences(font_step=3, high_contrast=True)
    remember(guide_seen=True)
    assert load_preferences().font_step == 3
    assert load_preferences().guide_seen


def test_a_broken_preferences_file_gives_the_defaults() -> None:
    path = preferences_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"font_step": "huge", "high_contrast": true, "other": 1', encoding="utf-8")
    assert load_preferences() == Preferences()
    path.write_text('{"font_step": "huge", "high_contrast": true, "other": 1}', encoding="utf-8")
    assert load_preferences() == Preferences(high_contrast=True)


def test_an_unwritable_folder_is_not_an_error(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert not save_preferences(Preferences(), blocker / "sub" / "preferences.json")


@pytest.mark.parametrize("seed", [0, 1, 31, 32, 12345678, 2**30 - 1, MAX_SEED])
def test_a_code_stands_for_its_seed(seed: int) -> None:
    assert seed_of(code_of(seed)) == seed


def test_new_codes_are_short_and_read_back_in_any_case() -> None:
    code = new_code()
    assert len(code) == 7 and code[3] == "-"
    assert any(c.isalpha() for c in code)
    assert seed_of(code.lower()) == seed_of(code) == seed_of(code.replace("-", " "))


def test_look_alike_letters_read_as_digits() -> None:
    assert seed_of("1O1-LI0") == seed_of("101-110")


def test_a_number_is_a_seed_as_before() -> None:
    assert seed_of("12345") == 12345


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-1", "out of range"),
        (str(MAX_SEED + 1), "out of range"),
        ("K7U-2QX", "'U' cannot be in one"),
        ("", "empty"),
        ("ZZZZZZZZZZZZZZ", "too long"),
        ("9" * 5000, "out of range"),
        ("\u00b2", "out of range"),
    ],
    ids=["negative", "too-large", "bad-letter", "empty", "too-long", "5000-digits", "superscript"],
)
def test_bad_seeds_are_refused_not_wrapped(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        seed_of(text)


@given(st.text(max_size=60) | st.from_regex(r"[+-]?[0-9]{25,5000}", fullmatch=True))
def test_any_text_is_a_seed_or_a_usage_error(text: str) -> None:
    try:
        assert 0 <= seed_of(text) <= MAX_SEED
    except UsageError as error:
        assert len(str(error)) < 300
