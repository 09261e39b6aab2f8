"""The session log format: one JSON object per line (JSON Lines), read and checked here.

A log is a header line, one line per turn, optional reflection lines and an end line. Every field
is documented in ``docs/research.md``. Reading is strict: a line that is not what it should be is
a :class:`~simcity_council.errors.LogError` naming the file and the 1-based line. The one exception
is a *partial last line* (the process stopped while writing it): it is reported in
:attr:`SessionLog.truncated` and the whole lines before it are still usable.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, LogError
from ..safeio import MAX_LOG_BYTES, MAX_LOG_LINE_BYTES, loads_json, read_bytes

FORMAT_NAME = "simcity-council-session"
FORMAT_VERSION = 1
LOG_SUFFIX = ".jsonl"

#: City indicators recorded on every turn line, in this order (the same words as the code).
CITY_FIELDS = ("reserve", "resilience", "revenue")
#: Per-group indicators recorded on every turn line.
GROUP_FIELDS = ("trust", "wellbeing", "engagement")


def dumps_line(obj: dict[str, Any]) -> bytes:
    """One log line: compact JSON (floats as Python's shortest round-trip repr) plus a newline."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text + "\n").encode("utf-8")


@dataclass(frozen=True)
class GroupInfo:
    """A stakeholder group as named in the header (order = the scenario's order)."""

    id: str
    name: str
    share: float


@dataclass(frozen=True)
class Header:
    """The first line of a log: who played what, with which seed."""

    line: int
    session_id: str
    scenario_id: str
    scenario_title: str
    scenario_sha256: str
    scenario_source: str  # a built-in id, or the path of the scenario file
    package_version: str
    seed: int
    player: str
    frontend: str
    started: str  # UTC ISO 8601 (metadata)
    settings: dict[str, Any]
    groups: tuple[GroupInfo, ...]
    initial: dict[str, Any]  # indicators before the first turn (same keys as a turn line)


@dataclass(frozen=True)
class TurnRecord:
    """One turn line: the choices made and the state they led to."""

    line: int
    turn: int
    label: str
    choices: dict[str, str]  # decision id -> option id
    stances: dict[str, str]  # decision id -> stance of the chosen option
    actions: tuple[str, ...]
    digest: str
    trust: dict[str, float]
    wellbeing: dict[str, float]
    engagement: dict[str, float]
    reserve: float
    resilience: float
    revenue: float
    indicators: dict[str, float]
    events: tuple[str, ...]
    end_reason: str | None
    seconds: float | None  # metadata
    time: str  # metadata: UTC ISO 8601 when the line was written


@dataclass(frozen=True)
class Reflection:
    line: int
    question: str
    answer: str
    time: str


@dataclass(frozen=True)
class EndRecord:
    line: int
    scores: dict[str, float]
    objectives: tuple[dict[str, Any], ...]  # {"id", "label", "met", "weight"}
    end_reason: str | None
    ended: str  # metadata: UTC ISO 8601


@dataclass(frozen=True)
class TruncatedLine:
    """A partial last line: where it starts and what was kept."""

    line: int
    kept_bytes: int  # size of the whole lines before it

    def message(self, file: str) -> str:
        return (
            f"{file}:{self.line}: partial last line (the session stopped while writing it); "
            f"the {self.line - 1} whole line(s) before it are used"
        )


@dataclass(frozen=True)
class SessionLog:
    """A parsed log. ``turns`` are consecutive from turn 1."""

    path: Path
    header: Header
    turns: tuple[TurnRecord, ...]
    reflections: tuple[Reflection, ...] = ()
    end: EndRecord | None = None
    truncated: TruncatedLine | None = None
    ends_with_newline: bool = True
    size: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.path)


def read_log(path: str | Path) -> SessionLog:
    """Read and check a log. Raises :class:`LogError` (file and line) when it is unusable."""
    path = Path(path)
    name = str(path)
    if os.path.isdir(path):
        raise LogError("is a directory, not a session log (give the .jsonl files in it)", name)
    try:
        data = read_bytes(path, name, limit=MAX_LOG_BYTES, what="session log")
    except InputError as error:
        raise as_log_error(error) from None
    return parse_log(data, path)


