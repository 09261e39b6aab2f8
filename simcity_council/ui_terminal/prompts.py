"""Reading the player's answers: one line at a time, re-asked until it makes sense.

The parsing functions are pure (text in, index or message out) so every bad input has a tested
message that says what *is* accepted. :class:`Prompter` adds the loop, ``?`` for help, ``q`` to save
and quit, and end of input.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from .writer import Span, Writer

QUIT_WORDS = frozenset({"q", "quit", "exit"})
HELP_WORDS = frozenset({"?", "help"})
NONE_WORDS = frozenset({"none", "no", "-"})


class QuitRequested(Exception):
    """The player asked to stop (typed ``q``)."""


class InputEnded(Exception):
    """The input stream ended (Ctrl-D, or a piped script ran out)."""


@dataclass(frozen=True)
class Choice:
    """One thing the player may pick: its id and the label it is shown with."""

    id: str
    label: str


def accepted(items: Sequence[Choice]) -> str:
    """What a prompt accepts, e.g. ``a number from 1 to 3 or an id (pb, staff, split)``."""
    ids = ", ".join(item.id for item in items)
    if len(items) == 1:
        return f"1 or its id ({ids})"
    return f"a number from 1 to {len(items)} or an id ({ids})"


def accepted_many(items: Sequence[Choice]) -> str:
    """What a list prompt accepts, e.g. ``numbers from 1 to 3 or ids (a, b, c) separated by
    commas, or nothing (press Enter) for none``."""
    ids = ", ".join(item.id for item in items)
    return (
        f"numbers from 1 to {len(items)} or ids ({ids}) separated by commas, "
        "or nothing (press Enter) for none"
    )


def _lookup(token: str, items: Sequence[Choice]) -> int | str:
    """The index of ``token`` (number, id or exact label), or a message saying what went wrong."""
    if token.isdigit():
        # int() refuses digits other than 0-9 ('²') and strings past 4,300 digits
        if not token.isascii() or len(token) > 9:
            shown = token if len(token) <= 12 else f"{token[:9]}..."
            return f"there is no number {shown} here"
        number = int(token)
        if 1 <= number <= len(items):
            return number - 1
        return f"there is no number {number} here"
    lowered = token.lower()
    for i, item in enumerate(items):
        if lowered in (item.id.lower(), item.label.lower()):
            return i
    close = difflib.get_close_matches(lowered, [item.id for item in items], n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"'{token}' is not one of them{hint}"


def _sentence(found: str) -> str:
    """A lookup message as the start of a sentence that ends in one stop (``... 'pb'?`` keeps
    its question mark instead of gaining a full stop after it)."""
    text = f"{found[:1].upper()}{found[1:]}"
    return text if text.endswith(("?", "!", ".")) else text + "."


def parse_one(text: str, items: Sequence[Choice]) -> int | str:
    """Parse a single pick: the index (0-based), or a message that says what is accepted."""
    token = text.strip()
    if not token:
        return f"Nothing was typed. Type {accepted(items)}."
    found = _lookup(token, items)
    if isinstance(found, int):
        return found
    return f"{_sentence(found)} Type {accepted(items)}."


def parse_many(text: str, items: Sequence[Choice]) -> tuple[int, ...] | str:
    """Parse a list of picks separated by commas or spaces; empty or ``none`` means none."""
    stripped = text.strip()
    if not stripped or stripped.lower() in NONE_WORDS:
        return ()
    picked: list[int] = []
    for token in (t for t in re.split(r"[,\s]+", stripped) if t):
        found = _lookup(token, items)
        if isinstance(found, str):
            return f"{_sentence(found)} Type {accepted_many(items)}."
        if found in picked:
            return f"'{items[found].label}' is listed twice; list each one once."
        picked.append(found)
    return tuple(picked)


def parse_yes_no(text: str) -> bool | str:
    """``y``/``yes`` or ``n``/``no``; anything else gets a message."""
    token = text.strip().lower()
    if token in ("y", "yes"):
        return True
    if token in ("n", "no"):
        return False
    return "Type y for yes or n for no."


class Prompter:
    """Asks questions on ``writer`` and reads answers from ``input``, one line each.

    When the input is not a terminal (a script piped in, a test), each answer is echoed so the
    transcript reads like a conversation.
    """

    def __init__(
        self,
        input: TextIO,
        writer: Writer,
        help_text: str = "",
        *,
        on_help: Callable[[str, Sequence[tuple[str, str]]], None] | None = None,
        pager: Any = None,
    ) -> None:
        self._in = input
        self._writer = writer
        self._help = help_text
        #: Shows what a question accepts (each choice by label and id) and the commands.
        self._on_help = on_help
        #: A paged output (writer.PagedOutput) to tell that the reader caught up at a question.
        self._pager = pager
        isatty = getattr(input, "isatty", None)
        #: A person types the answers at a terminal (not a script or a pipe).
        self.interactive = bool(callable(isatty) and isatty())
        self._echo = not self.interactive
        #: Words that show something again instead of answering (``people`` -> redraw the
        #: people table); set by the game for each turn.
        self.views: dict[str, Callable[[], None]] = {}
        #: Called with the input stream before each line is read (``play --watch`` waits there
        #: and raises when the scenario file is saved).
        self.before_read: Callable[[TextIO], None] | None = None
        #: Answers refused and help requests (?) since the game last reset them (the session
        #: log records them per turn).
        self.refused = 0
        self.helped = 0

    def ask(self, question: str) -> str:
        """One line of input, stripped. Raises :class:`QuitRequested` / :class:`InputEnded`."""
        if self._pager is not None:
            self._pager.reset()
        self._writer.prompt(question)
        if self.before_read is not None:
            self.before_read(self._in)
        line = self._in.readline()
        if line == "":
            self._writer.blank()
            raise InputEnded
        text = line.strip()
        if self._echo:
            self._writer.line(text)
        if text.lower() in QUIT_WORDS:
            raise QuitRequested
        return text

    def say_problem(self, message: str) -> None:
        """A message about the last answer, before the question is asked again."""
        self.refused += 1
        # (the engine's messages start in lower case, to follow 'error: ' elsewhere)
        self._writer.line(Span("Sorry. ", "warn"), message[:1].upper() + message[1:], indent=1)

    def _show_help(self, what: str, items: Sequence[Choice] = ()) -> None:
        self.helped += 1
        labelled = [(item.label, item.id) for item in items]
        if self._on_help is not None:
            self._on_help(what, labelled)
        else:
            self._writer.line(f"This question accepts {what}.", indent=1)
            for number, (label, ident) in enumerate(labelled, 1):
                self._writer.line(f"{number} = {label} (id: {ident})", indent=2)
            if self.views:
                names = " or ".join(sorted(self.views))
                self._writer.line(f"Type {names} to see them again.", indent=1)
            if self._help:
                self._writer.line(self._help, indent=1)

    def _looked_again(self, text: str, items: Sequence[Choice] = ()) -> bool:
        """Show a view again if ``text`` names one (and is not also the id of a choice)."""
        word = text.lower()
        if word not in self.views or any(word == item.id.lower() for item in items):
            return False
        self.views[word]()
        return True

    def one(self, question: str, items: Sequence[Choice], refuse=None) -> int:
        """Ask until the answer names one of ``items``; ``refuse(index)`` may return a reason
        to ask again (e.g. an unavailable option)."""
        while True:
            text = self.ask(question)
            if text.lower() in HELP_WORDS:
                self._show_help(accepted(items), items)
                continue
            if self._looked_again(text, items):
                continue
            found = parse_one(text, items)
            if isinstance(found, int) and refuse is not None:
                found = refuse(found) or found
            if isinstance(found, int):
                return found
            self.say_problem(found)

    def many(self, question: str, items: Sequence[Choice], check=None) -> tuple[int, ...]:
        """Ask until the answer is a valid list; ``check(indexes)`` may return a reason to ask
        again (e.g. over capacity)."""
        while True:
            text = self.ask(question)
            if text.lower() in HELP_WORDS:
                self._show_help(accepted_many(items), items)
                continue
            if self._looked_again(text, items):
                continue
            found = parse_many(text, items)
            if not isinstance(found, str) and check is not None:
                found = check(found) or found
            if not isinstance(found, str):
                return found
            self.say_problem(found)

    def wait(self, question: str) -> str:
        """Wait for Enter (for the reader to catch up); commands and help work meanwhile.
        Returns what was typed ("" for Enter alone)."""
        while True:
            text = self.ask(question)
            if text.lower() in HELP_WORDS:
                self._show_help("Enter (to go on)")
                continue
            if self._looked_again(text):
                continue
            if text.lower() == "d" and "details" in self.views:
                self.views["details"]()
                continue
            return text

    def yes_no(self, question: str) -> bool:
        """Ask until the answer is yes or no."""
        while True:
            text = self.ask(question)
            if text.lower() in HELP_WORDS:
                self._show_help("y (yes) or n (no)")
                continue
            if self._looked_again(text):
                continue
            found = parse_yes_no(text)
            if isinstance(found, bool):
                return found
            self.say_problem(found)

    def free_text(self, question: str) -> str:
        """Any line (for reflection answers); empty is allowed. ``?`` or ``help`` alone is a
        question, not an answer: it says what to do and asks again."""
        while True:
            text = self.ask(question)
            if text.lower() in HELP_WORDS:
                self._writer.line(
                    "Type your answer on one line and press Enter; press Enter alone to skip "
                    "this question; q stops (your log is saved).",
                    indent=1,
                )
                continue
            return text
