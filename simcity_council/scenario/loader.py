"""Safe YAML loading that remembers where every value came from.

The file is checked before YAML sees it (size, UTF-8, control characters), then parsed into events
with the C parser when PyYAML has it and composed here, iteratively, into plain Python data. Doing
the composition ourselves lets us:

* remember the line and column of every key and value (a :class:`~.locate.Spot` per path), so that
  pydantic and cross-reference problems point into the file;
* refuse duplicate keys (at the second one), recursive aliases, and alias expansion past
  :data:`MAX_NODES` (an "alias bomb" composes in microseconds and then takes gigabytes to walk: we
  count each alias as the size of what it stands for, so the bomb is refused at once);
* refuse nesting deeper than :data:`MAX_DEPTH` *while parsing*: libyaml slows down quadratically on
  deeply nested flow collections and its composer recurses (a segfault at ~100k levels).

Only the standard YAML types are built (mappings, sequences, text, numbers, booleans, null);
timestamps stay text; any other tag is a problem. Keys are always text, as written.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from ..errors import InputError, Problem, ScenarioError
from ..safeio import char_name, find_control, read_bytes
from .locate import Document, Spot, dotted

MAX_BYTES = 2_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64
#: Characters in one text value (a summary of several paragraphs is a few thousand).
MAX_TEXT = 20_000
#: Characters in a name, title or label (shown on buttons, cards and chart legends).
MAX_NAME = 200
SHORT_FIELDS = frozenset({"name", "title", "label", "labels", "city", "period", "currency"})
#: The largest magnitude of a number (a city budget is far below a quadrillion); larger values
#: overflow the engine's arithmetic.
MAX_NUMBER = 1e15
_TOO_DEEP = (
    f"the document is nested more than {MAX_DEPTH} levels deep",
    "a scenario never needs this; check the brackets",
)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
# Characters YAML 1.1 allows in a stream (tab, line breaks, printable Unicode).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def read_document(path: Path, display: str) -> tuple[Document, list[Problem]]:
    """Read and compose ``path``. Fatal problems raise :class:`ScenarioError`; others are returned.

    ``display`` is the file name used in messages.
    """
    raw = _read_bytes(path, display)
    text = _decode(raw, display)
    builder = _Builder(text, display)
    builder.run()
    document = Document(
        display,
        builder.root,
        builder.spots,
        builder.key_spots,
        text,
        hashlib.sha256(raw).hexdigest(),
    )
    return document, builder.problems


def compose_text(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Compose YAML ``text`` under this module's limits (nesting, values, aliases, tags, control
    characters) into plain data; fatal problems raise :class:`ScenarioError`. For other YAML
    files read from outside (policy scripts)."""
    builder = _Builder(text, display)
    builder.run()
    return builder.root, builder.problems


def _fatal(
    file: str, message: str, hint: str = "", line: int = 0, column: int = 0
) -> ScenarioError:
    return ScenarioError([Problem(file, line, column, "", message, hint)])


def _read_bytes(path: Path, display: str) -> bytes:
    if os.path.isdir(path):
        raise _fatal(
            display,
            "this is a folder, not a scenario file",
            "give a .yaml file, or use 'validate' on the folder",
        )
    try:
        return read_bytes(path, display, limit=MAX_BYTES, what="scenario file")
    except InputError as error:
        raise ScenarioError([error.problem]) from None


