"""The input layer: every file that comes from outside is read here, and read as hostile.

Scenarios, session logs, policy scripts and the logs in a folder all pass through the same checks
before any parser sees them:

* **regular files only**. A named pipe (FIFO), a device (``/dev/zero``, a terminal), a socket or a
  link to one is refused with a message that says what it is; the file is examined with ``stat``
  before it is opened and opened with ``O_NONBLOCK`` and checked again with ``fstat``, so nothing
  ever waits for a writer that will not come;
* **a size cap** per kind of file (:data:`MAX_SCENARIO_BYTES` lives with the scenario loader;
  :data:`MAX_LOG_BYTES`, :data:`MAX_LOG_LINE_BYTES`, :data:`MAX_SCRIPT_BYTES` here), checked on
  the open file and while reading (a file that grows is cut at the cap, not read to the end);
* **UTF-8**, a bad byte reported at its line and column and its byte offset;
* **JSON** with at most :data:`MAX_JSON_DEPTH` levels of nesting, numbers of at most
  :data:`MAX_NUMBER_CHARS` characters, finite numbers only (``NaN``, ``Infinity`` and ``1e999``
  are refused), and no lone surrogate (``"\\ud800"``) or control character in a string;
* control characters (C0 except tab and line feed, DEL, C1) are refused by the callers that
  read text, at their line and column.

Every refusal is an :class:`~simcity_council.errors.InputError` naming the file; callers turn it
into their own error (a scenario problem, a log error) where they have one.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from .errors import InputError

#: A session log: a few KB per turn; 16 MB is hundreds of times the largest real one.
MAX_LOG_BYTES = 16_000_000
#: One line of a log (a turn of a large scenario is a few KB; a long reflection some tens).
MAX_LOG_LINE_BYTES = 1_000_000
#: A ``script:FILE`` policy: one small entry per turn.
MAX_SCRIPT_BYTES = 1_000_000
#: JSON nesting (a log line nests 4 levels; scenarios allow 64 as well).
MAX_JSON_DEPTH = 64
#: Characters of one JSON number: a float's shortest repr has at most 24, a 64-bit seed 20.
MAX_NUMBER_CHARS = 40

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the stat must not block the open
    | getattr(os, "O_NOCTTY", 0)  # never make a terminal our controlling terminal
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)  # Windows: no newline translation
)
_CHUNK = 1 << 20

# Characters that must not reach a terminal or a window from a file: C0 controls (a carriage
# return too: it moves the cursor back over what was shown), DEL, C1 controls. Tab and line feed
# are allowed where text may hold them.
# (with lone surrogates, which no text may hold either)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x0A: "line feed", 0x0D: "carriage return",
          0x1B: "ESC, which starts terminal escape sequences", 0x7F: "DEL",
          0x9B: "CSI, which starts terminal escape sequences"}  # fmt: skip


def kind_of(mode: int) -> str | None:
    """What a file is when it is not a regular file (``None`` for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def char_name(char: str) -> str:
    """``U+001B (ESC, ...)`` for messages."""
    code = ord(char)
    name = _NAMES.get(code)
    if name is None:
        name = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
    return f"U+{code:04X} ({name})"


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def check_regular(path: str | os.PathLike[str], display: str, what: str = "file") -> int:
    """The size of ``path`` if it is a regular file (or a link to one); else :class:`InputError`.

    ``what`` names what the file should have been, for the message (``"session log"``)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        broken = os.path.lexists(path)
        raise InputError(
            display, "no such file" + (" (a link to nothing)" if broken else ""), "check the path"
        ) from None
    except ValueError:  # an embedded NUL in the name
        raise InputError(display, "the file name contains a NUL character") from None
    except OSError as error:
        raise InputError(display, f"cannot read it: {_reason(error)}") from None
    kind = kind_of(info.st_mode)
    if kind is not None:
        link = "a link to " if os.path.islink(path) else ""
        raise InputError(
            display,
            f"is {link}{kind}, not a regular file; a {what} must be a regular file",
            "give the path of the file itself" if kind == "a folder" else "copy it to a file first",
        )
    return info.st_size


def read_bytes(
    path: str | os.PathLike[str], display: str | None = None, *, limit: int, what: str = "file"
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, never blocking (see the module)."""
    display = os.fspath(path) if display is None else display
    size = check_regular(path, display, what)
    if size > limit:
        raise _too_large(display, size, limit, what)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise InputError(display, f"cannot read it: {_reason(error)}") from None
    try:
        info = os.fstat(fd)
        kind = kind_of(info.st_mode)
        if kind is not None:  # replaced between the stat and the open
            raise InputError(display, f"is {kind}, not a regular file")
        if info.st_size > limit:
            raise _too_large(display, info.st_size, limit, what)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as error:
        raise InputError(display, f"cannot read it: {_reason(error)}") from None
    finally:
        os.close(fd)
    if total > limit:
        raise _too_large(display, total, limit, what, growing=True)
    return b"".join(chunks)


def _too_large(display: str, size: int, limit: int, what: str, growing: bool = False) -> InputError:
    found = f"more than {limit:,}" if growing else f"{size:,}"
    return InputError(
        display,
        f"the file is {found} bytes; {what}s may be at most {limit:,} bytes",
        "is this the right file?",
    )


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).rstrip(".").lower()