def parse_log(data: bytes, path: Path) -> SessionLog:
    """Parse the bytes of a log (see :func:`read_log`)."""
    name = str(path)
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
    objects: list[tuple[int, dict[str, Any]]] = []
    truncated: TruncatedLine | None = None
    offset = 0
    for index, chunk in enumerate(chunks):
        number = index + 1
        is_last = index == len(chunks) - 1
        try:
            obj = _load_line(chunk, name, number)
        except InputError as error:
            if is_last and not last_complete and index > 0:
                truncated = TruncatedLine(number, offset)
                break
            if index == 0 and not last_complete and len(chunks) == 1 and chunk.startswith(b"{"):
                raise LogError(
                    "partial header line only (the session stopped before it began)", name, number
                ) from None
            raise as_log_error(error) from None
        if not isinstance(obj, dict):
            raise LogError("not a JSON object", name, number)
        objects.append((number, obj))
        offset += len(chunk) + 1
    ends_with_newline = last_complete or truncated is not None
    return _build(objects, path, truncated, ends_with_newline, len(data))


def _load_line(chunk: bytes, name: str, number: int) -> Any:
    """One line as JSON, read by the input layer's rules (:func:`..safeio.loads_json`)."""
    if len(chunk) > MAX_LOG_LINE_BYTES:
        raise InputError(
            name,
            f"the line is {len(chunk):,} bytes; a session log's lines have at most "
            f"{MAX_LOG_LINE_BYTES:,}",
            "is this a session log?",
            number,
        )
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
    return loads_json(text, name, number)


def as_log_error(error: InputError) -> LogError:
    """An input-layer refusal as a :class:`LogError` (``file:line: message (column C)``)."""
    column = f" (column {error.column})" if error.line and error.column else ""
    hint = f"; {error.hint}" if error.hint else ""
    return LogError(error.message + column + hint, error.file, error.line)


def _build(
    objects: list[tuple[int, dict[str, Any]]],
    path: Path,
    truncated: TruncatedLine | None,
    ends_with_newline: bool,
    size: int,
) -> SessionLog:
    name = str(path)
    first_line, first = objects[0]
    header = _header(first, name, first_line)
    group_ids = [g.id for g in header.groups]
    turns: list[TurnRecord] = []
    reflections: list[Reflection] = []
    end: EndRecord | None = None
    for number, obj in objects[1:]:
        kind = obj.get("type")
        if kind == "turn":
            if end is not None:
                raise LogError("turn line after the end line", name, number)
            record = _turn(obj, name, number, group_ids)
            expected = len(turns) + 1
            if record.turn != expected:
                raise LogError(
                    f"turn {record.turn} where turn {expected} was expected", name, number
                )
            turns.append(record)
        elif kind == "reflection":
            reflections.append(
                Reflection(
                    number,
                    _get(obj, "question", str, name, number),
                    _get(obj, "answer", str, name, number),
                    _get(obj, "time", str, name, number),
                )
            )
        elif kind == "end":
            if end is not None:
                raise LogError("a second end line", name, number)
            end = _end(obj, name, number)
        elif kind == "header":
            raise LogError("a second header line", name, number)
        else:
            raise LogError(
                f"unknown line type {kind!r} (expected turn, reflection or end)", name, number
            )
    return SessionLog(
        path, header, tuple(turns), tuple(reflections), end, truncated, ends_with_newline, size
    )


def _get(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], file: str, line: int) -> Any:
    """``obj[key]`` checked to be of ``kind`` (bool is never a number here)."""
    if key not in obj:
        raise LogError(f"missing field {key!r}", file, line)
    value = obj[key]
    numeric = kind in (int, float, (int, float))
    if not isinstance(value, kind) or (numeric and isinstance(value, bool)):
        expected = kind.__name__ if isinstance(kind, type) else "number"
        raise LogError(f"field {key!r} should be {expected}, found {value!r:.40}", file, line)
    return value


def _numbers(obj: dict[str, Any], key: str, file: str, line: int) -> dict[str, float]:
    value = _get(obj, key, dict, file, line)
    for k, v in value.items():
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise LogError(f"{key}.{k} should be a number, found {v!r:.40}", file, line)
    return value


def _strings(obj: dict[str, Any], key: str, file: str, line: int) -> dict[str, str]:
    value = _get(obj, key, dict, file, line)
    for k, v in value.items():
        if not isinstance(v, str):
            raise LogError(f"{key}.{k} should be a string, found {v!r:.40}", file, line)
    return value


def _string_list(obj: dict[str, Any], key: str, file: str, line: int) -> tuple[str, ...]:
    value = _get(obj, key, list, file, line)
    if not all(isinstance(v, str) for v in value):
        raise LogError(f"{key} should be a list of strings", file, line)
    return tuple(value)


