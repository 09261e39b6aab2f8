"""`simcity-council bench [--json]`: how fast is the engine (DESIGN.md §7)?

Measures, on a built-in-sized synthetic scenario (8 groups, 6 domains, 10 decisions of 3 options,
10 turns, generated in code; or ``--scenario SCENARIO``):

* batch simulation in game-turns per second at 1, 1,000 and 100,000 games (policy included);
* one interactive turn (``Game.submit``, engine only): median and p95 in ms;
* each measurement is the fastest of ``--repeat`` runs (default 3): the interactive turns each
  played that many times on copies of the game, each batch run that many times. As with
  ``timeit``, the fastest run is the engine's own cost; slower ones measure what else the
  machine was doing (on a shared 2-core machine that moves single runs by 15 % or more). The
  report keeps the median of each turn's first play as well (``first_median_ms``);
* in the same run, the time to stream the 100,000 games' state arrays once (a copy: every byte
  read and written), as a memory-bandwidth floor. The batch turn is reported as a multiple of
  it, a figure that holds on a noisy or shared machine where absolute times do not.

Targets: >= 2,000,000 game-turns/s at 100,000 games on one core; one interactive turn <= 1 ms.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import TYPE_CHECKING, Any

from ..safeout import dumps

if TYPE_CHECKING:
    from ..engine.synthetic import LoadedSynthetic
    from ..scenario import LoadedScenario

HELP = "measure the engine's speed: batch game-turns/s, one interactive turn, memory floor"

TARGET_GAME_TURNS_PER_S = 2_000_000
TARGET_TURN_MS = 1.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--sizes",
        default="1,1000,100000",
        metavar="N,N,...",
        help="batch sizes in games (default 1,1000,100000)",
    )
    parser.add_argument(
        "--policy", default="inclusive", help="policy that plays the batches (default inclusive)"
    )
    parser.add_argument(
        "--scenario",
        default=None,
        metavar="SCENARIO",
        help="a built-in id or path to measure instead of the synthetic scenario",
    )
    parser.add_argument(
        "--chunk",
        type=int,
        default=None,
        metavar="N",
        help="games stepped together in a batch (default: run_batch's, cache-sized)",
    )
    parser.add_argument(
        "--turns",
        type=int,
        default=100,
        metavar="N",
        help="interactive turns to time (default 100)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="N",
        help="runs of each measurement, the fastest kept (default 3)",
    )


def _sizes(text: str) -> list[int]:
    from ..errors import UsageError

    try:
        sizes = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise UsageError(f"--sizes takes whole numbers separated by commas, not '{text}'") from None
    if not sizes or min(sizes) < 1 or max(sizes) > 1_000_000:
        raise UsageError("--sizes must be between 1 and 1,000,000 games")
    return sizes


def measure_stream(loaded: Any, games: int, repeat: int = 5) -> float:
    """Seconds to copy every state array of ``games`` games once (best of ``repeat``)."""
    from ..engine.batch import Batch
    from ..engine.rng import derive_seeds

    state = Batch.start(loaded, derive_seeds(0, games)).state
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        state.copy()
        best = min(best, time.perf_counter() - t0)
    return best


def measure_batch(
    loaded: Any, games: int, policy: str, chunk: int | None = None, repeat: int = 3
) -> dict[str, float]:
    """One batch of ``games`` games: the fastest of ``repeat`` runs."""
    from ..engine.batch import run_batch

    repeats = max(1, repeat)
    best = None
    for _ in range(repeats):
        if chunk is None:
            result = run_batch(loaded, policy, games, seed=1)
        else:
            result = run_batch(loaded, policy, games, seed=1, chunk=chunk)
        if best is None or result.seconds < best.seconds:
            best = result
    assert best is not None  # repeats >= 1
    turns = best.game_turns / games
    return {
        "games": games,
        "game_turns": best.game_turns,
        "seconds": best.seconds,
        "game_turns_per_s": best.game_turns_per_s,
        "turn_ms": 1000 * best.seconds / turns,
    }


def measure_interactive(
    loaded: Any, turns: int, policy: str = "random", repeat: int = 3
) -> dict[str, float]:
    """Median and p95 of ``Game.submit`` over ``turns`` turns of games played by ``policy``,
    each turn's fastest of ``repeat`` plays (the later ones on copies of the game as the turn
    began), and the median of the first plays (the choices are made before the clock starts)."""
    import numpy as np

    from ..engine import Game

    fastest: list[float] = []
    first: list[float] = []
    seed = 0
    while len(fastest) < turns:
        game = Game.start(loaded, seed=seed)
        seed += 1
        while not game.done and len(fastest) < turns:
            choices = game.suggest(policy)
            copies = [game.copy() for _ in range(max(1, repeat) - 1)]
            times = []
            for g in (game, *copies):
                t0 = time.perf_counter()
                g.submit(choices)
                times.append(time.perf_counter() - t0)
            first.append(times[0])
            fastest.append(min(times))
    ms = 1000 * np.array(fastest)
    return {
        "turns": len(fastest),
        "repeat": max(1, repeat),
        "median_ms": float(np.median(ms)),
        "p95_ms": float(np.percentile(ms, 95)),
        "first_median_ms": float(np.median(1000 * np.array(first))),
    }


def bench(
    sizes: list[int],
    policy: str,
    turns: int,
    scenario: str | None = None,
    chunk: int | None = None,
    repeat: int = 3,
) -> dict[str, Any]:
    """All the measurements, as one JSON-ready dict."""
    from ..engine.synthetic import synthetic_loaded
    from ..script_file import make_checked_policy

    make_checked_policy(policy)  # a bad name fails before anything is timed
    loaded: LoadedSynthetic | LoadedScenario
    if scenario is None:
        loaded = synthetic_loaded(0)
        name = "synthetic: 8 groups, 6 domains, 10 decisions x 3 options, 10 turns"
    else:
        from ..scenario import load_scenario

        loaded = load_scenario(scenario)
        name = loaded.model.meta.id
    batches = [measure_batch(loaded, n, policy, chunk, repeat) for n in sizes]
    stream = {n: measure_stream(loaded, n) for n in sizes}
    for n, b in zip(sizes, batches, strict=True):  # b["games"] == n
        b["stream_ms"] = 1000 * stream[n]
        b["turn_per_stream"] = b["turn_ms"] / b["stream_ms"] if b["stream_ms"] > 0 else 0.0
    largest = max(batches, key=lambda b: b["games"])
    interactive = measure_interactive(loaded, turns, repeat=repeat)
    return {
        "scenario": name,
        "policy": policy,
        "batch": batches,
        "interactive": interactive,
        "targets": {
            "game_turns_per_s": TARGET_GAME_TURNS_PER_S,
            "turn_ms": TARGET_TURN_MS,
            "batch_met": largest["game_turns_per_s"] >= TARGET_GAME_TURNS_PER_S,
            "interactive_met": interactive["median_ms"] <= TARGET_TURN_MS,
        },
        "machine": {"cpus": os.cpu_count(), "load_1min": os.getloadavg()[0]},
    }


def run(args: argparse.Namespace) -> int:
    chunk = getattr(args, "chunk", None)
    if chunk is not None and chunk < 1:
        from ..errors import UsageError

        raise UsageError("--chunk must be at least 1 game")
    repeat = getattr(args, "repeat", 3)
    if repeat < 1:
        from ..errors import UsageError

        raise UsageError("--repeat must be at least 1")
    report = bench(
        _sizes(args.sizes), args.policy, max(1, args.turns), args.scenario, chunk, repeat
    )
    if args.json:
        print(dumps(report))
        return 0
    print(f"bench on {report['scenario']} (policy '{report['policy']}')")
    print(f"  machine: {report['machine']['cpus']} CPUs, load {report['machine']['load_1min']:.2f}")
    for b in report["batch"]:
        print(
            f"  {b['games']:>9,} games: {b['game_turns_per_s']:>12,.0f} game-turns/s; "
            f"{b['turn_ms']:.2f} ms per batch turn = {b['turn_per_stream']:.1f} x streaming "
            f"the state once ({b['stream_ms']:.3f} ms)"
        )
    i = report["interactive"]
    print(
        f"  interactive turn: median {i['median_ms']:.3f} ms, p95 {i['p95_ms']:.3f} ms "
        f"({i['turns']} turns, each the fastest of {i['repeat']} plays; first plays: median "
        f"{i['first_median_ms']:.3f} ms)"
    )
    t = report["targets"]
    print(
        f"  targets: >= {t['game_turns_per_s']:,} game-turns/s "
        f"({'met' if t['batch_met'] else 'not met'}); one turn <= {t['turn_ms']} ms "
        f"({'met' if t['interactive_met'] else 'not met'})"
    )
    return 0
