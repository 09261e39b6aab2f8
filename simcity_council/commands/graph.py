"""`simcity-council graph SCENARIO -o story.html|svg|dot`: a map of the scenario's story.

Decisions by turn with their options, the flags options and events set, what each decision,
option, event, objective and debrief text needs, the decisions events put on the agenda, and
what can never happen (marked, with the reason in its tooltip and, in HTML, listed below).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "draw a map of a scenario's story: decisions by turn, flags, events, dead content"
FORMATS = ("html", "svg", "dot")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO", help="a built-in id or a scenario file")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (story.html, story.svg or story.dot; the format follows the "
        "extension); without it the map is printed",
    )
    parser.add_argument(
        "--format", choices=FORMATS, help="html, svg or dot (default: from the extension; svg)"
    )
    parser.add_argument(
        "--layout",
        choices=("builtin", "dot"),
        default="builtin",
        help="who lays out an svg or html map: the built-in layout (turns as columns, the "
        "default), or Graphviz 'dot' if it is installed",
    )


def output_format(args: argparse.Namespace) -> str:
    from ..errors import UsageError

    if args.format:
        return args.format
    if args.output:
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix in ("htm", "html"):
            return "html"
        if suffix in FORMATS:
            return suffix
        raise UsageError(
            f"cannot tell the format of '{args.output}': name it .html, .svg or .dot, "
            "or give --format"
        )
    return "svg"


def run(args: argparse.Namespace) -> int:
    import shutil

    from ..errors import UsageError
    from ..scenario.graph import story_graph
    from ..scenario.graph_render import to_dot, to_html, to_svg
    from ..scenario.reach import analyse
    from .new import write_atomically

    fmt = output_format(args)
    dot = shutil.which("dot") if args.layout == "dot" else None
    if args.layout == "dot" and dot is None:
        raise UsageError(
            "--layout dot needs Graphviz, which is not installed; leave --layout out to use the "
            "built-in layout"
        )
    model, doc, problems, warnings = _load(args.scenario)
    story = analyse(model.model_dump(), doc.where)
    graph = story_graph(model, story)
    if fmt == "dot":
        text = to_dot(graph)
    else:
        svg = None
        if dot is not None:
            svg = _dot_svg(dot, to_dot(graph))
        svg = svg or to_svg(graph)
        if fmt == "svg":
            text = svg
        else:
            listed = [(f"{p.line}:{p.column} {p.path}", p.message, True) for p in problems]
            listed += [(f"{p.line}:{p.column} {p.path}", p.message, False) for p in warnings]
            text = to_html(graph, svg, listed)
    if args.output:
        write_atomically(args.output, text, overwrite=True)
        dead = len(problems) + len(warnings)
        note = f"; {dead} problem{'s' if dead != 1 else ''} marked (see validate)" if dead else ""
        print(f"wrote {args.output}{note}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _load(source: str):  # noqa: ANN202 - (model, doc, problems, warnings)
    """The scenario even when it has dead content (that is what the map shows); only a file
    that does not fit the format at all is refused."""
    from pydantic import ValidationError

    from ..errors import ScenarioError
    from ..scenario import inspect_source, resolve
    from ..scenario.loader import read_document
    from ..scenario.models import Scenario

    loaded, problems, warnings = inspect_source(source)
    path, display = resolve(source)
    doc, _ = read_document(path, display)
    if loaded is not None:
        return loaded.model, doc, problems, warnings
    try:
        model = Scenario.model_validate(doc.data)
    except ValidationError:
        raise ScenarioError(problems) from None
    return model, doc, problems, warnings


def _dot_svg(dot: str, source: str) -> str | None:
    """The map laid out by Graphviz, or None (and a note) if that fails."""
    import subprocess

    try:
        done = subprocess.run(
            [dot, "-Tsvg"], input=source, capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"note: Graphviz failed ({error}); using the built-in layout", file=sys.stderr)
        return None
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["unknown error"])[0]
        print(f"note: Graphviz failed ({first}); using the built-in layout", file=sys.stderr)
        return None
    return done.stdout