def _decode(raw: bytes, display: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise _fatal(
            display,
            f"the file is not UTF-8 text: byte 0x{raw[err.start]:02x} at byte "
            f"offset {err.start} cannot be decoded",
            "save the file as UTF-8 in your editor (is this a binary file?)",
            line,
            column,
        ) from None
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line, column = _line_col(text, bad.start())
        raise _fatal(
            display,
            f"the file contains the control character U+{ord(bad.group()):04X}, "
            "which YAML does not allow",
            "delete it (is this a binary file?)",
            line,
            column,
        )
    if not text.strip():
        raise _fatal(
            display,
            "the file is empty",
            "start from a template: simcity-council new my_scenario -o my_scenario.yaml",
            1,
            1,
        )
    return text


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


@dataclass
class _Frame:
    """A mapping or sequence being built."""

    container: dict[str, Any] | list[Any]
    path: tuple[str | int, ...]
    anchor: str | None
    nodes_at_start: int
    key: str | None = None
    key_spot: Spot | None = None
    keys_seen: dict[str, int] = field(default_factory=dict)
    duplicate: bool = False
    merges: list[Any] = field(default_factory=list)


class _Builder:
    """Composes parser events into data + spots, enforcing the limits."""

    _handlers: ClassVar[dict[type, Callable[[_Builder, Any], None]]]

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.root: Any = None
        self.spots: dict[tuple[str | int, ...], Spot] = {}
        self.key_spots: dict[tuple[str | int, ...], Spot] = {}
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[Any, int] | None] = {}  # None while still being built
        self.nodes = 0
        self.aliased = False  # whether an alias added values (for the "too many values" message)
        self.stack: list[_Frame] = []
        self.documents = 0

    def fatal(self, mark: Any, message: str, hint: str = "") -> ScenarioError:
        return _fatal(self.file, message, hint, mark.line + 1, mark.column + 1)

    def run(self) -> None:
        parser = _Loader(self.text)
        handlers = self._handlers
        try:
            next_event = parser.get_event
            while (event := next_event()) is not None:
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(self, event)
        except yaml.MarkedYAMLError as err:
            raise self.syntax_error(err) from None
        except yaml.YAMLError as err:
            raise _fatal(self.file, f"YAML error: {err}") from None
        finally:
            parser.dispose()
        if self.documents == 0:
            raise _fatal(
                self.file,
                "the file holds no YAML document (only comments?)",
                "start from a template: simcity-council new my_scenario",
                1,
                1,
            )

    def syntax_error(self, err: yaml.MarkedYAMLError) -> ScenarioError:
        mark = err.problem_mark or err.context_mark
        problem = (err.problem or "syntax error").replace("  ", " ")
        context = f" {err.context}" if err.context else ""
        char = self.text[mark.index] if mark and 0 <= mark.index < len(self.text) else ""
        if "maximum nesting depth" in problem and mark is not None:
            # libyaml >= 0.2.5 scans ahead and stops at 1,000 levels before we see an event.
            return self.fatal(mark, *_TOO_DEEP)
        hint = "check the indentation and punctuation on this line and the one before"
        if char == "\t" or "tab" in problem:
            hint = "YAML indents with spaces, not tabs"
        elif "mapping values are not allowed" in problem:
            hint = (
                _indent_hint(self.text, mark) or "a value that contains ': ' must be put in quotes"
            )
        elif "did not find expected key" in problem or "expected '-' indicator" in problem:
            hint = _dedent_hint(self.text, mark) or hint
        elif "end of stream" in problem and "quoted" in context:
            hint = "close the quote"
        elif "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
            hint = "close the bracket, or separate items with ', '"
        message = f"YAML syntax error: {problem}{context}"
        if mark is None:
            return _fatal(self.file, message, hint)
        return self.fatal(mark, message, hint)

    # -- events ----------------------------------------------------------------------------------
    def document(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.fatal(
                event.start_mark,
                "the file holds more than one YAML document",
                "keep one scenario per file (remove the second '---')",
            )

    def count(self, mark: Any, amount: int = 1) -> None:
        self.nodes += amount
        if self.nodes <= MAX_NODES:
            return
        if self.aliased:
            raise self.fatal(
                mark,
                f"the document expands to more than {MAX_NODES:,} values (too many aliases?)",
                "use fewer '*alias' references",
            )
        raise self.fatal(
            mark,
            f"the document holds more than {MAX_NODES:,} values",
            "a scenario never needs this many; is this the right file?",
        )

    def spot(self, event: yaml.Event, style: str | None) -> Spot:
        """Where ``event`` sits in the text, with ``style`` (scalar style or collection kind)."""
        start, end = event.start_mark, event.end_mark
        if start is None or end is None:  # the parser marks every event it reads from text
            raise _fatal(self.file, "YAML error: a value without a position in the file")
        return Spot(start.line + 1, start.column + 1, start.index, end.index, style)

    def wants_key(self) -> bool:
        return (
            bool(self.stack)
            and isinstance(self.stack[-1].container, dict)
            and self.stack[-1].key is None
        )

    def scalar(self, event: yaml.ScalarEvent) -> None:
        self.count(event.start_mark)
        spot = self.spot(event, event.style or "plain")
        if self.wants_key():
            self.set_key(event.value, spot)
            if event.anchor:
                self.anchors[event.anchor] = (event.value, 1)
            return
        value = self.construct(event)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self.attach(value, spot)

    def construct(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None and event.style:  # quoted or block text
            return self.text_value(event)
        if tag is None or tag == "!":
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
        kind = tag[len(_TAG) :] if tag.startswith(_TAG) else tag
        if kind in ("str", "timestamp"):
            return self.text_value(event)
        if kind == "null":
            return None
        node = yaml.ScalarNode(tag, event.value)
        try:
            if kind == "bool":
                return _CONSTRUCTOR.construct_yaml_bool(node)
            if kind in ("int", "float"):
                return self.number(event, node, kind)
        except (ValueError, OverflowError):
            self.problem(
                event.start_mark,
                f"the number '{event.value[:40]}' is too large (the limit is {MAX_NUMBER:,.0f})",
                "scenario numbers are far smaller: check the digits",
                dotted(self.child_path()),
            )
            return None
        self.problem(
            event.start_mark,
            f"the YAML tag '{event.tag}' is not supported",
            "remove the tag ('!!...' or '!...')",
            dotted(self.child_path()),
        )
        return event.value

    def text_value(self, event: yaml.ScalarEvent) -> str:
        """A text value, refused (a problem, the value kept) if it holds a control character
        (double-quoted escapes such as ``"\\e[2J"`` make them) or is longer than
        :data:`MAX_TEXT`."""
        value: str = event.value
        self.check_text(value, event.start_mark, self.child_path())
        return value

    def check_text(self, value: str, mark: Any, path: tuple[str | int, ...]) -> None:
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        limit = MAX_NAME if field in SHORT_FIELDS else MAX_TEXT
        index = find_control(value)
        if index >= 0:
            self.problem(
                mark,
                f"the text holds the control character {char_name(value[index])}",
                "remove it: text may hold letters, punctuation, spaces and line breaks",
                dotted(path),
            )
        if len(value) > limit:
            self.problem(
                mark,
                f"the text is {len(value):,} characters long; the limit is {limit:,}",
                "shorten it"
                + (" (names, titles and labels are shown on buttons)" * (limit == MAX_NAME)),
                dotted(path),
            )

    def number(self, event: yaml.ScalarEvent, node: yaml.ScalarNode, kind: str) -> Any:
        """An int or float, refused (a problem, None) if not finite or beyond MAX_NUMBER."""
        if kind == "int":
            if len(event.value) > 40:
                raise OverflowError
            value: Any = _CONSTRUCTOR.construct_yaml_int(node)
        else:
            value = _CONSTRUCTOR.construct_yaml_float(node)
        if value != value:
            self.problem(
                event.start_mark,
                f"'{event.value[:40]}' is not a number",
                "write a number such as 0.5",
                dotted(self.child_path()),
            )
            return None
        if abs(value) > MAX_NUMBER:
            raise OverflowError
        return value

    def problem(self, mark: Any, message: str, hint: str = "", path: str = "") -> None:
        self.problems.append(
            Problem(self.file, mark.line + 1, mark.column + 1, path, message, hint)
        )

    def start(self, event: yaml.CollectionStartEvent) -> None:
        self.count(event.start_mark)
        if len(self.stack) >= MAX_DEPTH:
            raise self.fatal(event.start_mark, *_TOO_DEEP)
        if event.tag not in (None, "!", f"{_TAG}map", f"{_TAG}seq"):
            self.problem(
                event.start_mark,
                f"the YAML tag '{event.tag}' is not supported",
                "remove the tag ('!!...' or '!...')",
                dotted(self.child_path()),
            )
        if self.wants_key():
            raise self.fatal(
                event.start_mark,
                "a key must be a plain name, not a list or mapping",
                "write 'name: value'",
            )
        mapping = isinstance(event, yaml.MappingStartEvent)
        path = self.child_path()
        self.spots[path] = self.spot(event, "flow" if event.flow_style else "block")
        self.set_key_spot(path)
        if event.anchor:
            self.anchors[event.anchor] = None
        container: dict[str, Any] | list[Any] = {} if mapping else []
        self.stack.append(_Frame(container, path, event.anchor, self.nodes))

    def end(self, event: yaml.Event | None = None) -> None:
        frame = self.stack.pop()
        if isinstance(frame.container, dict):
            for merged in frame.merges:
                for key, value in merged.items():
                    frame.container.setdefault(key, value)
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.container, self.nodes - frame.nodes_at_start + 1)
        self.attach(frame.container, None)

    def alias(self, event: yaml.AliasEvent) -> None:
        if event.anchor not in self.anchors:
            raise self.fatal(
                event.start_mark,
                f"unknown alias '*{event.anchor}'",
                f"define it first with '&{event.anchor}'",
            )
        found = self.anchors[event.anchor]
        if found is None:
            raise self.fatal(
                event.start_mark,
                f"recursive alias '*{event.anchor}' refers to the value that contains it",
                "remove the alias",
            )
        value, size = found
        self.aliased = True
        self.count(event.start_mark, size)
        spot = self.spot(event, "alias")
        if self.wants_key():
            if not isinstance(value, str):
                raise self.fatal(event.start_mark, "a key must be a plain name")
            self.set_key(value, spot)
            return
        self.attach(value, spot)

    # -- attaching values ------------------------------------------------------------------------
    def child_path(self) -> tuple[str | int, ...]:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        if frame.duplicate:
            return (*frame.path, "\0duplicate")
        return (*frame.path, frame.key or "")

    def set_key_spot(self, path: tuple[str | int, ...]) -> None:
        if self.stack and isinstance(self.stack[-1].container, dict):
            key_spot = self.stack[-1].key_spot
            if key_spot is not None:
                self.key_spots[path] = key_spot

    def set_key(self, key: str, spot: Spot) -> None:
        """A mapping key was read: remember it, refusing duplicates (at the second one)."""
        frame = self.stack[-1]
        if find_control(key, line_breaks=False) >= 0:
            self.problems.append(
                Problem(
                    self.file,
                    spot.line,
                    spot.column,
                    dotted(frame.path),
                    f"a key holds the control character {char_name(_first_control(key))}",
                    "keys are plain names",
                )
            )
        frame.key, frame.key_spot, frame.duplicate = key, spot, False
        if key == "<<" and spot.style == "plain":
            return
        if key in frame.keys_seen:
            frame.duplicate = True
            self.problems.append(
                Problem(
                    self.file,
                    spot.line,
                    spot.column,
                    dotted((*frame.path, key)),
                    f"duplicate key '{key}' (first at line {frame.keys_seen[key]})",
                    "remove one of them; keys must be unique within a mapping",
                )
            )
        else:
            frame.keys_seen[key] = spot.line

    def attach(self, value: Any, spot: Spot | None) -> None:
        if not self.stack:
            self.root = value
            if spot is not None:
                self.spots[()] = spot
            return
        frame = self.stack[-1]
        path = self.child_path()
        if spot is not None:
            self.spots[path] = spot
            self.set_key_spot(path)
        if isinstance(frame.container, list):
            frame.container.append(value)
            return
        key, key_spot, duplicate = frame.key or "", frame.key_spot, frame.duplicate
        frame.key = frame.key_spot = None
        frame.duplicate = False
        if key == "<<" and key_spot is not None and key_spot.style == "plain":
            merged = value if isinstance(value, list) else [value]
            if not all(isinstance(m, dict) for m in merged):
                self.problems.append(
                    Problem(
                        self.file,
                        key_spot.line,
                        key_spot.column,
                        "",
                        "'<<' must merge a mapping or a list of mappings",
                    )
                )
            frame.merges.extend(m for m in merged if isinstance(m, dict))
        elif not duplicate:
            frame.container[key] = value


def _first_control(key: str) -> str:
    index = find_control(key, line_breaks=False)
    return key[index] if index >= 0 else "\0"


_Builder._handlers = {
    yaml.DocumentStartEvent: _Builder.document,
    yaml.ScalarEvent: _Builder.scalar,
    yaml.MappingStartEvent: _Builder.start,
    yaml.SequenceStartEvent: _Builder.start,
    yaml.MappingEndEvent: _Builder.end,
    yaml.SequenceEndEvent: _Builder.end,
    yaml.AliasEvent: _Builder.alias,
}


_KEY_LINE = re.compile(r"^( *)(- +)?([^\s#'\"][^:#]*?):(\s+\S.*)?$")


def _key_column(line: str) -> tuple[int, str] | None:
    """Where the key of a ``key:`` line starts (after a list's ``- ``) and the key."""
    match = _KEY_LINE.match(line)
    if match is None:
        return None
    return len(match.group(1)) + len(match.group(2) or ""), match.group(3).strip()


def _line_before(lines: list[str], i: int) -> int:
    """The last line before line ``i`` that holds more than blanks or a comment (-1: none)."""
    i -= 1
    while i >= 0 and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        i -= 1
    return i


def _dedent_hint(text: str, mark: Any) -> str:
    """For YAML's 'did not find expected key' and 'expected '-' indicator': a line indented
    less than the key it belongs with. Find it (this line, or the line before when that one is
    indented less than the lines on both sides of it) and say where to line it up."""
    if mark is None:
        return ""
    lines = text.split("\n")

    def before(i: int) -> int:
        return _line_before(lines, i)

    def indent(i: int) -> int:
        return len(lines[i]) - len(lines[i].lstrip(" "))

    here = mark.line
    if not 0 < here < len(lines):
        return ""
    prev = before(here)
    if prev < 0:
        return ""
    suspect, anchor = here, prev
    earlier = before(prev)
    column = _key_column(lines[prev])
    start = column[0] if column else indent(prev)  # a list item's key starts after its '- '
    if earlier >= 0 and start < indent(earlier) and start < indent(here):
        suspect, anchor = prev, earlier  # the line before sticks out to the left
    found, above = _key_column(lines[suspect]), _key_column(lines[anchor])
    if found is None or above is None or indent(suspect) >= above[0]:
        return ""
    short = above[0] - indent(suspect)
    where = "this line" if suspect == here else f"line {suspect + 1}"
    return (
        f"{where} ('{found[1]}:') is indented {short} space{'s' if short > 1 else ''} less than "
        f"'{above[1]}:' on line {anchor + 1}; if it belongs with '{above[1]}:', line it up "
        f"({above[0]} spaces)"
    )


def _indent_hint(text: str, mark: Any) -> str:
    """When a line is indented deeper than the key above it (whose value is on its line), YAML
    reads it as more of that value and then trips on its ': '. Say so, instead of suggesting
    quotes."""
    if mark is None:
        return ""
    lines = text.split("\n")
    if not 0 < mark.line < len(lines):
        return ""
    line = lines[mark.line]
    indent = len(line) - len(line.lstrip(" "))
    back = _line_before(lines, mark.line)
    if back < 0:
        return ""
    match = _KEY_LINE.match(lines[back])
    if match is None or not match.group(4):
        return ""
    column = len(match.group(1)) + len(match.group(2) or "")
    if indent <= column:
        return ""
    key = match.group(3).strip()
    extra = indent - column
    return (
        f"this line is indented {extra} space{'s' if extra > 1 else ''} more than "
        f"'{key}:' on line {back + 1}, so YAML reads it as part of that value; line it up "
        f"with '{key}:' ({column} spaces)"
    )
