"""Two ways to write the same screens: rich (colour, tables) and plain (linear, screen readers).

Screens are written against :class:`Writer`, so both outputs carry the same information. Colour
only ever repeats what the words already say: a change is always an arrow *and* a signed number
(rich) or words *and* a number (plain), an objective is always "met"/"not met".

Plain output is what a screen reader or a log file wants: one labelled statement per line, no
box drawing, no escape sequences, headings set off by blank lines.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TextIO

from ..textsafe import clean
from . import words

Style = Literal["", "good", "bad", "muted", "strong", "warn"]


@dataclass(frozen=True)
class Span:
    """A piece of text with a meaning-carrying style (the meaning is always in the text too)."""

    text: str
    style: Style = ""


Part = str | Span
Cell = Part | tuple[Part, ...]


def _parts(cell: Cell) -> tuple[Part, ...]:
    return cell if isinstance(cell, tuple) else (cell,)


def text_of(cell: Cell) -> str:
    """The words of a cell without any style."""
    return "".join(p.text if isinstance(p, Span) else p for p in _parts(cell))


class Writer(Protocol):
    """What screens write to. ``plain`` is True for the linear, screen-reader friendly output."""

    plain: bool

    def heading(self, text: str, level: int = 1) -> None: ...
    def line(self, *cells: Cell, indent: int = 0) -> None: ...
    def field(self, label: str, *cells: Cell, indent: int = 0) -> None: ...
    def table(
        self, columns: Sequence[str], rows: Sequence[Sequence[Cell]], align: str = ""
    ) -> None: ...
    def blank(self) -> None: ...
    def verbatim(self, text: str, indent: int = 0) -> None: ...
    def prompt(self, text: str) -> None: ...
    def level(self, value: float, change: float | None = None) -> Cell: ...
    def check(self, met: bool) -> Cell: ...


#: Narrower than this, tables would cut words: the plain layout (labelled lines) is used instead.
RICH_MIN_COLUMNS = 80


def wants_plain(
    output: TextIO,
    env: Mapping[str, str] | None = None,
    plain: bool = False,
    columns: int | None = None,
) -> bool:
    """Plain output when asked for, when ``output`` is not a terminal, when ``NO_COLOR`` is set
    (https://no-color.org), when ``TERM=dumb``, or on a terminal narrower than
    :data:`RICH_MIN_COLUMNS` (``columns``: its width, measured when not given)."""
    env = os.environ if env is None else env
    if plain or env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return True
    if not _isatty(output):
        return True
    if columns is None:
        columns = shutil.get_terminal_size().columns
    return columns < RICH_MIN_COLUMNS


def make_writer(output: TextIO, plain: bool, width: int | None = None) -> Writer:
    """A :class:`PlainWriter` or a :class:`RichWriter` on ``output``.

    Plain text is wrapped at word boundaries to the terminal's width when ``output`` is a
    terminal, and not at all when it is a file or a pipe (one statement per line).
    """
    if plain:
        if width is None and _isatty(output):
            width = shutil.get_terminal_size().columns - 1
        return PlainWriter(output, width=width)
    return RichWriter(output, width=width)


def _isatty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(callable(isatty) and isatty())


class PlainWriter:
    """Linear text: labelled lines (wrapped at ``width`` if given), only characters a reader
    can say."""

    plain = True

    def __init__(self, output: TextIO, width: int | None = None) -> None:
        self._out = output
        self._width = None if width is None else max(40, width)

    def _write(self, text: str) -> None:
        self._out.write(clean(text))  # no escape sequence from a file reaches the terminal
        self._out.flush()

    def _wrapped(self, text: str, indent: int) -> None:
        lead = "  " * indent
        if self._width is None:
            self._write(lead + text + "\n")
            return
        lines = textwrap.wrap(
            text, width=self._width, initial_indent=lead, subsequent_indent=lead + "  "
        ) or [""]
        self._write("\n".join(lines) + "\n")

    def heading(self, text: str, level: int = 1) -> None:
        self._write("\n" if level > 1 else "\n\n")
        self._wrapped(text, 0)

    def line(self, *cells: Cell, indent: int = 0) -> None:
        self._wrapped("".join(text_of(c) for c in cells), indent)

    def field(self, label: str, *cells: Cell, indent: int = 0) -> None:
        self._wrapped(f"{label}: " + "".join(text_of(c) for c in cells), indent)

    def table(
        self, columns: Sequence[str], rows: Sequence[Sequence[Cell]], align: str = ""
    ) -> None:
        """Each row as one labelled line: ``Renters: share 35%, trust 40 (up 2).``"""
        for row in rows:
            items = [
                f"{col.lower()} {text_of(cell)}"
                for col, cell in zip(columns[1:], row[1:], strict=True)
            ]
            self._wrapped(f"{text_of(row[0])}: " + ", ".join(items) + ".", 1)

    def blank(self) -> None:
        self._write("\n")

    def verbatim(self, text: str, indent: int = 0) -> None:
        """A line never wrapped (a command or a path to copy)."""
        self._write("  " * indent + text + "\n")

    def prompt(self, text: str) -> None:
        self._write(text.rstrip() + " ")

    def level(self, value: float, change: float | None = None) -> Cell:
        if change is None:
            return str(words.points(value))
        return f"{words.points(value)} ({words.change_words(words.shown_change(value, change))})"

    def check(self, met: bool) -> Cell:
        return "met" if met else "not met"


_RICH_STYLES = {
    "": "",
    "good": "green",
    "bad": "red",
    "muted": "dim",
    "strong": "bold",
    "warn": "yellow",
}


class RichWriter:
    """Colour and tables with rich, for a terminal that supports them."""

    plain = False

    def __init__(self, output: TextIO, width: int | None = None, force: bool = False) -> None:
        from rich.console import Console

        self._console = Console(
            file=output,
            width=width,
            force_terminal=True if force else None,
            highlight=False,
            markup=False,
            emoji=False,
        )

    def _text(self, cells: Sequence[Cell]):  # -> rich.text.Text
        from rich.text import Text

        text = Text()
        for cell in cells:
            for part in _parts(cell):
                if isinstance(part, Span):
                    text.append(clean(part.text), style=_RICH_STYLES[part.style])
                else:
                    text.append(clean(part))
        return text

    def _print(self, renderable, indent: int = 0, end: str = "\n") -> None:
        if indent:
            from rich.padding import Padding

            renderable = Padding(renderable, (0, 0, 0, 2 * indent), expand=False)
        self._console.print(renderable, end=end)
        self._console.file.flush()

    def heading(self, text: str, level: int = 1) -> None:
        if level == 1:
            from rich.rule import Rule

            self._console.print()
            self._print(Rule(self._text([Span(text, "strong")]), style="cyan"))
        else:
            self._console.print()
            self._print(self._text([Span(text, "strong")]))

    def line(self, *cells: Cell, indent: int = 0) -> None:
        self._print(self._text(cells), indent)

    def field(self, label: str, *cells: Cell, indent: int = 0) -> None:
        self._print(self._text([Span(label + ": ", "strong"), *cells]), indent)

    def table(
        self, columns: Sequence[str], rows: Sequence[Sequence[Cell]], align: str = ""
    ) -> None:
        """A table; ``align`` has one letter per column, ``l`` or ``r`` (default: the first
        column left, the others right)."""
        from rich import box
        from rich.table import Table

        align = align or "l" + "r" * (len(columns) - 1)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for col, side in zip(columns, align, strict=True):
            table.add_column(
                col[:1].upper() + col[1:],
                justify="left" if side == "l" else "right",
                ratio=1 if side == "l" and col is not columns[0] else None,
                overflow="fold",  # a long name wraps; it is never cut short
            )
        for row in rows:
            table.add_row(*(self._text([cell]) for cell in row))
        self._print(table, 1)

    def blank(self) -> None:
        self._console.print()

    def verbatim(self, text: str, indent: int = 0) -> None:
        """A line never wrapped by us (a command or a path to copy)."""
        self._console.print("  " * indent + clean(text), soft_wrap=True)
        self._console.file.flush()

    def prompt(self, text: str) -> None:
        self._print(self._text([Span(text.rstrip() + " ", "strong")]), end="")

    def level(self, value: float, change: float | None = None) -> Cell:
        if change is None:
            return str(words.points(value))
        change = words.shown_change(value, change)
        way = words.direction(change)
        style: Style = "good" if way == "up" else "bad" if way == "down" else "muted"
        return (f"{words.points(value)} ", Span(words.arrow(change), style))

    def check(self, met: bool) -> Cell:
        return Span("✓ met", "good") if met else Span("✗ not met", "bad")


class PagedOutput:
    """An output stream that stops when a screenful has been written since the last question,
    so nothing scrolls away unread on a small terminal: ``-- more --`` waits for Enter (``q``
    shows the rest at once). Used only when a person reads and types at a terminal.
    :meth:`reset` is called at each question (the reader has caught up there)."""

    MORE = "-- more: press Enter for the next page, q for the rest --"

    def __init__(self, output: TextIO, input: TextIO, rows: int) -> None:
        self._out = output
        self._in = input
        self._rows = max(6, rows)
        self._lines = 0
        self._paging = True

    # the parts of a text stream rich and print() use
    @property
    def encoding(self) -> str:
        return getattr(self._out, "encoding", "utf-8") or "utf-8"

    def isatty(self) -> bool:
        return _isatty(self._out)

    def fileno(self) -> int:
        return self._out.fileno()

    def flush(self) -> None:
        self._out.flush()

    def reset(self) -> None:
        """The reader has caught up (a question is asked): count a new page from here."""
        self._lines = 0
        self._paging = True

    def write(self, text: str) -> int:
        for piece in text.splitlines(keepends=True):
            self._out.write(piece)
            if piece.endswith("\n"):
                self._lines += 1
                if self._paging and self._lines >= self._rows - 1:
                    self._more()
        return len(text)

    def _more(self) -> None:
        self._out.write(self.MORE)
        self._out.flush()
        answer = self._in.readline()
        if answer == "" or answer.strip().lower() == "q":
            self._paging = False  # the rest at once (or the input ended: the prompt will say)
        elif answer.strip():
            # typed ahead: not taken as an answer, which would choose before the rest of the
            # options were read (a student chose option 3 of 4 so); the next page comes
            self._out.write("(That was not taken: answer at the question, after the options.)\n")
        self._lines = 0
