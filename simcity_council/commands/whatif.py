"""`simcity-council whatif LOG --turn K --set DECISION=OPTION [--json]`: change one decision."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..safeout import dumps
from ..textsafe import clean

if TYPE_CHECKING:
    from ..session.whatif import WhatIf

HELP = "what if one recorded decision had gone the other way? (same seed, same luck)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("log", metavar="LOG", help="a session log (.jsonl)")
    parser.add_argument("--turn", type=int, required=True, metavar="K", help="the turn to change")
    parser.add_argument(
        "--set",
        required=True,
        metavar="DECISION=OPTION",
        dest="change",
        help="the decision to change and the option to take instead",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..session.logformat import read_log
    from ..session.whatif import run_whatif

    decision, sep, option = args.change.partition("=")
    if not sep or not decision.strip() or not option.strip():
        raise UsageError(
            f"--set wants DECISION=OPTION, e.g. --set budget_process=pb; got {args.change!r}"
        )
    if args.turn < 1:
        raise UsageError(f"--turn must be 1 or more, got {args.turn}")
    log = read_log(args.log)
    if log.truncated is not None:
        print(clean(f"warning: {log.truncated.message(log.name)}"), file=sys.stderr)
    result = run_whatif(log, args.turn, decision.strip(), option.strip())
    if args.json:
        print(dumps(result.as_dict(), indent=2))
    else:
        print(clean(render(result)))
    return 0


def render(result: WhatIf) -> str:
    """The two outcomes side by side, then what changed on the way."""
    a, b = result.original, result.whatif
    names = {g.id: g.name for g in result.log.header.groups}
    width = max(28, *(len(n) + 4 for n in names.values()), *(len(o) + 12 for o in a.objectives))
    lines = [
        f"{result.log.path}: what if '{result.decision}' had been '{result.option}' at turn "
        f"{result.turn} (recorded: '{result.recorded_option}')? "
        f"Same seed {result.log.header.seed}, same luck.",
        "",
        f"{'':<{width}}{'recorded':>12}{'what-if':>12}{'change':>10}",
    ]

    def row(label: str, x: float, y: float, scale: float = 100.0, digits: int = 1) -> str:
        return (
            f"{label:<{width}}{x * scale:>12.{digits}f}{y * scale:>12.{digits}f}"
            f"{(y - x) * scale:>+10.{digits}f}"
        )

    for key, label in (
        ("trust_mean", "mean trust"),
        ("trust_min", "lowest group's trust"),
        ("trust_gap", "trust gap"),
        ("resilience", "resilience"),
        ("engagement", "engagement"),
    ):
        lines.append(row(label, a.scores[key], b.scores[key]))
    lines.append(row("reserve", a.scores["reserve"], b.scores["reserve"], 1.0, 0))
    lines.append("trust by group:")
    for gid, value in a.trust.items():
        lines.append(row(f"  {names.get(gid, gid)}", value, b.trust.get(gid, float("nan"))))
    for oid, met in a.objectives.items():
        other = b.objectives.get(oid)
        lines.append(f"{'objective ' + oid:<{width}}{_yes(met):>12}{_yes(other):>12}")
    lines.append(f"{'turns played':<{width}}{a.turns:>12}{b.turns:>12}")
    lines.append(f"{'end':<{width}}{a.end_reason or '-':>12}{b.end_reason or '-':>12}")
    lines.append("")
    if result.first_divergence is None:
        lines.append("The two games never diverge: the change made no difference to the state.")
    else:
        lines.append(f"The games first diverge at turn {result.first_divergence}.")
    if result.substitutions:
        lines.append(f"Later choices that could not be kept (fallback policy '{result.policy}'):")
        lines.extend(f"  {note}" for note in result.substitutions)
    else:
        lines.append("Every later recorded choice was still available and was kept.")
    return "\n".join(lines)


def _yes(value: bool | None) -> str:
    return "-" if value is None else ("met" if value else "not met")
