"""Text from files made safe to show: in a terminal, in the game window, in a spreadsheet.

The input layer (:mod:`.safeio`, the scenario loader) already refuses control characters in the
files it reads. What is shown still passes through here, because text also comes from command
lines, file names and error messages, and one missed path is enough to clear a student's screen:

* :func:`clean` removes terminal escape sequences *whole* (``ESC ] 0 ; title BEL`` leaves
  nothing behind, not ``]0;title``), every other control character (NUL, BEL, backspace,
  carriage return, DEL, the C1 controls), the bidirectional overrides that reorder what is
  shown (U+202A-U+202E, U+2066-U+2069) and lone surrogates;
* :func:`clip` and :func:`break_words` keep a huge text or one huge word from making a window
  allocate gigabytes: text is cut with "…" and words longer than a line are broken;
* :func:`more` shows the first items of a long list and "… and N more";
* :func:`spreadsheet_cell` neutralises a CSV cell that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_ESCAPE = re.compile(
    r"""
      \x1b\[[0-?]*[\x20-/]*[@-~]?                 # CSI: ESC [ parameters final
    | \x9b[0-?]*[\x20-/]*[@-~]?                    # CSI as one C1 character
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])       # OSC, DCS, SOS, PM, APC ...
      .*?(?:\x07|\x1b\\|\x9c|\Z)                   # ... up to BEL or ST (or the end)
    | \x1b[\x20-/]*[0-~]?                          # any other escape
    """,
    re.S | re.X,
)
# Left after the sequences: C0 except tab and line feed, DEL, C1, bidi overrides, surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_CONTROL_NO_BREAK = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
ELLIPSIS = "…"


def clean(text: str, *, newlines: bool = True) -> str:
    """``text`` without escape sequences or control characters. Line feeds stay when
    ``newlines`` (else each becomes a space); tabs become spaces; a carriage return and a line
    feed together are one line feed."""
    if not isinstance(text, str):
        text = str(text)
    if text.isprintable():  # the common case: nothing to do (printable excludes \n and \t)
        return text
    text = text.replace("\r\n", "\n").replace("\t", " ")
    text = _ESCAPE.sub("", text)
    if newlines:
        return _CONTROL.sub("", text)
    return _CONTROL_NO_BREAK.sub(lambda m: " " if m.group() in "\n\r" else "", text)


def is_clean(text: str) -> bool:
    """True if :func:`clean` would leave ``text`` as it is (line feeds allowed)."""
    return text.isprintable() or (_UNSAFE.search(text.replace("\n", "")) is None)


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters: cut with "…" when longer."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def break_words(text: str, width: int) -> str:
    """Words longer than ``width`` characters broken into pieces of ``width`` (a window wraps
    text at spaces, and measures a long word one letter at a time)."""
    if width < 1 or len(text) <= width:
        return text

    def split(match: re.Match[str]) -> str:
        word = match.group()
        return " ".join(word[i : i + width] for i in range(0, len(word), width))

    return re.sub(rf"\S{{{width + 1},}}", split, text)


def shown(text: str, limit: int, width: int = 60, *, newlines: bool = True) -> str:
    """What a window may show of ``text``: :func:`clean`, then :func:`clip`, then
    :func:`break_words`."""
    return break_words(clip(clean(text, newlines=newlines), limit), width)


def more(items: Sequence[str], limit: int) -> list[str]:
    """The first ``limit`` items, then "… and N more" if there are more."""
    if len(items) <= limit:
        return list(items)
    return [*items[:limit], f"{ELLIPSIS} and {len(items) - limit:,} more"]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_cell(text: str) -> str:
    """A CSV text cell that a spreadsheet will not run as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break (or their full-width
    forms) gets a leading apostrophe, as OWASP recommends: spreadsheets show it as text, and
    ``=HYPERLINK(...)`` in a player name stays a name. A number (``-0.5``) is left alone."""
    if text and text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