def _header(obj: dict[str, Any], file: str, line: int) -> Header:
    if obj.get("type") != "header" or obj.get("format") != FORMAT_NAME:
        raise LogError(
            f"missing header: the first line must be the session header "
            f'({{"type": "header", "format": "{FORMAT_NAME}", ...}}); is this a session log?',
            file,
            line,
        )
    version = obj.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        from .. import __version__

        writer = obj.get("package_version")
        if writer == __version__:
            fix = f"the header says this version ({writer}) wrote it: was the header edited?"
        else:
            which = f" ({writer})" if isinstance(writer, str) and writer.isprintable() else ""
            fix = f"replay the log with the simcity-council version that wrote it{which}"
        raise LogError(
            f"format version {version!r} is not supported (this simcity-council reads version "
            f"{FORMAT_VERSION}); {fix}",
            file,
            line,
        )
    scenario = _get(obj, "scenario", dict, file, line)
    groups = []
    for g in _get(obj, "groups", list, file, line):
        if not isinstance(g, dict):
            raise LogError("groups should be a list of objects", file, line)
        groups.append(
            GroupInfo(
                _get(g, "id", str, file, line),
                _get(g, "name", str, file, line),
                float(_get(g, "share", (int, float), file, line)),
            )
        )
    initial = _get(obj, "initial", dict, file, line)
    _check_initial(initial, [g.id for g in groups], file, line)
    _check_sizes(obj, scenario, file, line)
    return Header(
        line=line,
        session_id=_get(obj, "session_id", str, file, line),
        scenario_id=_get(scenario, "id", str, file, line),
        scenario_title=_get(scenario, "title", str, file, line),
        scenario_sha256=_get(scenario, "sha256", str, file, line),
        scenario_source=_get(scenario, "source", str, file, line),
        package_version=_get(obj, "package_version", str, file, line),
        seed=_get(obj, "seed", int, file, line),
        player=_get(obj, "player", str, file, line),
        frontend=_get(obj, "frontend", str, file, line),
        started=_get(obj, "started", str, file, line),
        settings=_get(obj, "settings", dict, file, line),
        groups=tuple(groups),
        initial=initial,
    )


#: What a header may hold: a path of at most 4,096 characters (PATH_MAX), short names.
MAX_SOURCE_CHARS = 4096
MAX_NAME_CHARS = 1000


def _check_sizes(obj: dict[str, Any], scenario: dict[str, Any], file: str, line: int) -> None:
    """Header values that name files or are shown must be of a sensible size; the seed must be a
    seed (0 to 2**64 - 1)."""
    source = scenario.get("source")
    if isinstance(source, str) and len(source) > MAX_SOURCE_CHARS:
        raise LogError(
            f"scenario.source is {len(source):,} characters; a file path has at most "
            f"{MAX_SOURCE_CHARS:,} (was the header edited?)",
            file,
            line,
        )
    for key in ("session_id", "player", "frontend", "package_version", "started"):
        value = obj.get(key)
        if isinstance(value, str) and len(value) > MAX_NAME_CHARS:
            raise LogError(
                f"{key} is {len(value):,} characters; at most {MAX_NAME_CHARS:,} are allowed",
                file,
                line,
            )
    seed = obj.get("seed")
    if type(seed) is int and not 0 <= seed < 2**64:
        raise LogError(f"seed {seed} is not a seed (0 to 2**64 - 1)", file, line)


_STR = frozenset({str})
_NUMBER = frozenset({int, float})


def _is_number(value: object) -> bool:
    kind = type(value)
    return kind is float or kind is int


