"""Where things are in a scenario file: paths to line:column, and columns inside conditions."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Spot:
    """Where a YAML value (or key) starts and ends. ``line``/``column`` are 1-based;
    ``start``/``end`` are character offsets into the text; ``style`` is the scalar style
    (``plain``, ``'``, ``"``, ``|``, ``>``) or ``block``/``flow``/``alias`` for collections."""

    line: int
    column: int
    start: int
    end: int
    style: str | None = None


def dotted(path: Path_) -> str:
    """``("decisions", 3, "options", 1, "consult", "renterz")`` ->
    ``decisions[3].options[1].consult.renterz``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class Document:
    """A composed YAML file: its data, and where each key and value sits in the text."""

    file: str
    data: Any
    spots: dict[Path_, Spot]
    key_spots: dict[Path_, Spot]
    text: str
    sha256: str = ""
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def where(self, path: Path_, at_key: bool = False) -> tuple[int, int]:
        """Line and column of ``path`` (its key if ``at_key``); the nearest enclosing value if the
        path is not in the file (a missing field points at the mapping that should hold it)."""
        if at_key and path in self.key_spots:
            key_spot = self.key_spots[path]
            return key_spot.line, key_spot.column
        for end in range(len(path), -1, -1):
            spot = self.spots.get(path[:end])
            if spot is not None:
                return spot.line, spot.column
        return 1, 1

    def problem(self, path: Path_, message: str, hint: str = "", at_key: bool = False) -> Problem:
        """A :class:`Problem` located at ``path``."""
        line, column = self.where(path, at_key)
        return Problem(self.file, line, column, dotted(path), message, hint)

    def problem_in_text(
        self, path: Path_, value: str, column: int, message: str, hint: str = ""
    ) -> Problem:
        """A problem at 1-based ``column`` inside the text value at ``path`` (a condition)."""
        line, col = self.position_in_scalar(path, value, column - 1)
        return Problem(self.file, line, col, dotted(path), message, hint)

    def position_in_scalar(self, path: Path_, value: str, offset: int) -> tuple[int, int]:
        """Line and column in the file of ``value[offset]``, ``value`` being the scalar at
        ``path``. Exact for plain and quoted scalars without escapes and for literal (``|``)
        blocks; folded or escaped text is aligned character by character, skipping the
        whitespace, quotes and backslashes YAML removed — close, and on the right line."""
        spot = self.spots.get(path)
        if spot is None or spot.style in (None, "alias", "block", "flow"):
            return self.where(path)
        source = self.text[spot.start : spot.end]
        i = 0
        if spot.style in ("'", '"'):
            i = 1
        elif spot.style in ("|", ">"):
            newline = source.find("\n")
            i = newline + 1 if newline >= 0 else len(source)
        skippable = " \t\r\n\\'\""
        offset = max(0, min(offset, len(value)))
        for k in range(offset + 1):
            target = value[k] if k < len(value) else None
            while i < len(source) and source[i] != target and source[i] in skippable:
                i += 1
            if k < offset and i < len(source):
                i += 1
        return self.line_col(spot.start + min(i, len(source)))

    def line_col(self, index: int) -> tuple[int, int]:
        """1-based line and column of a character offset into the text."""
        if not self._line_starts:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        line = bisect.bisect_right(self._line_starts, index)
        return line, index - self._line_starts[line - 1] + 1
