"""Read a session log (JSON Lines) and check it: its structure, its lines, and their chain.

A log is a header line, one line per turn, resume and suspend lines where the session was
continued or stopped, optional reflection lines and an end line. Each line is validated by the
pydantic models of :mod:`.logmodels` straight from its bytes. Every line after the header carries
the hash of the line before it, so an edited, removed, inserted or swapped line (the header
included) is found and named by its line. The one problem that is not an error is a *partial last
line* (the process stopped while writing it): it is reported in :attr:`SessionLog.truncated` and
the whole lines before it are used.

Raw bytes are read in one place, :func:`read_bytes`, through the input layer (:mod:`..safeio`):
regular files of at most :data:`~simcity_council.safeio.MAX_LOG_BYTES` only. Every line is held
to its JSON limits too (:func:`check_line`): at most
:data:`~simcity_council.safeio.MAX_LOG_LINE_BYTES` bytes, 64 levels of nesting, finite numbers of
at most 40 characters, no control character or lone surrogate in a string.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, LogError
from ..safeio import MAX_JSON_DEPTH, MAX_LOG_BYTES, MAX_LOG_LINE_BYTES, loads_json
from ..safeio import read_bytes as read_file_bytes
from .logmodels import (
    FORMAT_NAME,
    FORMAT_VERSION,
    HEADER,
    LINE,
    LOG_SUFFIX,
    EndRecord,
    Header,
    Reflection,
    ResumeRecord,
    SuspendRecord,
    TurnRecord,
    at_line,
)

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LOG_SUFFIX",
    "EndRecord",
    "Header",
    "Reflection",
    "ResumeRecord",
    "SessionLog",
    "SuspendRecord",
    "TruncatedLine",
    "TurnRecord",
    "as_log_error",
    "check_line",
    "dumps_line",
    "line_hash",
    "parse_log",
    "read_bytes",
    "read_log",
]

_BOM = b"\xef\xbb\xbf"


def dumps_line(obj: dict[str, Any]) -> bytes:
    """One log line: compact JSON (floats as Python's shortest round-trip repr) plus a newline."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text + "\n").encode("utf-8")


def line_hash(line: bytes) -> str:
    """The hash the next line records of ``line`` (its bytes without the newline)."""
    return hashlib.sha256(line).hexdigest()[:32]


@dataclass(frozen=True)
class TruncatedLine:
    """A partial last line: where it starts and what was kept."""

    line: int
    kept_bytes: int  # size of the whole lines before it

    def message(self, file: str) -> str:
        """A ``file:line`` note: the partial line is dropped, the whole lines before it kept."""
        return (
            f"{file}:{self.line}: partial last line (the session stopped while writing it); "
            f"the {self.line - 1} whole line(s) before it are used"
        )


@dataclass(frozen=True)
class SessionLog:
    """A parsed, checked log. ``turns`` are consecutive from turn 1."""

    path: Path
    header: Header
    turns: tuple[TurnRecord, ...]
    reflections: tuple[Reflection, ...] = ()
    end: EndRecord | None = None
    truncated: TruncatedLine | None = None
    ends_with_newline: bool = True
    size: int = 0
    resumes: tuple[ResumeRecord, ...] = ()
    suspends: tuple[SuspendRecord, ...] = ()
    #: hash of every whole line, in order (line k is ``hashes[k - 1]``): copies and forks of a
    #: session are found by comparing them.
    hashes: tuple[str, ...] = ()
    #: every line after the header in file order (turns, resumes, suspends, reflections, end)
    records: tuple[Any, ...] = ()
    #: things worth saying that are not errors (a byte order mark, Windows line ends)
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: bytes up to the end of the last whole line (its newline included, if it has one): a
    #: resume cuts what follows (a partial line, blank lines) before it appends
    whole_bytes: int = 0

    @property
    def name(self) -> str:
        """The log's path as text, for messages."""
        return str(self.path)

    @property
    def finished(self) -> bool:
        """Whether the log has its end line (the game was played to its end)."""
        return self.end is not None

    @property
    def last_line(self) -> int:
        """The number of the last whole line."""
        return len(self.hashes)

    @property
    def stopped_by_player(self) -> bool:
        """The last line is a suspend line: the player stopped (not a crash or a cut)."""
        return bool(self.records) and isinstance(self.records[-1], SuspendRecord)

    @property
    def played_by(self) -> str:
        """``person``, ``policy`` or ``mixed`` (a person and a policy, e.g. after a resume)."""
        kinds = {t.played_by for t in self.turns} or {self.header.played_by}
        return kinds.pop() if len(kinds) == 1 else "mixed"

    @property
    def policies(self) -> tuple[str, ...]:
        """The policies that played any turn, in the order they first did."""
        seen: dict[str, None] = {}
        for t in self.turns:
            if t.policy:
                seen[t.policy] = None
        if not self.turns and self.header.policy:
            seen[self.header.policy] = None
        return tuple(seen)

    @property
    def auto(self) -> bool:
        """A policy played at least one turn (a demo, a test, a bot-finished game)."""
        return self.played_by != "person"

    def __repr__(self) -> str:
        h = self.header
        state = "finished" if self.finished else "unfinished"
        return (
            f"<SessionLog {self.path.name}: {h.scenario_id}, player {h.player!r}, "
            f"{len(self.turns)} turns, {state}>"
        )


def read_bytes(path: Path) -> bytes:
    """The bytes of a log file (the one place logs are read from disk): a regular file of at
    most :data:`~simcity_council.safeio.MAX_LOG_BYTES`, read without ever blocking."""
    name = str(path)
    if os.path.isdir(path):
        raise LogError("is a directory, not a session log (give the .jsonl files in it)", name)
    try:
        return read_file_bytes(path, name, limit=MAX_LOG_BYTES, what="session log")
    except InputError as error:
        raise as_log_error(error) from None


def as_log_error(error: InputError) -> LogError:
    """An input-layer refusal as a :class:`LogError` (``file:line: message (column C)``)."""
    column = f" (column {error.column})" if error.line and error.column else ""
    hint = f"; {error.hint}" if error.hint else ""
    return LogError(error.message + column + hint, error.file, error.line)


# What pydantic's JSON parser would let through but a log may not hold: an escape (a control
# character or a lone surrogate may hide behind it), a raw DEL or C1 character, NaN or Infinity,
# a number with a long run of digits or an exponent of three digits (1e999 is infinite). Lines
# without any of these (nearly all) skip the slower check.
_SUSPECT = re.compile(
    rb"\\|\x7f|\xc2[\x80-\x9f]|NaN|Infinity|[0-9.eE+-]{41,}|[0-9][eE][+-]?[0-9]{3}"
)


def check_line(chunk: bytes, name: str, number: int) -> None:
    """Refuse a line the input layer's JSON rules refuse (:func:`..safeio.loads_json`); pydantic
    checks everything else. Raises :class:`~simcity_council.errors.InputError`."""
    if len(chunk) > MAX_LOG_LINE_BYTES:
        raise InputError(
            name,
            f"the line is {len(chunk):,} bytes; a session log's lines have at most "
            f"{MAX_LOG_LINE_BYTES:,}",
            "is this a session log?",
            number,
        )
    deep = chunk.count(b"[") + chunk.count(b"{") > MAX_JSON_DEPTH
    if not deep and _SUSPECT.search(chunk) is None:
        return
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            name,
            f"not UTF-8 text (byte 0x{chunk[error.start]:02x} at byte {error.start + 1} of the "
            "line): this is not a session log",
            "",
            number,
        ) from None
    loads_json(text, name, number)


