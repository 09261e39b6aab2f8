"""Warnings about YAML traps: text that is valid but almost surely not what the author meant.

* A line starting with ``#`` inside a ``|`` or ``>`` block (or a quoted text over several lines)
  is not a comment there: it is part of the text, and students see it.
"""

from __future__ import annotations

from typing import Any

from ..errors import Problem
from .locate import Document, dotted

_TEXT_STYLES = ("|", ">", "'", '"')


def check(doc: Document) -> list[Problem]:
    """Every trap found in ``doc``, as warnings."""
    out: list[Problem] = []
    for path, spot in doc.spots.items():
        if spot.style not in _TEXT_STYLES:
            continue
        source = doc.text[spot.start : spot.end]
        if "#" not in source or "\n" not in source:
            continue
        value = _value(doc.data, path)
        if not isinstance(value, str):
            continue
        offset = spot.start
        for k, line in enumerate(source.split("\n")):
            stripped = line.strip()
            if k > 0 and stripped.startswith("#"):
                column = len(line) - len(line.lstrip())
                where_line, where_column = doc.line_col(offset + column)
                shown = stripped if len(stripped) <= 40 else stripped[:37] + "..."
                block = f"a '{spot.style}' text block" if spot.style in "|>" else "quoted text"
                out.append(
                    Problem(
                        doc.file,
                        where_line,
                        where_column,
                        dotted(path),
                        f"this line starts with '#', but inside {block} it is not a comment: "
                        f"students will see '{shown}'",
                        "move the note out of the text (a comment line above the key), or into "
                        "a 'notes:' field, which students never see",
                    )
                )
            offset += len(line) + 1
    return out


def _value(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data
