"""The machine-readable codebook: every field of a log line and every column of every export
table, with its type and meaning, generated from the pydantic models the reader and the exports
use (:mod:`.logmodels`, :mod:`.tables`). ``simcity-council schema --codebook`` prints it; every
CSV or Parquet export writes the part about its tables as ``codebook.json``.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal

from pydantic import BaseModel

from .. import __version__
from .logmodels import FORMAT_VERSION, LINE_MODELS, QUANTITY_TEXT
from .tables import EXPORT_VERSION, Tables, make_tables

TABLE_TEXT = {
    "sessions": "one row per session: who, which scenario, how it was played, final scores",
    "turns": "one row per session x turn (turn 0 = the start): choices, city quantities",
    "groups": "one row per session x turn x group: the per-group quantities",
    "choices": "one row per decision answered: option, stance, time to answer",
    "actions": "one row per listening/engagement action taken",
    "indicators": "one row per session x turn x scenario indicator",
    "objectives": "one row per finished session x objective",
    "reflections": "one row per written answer to a debrief question",
    "provenance": "one row per start, resume and suspend: who played from there, where",
}


def describe_type(annotation: Any) -> tuple[str, bool]:
    """(a type in words a codebook reader knows, nullable)."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        inner = [a for a in args if a is not type(None)]
        text = " or ".join(describe_type(a)[0] for a in inner)
        return text, True
    if origin is typing.Annotated:
        return describe_type(args[0])
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in args), False
    if origin is dict:
        return f"object ({describe_type(args[0])[0]} -> {describe_type(args[1])[0]})", False
    if origin is list:
        return f"array of {describe_type(args[0])[0]}", False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "object", False
    names = {str: "string", int: "integer", float: "number", bool: "boolean"}
    if annotation in names:
        return names[annotation], False
    return "JSON value", False


def _fields(model: type[BaseModel], prefix: str = "") -> list[dict[str, Any]]:
    out = []
    for name, info in model.model_fields.items():
        kind, nullable = describe_type(info.annotation)
        out.append(
            {
                "name": prefix + name,
                "type": kind,
                "nullable": nullable,
                "required": info.is_required(),
                "description": info.description or "",
            }
        )
        inner = info.annotation
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            out.extend(_fields(inner, prefix + name + "."))
        elif typing.get_origin(inner) is list:
            (item,) = typing.get_args(inner)
            if isinstance(item, type) and issubclass(item, BaseModel):
                out.extend(_fields(item, prefix + name + "[]."))
    return out


def log_codebook() -> dict[str, Any]:
    """Every line type of the log, with its fields."""
    lines = {}
    for model in LINE_MODELS:
        kind = typing.get_args(model.model_fields["type"].annotation)[0]
        lines[kind] = {
            "description": (model.__doc__ or "").strip().splitlines()[0],
            "fields": _fields(model),
        }
    return {"format_version": FORMAT_VERSION, "line_types": lines}


def tables_codebook(tables: Tables, suffix: str = "csv") -> dict[str, Any]:
    """Every export table's file name, meaning and columns (type, nullable, description)."""
    out = {}
    for kind, model in tables.models.items():
        columns = []
        for name, info in model.model_fields.items():
            kind_text, nullable = describe_type(info.annotation)
            columns.append(
                {
                    "name": name,
                    "type": kind_text,
                    "nullable": nullable,
                    "description": info.description or "",
                }
            )
        out[kind] = {
            "file": f"{kind}.{suffix}",
            "description": TABLE_TEXT.get(kind, ""),
            "columns": columns,
        }
    return out


def export_codebook(tables: Tables, fmt: str) -> dict[str, Any]:
    """What ``codebook.json`` next to exported tables holds."""
    return {
        "codebook": "simcity-council export",
        "package_version": __version__,
        "export_version": EXPORT_VERSION,
        "format": fmt,
        "missing": "an empty field (CSV) or null (Parquet)",
        "booleans": "TRUE / FALSE (CSV) or boolean (Parquet)",
        "tables": tables_codebook(tables, "csv" if fmt == "csv" else "parquet"),
    }


def codebook() -> dict[str, Any]:
    """The whole codebook: the log format and the export tables of this version."""
    from .recorder import quantities

    group_q, city_q = quantities()
    return {
        "codebook": "simcity-council session data",
        "package_version": __version__,
        "log": log_codebook(),
        "quantities": {q: QUANTITY_TEXT.get(q, "") for q in (*group_q, *city_q)},
        "export_version": EXPORT_VERSION,
        "tables": tables_codebook(make_tables(group_q, city_q)),
    }
