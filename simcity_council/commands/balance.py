"""`simcity-council balance SCENARIO [--runs N] [--seed S] [--json]`: does the scenario teach?

Plays every policy on the same seeds and reports the scores, whether inclusive play beats narrow
play where it should, options that dominate their alternatives, events that never fire, and a
warning for each failed criterion (see :mod:`simcity_council.engine.balance`). Exit code 0 when
every criterion holds, 1 when any fails (so CI can gate scenarios on it).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import UsageError
from ..safeout import dumps

MAX_RUNS = 100_000  # about 250 MB and 5 s per 100,000 games per policy on a built-in scenario

HELP = "check that a scenario's lesson holds: policies on paired seeds, dominance, events"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO", help="a scenario file or a built-in id")
    parser.add_argument("--runs", type=int, default=2000, help="games per policy (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="batch seed (default 0)")
    parser.add_argument(
        "--dominance-runs",
        type=int,
        default=None,
        metavar="N",
        help="games per forced-option batch in the dominance check (default min(runs, 300))",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    if args.runs < 1:
        raise UsageError("--runs must be at least 1")
    if args.runs > MAX_RUNS:
        raise UsageError(
            f"--runs is limited to {MAX_RUNS:,} games per policy (about 2.5 KB each; the "
            "criteria need 2,000)"
        )
    if args.dominance_runs is not None and not 0 <= args.dominance_runs <= MAX_RUNS:
        raise UsageError(f"--dominance-runs must be 0 to {MAX_RUNS:,}")
    from ..engine.balance import balance_report
    from ..engine.batch import compiled_of
    from ..scenario import load_scenario

    loaded = load_scenario(args.scenario)
    report = balance_report(
        compiled_of(loaded),
        runs=args.runs,
        seed=args.seed,
        dominance_runs=args.dominance_runs,
    )
    if args.json:
        print(dumps(report.as_dict(), indent=None, sort_keys=False))
    else:
        _print_human(report, loaded.model.city.currency)
    return 0 if report.ok else 1


def _money(x: float, currency: str) -> str:
    return f"{x / 1e6:,.2f}M {currency}" if abs(x) >= 1e6 else f"{x:,.0f} {currency}"


def _short(x: float) -> str:
    """Money in a table cell: 34.0M, 850K, 120."""
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.1f}M"
    return f"{x / 1e3:,.0f}K" if abs(x) >= 1e3 else f"{x:,.0f}"


def _print_human(report: Any, currency: str) -> None:
    """A readable table (rich when it is installed, plain text otherwise)."""
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover - rich is a dependency
        _print_plain(report, currency)
        return
    console = Console(file=sys.stdout, highlight=False)
    console.print(
        f"[bold]Balance of '{report.scenario}'[/bold]: {report.runs} runs per policy, "
        f"seed {report.seed}"
    )
    table = Table(show_lines=True)
    table.add_column("policy")
    for name in ("trust_mean", "trust_min", "resilience", "reserve", "engagement"):
        unit = f" ({currency})" if name == "reserve" else ""
        table.add_column(f"{name}{unit}\nmean\np10-p90", justify="right")
    for policy, scores in report.policies.items():
        cells = []
        for name, row in scores.items():
            if name == "reserve":
                cells.append(f"{_short(row['mean'])}\n{_short(row['p10'])}-{_short(row['p90'])}")
            else:
                cells.append(
                    f"{100 * row['mean']:.0f}\n{100 * row['p10']:.0f}-{100 * row['p90']:.0f}"
                )
        table.add_row(policy, *cells)
    console.print(table)
    for line in _summary_lines(report, currency):
        console.print(line, markup=False)


def _summary_lines(report: Any, currency: str) -> list[str]:
    beats = report.inclusive_beats_narrow
    lines = [
        f"inclusive beats narrow on the lowest group's trust in {beats['trust_min']:.0%} of "
        f"paired seeds, on resilience in {beats['resilience']:.0%}",
        f"narrow ends with {_money(report.reserve_gap, currency)} more than inclusive on average",
        "events fired (share of games): "
        + ", ".join(f"{e} {rate:.0%}" for e, rate in report.event_rates.items()),
    ]
    if report.dominant_options:
        for d in report.dominant_options:
            lines.append(
                f"dominant: '{d.decision}.{d.better}' beats '{d.worse}' in all "
                f"{d.pairs} paired seeds"
            )
    else:
        lines.append(
            f"no option dominates its alternatives ({report.dominance_runs} paired "
            "seeds per forced option)"
        )
    if report.warnings:
        lines.append("WARNINGS:")
        lines += [f"  - {w}" for w in report.warnings]
    else:
        lines.append("all criteria hold")
    return lines


def _print_plain(report: Any, currency: str) -> None:  # pragma: no cover - fallback
    print(f"Balance of '{report.scenario}': {report.runs} runs per policy, seed {report.seed}")
    for policy, scores in report.policies.items():
        parts = [f"{n}={row['mean']:.3f}" for n, row in scores.items()]
        print(f"  {policy:10s} " + " ".join(parts))
    for line in _summary_lines(report, currency):
        print(line)
