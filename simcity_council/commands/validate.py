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
    out: list[str] = []
    for source in sources:
        path = Path(source)
        if os.path.isdir(path):
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
    from ..scenario import check_source

    files: list[dict[str, Any]] = []
    for source in _expand(args.paths):
        if os.path.isdir(source):
            problems = [Problem(source, 0, 0, "", "no .yaml or .yml files in this folder")]
            loaded = None
        else:
            loaded, problems = check_source(source)
        name = problems[0].file if problems else _shown(source, loaded)
        entry: dict[str, Any] = {"file": name, "ok": loaded is not None, "problems": problems}
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
        print(dumps({"files": files, "ok": ok}, indent=2, ensure_ascii=False))
    elif len(files) > 1:
        bad = sum(not f["ok"] for f in files)
        print(f"{len(files) - bad} of {len(files)} files valid", file=sys.stderr if bad else None)
    return 0 if ok else 1


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _shown(source: str, loaded: Any) -> str:
    if loaded is None or os.path.lexists(source):
        return source
    from ..scenario import _display

    return _display(loaded.path)


def _print_text(entry: dict[str, Any]) -> None:
    if entry["ok"]:
        print(clean(f"{entry['file']}: ok — {entry['summary']}"))
        return
    for problem in entry["problems"]:
        print(clean(str(problem)), file=sys.stderr)
    count = len(entry["problems"])
    print(clean(f"{entry['file']}: {count} problem{'s' if count != 1 else ''}"), file=sys.stderr)