def decode_utf8(raw: bytes, display: str, *, bom: bool = True) -> str:
    """``raw`` as text; a bad byte is reported at its line, column and byte offset."""
    try:
        return raw.decode("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as error:
        start = error.start
        line_start = raw.rfind(b"\n", 0, start) + 1
        column = len(raw[line_start:start].decode("utf-8", "replace")) + 1
        raise InputError(
            display,
            f"not UTF-8 text: byte 0x{raw[start]:02x} at byte offset {start} cannot be decoded",
            "save the file as UTF-8 (is this a binary file?)",
            raw.count(b"\n", 0, start) + 1,
            column,
        ) from None


def find_control(text: str, *, line_breaks: bool = True) -> int:
    """Index of the first control character in ``text`` (tab always allowed; line feeds when
    ``line_breaks``), or -1."""
    found = (_CONTROL if line_breaks else _CONTROL_OR_BREAK).search(text)
    return -1 if found is None else found.start()


def refuse_controls(text: str, display: str, *, line_breaks: bool = True) -> str:
    """``text`` unchanged, or :class:`InputError` at the first control character."""
    index = find_control(text, line_breaks=line_breaks)
    if index >= 0:
        line, column = line_col(text, index)
        raise InputError(
            display,
            f"the file contains the control character {char_name(text[index])}",
            "delete it (is this a binary file?)",
            line,
            column,
        )
    return text


def read_text(
    path: str | os.PathLike[str], display: str | None = None, *, limit: int, what: str = "file"
) -> str:
    """A regular UTF-8 text file of at most ``limit`` bytes with no control characters
    (Windows line ends are read as line feeds)."""
    display = os.fspath(path) if display is None else display
    text = decode_utf8(read_bytes(path, display, limit=limit, what=what), display)
    return refuse_controls(text.replace("\r\n", "\n"), display)


# ---- JSON --------------------------------------------------------------------------------------
class _Refused(ValueError):
    """Raised inside the JSON decoder's hooks; carries the text that was refused."""

    def __init__(self, found: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.found = found
        self.message = message
        self.hint = hint


def _too_long(text: str) -> _Refused:
    return _Refused(
        text,
        f"a number of {len(text):,} characters; numbers here have at most {MAX_NUMBER_CHARS}",
    )


def _float(text: str) -> float:
    value = float(text)
    if value in _INFINITIES:  # 1e999; NaN cannot come from digits
        raise _Refused(text, f"the number {text[:40]} is too large (not a finite number)")
    if len(text) > MAX_NUMBER_CHARS:
        raise _too_long(text)
    return value


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _too_long(text)
    return int(text)


def _constant(text: str) -> Any:
    raise _Refused(text, f"{text} is not a number JSON allows", "write a finite number or null")


_INFINITIES = (float("inf"), float("-inf"))
_DECODER = json.JSONDecoder(parse_float=_float, parse_int=_int, parse_constant=_constant)
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")
_DEL_OR_C1 = re.compile("[\x7f-\x9f]")


def _may_hold_controls(text: str) -> bool:
    """Whether a string in ``text`` may hold a control character or a lone surrogate: only an
    escape (a backslash) or a raw DEL or C1 character can put one there (JSON refuses raw C0)."""
    if "\\" in text:
        return True
    return "\x7f" in text if text.isascii() else _DEL_OR_C1.search(text) is not None


def loads_json(text: str, display: str, line: int = 0) -> Any:
    """Parse one JSON document (a log line) under the limits of this module.

    ``line`` is the 1-based line of ``text`` in its file (0: the text is the whole file); errors
    carry it and the column inside ``text``."""
    _check_depth(text, display, line)
    try:
        value = _DECODER.decode(text)
    except _Refused as refused:
        at = text.find(refused.found)
        raise _json_error(display, text, line, at, refused.message, refused.hint) from None
    except json.JSONDecodeError as error:
        raise _json_error(display, text, line, error.pos, f"not valid JSON: {error.msg}") from None
    except (ValueError, RecursionError, MemoryError):
        raise _json_error(display, text, line, 0, "not valid JSON") from None
    if _may_hold_controls(text):
        _check_strings(value, text, display, line)
    return value


def _check_depth(text: str, display: str, line: int) -> None:
    brackets = text.count("[") + text.count("{")
    if brackets <= MAX_JSON_DEPTH:
        return
    bare = _STRING.sub(lambda m: " " * len(m.group()), text)  # same offsets, no strings
    depth = 0
    for found in _BRACKET.finditer(bare):
        if found.group() in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise _json_error(
                    display,
                    text,
                    line,
                    found.start(),
                    f"JSON nested more than {MAX_JSON_DEPTH} levels deep",
                    "is this the right file?",
                )
        else:
            depth -= 1


def _check_strings(value: Any, text: str, display: str, line: int) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            strings = (item,)
        elif isinstance(item, dict):
            strings = tuple(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
            continue
        else:
            continue
        for string in strings:
            index = find_control(string)
            if index >= 0:
                char = string[index]
                found = json.dumps(char)[1:-1]
                at = max(text.find(found), text.find(char))
                raise _json_error(
                    display,
                    text,
                    line,
                    at,
                    f"a string holds {char_name(char)}",
                    "text in these files holds no control characters; was the file edited?",
                )


def _json_error(
    display: str, text: str, line: int, index: int, message: str, hint: str = ""
) -> InputError:
    index = max(index, 0)
    if line:
        return InputError(display, message, hint, line, index + 1)
    where_line, column = line_col(text, index)
    return InputError(display, message, hint, where_line, column)


def is_regular_file(path: Path) -> bool:
    """True for a regular file or a link to one; False for anything else, never raising."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
