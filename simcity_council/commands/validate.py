"""`simcity-council validate PATH... [--json]`: check scenario files and list every problem."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..safeout import dumps
from ..textsafe import clean

HELP = "check scenario files (paths, folders or built-in ids) and list every problem"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="a .yaml file, a folder of them, or a built-in id"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")


def _expand(sources: list[str]) -> list[str]:
    """Folders become the *.yaml files inside them (sorted); everything else stays."""
    from ..scenario import is_builtin_name

    out: list[str] = []
    for source in sources:
        path = Path(source)
        if os.path.isdir(path) and not is_builtin_name(source):  # ./vallejo for a folder of it
            found = sorted(
                str(p)
                for p in path.iterdir()
                if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
            )
            out.extend(found or [source])
        else:
            out.append(source)
    return out


def run(args: argparse.Namespace) -> int:
    from ..errors import Problem
    from ..scenario import inspect_source, is_builtin_name

    files: list[dict[str, Any]] = []
    warnings: list[Problem]
    for source in _expand(args.paths):
        if os.path.isdir(source) and not is_builtin_name(source):
            problems = [Problem(source, 0, 0, "", "no .yaml or .yml files in this folder")]
            loaded, warnings = None, []
        else:
            loaded, problems, warnings = inspect_source(source)
        name = problems[0].file if problems else _shown(source, loaded)
        entry: dict[str, Any] = {
            "file": name,
            "ok": loaded is not None,
            "problems": problems,
            "warnings": warnings,
        }
        if loaded is not None:
            model = loaded.model
            entry["summary"] = (
                f"{model.meta.title}: {_count(model.turns.count, 'turn')}, "
                f"{_count(len(model.groups), 'group')}, {_count(len(model.decisions), 'decision')}"
            )
        files.append(entry)
        if not args.json:
            _print_text(entry)
    ok = all(f["ok"] for f in files)
    if args.json:
        for entry in files:
            entry["problems"] = [p.as_dict() for p in entry["problems"]]
            entry["warnings"] = [p.as_dict() for p in entry["warnings"]]
        print(dumps({"files": files, "ok": ok}, indent=2, ensure_ascii=False))
    elif len(files) > 1:
        bad = sum(not f["ok"] for f in files)
        print(f"{len(files) - bad} of {len(files)} files valid", file=sys.stderr if bad else None)
    return 0 if ok else 1


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _shown(source: str, loaded: Any) -> str:
    from ..scenario import _display, is_builtin_name

    if loaded is None or (os.path.lexists(source) and not is_builtin_name(source)):
        return source

    return _display(loaded.path)


def _print_text(entry: dict[str, Any]) -> None:
    warnings = entry["warnings"]
    for problem in entry["problems"]:
        print(clean(str(problem)), file=sys.stderr)
    for problem in warnings:
        print(clean(_as_warning(problem)), file=sys.stderr)
    noted = f" ({_count(len(warnings), 'warning')})" if warnings else ""
    if entry["ok"]:
        print(clean(f"{entry['file']}: ok — {entry['summary']}{noted}"))
        return
    count = len(entry["problems"])
    print(clean(f"{entry['file']}: {_count(count, 'problem')}{noted}"), file=sys.stderr)


def _as_warning(problem: Any) -> str:
    """``file:line:col: path: warning: message; hint``."""
    from dataclasses import replace

    return str(replace(problem, message=f"warning: {problem.message}"))
