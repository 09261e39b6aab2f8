"""Pydantic validation errors, told in the scenario author's words and located in the file."""

from __future__ import annotations

import difflib
import re
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from .locate import Document, Path_, dotted
from .models import Scenario

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list of two turns, [first, last]",
    "dict_type": "a mapping of 'key: value' lines",
    "model_type": "a mapping of 'field: value' lines",
    "model_attributes_type": "a mapping of 'field: value' lines",
    "finite_number": "a finite number",
}
_BOUNDS = {
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
}


def explain(error: ValidationError, doc: Document) -> list[Problem]:
    """One :class:`Problem` per pydantic error, with friendly words and file positions."""
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        at_key = bool(loc) and loc[-1] == "[key]"
        path: Path_ = tuple(p for p in loc if p != "[key]")
        kind = item["type"]
        message, hint = _describe(kind, path, item.get("input"), item.get("ctx") or {}, item["msg"])
        if kind == "missing":
            line, column = doc.where(path[:-1])
            problems.append(Problem(doc.file, line, column, dotted(path), message, hint))
            continue
        problems.append(
            doc.problem(path, message, hint, at_key=at_key or kind == "extra_forbidden")
        )
    return problems


#: Fields of format 1 that format 2 renamed or replaced, and what to write instead.
_FORMAT_1 = {
    "priorities": "format 2 calls a group's true needs 'needs' (same weights, summing to 1)",
    "recurring": "format 2 has no recurring cost: write the change of spending per turn as "
    "'budget: {domain: amount}' (negative for a cut), and 'for_turns' if it ends",
}


def found(value: Any) -> str:
    """How a YAML value reads to an author."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"'{text}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _describe(kind: str, path: Path_, value: Any, ctx: dict[str, Any], msg: str) -> tuple[str, str]:
    name = str(path[-1]) if path else "document"
    if kind == "missing":
        return f"missing field '{name}'", _field_hint(path)
    if kind == "extra_forbidden":
        allowed = _field_names(path[:-1])
        if name in _FORMAT_1 and name not in allowed:
            return f"unknown field '{name}'", _FORMAT_1[name]
        match = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        listed = f"fields allowed here: {', '.join(allowed)}" if allowed else "remove it"
        if match and len(allowed) <= 8:  # a short list: the guess may be the wrong one of it
            hint = f"did you mean '{match[0]}'? ({listed})"  # 'lapses_when': not 'kept_when'
        elif match:
            hint = f"did you mean '{match[0]}'?"
        else:
            hint = listed
        return f"unknown field '{name}'", hint
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {found(value)}", _type_hint(kind, value)
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        limit = ctx.get(key)
        hint = ""
        if (
            key in ("le", "lt")
            and limit == 1
            and isinstance(value, int | float)
            and 1 < value <= 100
        ):
            hint = (
                f"values for people are 0-1 in the file (players see 0-100): write {value / 100:g}"
            )
        return f"must be {words} {found(limit)}, found {found(value)}", hint
    if kind == "string_pattern_mismatch":
        if str(ctx.get("pattern", "")).startswith("^[a-z][a-z0-9_]*$"):
            return f"{found(value)} is not a valid id", (
                "ids use lower-case letters, digits and '_', starting with a letter"
                + (f", e.g. '{_as_id(value)}'" if _as_id(value) else "")
            )
        return f"{found(value)} is not a valid target", (
            "write trust, wellbeing or engagement (optionally .<group>), resilience, "
            "indicator.<id>, reserve, revenue or budget.<domain>"
        )
    if kind == "string_too_short":
        return "must not be empty", "write some text, or remove the field if it is optional"
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters", ""
    if kind in ("too_short", "too_long"):
        return _length_message(kind, path, value, ctx)
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", ""))) or [
            str(ctx.get("expected", ""))
        ]
        if name == "schema_version":
            if value == 1:
                return (
                    "this file is in format 1 (simcity-council 0.2), which this release "
                    "no longer reads",
                    "move it to format 2: see 'From format 1 to format 2' in "
                    "docs/authoring.md (priorities become needs, domains get a baseline, "
                    "recurring becomes budget)",
                )
            return f"unsupported schema_version {found(value)}", "write 'schema_version: 2'"
        match = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
        hint = f"did you mean '{match[0]}'?" if match else ""
        return f"expected one of {', '.join(options)}; found {found(value)}", hint
    return msg[0].lower() + msg[1:], ""


def _length_message(kind: str, path: Path_, value: Any, ctx: dict[str, Any]) -> tuple[str, str]:
    actual = ctx.get("actual_length", len(value) if isinstance(value, list | dict) else "?")
    if ctx.get("field_type") == "Tuple":
        return f"must be a list of two turns, [first, last]; found {actual} items", ""
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"needs at least {count} item{'s' if count != 1 else ''}; found {actual}", ""
    count = ctx.get("max_length")
    return f"may have at most {count} items; found {actual}", "remove some"


def _type_hint(kind: str, value: Any) -> str:
    if value is None:
        return "write a value after the colon, or remove the line if the field is optional"
    if kind == "string_type" and isinstance(value, bool):
        return "YAML reads yes/no/on/off as true/false: put the text in quotes"
    if kind == "string_type" and isinstance(value, int | float):
        return "put it in quotes if you mean text"
    if kind in ("model_type", "dict_type") and isinstance(value, str):
        return "write 'field: value' lines indented under it (or {field: value, ...})"
    if kind == "list_type" and isinstance(value, dict):
        return "start each item of the list with '- '"
    if kind == "int_from_float":
        return "round it to a whole number"
    if kind == "finite_number":
        return "write an ordinary number"
    return ""


def _as_id(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    text = re.sub(r"[^a-z0-9]+", "_", value.strip().lower()).strip("_")
    return text if re.fullmatch(r"[a-z][a-z0-9_]*", text) else ""


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional: the type a value must have."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            tp = args[0] if args else tp
            if len(args) != 1:
                return tp
        else:
            return tp


def model_at(path: Path_) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path`` (None if it is not a model)."""
    tp: Any = Scenario
    for part in path:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if not isinstance(part, str) or part not in tp.model_fields:
                return None
            tp = tp.model_fields[part].annotation
            continue
        args = get_args(tp)
        if get_origin(tp) in (list, tuple) and isinstance(part, int) and args:
            tp = args[0]
        elif get_origin(tp) is dict and len(args) == 2:
            tp = args[1]
        else:
            return None
    tp = _unwrap(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _field_names(path: Path_) -> list[str]:
    model = model_at(path)
    return list(model.model_fields) if model else []


def _field_hint(path: Path_) -> str:
    model = model_at(path[:-1])
    if model is None or path[-1] not in model.model_fields:
        return ""
    description = model.model_fields[str(path[-1])].description or ""
    first = description.split(". ")[0].split(" (")[0].rstrip(".")  # no brackets in brackets
    return f"add '{path[-1]}:'" + (f" ({first})" if first else "")
