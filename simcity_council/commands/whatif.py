"""`simcity-council whatif LOG_OR_DIR... [--turn K] [--set DECISION=OPTION] [--policy P]
[--json]`: change one decision (or let a policy play the rest), same luck, for one session or a
whole class."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from ..safeout import dumps
from ..textsafe import clean
from . import add_section_option

if TYPE_CHECKING:
    from ..session.classwhatif import ClassWhatIf
    from ..session.whatif import WhatIf

#: The scores as the what-if tables name them, the money one last.
SCORE_LABELS = (
    ("trust_mean", "mean trust"),
    ("trust_min", "lowest group's trust"),
    ("trust_gap", "trust gap"),
    ("resilience", "resilience"),
    ("engagement", "engagement"),
    ("reserve", "reserve"),
)

HELP = (
    "what if a recorded decision had gone the other way, or a policy had played on? (same seed, "
    "same luck; one session, or a whole class)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "logs",
        nargs="+",
        metavar="LOG_OR_DIR",
        help="a session log (.jsonl); several, or a folder: the same change for the whole class",
    )
    parser.add_argument(
        "--turn",
        type=int,
        metavar="K",
        help="the turn to change (default: the turn at which each session decided DECISION)",
    )
    parser.add_argument(
        "--set",
        metavar="DECISION=OPTION",
        dest="change",
        help="the decision to change and the option to take instead",
    )
    parser.add_argument(
        "--policy",
        metavar="POLICY",
        help="let this policy (random, inclusive, narrow, greedy, script:FILE) play the rest of "
        "the game: after the change, or from --turn K without --set",
    )
    parser.add_argument(
        "--fallback",
        default="inclusive",
        metavar="POLICY",
        help="chooses where a later recorded choice cannot be kept (default inclusive)",
    )
    add_section_option(parser, "class: only sessions of this section (repeat for several)")
    parser.add_argument(
        "--include-auto",
        action="store_true",
        help="class: also sessions a policy played any turn of (left out by default)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from .play import check_policy

    decision = option = ""
    if args.change is not None:
        decision, sep, option = args.change.partition("=")
        decision, option = decision.strip(), option.strip()
        if not sep or not decision or not option:
            raise UsageError(
                f"--set wants DECISION=OPTION, e.g. --set budget_process=pb; got {args.change!r}"
            )
    if not decision and args.policy is None:
        raise UsageError("say what to change: --set DECISION=OPTION, or --policy POLICY")
    if args.turn is not None and args.turn < 1:
        raise UsageError(f"--turn must be 1 or more, got {args.turn}")
    if not decision and args.turn is None:
        raise UsageError("--policy without --set needs --turn K (the first turn it plays)")
    for policy in (args.policy, args.fallback):
        if policy is not None:
            check_policy(policy)
    single = len(args.logs) == 1 and not os.path.isdir(args.logs[0])
    if single:
        return _one(args, decision, option)
    return _class(args, decision, option)


def _one(args: argparse.Namespace, decision: str, option: str) -> int:
    from ..errors import LogError
    from ..session.logformat import read_log
    from ..session.whatif import decided_at, never_decided, run_whatif

    log = read_log(args.logs[0])
    if log.truncated is not None:
        print(clean(f"warning: {log.truncated.message(log.name)}"), file=sys.stderr)
    turn = args.turn if args.turn is not None else decided_at(log, decision)
    if turn is None:
        raise LogError(never_decided(log, decision, one=True), log.name)
    result = run_whatif(log, turn, decision, option, args.fallback, rest_policy=args.policy)
    if args.json:
        print(dumps(result.as_dict(), indent=2))
    else:
        print(clean(render(result)))
    return 0


def _class(args: argparse.Namespace, decision: str, option: str) -> int:
    from ..session.classwhatif import run_class_whatif
    from ..session.collect import Selection, collect_logs

    selection = Selection(sections=tuple(args.section), include_auto=args.include_auto)
    collected = collect_logs(args.logs, selection=selection)
    for warning in collected.warnings:
        print(clean(f"warning: {warning}"), file=sys.stderr)
    if collected.summary():
        print(clean(f"note: {collected.summary()}"), file=sys.stderr)
    result = run_class_whatif(
        collected.logs, decision, option, args.turn, args.fallback, args.policy
    )
    if args.json:
        print(dumps(result.as_dict(), indent=2))
    else:
        print(clean(render_class(result)))
    return 0


def _question(result: WhatIf) -> str:
    parts = []
    if result.decision:
        parts.append(
            f"'{result.decision}' had been '{result.option}' at turn {result.turn} (recorded: "
            f"'{result.recorded_option}')"
        )
    if result.rest_policy:
        start = result.turn + 1 if result.decision else result.turn
        parts.append(f"policy '{result.rest_policy}' had played from turn {start} on")
    return " and ".join(parts)


def render(result: WhatIf) -> str:
    """The two outcomes side by side, the path turn by turn, then what changed on the way."""
    a, b = result.original, result.whatif
    names = {g.id: g.name for g in result.log.header.groups}
    width = max(28, *(len(n) + 4 for n in names.values()), *(len(o) + 12 for o in a.objectives))
    lines = [
        f"{result.log.path}: what if {_question(result)}? "
        f"Same seed {result.log.header.seed}, same luck.",
        "",
        f"{'':<{width}}{'recorded':>12}{'what-if':>12}{'change':>10}",
    ]

    def row(label: str, x: float, y: float, scale: float = 100.0, digits: int = 1) -> str:
        return (
            f"{label:<{width}}{x * scale:>12.{digits}f}{y * scale:>12.{digits}f}"
            f"{(y - x) * scale:>+10.{digits}f}"
        )

    for key, label in SCORE_LABELS[:-1]:  # the [0, 1] scores; reserve in money below
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
    lines.extend(_path(result))
    lines.append("")
    if result.first_divergence is None:
        lines.append("The two games never diverge: the change made no difference to the state.")
    else:
        lines.append(f"The games first diverge at turn {result.first_divergence}.")
    if result.substitutions:
        lines.append(f"Later choices that could not be kept (fallback policy '{result.policy}'):")
        lines.extend(f"  {note}" for note in result.substitutions)
    elif result.rest_policy is None:
        lines.append("Every later recorded choice was still available and was kept.")
    return "\n".join(lines)


def _path(result: WhatIf) -> list[str]:
    """Turn by turn: what each game chose, and its lowest group trust and reserve after."""
    a, b = result.original.path, result.whatif.path
    lines = ["Turn by turn (choices; lowest resident group's trust x100; reserve):"]
    for k in range(max(len(a), len(b))):
        for name, path in (("recorded", a), ("what-if", b)):
            if k >= len(path):
                lines.append(f"  turn {k + 1:>2} {name:<9} (the game had ended)")
                continue
            step = path[k]
            chose = ", ".join(f"{d}={o}" for d, o in step.choices.items()) or "no decision"
            if step.actions:
                chose += "; " + ", ".join(step.actions)
            lines.append(
                f"  turn {step.turn:>2} {name:<9} {chose}  ->  {step.trust_min * 100:.1f}; "
                f"{step.reserve:,.0f}"
            )
    return lines


def render_class(result: ClassWhatIf) -> str:
    """The class's outcomes, recorded and in the what-if, and the sessions left out."""
    change = []
    if result.decision:
        at = f"at turn {result.turn}" if result.turn else "at the turn each session decided it"
        change.append(f"'{result.decision}' had been '{result.option}' {at}")
    if result.rest_policy:
        change.append(f"policy '{result.rest_policy}' had played the rest")
    summary = result.summary()
    lines = [
        f"What if {' and '.join(change)}? {summary['sessions']} session(s), each with its own "
        "seed and luck.",
        "",
        f"{'class mean':<28}{'recorded':>12}{'what-if':>12}{'change':>10}{'higher':>8}{'lower':>7}",
    ]
    for key, label in SCORE_LABELS:
        s = summary["scores"][key]
        if s["recorded"] is None:
            continue
        scale, digits = (1.0, 0) if key == "reserve" else (100.0, 1)
        lines.append(
            f"{label:<28}{s['recorded'] * scale:>12.{digits}f}{s['whatif'] * scale:>12.{digits}f}"
            f"{s['change'] * scale:>+10.{digits}f}{s['higher']:>8}{s['lower']:>7}"
        )
    for oid, counts in summary["objectives"].items():
        lines.append(
            f"{'objective ' + oid:<28}{counts['recorded']:>12}{counts['whatif']:>12}"
            "   (sessions meeting it)"
        )
    if result.skipped:
        lines.append("")
        lines.append(f"Left out ({len(result.skipped)}):")
        lines.extend(f"  {log.path.name}: {why}" for log, why in result.skipped)
    return "\n".join(lines)


def _yes(value: bool | None) -> str:
    return "-" if value is None else ("met" if value else "not met")