def read_log(path: str | Path) -> SessionLog:
    """Read and check a log. Raises :class:`LogError` (file and line) when it is unusable."""
    path = Path(path)
    return parse_log(read_bytes(path), path)


def parse_log(data: bytes, path: Path) -> SessionLog:
    """Parse the bytes of a log (see :func:`read_log`)."""
    name = str(path)
    size = len(data)
    notes: list[str] = []
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
        notes.append(f"{name}: starts with a byte order mark (re-saved by an editor?); ignored")
    if not data.strip():
        raise LogError("empty file: not a session log (no header line)", name)
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise LogError("binary data (NUL bytes): this is not a session log", name, line)
    chunks = data.split(b"\n")
    last_complete = data.endswith(b"\n")
    if last_complete:
        chunks.pop()  # the empty piece after the final newline
    while len(chunks) > 1 and not chunks[-1].strip() and last_complete:
        chunks.pop()  # blank lines at the end (an editor added them): not data
        if len(notes) < 2:
            notes.append(f"{name}: blank line(s) at the end; ignored")
    lengths = [len(c) + 1 for c in chunks]  # bytes of each line in the file, newline included
    if any(c.endswith(b"\r") for c in chunks):
        chunks = [c[:-1] if c.endswith(b"\r") else c for c in chunks]
        notes.append(f"{name}: Windows line ends (re-saved by an editor?); read as plain ones")
    bom = size - len(data)
    return _parse_chunks(chunks, path, last_complete, size, tuple(notes), lengths, bom)


