"""`simcity-council balance SCENARIO [--runs N] [--seed S] [--workers N] [--json]`: does the
scenario teach?

Plays every policy on the same seeds and reports each criterion of the teaching contract
(DESIGN.md §3.6; see :mod:`simcity_council.engine.balance`) with its value, threshold and, when it
fails, why; per policy the scores, how games end, which group ends lowest and how often each
objective is met; the best fixed recipe the built-in search found; dead content and dominant
options. Exit code 0 when every criterion holds, 1 when any fails (so CI can gate scenarios).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import UsageError
from ..safeout import dumps

MAX_RUNS = 100_000  # about 250 MB and 5 s per 100,000 games per policy on a built-in scenario

MAX_READING_GAMES = 200  # about 0.3 s each

HELP = "check that a scenario teaches: every criterion of the teaching contract, with why"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO", help="a scenario file or a built-in id")
    parser.add_argument("--runs", type=int, default=2000, help="games per policy (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="batch seed (default 0)")
    parser.add_argument(
        "--dominance-runs",
        type=int,
        default=None,
        metavar="N",
        help="games per forced-option batch (real losers, dominance; default min(runs, 300))",
    )
    parser.add_argument(
        "--search",
        type=int,
        default=600,
        metavar="N",
        help="recipes the fixed-recipe search may try (default 600)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="processes that play the batches (default 1; the report is the same for any N)",
    )
    parser.add_argument(
        "--reading-games",
        type=int,
        default=10,
        metavar="N",
        help="random games played through the terminal to count the words a student reads "
        "(default 10; 0 skips it)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    if args.runs < 2:
        raise UsageError("--runs must be at least 2")
    if args.runs > MAX_RUNS:
        raise UsageError(
            f"--runs is limited to {MAX_RUNS:,} games per policy (about 2.5 KB each; the "
            "criteria need 2,000)"
        )
    if args.search < 1:
        raise UsageError("--search must be at least 1")
    if not 1 <= args.workers <= 64:
        raise UsageError("--workers must be between 1 and 64")
    if args.dominance_runs is not None and not 0 <= args.dominance_runs <= MAX_RUNS:
        raise UsageError(f"--dominance-runs must be 0 to {MAX_RUNS:,}")
    if not 0 <= args.reading_games <= MAX_READING_GAMES:
        raise UsageError(f"--reading-games must be 0 to {MAX_READING_GAMES}")
    from ..engine.balance import balance_report
    from ..engine.batch import compiled_of
    from ..scenario import load_scenario

    loaded = load_scenario(args.scenario)
    report = balance_report(
        compiled_of(loaded),
        runs=args.runs,
        seed=args.seed,
        dominance_runs=args.dominance_runs,
        search_budget=args.search,
        workers=args.workers,
    )
    if args.reading_games and report.reading:
        report.reading.update(_terminal_reading(args.scenario, args.seed, args.reading_games))
    if args.json:
        print(dumps(report.as_dict(), indent=None, sort_keys=False))
    else:
        _print_human(report, loaded.model.city.currency)
    return 0 if report.ok else 1


def _terminal_reading(source: str, seed: int, games: int) -> dict[str, float]:
    """Words a student reads in ``games`` random games played through the terminal front end
    (the scenario's words and the front end's own; :mod:`simcity_council.ui_terminal.reading`),
    on class seeds ``seed``, ``seed + 1``, ..."""
    import numpy as np

    from ..ui_terminal.reading import terminal_words

    read = np.array(terminal_words(source, range(seed, seed + games)), float)
    return {
        "terminal_mean": float(read.mean()),
        "terminal_p90": float(np.quantile(read, 0.9)),
        "terminal_games": games,
    }


def _reading_line(r: dict[str, float]) -> str:
    """The reading figures in a sentence."""
    text = (
        f"reading: {r['mean']:,.0f} words of the scenario per game under random play (90% of "
        f"games at most {r['p90']:,.0f})"
    )
    if "terminal_mean" in r:
        over = " - over the aim" if r["terminal_mean"] > r["limit"] else ""
        text += (
            f"; in the terminal, with its own words, {r['terminal_mean']:,.0f} (90% at most "
            f"{r['terminal_p90']:,.0f}; {r['terminal_games']:.0f} games); aim: at most "
            f"{r['limit']:,}{over}"
        )
    else:
        text += f"; a game should ask at most {r['limit']:,} with the front end's own words"
    return text


def _short(x: float) -> str:
    """Money in a table cell: 34.0M, 850K, 120."""
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.1f}M"
    return f"{x / 1e3:,.0f}K" if abs(x) >= 1e3 else f"{x:,.0f}"


_COLUMNS = ("trust_mean", "trust_min", "wellbeing_min", "resilience", "reserve")
_HEADERS = {
    "trust_mean": "mean\ntrust",
    "trust_min": "lowest\ntrust",
    "wellbeing_min": "lowest\nwellbeing",
    "resilience": "resilience",
    "reserve": "reserve",
}


def _print_human(report: Any, currency: str) -> None:
    """A readable report (rich when it is installed, plain text otherwise)."""
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
    table = Table(
        show_lines=True,
        caption=f"each cell: the mean, then p10-p90 over the games (0-100; reserve in {currency})",
    )
    table.add_column("policy", no_wrap=True, min_width=9)
    for name in _COLUMNS:
        table.add_column(_HEADERS[name], justify="right", no_wrap=True)
    table.add_column("ends\nearly", justify="right", no_wrap=True)
    for policy, info in report.policies.items():
        cells = []
        for name in _COLUMNS:
            row = info["scores"][name]
            if name == "reserve":
                cells.append(f"{_short(row['mean'])}\n{_short(row['p10'])}-{_short(row['p90'])}")
            else:
                cells.append(
                    f"{100 * row['mean']:.0f}\n{100 * row['p10']:.0f}-{100 * row['p90']:.0f}"
                )
        ends = info["end_reasons"]
        early = ends.get("receivership", 0.0) + ends.get("recall", 0.0)
        cells.append(f"{early:.0%}")
        table.add_row(policy, *cells)
    console.print(table)
    lowest = []
    for policy, info in report.policies.items():
        group, share = next(iter(info["lowest_group"].items()), ("-", 0.0))
        lowest.append(f"{policy} {group} ({share:.0%})")
    console.print("lowest group most often: " + "; ".join(lowest))
    crit = Table(show_lines=False)
    crit.add_column("criterion")
    crit.add_column("value", justify="right")
    crit.add_column("wants", justify="right")
    crit.add_column("")
    for name, c in report.criteria.items():
        crit.add_row(
            name, _value(c.value, c.threshold), _threshold(name, c.threshold), _mark(c.holds)
        )
    console.print(crit)
    for line in _summary_lines(report, currency):
        console.print(line, markup=False)


def _value(x: float, threshold: Any = None) -> str:
    """A criterion's value: two decimals, more where two would read as its threshold (0.0467
    against 'from 0.05' is '0.047', not '0.05' beside FAILS)."""
    if not isinstance(x, float) or x.is_integer():
        return f"{x:g}"
    bounds = threshold if isinstance(threshold, tuple | list) else [threshold]
    bounds = [b for b in bounds if isinstance(b, int | float)]
    for digits in (2, 3, 4):
        text = f"{x:.{digits}f}"
        if all(text != f"{b:.{digits}f}" for b in bounds):
            return text
    return f"{x:.4f}"


def _threshold(name: str, t: Any) -> str:
    from ..engine.balance import _AT_MOST

    if isinstance(t, tuple | list):
        return f"{t[0]:g} to {t[1]:g}"
    return f"<= {t:g}" if name in _AT_MOST else f">= {t:g}"


def _mark(holds: bool) -> str:
    return "holds" if holds else "FAILS"


def _recipe_lines(recipe: dict[str, Any], criterion: Any) -> list[str]:
    """The recipe itself when no_recipe fails (the author must see what wins without reading
    the game): its option for each decision, then its actions turn by turn."""
    if criterion is None or criterion.holds:
        return []
    choices = ", ".join(f"{d}: {o}" for d, o in recipe["decisions"].items())
    acts = "; ".join(
        f"{turn} {', '.join(names)}" for turn, names in enumerate(recipe["actions"], 1) if names
    )
    return [f"  its options: {choices}", f"  its actions by turn: {acts or 'none'}"]


def _rate(rate: float | None) -> str:
    """A pass rate, or '-' for an objective that applied in no game."""
    return "-" if rate is None else f"{rate:.0%}"


def _summary_lines(report: Any, currency: str) -> list[str]:
    recipe = report.recipe
    lines = [
        f"best fixed recipe found ({recipe['evaluations']} tried on {recipe['train_games']} "
        f"games): meets every objective in {recipe['success']:.0%} of "
        f"{recipe['test_games']} fresh games",
        *_recipe_lines(recipe, report.criteria.get("no_recipe")),
        "objectives met, of the games where each applies (all policies): "
        + ", ".join(f"{o} {_rate(rate)}" for o, rate in report.objective_rates.items()),
        *(
            f"  {name}: "
            + ", ".join(f"{o} {_rate(rate)}" for o, rate in summary["objectives"].items())
            for name, summary in report.policies.items()
            if summary["objectives"]
        ),
        "events fired (share of games): "
        + ", ".join(f"{e} {rate:.0%}" for e, rate in report.event_rates.items()),
    ]
    if report.reading:
        lines.append(_reading_line(report.reading))
    if report.warnings:
        lines.append("WHY CRITERIA FAIL:")
        lines += [f"  - {w}" for w in report.warnings]
    else:
        lines.append("all criteria hold")
    if report.notes:
        lines.append("ALSO:")
        lines += [f"  - {n}" for n in report.notes]
    return lines


def _print_plain(report: Any, currency: str) -> None:  # pragma: no cover - fallback
    print(f"Balance of '{report.scenario}': {report.runs} runs per policy, seed {report.seed}")
    for policy, info in report.policies.items():
        parts = [f"{n}={row['mean']:.3f}" for n, row in info["scores"].items()]
        print(f"  {policy:10s} " + " ".join(parts))
    for name, c in report.criteria.items():
        print(f"  {name}: {c.value:g} ({_threshold(name, c.threshold)}) {_mark(c.holds)}")
    for line in _summary_lines(report, currency):
        print(line)