def _turn_fast(obj: dict[str, Any], line: int, group_ids: list[str]) -> TurnRecord | None:
    """A well-formed turn line, checked quickly; None if anything is off (then :func:`_turn`
    finds and names the problem)."""
    try:
        values = (
            obj["turn"],
            obj["label"],
            obj["choices"],
            obj["stances"],
            obj["actions"],
            obj["digest"],
            obj["trust"],
            obj["wellbeing"],
            obj["engagement"],
            obj["reserve"],
            obj["resilience"],
            obj["revenue"],
            obj["indicators"],
            obj["events"],
            obj["time"],
        )
    except KeyError:
        return None
    turn, label, choices, stances, actions, digest, trust, wellbeing, engagement = values[:9]
    reserve, resilience, revenue, indicators, events, time = values[9:]
    end_reason, seconds = obj.get("end_reason"), obj.get("seconds")
    if not (
        type(turn) is int
        and type(label) is str
        and type(digest) is str
        and type(time) is str
        and _is_number(reserve)
        and _is_number(resilience)
        and _is_number(revenue)
        and (seconds is None or _is_number(seconds))
        and (end_reason is None or type(end_reason) is str)
        and type(choices) is dict
        and type(stances) is dict
        and type(indicators) is dict
        and type(actions) is list
        and type(events) is list
        and set(map(type, choices.values())) <= _STR
        and set(map(type, stances.values())) <= _STR
        and set(map(type, actions)) <= _STR
        and set(map(type, events)) <= _STR
        and set(map(type, indicators.values())) <= _NUMBER
    ):
        return None
    for per_group in (trust, wellbeing, engagement):
        if type(per_group) is not dict or list(per_group) != group_ids:
            return None
        if not set(map(type, per_group.values())) <= _NUMBER:
            return None
    return TurnRecord(
        line,
        turn,
        label,
        choices,
        stances,
        tuple(actions),
        digest,
        trust,
        wellbeing,
        engagement,
        reserve,
        resilience,
        revenue,
        indicators,
        tuple(events),
        end_reason,
        seconds,
        time,
    )


def _check_initial(initial: dict[str, Any], group_ids: list[str], file: str, line: int) -> None:
    """The header's ``initial`` values: the same shape as a turn line's indicators."""
    _get(initial, "digest", str, file, line)
    for key in GROUP_FIELDS:
        values = _numbers(initial, key, file, line)
        if list(values) != group_ids:
            raise LogError(f"initial.{key} should have the header's groups {group_ids}", file, line)
    for key in CITY_FIELDS:
        _get(initial, key, (int, float), file, line)
    _numbers(initial, "indicators", file, line)


def _turn(obj: dict[str, Any], file: str, line: int, group_ids: list[str]) -> TurnRecord:
    fast = _turn_fast(obj, line, group_ids)
    if fast is not None:
        return fast
    per_group = {}
    for key in GROUP_FIELDS:
        values = _numbers(obj, key, file, line)
        if list(values) != group_ids:
            raise LogError(
                f"{key} should have the header's groups {group_ids}, found {list(values)}",
                file,
                line,
            )
        per_group[key] = values
    seconds = obj.get("seconds")
    if seconds is not None and (not isinstance(seconds, (int, float)) or isinstance(seconds, bool)):
        raise LogError("field 'seconds' should be a number or null", file, line)
    end_reason = obj.get("end_reason")
    if end_reason is not None and not isinstance(end_reason, str):
        raise LogError("field 'end_reason' should be a string or null", file, line)
    return TurnRecord(
        line=line,
        turn=_get(obj, "turn", int, file, line),
        label=_get(obj, "label", str, file, line),
        choices=_strings(obj, "choices", file, line),
        stances=_strings(obj, "stances", file, line),
        actions=_string_list(obj, "actions", file, line),
        digest=_get(obj, "digest", str, file, line),
        trust=per_group["trust"],
        wellbeing=per_group["wellbeing"],
        engagement=per_group["engagement"],
        reserve=_get(obj, "reserve", (int, float), file, line),
        resilience=_get(obj, "resilience", (int, float), file, line),
        revenue=_get(obj, "revenue", (int, float), file, line),
        indicators=_numbers(obj, "indicators", file, line),
        events=_string_list(obj, "events", file, line),
        end_reason=end_reason,
        seconds=seconds,
        time=_get(obj, "time", str, file, line),
    )


def _end(obj: dict[str, Any], file: str, line: int) -> EndRecord:
    objectives = _get(obj, "objectives", list, file, line)
    for item in objectives:
        if not isinstance(item, dict):
            raise LogError("objectives should be a list of objects", file, line)
        _get(item, "id", str, file, line)
        _get(item, "met", bool, file, line)
        _get(item, "label", str, file, line)
        _get(item, "weight", (int, float), file, line)
    end_reason = obj.get("end_reason")
    if end_reason is not None and not isinstance(end_reason, str):
        raise LogError("field 'end_reason' should be a string or null", file, line)
    return EndRecord(
        line=line,
        scores=_numbers(obj, "scores", file, line),
        objectives=tuple(objectives),
        end_reason=end_reason,
        ended=_get(obj, "ended", str, file, line),
    )