def _parse_chunks(
    chunks: list[bytes],
    path: Path,
    last_complete: bool,
    size: int,
    notes: tuple[str, ...],
    lengths: list[int],
    bom: int,
) -> SessionLog:
    """The lines (``lengths``: the bytes each takes in the file, newline included, after a byte
    order mark of ``bom`` bytes)."""
    name = str(path)
    header = _header(chunks[0], name, last_complete and len(chunks) == 1 or len(chunks) > 1)
    group_ids = header.group_ids
    want_group = header.fields.group
    want_city = header.fields.city
    _check_values(header.initial.by_group, header.initial.city, header, name, 1, "initial.")
    hashes = [line_hash(chunks[0])]
    turns: list[TurnRecord] = []
    reflections: list[Reflection] = []
    resumes: list[ResumeRecord] = []
    suspends: list[SuspendRecord] = []
    records: list[Any] = []
    end: EndRecord | None = None
    truncated: TruncatedLine | None = None
    last = len(chunks) - 1
    for index in range(1, len(chunks)):
        chunk = chunks[index]
        number = index + 1
        try:
            check_line(chunk, name, number)
            record = LINE.validate_json(chunk)
        except (ValidationError, InputError) as error:
            if index == last and not last_complete and _unparsable(chunk):
                truncated = TruncatedLine(number, 0)  # its offset is set below
                break
            if isinstance(error, InputError):
                raise as_log_error(error) from None
            raise LogError(_explain(error, chunk), name, number) from None
        if record.prev != hashes[-1]:
            raise _broken_chain(name, number)
        at_line(record, number)
        if isinstance(record, TurnRecord):
            if end is not None:
                raise LogError("turn line after the end line", name, number)
            if record.turn != len(turns) + 1:
                raise LogError(
                    f"turn {record.turn} where turn {len(turns) + 1} was expected", name, number
                )
            if list(record.by_group) != want_group or list(record.city) != want_city:
                _check_values(record.by_group, record.city, header, name, number, "")
            for values in record.by_group.values():
                if list(values) != group_ids:
                    _check_values(record.by_group, record.city, header, name, number, "")
            turns.append(record)
        elif isinstance(record, ResumeRecord | SuspendRecord):
            if record.after_turn != len(turns):
                raise LogError(
                    f"{record.type} line says it comes after turn {record.after_turn}, but "
                    f"{len(turns)} turn(s) come before it",
                    name,
                    number,
                )
            if isinstance(record, ResumeRecord):
                resumes.append(record)
            else:
                suspends.append(record)
        elif isinstance(record, Reflection):
            reflections.append(record)
        else:  # end
            if end is not None:
                raise LogError("a second end line", name, number)
            end = record
        records.append(record)
        hashes.append(line_hash(chunk))
    ends_with_newline = last_complete or truncated is not None
    whole = bom + sum(lengths[: len(hashes)])
    if truncated is not None:
        truncated = TruncatedLine(truncated.line, whole)
    return SessionLog(
        path,
        header,
        tuple(turns),
        tuple(reflections),
        end,
        truncated,
        ends_with_newline,
        size,
        tuple(resumes),
        tuple(suspends),
        tuple(hashes),
        tuple(records),
        notes,
        min(whole, size),
    )


