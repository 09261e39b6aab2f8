"""`simcity-council batch SCENARIO --policy P --runs N [--seed S] [--json]`: simulate many games.

Game *i* plays with ``derive_seeds(S, N)[i]``, so any game of a batch can be replayed alone with
``simcity-council play SCENARIO --seed <that seed> --auto P``. A progress bar is shown on a
terminal for long runs (the batch runs in chunks), never when the output is piped.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import UsageError
from ..safeout import dumps

HELP = "simulate many games of a scenario with an automatic policy and summarise the scores"

_CHUNK = 20_000
MAX_RUNS = 10_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO", help="a scenario file or a built-in id")
    parser.add_argument(
        "--policy",
        required=True,
        metavar="POLICY",
        help="random, inclusive, narrow, greedy, or script:FILE",
    )
    parser.add_argument("--runs", type=int, required=True, metavar="N", help="number of games")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="batch seed (default 0)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def summarise(values: Any) -> dict[str, float]:
    """mean, p10, p50, p90 of one score over the games."""
    import numpy as np

    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return {"mean": float(np.mean(values)), "p10": float(p10), "p50": float(p50), "p90": float(p90)}


def run(args: argparse.Namespace) -> int:
    if args.runs < 1:
        raise UsageError("--runs must be at least 1")
    if args.runs > MAX_RUNS:
        raise UsageError(f"--runs is limited to {MAX_RUNS:,} games")
    from ..engine.batch import run_batch
    from ..engine.scores import SCORE_NAMES
    from ..scenario import load_scenario
    from ..script_file import make_checked_policy

    policy = make_checked_policy(args.policy)
    loaded = load_scenario(args.scenario)
    show_bar = sys.stderr.isatty() and not args.json and args.runs > _CHUNK
    if show_bar:
        result = _with_progress(loaded, policy, args)
    else:
        result = run_batch(loaded, policy, args.runs, seed=args.seed, chunk=_CHUNK, keep=_keep())
    scores = {name: summarise(getattr(result.scores, name)) for name in SCORE_NAMES}
    out = {
        "scenario": loaded.model.meta.id,
        "scenario_sha256": loaded.sha256,
        "policy": result.policy,
        "runs": result.runs,
        "seed": result.seed,
        "turns": result.turns,
        "game_turns": result.game_turns,
        "seconds": round(result.seconds, 6),
        "game_turns_per_s": round(result.game_turns_per_s, 1),
        "scores": scores,
        "end_reasons": _end_reasons(result.scores.end_reason),
        "objectives": _objectives(loaded.model, result.scores),
        "digest": result.digest,
    }
    notes = _script_notes(policy)
    if notes:
        out["script_notes"] = notes
    if args.json:
        print(dumps(out))
    else:
        _print_human(out, loaded.model.city.currency)
        for note in notes[:20]:
            print(f"note: {note}", file=sys.stderr)
        if len(notes) > 20:
            print(f"note: ... and {len(notes) - 20} more like these", file=sys.stderr)
    return 0


def _script_notes(policy: Any) -> list[str]:
    """What a script:FILE policy did not answer and did instead (docs/authoring.md, Scripts)."""
    from ..engine.script import Script

    return list(policy.notes) if isinstance(policy, Script) else []


def _end_reasons(codes: Any) -> dict[str, int]:
    from ..engine.state import END_REASONS

    return {name: int((codes == code).sum()) for code, name in END_REASONS.items()}


def _objectives(model: Any, scores: Any) -> dict[str, dict[str, Any]]:
    """Each objective: in how many games it applied, in how many of those it was met, and that
    rate (None when it applied in none), as the student's debrief counts."""
    out = {}
    for i, o in enumerate(model.objectives):
        applies = scores.applies[:, i]
        counted = int(applies.sum())
        met = int((scores.objectives[:, i] & applies).sum())
        out[o.id] = {
            "label": o.label,
            "applies": counted,
            "met": met,
            "rate": met / counted if counted else None,
        }
    return out


def _keep() -> tuple[str, ...]:
    """What the summary needs of each game: the scores, how it ended and its objectives (about
    37 bytes a game and 2 an objective); imported here, not at start-up, so the command line
    starts without numpy."""
    from ..engine.scores import SCORE_NAMES

    return (*SCORE_NAMES, "end_reason", "objectives", "applies")


def _with_progress(loaded: Any, policy: Any, args: argparse.Namespace) -> Any:
    from rich.progress import Progress

    from ..engine.batch import run_batch

    with Progress(transient=True) as bar:
        task = bar.add_task("simulating", total=args.runs)
        return run_batch(
            loaded,
            policy,
            args.runs,
            seed=args.seed,
            chunk=_CHUNK,
            progress=lambda done, total: bar.update(task, completed=done),
            keep=_keep(),
        )


def _print_human(out: dict[str, Any], currency: str) -> None:
    print(
        f"{out['scenario']}: {out['runs']:,} games with policy '{out['policy']}', "
        f"seed {out['seed']}, {out['turns']} turns"
    )
    print(
        f"  {out['game_turns']:,} game-turns in {out['seconds']:.3f} s "
        f"({out['game_turns_per_s']:,.0f} game-turns/s)"
    )
    width = max(len("score"), *(len(name) for name in out["scores"]))
    print(f"  {'score':<{width}} {'mean':>12} {'p10':>12} {'p50':>12} {'p90':>12}")
    for name, s in out["scores"].items():
        if name == "reserve":
            cells = [f"{s[k] / 1e6:,.2f}M" for k in ("mean", "p10", "p50", "p90")]
        else:
            cells = [f"{100 * s[k]:.1f}" for k in ("mean", "p10", "p50", "p90")]
        print(f"  {name:<{width}} " + " ".join(f"{x:>12}" for x in cells))
    ends = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in out["end_reasons"].items() if v)
    print(f"  endings: {ends}")
    if out["objectives"]:
        print("  objectives met, of the games where each applies:")
        for o in out["objectives"].values():
            rate = f"{o['rate']:.0%}" if o["rate"] is not None else "-"
            where = "" if o["applies"] == out["runs"] else f" (applies in {o['applies']:,})"
            print(f"    {rate:>4}  {o['label']}{where}")
    print(f"  people scores are 0-100; reserve in {currency}; digest {out['digest']}")
