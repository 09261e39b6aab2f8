"""Text made safe to show and to open in a spreadsheet."""

from __future__ import annotations

import pytest

from simcity_council.textsafe import break_words, clean, clip, more, spreadsheet_cell


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;PWNED\x07\x1b[2JTown", "Town"),
        ("a\x1b[31mred\x1b[0mb", "aredb"),
        ("\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"),
        ("x\x9b2Jy", "xy"),
        ("A\x00B\x07C\x08D\x7fE", "ABCDE"),
        ("safe\rEVIL", "safeEVIL"),
        ("abc\u202edef", "abcdef"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("unterminated \x1b]0;title", "unterminated "),
        ("line\nnext\ttab", "line\nnext tab"),
        ("Plain text, é 😀", "Plain text, é 😀"),
    ],
)
def test_clean_removes_whole_escape_sequences_and_control_characters(text: str, shown: str) -> None:
    assert clean(text) == shown


def test_clean_without_newlines_makes_them_spaces() -> None:
    assert clean("a\nb\r\nc", newlines=False) == "a b c"


def test_clip_break_words_and_more_bound_what_is_shown() -> None:
    assert clip("x" * 10, 5) == "xxxx…"
    assert clip("short", 5) == "short"
    assert [len(w) for w in break_words("a " + "W" * 250, 100).split()] == [1, 100, 100, 50]
    assert more([str(i) for i in range(1000)], 3) == ["0", "1", "2", "… and 997 more"]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+1", "'+1+1"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("＝1+1", "'＝1+1"),
        ("-0.5", "-0.5"),
        ("+3", "+3"),
        ("1e-05", "1e-05"),
        ("player-7f3a", "player-7f3a"),
        ("", ""),
    ],
)
def test_spreadsheet_cells_never_start_a_formula_and_numbers_stay(cell: str, written: str) -> None:
    assert spreadsheet_cell(cell) == written