def _unparsable(chunk: bytes) -> bool:
    """True if ``chunk`` is not a whole JSON value (a line cut while it was written)."""
    try:
        json.loads(chunk.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError, JSONDecodeError, a huge number
        return True
    return False


def _header(chunk: bytes, name: str, whole: bool) -> Header:
    """Line 1, checked: format and version first (to name the release that wrote an older
    log), then every field."""
    try:
        check_line(chunk, name, 1)
    except InputError as error:
        if not whole and chunk.startswith(b"{") and _unparsable(chunk):
            raise LogError(
                "partial header line only (the session stopped before it began)", name, 1
            ) from None
        raise as_log_error(error) from None
    try:
        header = HEADER.validate_json(chunk)  # the common case: a good header of this format
    except ValidationError:
        pass
    else:
        at_line(header, 1)
        _check_sizes(header, name)
        return header
    try:
        obj = json.loads(chunk.decode("utf-8"))
    except UnicodeDecodeError:
        raise LogError("not UTF-8 text: this is not a session log", name, 1) from None
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        if not whole and chunk.startswith(b"{"):
            raise LogError(
                "partial header line only (the session stopped before it began)", name, 1
            ) from None
        raise LogError("not valid JSON", name, 1) from None
    if not isinstance(obj, dict) or obj.get("type") != "header" or obj.get("format") != FORMAT_NAME:
        raise LogError(
            f"missing header: the first line must be the session header "
            f'({{"type": "header", "format": "{FORMAT_NAME}", ...}}); is this a session log?',
            name,
            1,
        )
    version = obj.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise LogError(_version_message(version, obj.get("package_version")), name, 1)
    try:
        header = HEADER.validate_python(obj)
    except ValidationError as error:
        raise LogError(_explain(error, chunk), name, 1) from None
    at_line(header, 1)
    _check_sizes(header, name)
    return header


#: What a header may hold: a path of at most 4,096 characters (PATH_MAX), short names.
MAX_SOURCE_CHARS = 4096
MAX_NAME_CHARS = 1000


def _check_sizes(header: Header, file: str) -> None:
    """Header values that name files or are shown must be of a sensible size."""
    source = header.scenario.source
    if len(source) > MAX_SOURCE_CHARS:
        raise LogError(
            f"scenario.source is {len(source):,} characters; a file path has at most "
            f"{MAX_SOURCE_CHARS:,} (was the header edited?)",
            file,
            1,
        )
    for key in ("session_id", "player", "section", "frontend", "policy", "package_version"):
        value = getattr(header, key)
        if isinstance(value, str) and len(value) > MAX_NAME_CHARS:
            raise LogError(
                f"{key} is {len(value):,} characters; at most {MAX_NAME_CHARS:,} are allowed",
                file,
                1,
            )
    if len(header.started) > MAX_NAME_CHARS:
        raise LogError(f"started is {len(header.started):,} characters", file, 1)


def _format_written_by(writer: str) -> int | None:
    """The log format a release writes: 1 before 0.3.0, 2 from 0.3.0 on (None: not a release
    number this version can read, or a later one)."""
    from .. import __version__

    def parts(text: str) -> tuple[int, ...] | None:
        bits = text.split(".")[:3]
        return (
            tuple(int(b) for b in bits) if all(b.isascii() and b.isdigit() for b in bits) else None
        )

    said, this = parts(writer), parts(__version__)
    if said is None or this is None or said > this:
        return None
    return 1 if said < (0, 3, 0) else FORMAT_VERSION


def _version_message(version: object, writer: object) -> str:
    from .. import __version__

    written = _format_written_by(writer) if isinstance(writer, str) and len(writer) <= 40 else None
    if writer == __version__:
        fix = f"the header says this version ({writer}) wrote it: was the header edited?"
    elif written == FORMAT_VERSION:
        fix = (
            f"the header says simcity-council {writer} wrote it, and that release writes format "
            f"{FORMAT_VERSION}: was the header edited?"
        )
    else:
        which = writer if isinstance(writer, str) and writer.isprintable() else None
        if which and len(which) <= 40:
            fix = (
                f"the log was written by simcity-council {which}: replay it with that release "
                f"(pip install 'simcity-council=={which}')"
            )
        else:
            fix = "replay the log with the simcity-council version that wrote it"
    return (
        f"format version {version!r:.20} is not supported (this simcity-council {__version__} "
        f"reads version {FORMAT_VERSION}); {fix}"
    )


def _check_values(
    by_group: dict[str, dict[str, float]],
    city: dict[str, float],
    header: Header,
    name: str,
    line: int,
    prefix: str,
) -> None:
    """A line's quantities are the header's: ``fields``, each with the header's groups."""
    want_group, want_city, group_ids = header.fields.group, header.fields.city, header.group_ids
    if list(by_group) != want_group:
        raise LogError(
            f"{prefix}by_group should have the header's quantities {want_group}, found "
            f"{list(by_group)}",
            name,
            line,
        )
    for quantity, values in by_group.items():
        if list(values) != group_ids:
            raise LogError(
                f"{prefix}by_group.{quantity} should have the header's groups {group_ids}, found "
                f"{list(values)}",
                name,
                line,
            )
    if list(city) != want_city:
        raise LogError(
            f"{prefix}city should have the header's quantities {want_city}, found {list(city)}",
            name,
            line,
        )


def _broken_chain(name: str, number: int) -> LogError:
    """Line ``number`` does not record the hash of the line before it."""
    before = number - 1
    if before == 1:
        return LogError(
            "the header is not the one this session started with (line 2 records a different "
            "hash of it): it was edited, or swapped with another log's header",
            name,
            1,
        )
    return LogError(
        f"this line is not the one that line {number} follows (line {number} records a "
        "different hash of it): it was edited after it was written, or lines around it were "
        "removed, inserted or swapped",
        name,
        before,
    )


def _explain(error: ValidationError, chunk: bytes) -> str:
    """The first problem pydantic found, in the log's words."""
    problem = error.errors(include_url=False)[0]
    kind = problem.get("type", "")
    loc = [str(p) for p in problem.get("loc", ())]
    if kind == "json_invalid":
        return "not valid JSON"
    if not loc and kind in ("model_type", "model_attributes_type", "dict_type"):
        return "not a JSON object"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        found = problem.get("input")
        tag = found.get("type") if isinstance(found, dict) else None
        if not isinstance(found, dict):
            return "not a JSON object"
        if tag == "header":
            return "a second header line"
        return f"unknown line type {tag!r:.30} (expected turn, resume, suspend, reflection or end)"
    if loc and loc[0] in ("turn", "resume", "suspend", "reflection", "end", "header"):
        loc = loc[1:]
    where = ".".join(loc)
    if kind == "missing":
        return f"missing field {where!r}"
    if kind == "extra_forbidden":
        return f"unknown field {where!r} (format version {FORMAT_VERSION} has no such field)"
    found = problem.get("input")
    shown = repr(found)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    message = problem.get("msg", "invalid")
    return f"field {where!r}: {message[:1].lower()}{message[1:]}, found {shown}"
